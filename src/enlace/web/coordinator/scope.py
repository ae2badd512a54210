"""What the coordinator network pages share: the person's region scope, the regions they
may pick, today's date and the agreement page's address."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import abort, url_for

from enlace.accounts.policy import NATIONAL, may_see_region, region_scope
from enlace.catalogue.lookup import reference_data
from enlace.db import get_session
from enlace.web.access import signed_in_user


def today() -> date:
    """Today (tests fix the day by replacing this)."""
    return date.today()


def agreement_href(slug: str) -> str:
    """The coordinator's page of one agreement (one place, so the network tables, the
    drawing's details panel and the coverage cells link the same way)."""
    return url_for("coordinator.agreement", slug=slug)


@dataclass(frozen=True)
class Scope:
    """The signed-in coordinator's reach: ``region`` is None for the whole country."""

    region: str | None
    regions: tuple[tuple[str, str], ...]  # (code, name) they may pick, north to south
    names: dict[str, str]  # every region's name by code

    @property
    def national(self) -> bool:
        return self.region is None

    def check(self, region: str | None) -> None:
        """403 unless the person may see ``region`` (None: the whole country)."""
        if region is None and not self.national:
            abort(403)
        if region is not None and not may_see_region(signed_in_user(), region):
            abort(403)


def current_scope() -> Scope:
    user = signed_in_user()
    scope = region_scope(user)
    region = None if scope in (None, NATIONAL) else scope
    regions = reference_data(get_session()).regions
    names = {r.code: r.name for r in regions}
    picks = tuple((r.code, r.name) for r in regions if region is None or r.code == region)
    return Scope(region, picks, names)

"""Network membership in the authoring format: ``{"memberships": [...]}`` files under
``directory_data/agreements/``, each naming a network and a member agency by slug."""

from __future__ import annotations

from datetime import date
from typing import Any

from enlace.catalogue.reference import stable_id
from enlace.catalogue.vocab import Origin
from enlace.exchange.authoring.build import AuthoringBuilder
from enlace.exchange.records import MembershipRecord


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def add_membership(builder: AuthoringBuilder, file: str, index: int, raw: dict[str, Any]) -> None:
    """A centre belonging to a network, cross-checked; problems go to the builder."""
    network, member = raw["network"], raw["member"]
    row = f"memberships[{index}] ({network} > {member})"
    for key, slug in (("network", network), ("member", member)):
        if slug not in builder.agency_ids:
            builder.problem(file, row, key, f"unknown agency {slug!r}")
    if network == member:
        builder.problem(file, row, "member", "an agency cannot be a member of itself")
    since, until = _date(raw.get("since")), _date(raw.get("until"))
    if since and until and until < since:
        builder.problem(file, row, "until", "the membership ends before it starts")
    if network not in builder.agency_ids or member not in builder.agency_ids:
        return
    builder.result.memberships.append(
        MembershipRecord(
            id=stable_id("membership", f"{network}:{member}"),
            network_id=builder.agency_ids[network],
            member_id=builder.agency_ids[member],
            role=raw.get("role", "member"),
            since=since,
            until=until,
            origin=Origin.DEMO,
        )
    )

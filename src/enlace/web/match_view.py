"""A match as pages show it: results grouped by need domain, each with why in plain words,
its score terms, the conditions met and those to check; the offers set aside with why.

Shared by the staff results and the public self-check (two audiences), so it sits beside
``labels``. It parses the plain profile with the engine's parser, calls the matching
service and words its reason codes (:mod:`enlace.web.match_text`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import get_locale
from flask_wtf import FlaskForm
from sqlmodel import Session
from wtforms import BooleanField
from wtforms.fields.choices import SelectChoice

from enlace.i18n import _, _l, localized
from enlace.matching import service
from enlace.matching.profile import Places as ProfilePlaces
from enlace.matching.profile import ProfileError, parse_profile
from enlace.matching.ranking import Filters
from enlace.web import labels, match_labels
from enlace.web.common import choice_field, options
from enlace.web.match_text import reason_text
from enlace.web.needs import DOMAINS, Places

#: Unmet levels in the order results are grouped (highest need first).
LEVEL_ORDER = ("high", "medium", "low")


class ResultsFilterForm(FlaskForm):  # type: ignore[misc]
    """The results' filters, sent with the profile (POST, nothing in the address)."""

    domain = choice_field(_l("Need"), default="")
    within = choice_field(
        _l("Distance"),
        options([("", match_labels.DISTANCES["national"])] + [
            (code, match_labels.DISTANCES[code]) for code in ("regional", "communal")
        ]),
        "",
    )
    priority_only = BooleanField(_l("Only with priority for my centre"))
    free_only = BooleanField(_l("Only free offers"))

    def set_domains(self) -> None:
        self.domain.choices = options(
            [("", _l("All needs")), *((d, labels.NEED_DOMAINS[d]) for d in DOMAINS)]
        )

    def selected(self) -> Filters:
        return Filters(
            domains=(self.domain.data,) if self.domain.data else (),
            priority_only=bool(self.priority_only.data),
            free_only=bool(self.free_only.data),
            within=self.within.data or None,
        )


@dataclass(frozen=True)
class MatchRequest:
    profile: Mapping[str, Any]
    centre_id: str | None
    on: date
    filters: Filters | None = None
    limit: int = 20


@dataclass(frozen=True)
class TermView:
    code: str
    label: str
    weight: float
    value: float
    contribution: float


@dataclass
class ResultView:
    slug: str
    name: str
    agency: str
    score: float
    status: str
    because: list[str]
    terms: list[TermView]
    passed: list[str]
    to_check: list[str]
    priority: str | None
    domain: str | None


@dataclass
class DomainGroup:
    domain: str
    label: str
    level_label: str
    results: list[ResultView] = field(default_factory=list)


@dataclass(frozen=True)
class NotEligibleView:
    slug: str
    name: str
    reasons: list[str]


@dataclass
class MatchView:
    groups: list[DomainGroup]
    not_eligible: list[NotEligibleView]
    not_eligible_total: int
    weights_version: str
    catalogue_revision: str
    count: int


@dataclass
class MatchOutcome:
    view: MatchView | None = None
    #: Form field -> message, when the engine refuses a value (``attributes.age`` -> age).
    errors: dict[str, str] = field(default_factory=dict)


def _names(places: Places) -> dict[str, str]:
    return {c.code: c.name for c in places.communes.values()} | {
        r.code: r.name for r in places.regions
    }


def _text(record: Any, name: str) -> str:
    found = localized(record, name, str(get_locale() or "es"))
    return found.text if found is not None else ""


def _because(result: Any, levels: Mapping[str, str]) -> tuple[list[str], str | None]:
    """The needs an offer serves ("high housing need") and the domain it is grouped under
    (its most pressing one)."""
    served = [d for d in DOMAINS if d in set(result.domains) and levels.get(d) in LEVEL_ORDER]
    served.sort(key=lambda d: LEVEL_ORDER.index(levels[d]))
    words = [
        _(
            "%(level)s: %(domain)s",
            level=match_labels.NEED_LEVELS[levels[d]],
            domain=labels.NEED_DOMAINS[d],
        )
        for d in served
    ]
    return words, (served[0] if served else None)


def _priority(access: Any) -> str | None:
    if access is None:
        return None
    names = ", ".join(_text(a, "title") or str(a) for a in access.agreements)
    return _("Your centre has priority through the agreement: %(agreements)s", agreements=names)


def _result(result: Any, levels: Mapping[str, str], names: Mapping[str, str]) -> ResultView:
    because, domain = _because(result, levels)
    priority = _priority(result.preferential_access)
    if priority:
        because.append(_("your centre has priority"))
    if not because:
        because.append(_("it is open to people in this situation"))
    checks = list(result.checks)
    return ResultView(
        slug=result.offer.slug,
        name=_text(result.offer, "name"),
        agency=_text(result.offer.agency, "name") if result.offer.agency else "",
        score=result.score,
        status=result.status,
        because=because,
        terms=[
            TermView(
                t.term,
                labels.label(match_labels.SCORE_TERMS, t.term),
                t.weight,
                t.value,
                t.contribution,
            )
            for t in result.terms
        ],
        passed=[reason_text(c.reason.code, c.reason.values, names) for c in checks if c.outcome == "pass"],
        to_check=[
            reason_text(c.reason.code, c.reason.values, names) for c in checks if c.outcome == "unknown"
        ],
        priority=priority,
        domain=domain,
    )


def build_view(found: Any, levels: Mapping[str, str], places: Places) -> MatchView:
    """Group ranked results under the most pressing unmet need each serves, highest
    need first; results keep their rank inside a group."""
    names = _names(places)
    groups: dict[str, DomainGroup] = {}
    results = [_result(r, levels, names) for r in found.results]
    for view in results:
        key = view.domain or "other"
        if key not in groups:
            groups[key] = DomainGroup(
                key,
                labels.label(labels.NEED_DOMAINS, view.domain) if view.domain else _("Other offers"),
                match_labels.NEED_LEVELS[levels[view.domain]] if view.domain else "",
            )
        groups[key].results.append(view)
    ordered = sorted(
        groups.values(),
        key=lambda g: (
            LEVEL_ORDER.index(levels[g.domain]) if g.domain in levels and levels[g.domain] in LEVEL_ORDER else 9,
            DOMAINS.index(g.domain) if g.domain in DOMAINS else 99,
        ),
    )
    not_eligible = [
        NotEligibleView(
            n.offer.slug,
            _text(n.offer, "name"),
            [reason_text(c.reason.code, c.reason.values, names) for c in n.checks if c.outcome == "fail"],
        )
        for n in found.not_eligible
    ]
    revision = found.catalogue_revision
    return MatchView(
        groups=ordered,
        not_eligible=not_eligible,
        not_eligible_total=found.not_eligible_total,
        weights_version=found.weights_version,
        catalogue_revision=str(revision[1] if isinstance(revision, Sequence) else revision),
        count=len(results),
    )


def run_match(session: Session, asked: MatchRequest, places: Places) -> MatchOutcome:
    """Parse the plain profile, match it, and build the page's view (or name bad fields)."""
    allowed = ProfilePlaces(
        {r.code for r in places.regions}, {c.code: c.region_code for c in places.communes.values()}
    )
    try:
        profile = parse_profile(asked.profile, allowed)
    except ProfileError as refused:
        return MatchOutcome(
            errors={e.field.split(".")[1] if "." in e.field else e.field: e.message for e in refused.errors}
        )
    found = service.match(
        session,
        profile,
        centre_id=asked.centre_id,
        on=asked.on,
        limit=asked.limit,
        filters=asked.filters or Filters(),
    )
    levels = {d: profile.need(d).unmet_level.value for d in DOMAINS}
    return MatchOutcome(view=build_view(found, levels, places))


__all__ = ["MatchOutcome", "MatchRequest", "ResultsFilterForm", "run_match", "SelectChoice"]

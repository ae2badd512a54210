"""A match as pages show it: results grouped by need domain, each with why in plain words,
its score terms, the conditions met and those to check; the offers set aside with why.

Shared by the staff results and the public self-check (two audiences), so it sits beside
``labels``. It parses the plain profile with the engine's parser, calls the matching
service and words its reason codes (:mod:`enlace.web.match_text`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from flask_babel import get_locale
from flask_wtf import FlaskForm
from sqlmodel import Session
from wtforms import BooleanField

from enlace.catalogue.vocab import NeedDomain
from enlace.i18n import _, _l, localized
from enlace.matching.profile import NeedLevel, ProfileError, parse_profile
from enlace.matching.profile import Places as ProfilePlaces
from enlace.matching.ranking import Filters
from enlace.matching.rules import Outcome
from enlace.matching.service import Matches, MatchResult, match
from enlace.network.listing import AgreementSummary, agreements_by_ids
from enlace.web import labels, match_labels, match_text
from enlace.web.common import choice_field, options
from enlace.web.match_text import aim_text, reason_text
from enlace.web.needs import DOMAINS, Places

#: Unmet levels in the order results are grouped (highest need first).
LEVEL_ORDER = ("high", "medium", "low")


class ResultsFilterForm(FlaskForm):  # type: ignore[misc]
    """The results' filters, sent with the profile (POST, nothing in the address)."""

    domain = choice_field(_l("Need"), default="")
    within = choice_field(
        _l("Distance"),
        options(
            [("", match_labels.DISTANCES["national"])]
            + [(code, match_labels.DISTANCES[code]) for code in ("regional", "communal")]
        ),
        "",
    )
    priority_only = BooleanField(_l("Only with priority for my centre"))
    free_only = BooleanField(_l("Only free offers"))

    def set_domains(self) -> None:
        self.domain.choices = options(
            [("", _l("All needs")), *((d, labels.NEED_DOMAINS[NeedDomain(d)]) for d in DOMAINS)]
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


def _because(result: MatchResult) -> tuple[list[str], str | None]:
    """The needs an offer serves ("high need: Housing") and the domain it is grouped
    under (its most pressing one)."""
    served = sorted(
        result.needs_served,
        key=lambda n: (
            LEVEL_ORDER.index(n.level.value),
            n.role != "primary",
            DOMAINS.index(n.domain),
        ),
    )
    words = [
        _(
            "%(level)s: %(domain)s",
            level=match_text.NEED_LEVELS[n.level],
            domain=labels.NEED_DOMAINS[NeedDomain(n.domain)],
        )
        for n in served
    ]
    return words, (served[0].domain if served else None)


def _priority(result: MatchResult, agreements: Mapping[str, AgreementSummary]) -> str | None:
    if result.access is None:
        return None
    titles = [_text(agreements[a], "title") for a in result.access.agreements if a in agreements]
    return _(
        "Your centre has priority through the agreement: %(agreements)s",
        agreements=", ".join(dict.fromkeys(titles)) or _("an agreement in force"),
    )


def _result(
    result: MatchResult, names: Mapping[str, str], agreements: Mapping[str, AgreementSummary]
) -> ResultView:
    because, domain = _because(result)
    if result.aimed_at:
        because.append(
            _(
                "made for people in this situation: %(situation)s",
                situation=", ".join(aim_text(c.reason, names) for c in result.aimed_at),
            )
        )
    priority = _priority(result, agreements)
    if priority:
        because.append(_("your centre has priority"))
    if not because:
        because.append(_("it is open to people in this situation"))
    return ResultView(
        slug=result.offer.slug,
        name=_text(result.offer, "name"),
        agency=_text(result.offer, "agency_name"),
        score=result.score,
        status=result.status,
        because=because,
        terms=[
            TermView(
                t.term,
                labels.label(match_text.TERMS, t.term),
                t.weight,
                t.value,
                t.contribution,
            )
            for t in result.terms
        ],
        passed=[reason_text(c.reason, names) for c in result.checks if c.outcome == Outcome.PASS],
        to_check=[reason_text(c.reason, names) for c in result.to_check],
        priority=priority,
        domain=domain,
    )


def _group_key(group: DomainGroup, levels: Mapping[str, str]) -> tuple[int, int]:
    level = levels.get(group.domain, "")
    return (
        LEVEL_ORDER.index(level) if level in LEVEL_ORDER else len(LEVEL_ORDER),
        DOMAINS.index(group.domain) if group.domain in DOMAINS else len(DOMAINS),
    )


def build_view(
    found: Matches,
    levels: Mapping[str, str],
    places: Places,
    agreements: Mapping[str, AgreementSummary],
) -> MatchView:
    """Group ranked results under the most pressing unmet need each serves, highest
    need first; results keep their rank inside a group."""
    names = _names(places)
    groups: dict[str, DomainGroup] = {}
    results = [_result(r, names, agreements) for r in found.results]
    for view in results:
        key = view.domain or "other"
        if key not in groups:
            groups[key] = DomainGroup(
                key,
                labels.label(labels.NEED_DOMAINS, view.domain)
                if view.domain
                else _("Other offers"),
                str(match_text.NEED_LEVELS[NeedLevel(levels[key])]) if view.domain else "",
            )
        groups[key].results.append(view)
    not_eligible = [
        NotEligibleView(
            n.offer.slug, _text(n.offer, "name"), [reason_text(c.reason, names) for c in n.reasons]
        )
        for n in found.not_eligible
    ]
    return MatchView(
        groups=sorted(groups.values(), key=lambda g: _group_key(g, levels)),
        not_eligible=not_eligible,
        not_eligible_total=found.not_eligible_total,
        weights_version=found.weights_version,
        catalogue_revision=str(found.catalogue_revision),
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
        # The form checks every value first; should the engine still refuse one, say so
        # at its field (``attributes.age`` -> ``age``) in the reader's language.
        return MatchOutcome(
            errors={
                e.field.split(".")[-1]: _("This value was not accepted.") for e in refused.errors
            }
        )
    found = match(
        session,
        profile,
        centre_id=asked.centre_id,
        on=asked.on,
        limit=asked.limit,
        filters=asked.filters or Filters(),
    )
    levels = {d: profile.need(d).unmet_level.value for d in DOMAINS}
    agreement_ids = [a for r in found.results if r.access for a in r.access.agreements]
    agreements = agreements_by_ids(session, agreement_ids, on=asked.on)
    return MatchOutcome(view=build_view(found, levels, places, agreements))

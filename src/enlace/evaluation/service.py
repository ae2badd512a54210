"""The coordinators' dashboard: scoped, aggregated in the database, published suppressed.

Coordinators see their region, national coordinators and admins every region; nobody
here ever sees a participant, only :class:`~enlace.evaluation.publish.Table` s.
A period's tables can be frozen (:func:`freeze`): the snapshot stores them as shown.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from enlace.accounts.models import User
from enlace.accounts.policy import NATIONAL, Permission, allows, region_scope
from enlace.casework.facts import STATUS_REACH, SentReferralFact
from enlace.casework.suppression import THRESHOLD
from enlace.casework.vocab import HousingOutcome, NegativeReason, StudiesOutcome, WorkOutcome
from enlace.catalogue import read as catalogue_read
from enlace.catalogue.models import Agency
from enlace.catalogue.vocab import NeedDomain, OfferKind
from enlace.evaluation import cache, people, queries
from enlace.evaluation.publish import Rate, Table, publish
from enlace.evaluation.queries import Filters
from enlace.evaluation.tables import (
    AGE_BANDS,
    REFERRAL_STAGES,
    closing_the_loop,
    funnel,
    need_change,
)
from enlace.network.models import Agreement
from enlace.network.service import coverage

SPLITS = ("gender", "age", "region")
GENDERS = ("female", "male", "non_binary", "not_stated")
ENDINGS = ("declined", "not_completed", "cancelled")
AGENCY_COLUMNS = ("received", "answered", "accepted", "completed")
AGENCY_RATES = (
    Rate("answered_share", "answered", "received"),
    Rate("accepted_share", "accepted", "received"),
)


class NotAllowedError(Exception):
    """The actor may not read the dashboard (or not that region)."""


def region_of(actor: User | None) -> str | None:
    """The region the actor's dashboard is limited to (None: the whole country)."""
    if not allows(actor, Permission.NETWORK_REPORTS):
        raise NotAllowedError("the dashboard is for coordinators")
    scope = region_scope(actor)
    return None if scope in (None, NATIONAL) else scope


def scoped(actor: User | None, filters: Filters) -> Filters:
    """The filters limited to what the actor may see (a coordinator's region wins)."""
    region = region_of(actor)
    return filters if region is None else replace(filters, region=region)


@dataclass(frozen=True, slots=True)
class Dashboard:
    filters: Filters
    split: str
    tables: dict[str, Table]
    names: dict[str, str]  # region, centre, agency, agreement ids -> names
    idle_agreements: tuple[str, ...]  # agreement ids with no referral in the period
    threshold: int

    def to_json(self) -> dict[str, Any]:
        return {key: table.to_json() for key, table in self.tables.items()}


def months_of(start: date, end: date) -> list[str]:
    months, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _ordered(found: Sequence[str], known: Sequence[str]) -> list[str]:
    """The known codes first, in their order, then anything else found (sorted)."""
    seen = set(found)
    return [k for k in known if k in seen] + sorted(seen - set(known))


def dashboard(
    session: Session,
    actor: User | None,
    filters: Filters,
    *,
    split: str = "gender",
    threshold: int = THRESHOLD,
    months: Sequence[int] = (3, 6, 12),
) -> Dashboard:
    """Every table of the dashboard for ``filters`` within the actor's scope (remembered
    while the data stays as it is: :mod:`.cache`)."""
    f = scoped(actor, filters)
    key = ("dashboard", f, split, threshold, tuple(months))
    return cache.remembered(
        session, key, lambda: compute(session, f, split=split, threshold=threshold, months=months)
    )


def compute(
    session: Session,
    f: Filters,
    *,
    split: str = "gender",
    threshold: int = THRESHOLD,
    months: Sequence[int] = (3, 6, 12),
) -> Dashboard:
    """The dashboard of already scoped filters, computed now."""
    region_names = {r.code: r.name for r in catalogue_read.regions(session)}
    regions = list(region_names)
    domains = [f.domain] if f.domain else [d.value for d in NeedDomain]
    tables: dict[str, Table] = {}

    reach = people.person_reach(session, f)
    tables["funnel_month"] = funnel(
        "funnel_month",
        ((m, s, n) for m, _r, _c, s, n in reach),
        months_of(f.start, f.end),
        threshold,
    )
    place_rows = [(c if f.region else r, s, n) for _m, r, c, s, n in reach]
    places = (
        sorted({p for p, _s, _n in place_rows})
        if f.region
        else _ordered([p for p, _s, _n in place_rows], regions)
    )
    tables["funnel_place"] = funnel("funnel_place", place_rows, places, threshold)
    facts = queries.referral_facts(session, f)
    offers_of = cache.per_catalogue(
        session, "offer_facts", lambda: queries.offer_facts(session, None)
    )
    by_group = _by_offer(facts, offers_of, f.domain)
    for by, known in (("domain", domains), ("kind", [k.value for k in OfferKind])):
        rows = by_group[by]
        groups = _ordered([g for g, _r, _n in rows], known)
        tables[f"funnel_{by}"] = funnel(f"funnel_{by}", rows, groups, threshold, REFERRAL_STAGES)

    times = (
        queries.answer_times(session, f, col(SentReferralFact.centre_id))
        if f.region
        else queries.answer_times_by_region(session, f)
    )
    tables["loop"] = closing_the_loop(
        times.per_group, _ordered(list(times.per_group), regions), times.to_service, threshold
    )
    end_rows = [(x.reason or "other", x.status, x.count) for x in facts if x.status in ENDINGS]
    reasons = _ordered([r for r, _s, _n in end_rows], [r.value for r in NegativeReason])
    ending_counts: Counter[tuple[str, str]] = Counter()
    for reason, status, n in end_rows:
        ending_counts[(reason, status)] += n
    tables["endings"] = publish("endings", reasons, ENDINGS, ending_counts, threshold)

    unmet: Counter[tuple[str, str]] = Counter()
    for region, domain, n in people.latest_high_unmet(session, f, domains):
        unmet[(region, domain)] += n
    need_regions = [f.region] if f.region else regions
    tables["unmet"] = publish("unmet", need_regions, domains, unmet, threshold)
    matrix = coverage(session, f.end, f.region)
    offers = {(c.region, f"{c.domain}"): len(c.offers) for row in matrix.rows() for c in row} | {
        (c.region, f"{c.domain}:priority"): len(c.priority_offers)
        for row in matrix.rows()
        for c in row
    }
    tables["coverage"] = publish(  # offers, not people: nothing to hide (threshold 0)
        "coverage",
        list(matrix.regions),
        [x for d in domains for x in (d, f"{d}:priority")],
        offers,
        0,
        show_row_totals=False,
    )
    tables["need_change"] = need_change(people.level_pairs(session, f), domains, threshold)

    used: dict[str, tuple[int, int]] = {}
    for x in facts:
        if x.agreement_id is not None:
            n, q = used.get(x.agreement_id, (0, 0))
            used[x.agreement_id] = (n + x.count, q + (x.count if x.quota_counted else 0))
    agreements = select(Agreement)
    if f.region:
        agreements = agreements.where(
            col(Agreement.region_code).is_(None) | (col(Agreement.region_code) == f.region)
        )
    in_scope = session.exec(agreements).all()
    in_force = [
        a
        for a in in_scope
        if a.valid_from <= f.end and (a.valid_to is None or a.valid_to >= f.start)
    ]
    agreement_ids = sorted({a.id for a in in_force} | set(used))
    agreement_counts: dict[tuple[str, str], int] = {}
    for a, (n, q) in used.items():
        agreement_counts[(a, "referrals")] = n
        agreement_counts[(a, "quota_used")] = q
    tables["agreements"] = publish(
        "agreements",
        agreement_ids,
        ("referrals", "quota_used"),
        agreement_counts,
        threshold,
        show_row_totals=False,
    )
    idle = tuple(a for a in agreement_ids if a not in used)
    agency_rows = by_group["agency"]
    tables["agencies"] = _agency_table("agencies", agency_rows, threshold)

    split = split if split in SPLITS else "gender"
    tables.update(_outcomes(people.outcomes(session, f, split), split, months, regions, threshold))

    ids = set(places) | {a for a, _r, _n in agency_rows}
    names = dict(region_names)
    names |= queries.names(session, Agency, sorted(ids - set(region_names)), "name_es")
    names |= queries.names(session, Agreement, agreement_ids, "title_es")
    return Dashboard(f, split, tables, names, idle, threshold)


def _by_offer(
    facts: Sequence[queries.ReferralFact],
    offers: dict[str, queries.OfferFact],
    domain: str | None,
) -> dict[str, list[tuple[str, int, int]]]:
    """(group, stage reached, referrals) by the offer's domain, kind and agency. With a
    domain asked for, every offer serving it counts there; else each offer's main one."""
    rows: dict[str, list[tuple[str, int, int]]] = {"domain": [], "kind": [], "agency": []}
    for x in facts:
        offer = offers.get(x.offer_id)
        if offer is None:
            continue
        reach = STATUS_REACH.get(x.status, 1)
        rows["kind"].append((offer.kind, reach, x.count))
        rows["agency"].append((offer.agency_id, reach, x.count))
        for d in [domain] if domain in offer.domains else [] if domain else offer.primary:
            rows["domain"].append((str(d), reach, x.count))
    return rows


def _agency_table(key: str, rows: Sequence[tuple[str, int, int]], threshold: int) -> Table:
    counts: Counter[tuple[str, str]] = Counter()
    for agency, reach, n in rows:
        counts[(agency, "received")] += n
        if reach >= 3:
            counts[(agency, "accepted")] += n
        if reach >= 5:
            counts[(agency, "completed")] += n
    groups = sorted({a for a, _r, _n in rows})
    return publish(
        key,
        groups,
        AGENCY_COLUMNS[:1] + AGENCY_COLUMNS[2:],
        counts,
        threshold,
        show_row_totals=False,
        rates=AGENCY_RATES[1:],
    )


OUTCOME_VARIABLES: dict[str, tuple[str, ...]] = {
    "work": tuple(w.value for w in WorkOutcome),
    "studies": tuple(s.value for s in StudiesOutcome),
    "housing": tuple(h.value for h in HousingOutcome),
    "group": ("yes", "no"),
}


def _outcomes(
    rows: Sequence[people.OutcomeRow],
    split: str,
    months: Sequence[int],
    regions: Sequence[str],
    threshold: int,
) -> dict[str, Table]:
    """One table per outcome: rows "<months>|<group>", columns the outcome's values."""

    def group_of(row: people.OutcomeRow) -> str:
        if split == "gender" and row.group not in GENDERS:
            return "not_stated"
        return row.group

    groups = {"age": list(AGE_BANDS), "region": list(regions), "gender": list(GENDERS)}[split]
    found = {group_of(r) for r in rows}
    groups = [g for g in groups if g in found] or groups[:0]
    row_keys = [f"{m}|{g}" for m in months for g in groups]
    tables: dict[str, Table] = {}
    for variable, values in OUTCOME_VARIABLES.items():
        counts: Counter[tuple[str, str]] = Counter()
        for r in rows:
            value = {"work": r.work, "studies": r.studies, "housing": r.housing}.get(
                variable, "yes" if r.in_group else "no"
            )
            counts[(f"{r.due_months}|{group_of(r)}", value)] += r.count
        tables[f"outcomes_{variable}"] = publish(
            f"outcomes_{variable}", row_keys, values, counts, threshold
        )
    return tables


def centres(session: Session, actor: User | None) -> list[tuple[str, str]]:
    """(id, name) of the treatment centres in the actor's scope, for the filter."""
    region = region_of(actor)
    query = select(Agency).where(col(Agency.sector) == "treatment_centre")
    if region is not None:
        query = query.where(col(Agency.region_code) == region)
    return [(a.id, a.name_es) for a in session.exec(query.order_by(col(Agency.name_es)))]

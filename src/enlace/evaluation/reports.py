"""The coordinators' printable pieces: an agency's one-page report, and frozen quarterly
snapshots (the published tables stored as JSON, so later edits never change them).
Scoped like the dashboard (:func:`.service.region_of`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from enlace.accounts.models import User
from enlace.casework.suppression import THRESHOLD
from enlace.catalogue.models import Agency, Offer
from enlace.evaluation import queries
from enlace.evaluation.models import EvaluationSnapshot
from enlace.evaluation.publish import Table, publish
from enlace.evaluation.queries import Filters
from enlace.evaluation.service import (
    AGENCY_COLUMNS,
    AGENCY_RATES,
    dashboard,
    months_of,
    region_of,
    scoped,
)
from enlace.evaluation.tables import closing_the_loop


@dataclass(frozen=True, slots=True)
class AgencyReport:
    agency: Agency
    filters: Filters
    table: Table  # months x received / answered / accepted / completed, with answer times


def agency_report(
    session: Session,
    actor: User | None,
    agency_id: str,
    filters: Filters,
    threshold: int = THRESHOLD,
) -> AgencyReport | None:
    """One agency's page: referrals it received from the actor's scope (None: no agency)."""
    f = scoped(actor, filters)
    agency = session.get(Agency, agency_id)
    if agency is None:
        return None
    counts: Counter[tuple[str, str]] = Counter()
    for month, reach, answered in queries.agency_months(session, f, agency_id):
        counts[(month, "received")] += 1
        if answered:
            counts[(month, "answered")] += 1
        if reach >= 3:
            counts[(month, "accepted")] += 1
        if reach >= 5:
            counts[(month, "completed")] += 1
    times = queries.answer_times(session, f, col(Offer.agency_id), agency_id=agency_id)
    loop = closing_the_loop(times.per_group, list(times.per_group), times.to_service, threshold)
    table = publish(
        "agency",
        months_of(f.start, f.end),
        AGENCY_COLUMNS,
        counts,
        threshold,
        show_row_totals=False,
        rates=AGENCY_RATES,
        figures=loop.figures,
    )
    return AgencyReport(agency, f, table)


def quarter(label: str) -> tuple[date, date] | None:
    """ "2026-T3" (or "2026-Q3") -> its first and last day; None when not a quarter."""
    try:
        year_text, q_text = label.upper().replace("Q", "T").split("-T")
        year, q = int(year_text), int(q_text)
    except ValueError:
        return None
    if not 1 <= q <= 4 or not 2000 <= year <= 2100:
        return None
    start = date(year, 3 * q - 2, 1)
    end = date(year + (q == 4), 1 if q == 4 else 3 * q + 1, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def freeze(
    session: Session, actor: User, label: str, *, threshold: int = THRESHOLD
) -> EvaluationSnapshot:
    """Store the quarter's published tables (the actor's scope) as they are now."""
    period = quarter(label)
    if period is None:
        raise ValueError("not a quarter")
    board = dashboard(session, actor, Filters(*period), threshold=threshold)
    snapshot = EvaluationSnapshot(
        period_start=period[0],
        period_end=period[1],
        region_code=board.filters.region,
        label=f"{period[0].year}-T{(period[0].month + 2) // 3}",
        tables={
            "tables": board.to_json(),
            "names": board.names,
            "idle_agreements": list(board.idle_agreements),
            "threshold": threshold,
        },
        created_by_id=actor.id,
    )
    session.add(snapshot)
    session.flush()
    return snapshot


def snapshots(session: Session, actor: User | None) -> list[EvaluationSnapshot]:
    """The frozen reports the actor may read, newest first."""
    region = region_of(actor)
    query = select(EvaluationSnapshot)
    if region is not None:
        query = query.where(col(EvaluationSnapshot.region_code) == region)
    return list(session.exec(query.order_by(col(EvaluationSnapshot.id).desc())))


def snapshot(session: Session, actor: User | None, snapshot_id: int) -> EvaluationSnapshot | None:
    region = region_of(actor)
    found = session.get(EvaluationSnapshot, snapshot_id)
    if found is None or (region is not None and found.region_code != region):
        return None
    return found


def stored_tables(found: EvaluationSnapshot) -> dict[str, Table]:
    return {k: Table.from_json(v) for k, v in found.tables.get("tables", {}).items()}

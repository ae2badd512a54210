"""The verification queue: records due for a check, the most seen first.

A record is due when its assured date is older than the limit for its kind (courses run
by calls and change each term, so they are due sooner than standing services), when it
was never checked, when a visitor reported a problem, or when a provider proposed changes.
"How many people see it" is :class:`OfferReach`, one number per offer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, or_, update
from sqlalchemy import select as sa_select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from enlace.accounts.models import User
from enlace.accounts.policy import NATIONAL, region_scope
from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.vocab import OfferKind
from enlace.stewardship.models import OfferReach, ProblemReport, UpdateRequest

PAGE = 50
#: An update request whose proposal waits for the coordinator's decision.
PROPOSED = "proposed"
OPEN = "open"


@dataclass(frozen=True, slots=True)
class Limits:
    """Months after which a record is due: courses, other offers, agencies."""

    course: int = 6
    offer: int = 12
    agency: int = 12

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Limits:
        return cls(
            course=int(config.get("VERIFY_MONTHS_COURSE", 6)),
            offer=int(config.get("VERIFY_MONTHS_OFFER", 12)),
            agency=int(config.get("VERIFY_MONTHS_AGENCY", 12)),
        )


def months_before(day: date, months: int) -> date:
    """The same day ``months`` earlier (the month's last day when it has fewer days)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, candidate))
        except ValueError:
            continue
    return date(year, month + 1, 28)


@dataclass(frozen=True, slots=True)
class QueueItem:
    kind: str
    slug: str
    name_es: str
    name_en: str | None
    agency_name: str | None
    assured_date: date | None
    views: int
    open_reports: int
    proposals: int


def _overdue_offer(limits: Limits, today: date) -> Any:
    course = months_before(today, limits.course)
    other = months_before(today, limits.offer)
    return or_(
        col(Offer.assured_date).is_(None),
        (col(Offer.kind) == OfferKind.COURSE.value) & (col(Offer.assured_date) < course),
        (col(Offer.kind) != OfferKind.COURSE.value) & (col(Offer.assured_date) < other),
    )


#: Due records are counted up to this many (pages say "more than 1,000"): counting every
#: due record of a large catalogue costs more than the rest of the page.
COUNT_CAP = 1000
#: The most seen offers are read this many view counts at a time, from the top.
CHUNK = 500
MAX_CHUNKS = 20


def _due(session: Session, actor: User, limits: Limits, today: date) -> list[Any]:
    """The conditions of a due offer in the actor's scope."""
    reported = select(ProblemReport.offer_id).where(ProblemReport.status == OPEN)
    proposed = select(UpdateRequest.record_id).where(
        UpdateRequest.status == PROPOSED, UpdateRequest.kind == "offer"
    )
    conditions = [
        col(Offer.status) == "active",
        or_(
            _overdue_offer(limits, today), col(Offer.id).in_(reported), col(Offer.id).in_(proposed)
        ),
    ]
    scope = region_scope(actor)
    if scope != NATIONAL:
        in_region = select(Agency.id).where(Agency.region_code == scope)
        conditions.append(col(Offer.agency_id).in_(in_region))
    return conditions


_COLUMNS = (
    col(Offer.id),
    col(Offer.slug),
    col(Offer.name_es),
    col(Offer.name_en),
    col(Agency.name_es),
    col(Offer.assured_date),
)


def is_due(
    kind: str, assured: date | None, limits: Limits, today: date, flagged: bool = False
) -> bool:
    """An offer is due: never checked, checked longer ago than its kind allows, or flagged
    (a reported problem, a provider's proposal)."""
    if flagged or assured is None:
        return True
    months = limits.course if kind == OfferKind.COURSE.value else limits.offer
    return assured < months_before(today, months)


def _most_seen(
    session: Session, actor: User, limits: Limits, today: date, limit: int
) -> tuple[list[tuple[Any, int]], bool]:
    """Due offers in view-count order, walking the counts from the top (an index scan) and
    reading those offers by id; and whether every counted offer was looked at."""
    flagged = set(session.exec(select(ProblemReport.offer_id).where(ProblemReport.status == OPEN)))
    flagged |= set(
        session.exec(
            select(UpdateRequest.record_id).where(
                UpdateRequest.status == PROPOSED, UpdateRequest.kind == "offer"
            )
        )
    )
    scope = region_scope(actor)
    found: list[tuple[Any, int]] = []
    for chunk_number in range(MAX_CHUNKS):
        chunk = session.exec(
            select(OfferReach.offer_id, OfferReach.views)
            .order_by(col(OfferReach.views).desc(), col(OfferReach.offer_id).desc())
            .offset(chunk_number * CHUNK)
            .limit(CHUNK)
        ).all()
        views = dict(chunk)
        query = (
            sa_select(*_COLUMNS, col(Offer.kind), col(Offer.status), col(Agency.region_code))
            .join(Agency, col(Agency.id) == col(Offer.agency_id))
            .where(col(Offer.id).in_(list(views)))
        )
        rows = (
            [
                row
                for row in session.execute(query).all()
                if row[7] == "active"
                and scope in (NATIONAL, row[8])
                and is_due(row[6], row[5], limits, today, row[0] in flagged)
            ]
            if views
            else []
        )
        position = {offer_id: n for n, offer_id in enumerate(views)}  # the counts' order
        rows.sort(key=lambda row: position[row[0]])
        found.extend((tuple(row[:6]), views[row[0]]) for row in rows)
        if len(found) >= limit:
            return found[:limit], False
        if len(chunk) < CHUNK:
            return found, True
    return found, False


def offer_queue(
    session: Session, actor: User, limits: Limits, today: date, *, limit: int = PAGE
) -> tuple[list[QueueItem], int]:
    """Offers due for a check in the actor's region, the most seen first (then those never
    opened, oldest check first); and how many are due, up to :data:`COUNT_CAP` + 1."""
    conditions = _due(session, actor, limits, today)
    found, complete = _most_seen(session, actor, limits, today, limit)
    if len(found) < limit:
        views: bool | None
        if complete:  # every offer ever opened was looked at: add those never opened
            extra: list[Any] = [col(OfferReach.offer_id).is_(None)]
            views = None
        else:  # the most seen are seldom due here: order the whole region in one query
            extra, views = [], True
        query = (
            sa_select(*_COLUMNS, func.coalesce(col(OfferReach.views), 0))
            .join(Agency, col(Agency.id) == col(Offer.agency_id))
            .outerjoin(OfferReach, col(OfferReach.offer_id) == col(Offer.id))
            .where(*conditions, *extra)
        )
        order: list[Any] = [col(Offer.assured_date).asc().nulls_first(), col(Offer.slug)]
        if views:
            order.insert(0, func.coalesce(col(OfferReach.views), 0).desc())
            found = []
        more = session.execute(query.order_by(*order).limit(limit - len(found))).all()
        found.extend((tuple(row[:-1]), int(row[-1])) for row in more)
    due = select(Offer.id).join(Agency, col(Agency.id) == col(Offer.agency_id)).where(*conditions)
    total = session.exec(
        select(func.count()).select_from(due.limit(COUNT_CAP + 1).subquery())
    ).one()
    ids = [row[0] for row, _ in found]
    reports = _counts(session, ProblemReport.offer_id, ids, col(ProblemReport.status) == OPEN)
    proposals = _counts(
        session, UpdateRequest.record_id, ids, col(UpdateRequest.status) == PROPOSED
    )
    items = [
        QueueItem(
            "offer",
            row[1],
            row[2],
            row[3],
            row[4],
            row[5],
            seen,
            reports.get(row[0], 0),
            proposals.get(row[0], 0),
        )
        for row, seen in found
    ]
    return items, int(total)


def _counts(session: Session, column: Any, ids: list[str], condition: Any) -> dict[str, int]:
    if not ids:
        return {}
    rows = session.exec(
        select(column, func.count()).where(col(column).in_(ids), condition).group_by(column)
    ).all()
    return {str(key): int(n) for key, n in rows}


def agency_queue(
    session: Session, actor: User, limits: Limits, today: date, *, limit: int = 20
) -> tuple[list[QueueItem], int]:
    """Agencies due for a check in the actor's region, never checked or oldest first."""
    scope = region_scope(actor)
    cutoff = months_before(today, limits.agency)
    conditions = [
        col(Agency.status) == "active",
        or_(col(Agency.assured_date).is_(None), col(Agency.assured_date) < cutoff),
    ]
    if scope != NATIONAL:
        conditions.append(col(Agency.region_code) == scope)
    rows = session.exec(
        select(Agency)
        .where(*conditions)
        .order_by(col(Agency.assured_date).asc().nulls_first(), col(Agency.slug))
        .limit(limit)
    ).all()
    total = session.exec(select(func.count()).select_from(Agency).where(*conditions)).one()
    items = [
        QueueItem("agency", a.slug, a.name_es, a.name_en, None, a.assured_date, 0, 0, 0)
        for a in rows
    ]
    return items, int(total)


def record_view(session: Session, offer_id: str) -> None:
    """Count one opening of an offer's public page (the caller commits)."""
    changed = session.execute(
        update(OfferReach)
        .where(col(OfferReach.offer_id) == offer_id)
        .values(views=col(OfferReach.views) + 1)
    )
    if getattr(changed, "rowcount", 0):
        return
    try:
        with session.begin_nested():
            session.add(OfferReach(offer_id=offer_id, views=1))
    except IntegrityError:  # another process counted the first view meanwhile
        session.execute(
            update(OfferReach)
            .where(col(OfferReach.offer_id) == offer_id)
            .values(views=col(OfferReach.views) + 1)
        )


def due_within(day: date, limits: Limits, kind: str) -> timedelta:
    """How long a check lasts for an offer of ``kind`` (for pages: "checked 3 months ago")."""
    months = limits.course if kind == OfferKind.COURSE.value else limits.offer
    return day - months_before(day, months)

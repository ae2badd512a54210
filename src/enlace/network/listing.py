"""Reading agreements: the filtered, paged list and one agreement in full, within scope.

Services return plain frozen records (:class:`AgreementSummary`, :class:`AgreementView`),
never ORM rows, so a page renders them without touching the session. Who may read what is
:func:`enlace.accounts.policy.may_read_agreement`; the list applies the same rule in SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, false, func, or_
from sqlalchemy.orm import selectinload
from sqlmodel import Session, col, select

from enlace.accounts.policy import NATIONAL, Principal, may_read_agreement
from enlace.catalogue.models import Agency, Offer, OfferDomain
from enlace.network.errors import AgreementForbiddenError, AgreementNotFoundError
from enlace.network.models import Agreement, AgreementDomain, AgreementOffer
from enlace.network.scope import has_party, reading_networks, scope_condition
from enlace.network.vocab import AgreementStatus, EffectiveStatus, effective_status

PER_PAGE = 25
#: ``AgreementFilter.region`` value for agreements with no region (national scope).
NATIONAL_SCOPE = NATIONAL


@dataclass(frozen=True, slots=True)
class AgreementFilter:
    """The list's filters, all optional. ``status`` is an :class:`EffectiveStatus` code
    (so "expired" and "upcoming" work, derived from the dates as of ``on``)."""

    region: str | None = None  # a region code, or NATIONAL_SCOPE for no region
    kind: str | None = None
    status: str | None = None
    domain: str | None = None  # covered directly, or through a covered offer
    party: str | None = None  # an agency id
    expiring_within: int | None = None  # days: in force now, ending within that many days
    text: str | None = None  # part of the title (either language) or the slug


@dataclass(frozen=True, slots=True)
class PartyView:
    agency_id: str
    agency_slug: str
    name_es: str
    name_en: str | None
    sector: str
    role: str
    contact_name: str | None
    contact_title: str | None
    contact_phone: str | None
    contact_email: str | None


@dataclass(frozen=True, slots=True)
class OfferRef:
    id: str
    slug: str
    name_es: str
    name_en: str | None
    agency_id: str


@dataclass(frozen=True, slots=True)
class AgreementSummary:
    """A list row: enough to show, filter and link; the status as of the day asked."""

    id: str
    slug: str
    title_es: str
    title_en: str | None
    kind: str
    status: str  # as stored
    effective_status: EffectiveStatus
    region_code: str | None
    valid_from: date
    valid_to: date | None
    quota: int | None
    quota_period: str | None
    quota_used: int
    parties: tuple[PartyView, ...]
    domains: tuple[str, ...]

    @property
    def quota_left(self) -> int | None:
        return None if self.quota is None else max(0, self.quota - self.quota_used)


@dataclass(frozen=True, slots=True)
class AgreementView(AgreementSummary):
    """One agreement in full, for the detail page and to fill the edit form."""

    description_es: str | None
    description_en: str | None
    signed_on: date | None
    document_url: str | None
    offers: tuple[OfferRef, ...]
    version: int
    origin: str
    created_at: datetime
    last_modified: datetime | None
    renews_id: str | None
    renewed_by_id: str | None


@dataclass(frozen=True, slots=True)
class AgreementPage:
    items: tuple[AgreementSummary, ...]
    total: int
    page: int
    pages: int
    per_page: int


def _party_views(agreement: Agreement, agencies: dict[str, Agency]) -> tuple[PartyView, ...]:
    views = []
    for p in agreement.parties:
        agency = agencies[p.agency_id]
        views.append(
            PartyView(
                agency_id=p.agency_id,
                agency_slug=agency.slug,
                name_es=agency.name_es,
                name_en=agency.name_en,
                sector=agency.sector,
                role=p.role,
                contact_name=p.contact_name,
                contact_title=p.contact_title,
                contact_phone=p.contact_phone,
                contact_email=p.contact_email,
            )
        )
    return tuple(views)


def _summary_values(a: Agreement, agencies: dict[str, Agency], on: date) -> dict[str, Any]:
    return {
        "id": a.id,
        "slug": a.slug,
        "title_es": a.title_es,
        "title_en": a.title_en,
        "kind": a.kind,
        "status": a.status,
        "effective_status": effective_status(a, on),
        "region_code": a.region_code,
        "valid_from": a.valid_from,
        "valid_to": a.valid_to,
        "quota": a.quota,
        "quota_period": a.quota_period,
        "quota_used": a.quota_used,
        "parties": _party_views(a, agencies),
        "domains": tuple(d.domain for d in a.domains),
    }


def _agencies(session: Session, rows: list[Agreement]) -> dict[str, Agency]:
    ids = {p.agency_id for a in rows for p in a.parties}
    if not ids:
        return {}
    return {a.id: a for a in session.exec(select(Agency).where(col(Agency.id).in_(ids)))}


def summaries(session: Session, rows: list[Agreement], on: date) -> list[AgreementSummary]:
    agencies = _agencies(session, rows)
    return [AgreementSummary(**_summary_values(a, agencies, on)) for a in rows]


def status_condition(status: str, on: date) -> Any:
    """SQL for an effective status as of ``on`` (mirrors :func:`~.vocab.status_on`)."""
    valid_to, valid_from, stored = (
        col(Agreement.valid_to),
        col(Agreement.valid_from),
        col(Agreement.status),
    )
    not_over = or_(valid_to.is_(None), valid_to >= on)
    running = (AgreementStatus.ACTIVE.value, AgreementStatus.SUSPENDED.value)
    conditions: dict[str, Any] = {
        EffectiveStatus.DRAFT: stored == AgreementStatus.DRAFT.value,
        EffectiveStatus.ENDED: stored == AgreementStatus.ENDED.value,
        EffectiveStatus.EXPIRED: and_(stored.in_(running), valid_to < on),
        EffectiveStatus.UPCOMING: and_(
            stored == AgreementStatus.ACTIVE.value, not_over, valid_from > on
        ),
        EffectiveStatus.ACTIVE: and_(
            stored == AgreementStatus.ACTIVE.value, not_over, valid_from <= on
        ),
        EffectiveStatus.SUSPENDED: and_(stored == AgreementStatus.SUSPENDED.value, not_over),
    }
    return conditions.get(status, false())


def _domain_condition(domain: str) -> Any:
    direct = exists().where(
        col(AgreementDomain.agreement_id) == col(Agreement.id),
        col(AgreementDomain.domain) == domain,
    )
    through_offer = exists().where(
        col(AgreementOffer.agreement_id) == col(Agreement.id),
        col(OfferDomain.offer_id) == col(AgreementOffer.offer_id),
        col(OfferDomain.domain) == domain,
    )
    return or_(direct, through_offer)


def filter_conditions(filters: AgreementFilter, on: date) -> list[Any]:
    conditions: list[Any] = []
    if filters.region == NATIONAL_SCOPE:
        conditions.append(col(Agreement.region_code).is_(None))
    elif filters.region:
        conditions.append(col(Agreement.region_code) == filters.region)
    if filters.kind:
        conditions.append(col(Agreement.kind) == filters.kind)
    if filters.status:
        conditions.append(status_condition(filters.status, on))
    if filters.domain:
        conditions.append(_domain_condition(filters.domain))
    if filters.party:
        conditions.append(has_party([filters.party]))
    if filters.expiring_within is not None:
        conditions.append(status_condition(EffectiveStatus.ACTIVE, on))
        conditions.append(col(Agreement.valid_to) <= on + timedelta(days=filters.expiring_within))
    if filters.text:
        text = filters.text.casefold()
        conditions.append(
            or_(
                func.lower(col(Agreement.title_es)).contains(text, autoescape=True),
                func.lower(col(Agreement.title_en)).contains(text, autoescape=True),
                col(Agreement.slug).contains(text, autoescape=True),
            )
        )
    return conditions


def _with_children() -> list[Any]:
    return [
        selectinload(Agreement.parties),  # type: ignore[arg-type]
        selectinload(Agreement.domains),  # type: ignore[arg-type]
        selectinload(Agreement.offers),  # type: ignore[arg-type]
    ]


def list_agreements(
    session: Session,
    viewer: Principal | None,
    filters: AgreementFilter,
    *,
    on: date,
    page: int = 1,
    per_page: int = PER_PAGE,
) -> AgreementPage:
    """The agreements ``viewer`` may read that match ``filters``, by title, one page."""
    conditions = filter_conditions(filters, on)
    scope = scope_condition(viewer, reading_networks(session, viewer, on))
    if scope is not None:
        conditions.append(scope)
    total = int(session.exec(select(func.count()).select_from(Agreement).where(*conditions)).one())
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = list(
        session.exec(
            select(Agreement)
            .where(*conditions)
            .options(*_with_children())
            .order_by(col(Agreement.title_es), col(Agreement.id))
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
    )
    return AgreementPage(tuple(summaries(session, rows, on)), total, page, pages, per_page)


def agency_agreements(session: Session, agency_id: str, *, on: date) -> list[AgreementSummary]:
    """The agreements in force that an agency is a party to (the public agency page shows
    parties, kind, domains and validity; quotas and contacts only to signed-in people)."""
    rows = list(
        session.exec(
            select(Agreement)
            .where(has_party([agency_id]), status_condition(EffectiveStatus.ACTIVE, on))
            .options(*_with_children())
            .order_by(col(Agreement.title_es), col(Agreement.id))
        )
    )
    return summaries(session, rows, on)


def load_agreement(session: Session, agreement_id: str, *, fresh: bool = False) -> Agreement:
    """The row with its children (``fresh``: re-read from the database, not the session)."""
    statement = select(Agreement).where(Agreement.id == agreement_id).options(*_with_children())
    if fresh:
        statement = statement.execution_options(populate_existing=True)
    row = session.exec(statement).first()
    if row is None:
        raise AgreementNotFoundError(agreement_id)
    return row


def agreement_id_of(session: Session, slug: str) -> str:
    """The id of the agreement with this slug (URLs name agreements by slug)."""
    found = session.exec(select(Agreement.id).where(Agreement.slug == slug)).first()
    if found is None:
        raise AgreementNotFoundError(slug)
    return found


def view_of(session: Session, agreement: Agreement, on: date) -> AgreementView:
    """The full record of one loaded agreement."""
    agencies = _agencies(session, [agreement])
    offer_ids = [str(o.offer_id) for o in agreement.offers]
    offers = (
        list(session.exec(select(Offer).where(col(Offer.id).in_(offer_ids)))) if offer_ids else []
    )
    renewed_by = session.exec(select(Agreement.id).where(Agreement.renews_id == agreement.id))
    return AgreementView(
        **_summary_values(agreement, agencies, on),
        description_es=agreement.description_es,
        description_en=agreement.description_en,
        signed_on=agreement.signed_on,
        document_url=agreement.document_url,
        offers=tuple(
            OfferRef(o.id, o.slug, o.name_es, o.name_en, o.agency_id)
            for o in sorted(offers, key=lambda o: o.slug)
        ),
        version=agreement.version,
        origin=agreement.origin,
        created_at=agreement.created_at,
        last_modified=agreement.last_modified,
        renews_id=agreement.renews_id,
        renewed_by_id=renewed_by.first(),
    )


def get_agreement(
    session: Session, viewer: Principal | None, agreement_id: str, *, on: date
) -> AgreementView:
    """One agreement in full, if ``viewer`` may read it (else :class:`AgreementForbiddenError`)."""
    agreement = load_agreement(session, agreement_id)
    parties = [p.agency_id for p in agreement.parties]
    networks = reading_networks(session, viewer, on)
    if not may_read_agreement(viewer, agreement.region_code, parties, networks):
        raise AgreementForbiddenError(agreement_id)
    return view_of(session, agreement, on)


def agreements_by_ids(
    session: Session, agreement_ids: Iterable[str], *, on: date
) -> dict[str, AgreementSummary]:
    """Several agreements at once, by id (the graph names agreements; pages need their
    titles, parties and contacts). Unknown ids are left out."""
    ids = sorted(set(agreement_ids))
    if not ids:
        return {}
    rows = list(
        session.exec(select(Agreement).where(col(Agreement.id).in_(ids)).options(*_with_children()))
    )
    return {s.id: s for s in summaries(session, rows, on)}


def document_urls(session: Session, agreement_ids: Iterable[str]) -> dict[str, str]:
    """The document reference of each agreement that has one (pages show it only to
    signed-in people, so the list rows do not carry it)."""
    ids = sorted(set(agreement_ids))
    if not ids:
        return {}
    rows = session.exec(
        select(Agreement.id, Agreement.document_url).where(
            col(Agreement.id).in_(ids), col(Agreement.document_url).is_not(None)
        )
    )
    return {agreement_id: url for agreement_id, url in rows if url}

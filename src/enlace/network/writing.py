"""What every agreement write shares: facts to validate against, scope, copying a draft
onto the row, slugs, the audit line, and the version check (used by :mod:`.agreements`
and :mod:`.renewal`; pages call those)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from enlace.accounts.audit import AuditAction, RequestInfo, record
from enlace.accounts.models import User
from enlace.accounts.policy import may_edit_agreement
from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.places import Region
from enlace.network.errors import (
    AgreementForbiddenError,
    AgreementInvalidError,
    ChangedMeanwhileError,
    FieldChange,
)
from enlace.network.history import TARGET, as_details, changes_since, snapshot
from enlace.network.listing import AgreementView, load_agreement
from enlace.network.models import Agreement, AgreementDomain, AgreementOffer, AgreementParty
from enlace.network.validation import AgreementDraft, Known, PartyDraft, validate


def known_facts(session: Session, draft: AgreementDraft, today: date) -> Known:
    agency_ids = {p.agency_id for p in draft.parties}
    agencies = (
        {
            a.id: a.name_es
            for a in session.exec(select(Agency).where(col(Agency.id).in_(agency_ids)))
        }
        if agency_ids
        else {}
    )
    offers = (
        {
            o.id: (o.agency_id, o.name_es)
            for o in session.exec(select(Offer).where(col(Offer.id).in_(draft.offer_ids)))
        }
        if draft.offer_ids
        else {}
    )
    regions = frozenset(session.exec(select(Region.code)))
    return Known(regions=regions, agencies=agencies, offers=offers, today=today)


def check_draft(session: Session, draft: AgreementDraft, today: date) -> None:
    errors = validate(draft, known_facts(session, draft, today))
    if errors:
        raise AgreementInvalidError(errors)


def check_scope(actor: User, *regions: str | None) -> None:
    if not all(may_edit_agreement(actor, region) for region in regions):
        raise AgreementForbiddenError(", ".join(str(r) for r in regions))


def fill(agreement: Agreement, draft: AgreementDraft) -> None:
    """Copy the draft onto the row; children are replaced only where they differ."""
    for name in (
        "title_es",
        "title_en",
        "description_es",
        "description_en",
        "kind",
        "quota",
        "quota_period",
        "quota_used",
        "region_code",
        "signed_on",
        "valid_from",
        "valid_to",
        "document_url",
    ):
        value = getattr(draft, name)
        if getattr(agreement, name) != value:
            setattr(agreement, name, value)
    current = {p.agency_id: p for p in agreement.parties}
    parties = []
    for party in draft.parties:
        row = current.get(party.agency_id) or AgreementParty(agency_id=party.agency_id)
        for name in ("role", "contact_name", "contact_title", "contact_phone", "contact_email"):
            if getattr(row, name) != getattr(party, name):
                setattr(row, name, getattr(party, name))
        parties.append(row)
    if [id(p) for p in parties] != [id(p) for p in agreement.parties]:
        agreement.parties = parties
    domains = {d.domain: d for d in agreement.domains}
    if set(domains) != set(draft.domains):
        agreement.domains = [domains.get(d) or AgreementDomain(domain=d) for d in draft.domains]
    offers = {str(o.offer_id): o for o in agreement.offers}
    if set(offers) != set(draft.offer_ids):
        agreement.offers = [offers.get(o) or AgreementOffer(offer_id=o) for o in draft.offer_ids]


def slug_base(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "-".join(re.sub(r"[^a-z0-9]+", " ", plain).split())[:70].strip("-") or "convenio"


#: Slugs that are words of the coordinator's URLs (``/convenios/nuevo``): an agreement
#: titled "Nuevo" must not be hidden behind the page that creates one.
RESERVED_SLUGS = frozenset({"nuevo", "new"})


def free_slug(session: Session, base: str) -> str:
    taken = set(session.exec(select(Agreement.slug).where(col(Agreement.slug).startswith(base))))
    taken |= RESERVED_SLUGS
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def audit(
    session: Session,
    actor: User,
    action: AuditAction,
    agreement: Agreement,
    changes: list[FieldChange],
    reason: str | None,
    request_info: RequestInfo | None,
    **more: str,
) -> None:
    record(
        session,
        actor,
        action,
        TARGET,
        agreement.id,
        reason,
        request_info,
        details=as_details(agreement.version, changes, **more),
    )


def flush_or_changed(
    session: Session, agreement_id: str, loaded_version: int, draft: object
) -> None:
    """Flush; a concurrent save that slipped past the version check: ChangedMeanwhileError."""
    try:
        session.flush()
    except StaleDataError:
        session.rollback()
        current = load_agreement(session, agreement_id, fresh=True)
        changes, who = changes_since(session, agreement_id, loaded_version, snapshot(current))
        raise ChangedMeanwhileError(
            agreement_id, loaded_version, current.version, changes, who, draft
        ) from None


def load_for_change(
    session: Session, actor: User, agreement_id: str, version: int, draft: object
) -> Agreement:
    """The current row, in scope, at the version the editor loaded (else ChangedMeanwhileError)."""
    agreement = load_agreement(session, agreement_id, fresh=True)
    check_scope(actor, agreement.region_code)
    if agreement.version != version:
        changes, who = changes_since(session, agreement_id, version, snapshot(agreement))
        raise ChangedMeanwhileError(agreement_id, version, agreement.version, changes, who, draft)
    return agreement


def draft_of(view: AgreementView) -> AgreementDraft:
    """The edit form's starting values for an agreement (its version is ``view.version``)."""
    return AgreementDraft(
        title_es=view.title_es,
        title_en=view.title_en,
        description_es=view.description_es,
        description_en=view.description_en,
        kind=view.kind,
        valid_from=view.valid_from,
        valid_to=view.valid_to,
        signed_on=view.signed_on,
        parties=tuple(
            PartyDraft(
                agency_id=p.agency_id,
                role=p.role,
                contact_name=p.contact_name,
                contact_title=p.contact_title,
                contact_phone=p.contact_phone,
                contact_email=p.contact_email,
            )
            for p in view.parties
        ),
        domains=view.domains,
        offer_ids=tuple(o.id for o in view.offers),
        quota=view.quota,
        quota_period=view.quota_period,
        quota_used=view.quota_used,
        region_code=view.region_code,
        document_url=view.document_url,
    )

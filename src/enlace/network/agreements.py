"""Agreements kept by coordinators: create, edit, suspend, activate, renew and end.

Every function takes the caller's ``Session`` and the acting ``User``, checks scope
(:func:`enlace.accounts.policy.may_edit_agreement`, else :class:`AgreementForbiddenError`),
validates everything first (:class:`AgreementInvalidError` with per-field messages, nothing
written), writes, and appends one audit entry with the field-by-field changes; the caller
commits, so the change and its audit line share a transaction. Agreements are catalogue
records, so each write bumps the catalogue revision.

Two editors: :func:`edit_agreement` takes the ``version`` the editor loaded. If someone
saved in between it raises :class:`ChangedMeanwhileError` with what changed since then; the
``version`` column also makes the database refuse a save that races past that check (the
session is then rolled back, and the same error raised).

Renewal makes a new agreement row that ``renews`` the previous one (see
:func:`renew_agreement`): each validity period keeps its own dates, quota, quota used,
document and history, and the graph reads one flat row per period.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, col, select

from enlace.accounts.audit import AuditAction, RequestInfo, record
from enlace.accounts.models import User
from enlace.accounts.policy import may_edit_agreement
from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.places import Region
from enlace.db import utcnow
from enlace.i18n import _l
from enlace.network.errors import (
    AgreementForbiddenError,
    AgreementInvalidError,
    ChangedMeanwhileError,
    FieldChange,
)
from enlace.network.history import TARGET, as_details, changes_since, diff, snapshot
from enlace.network.listing import AgreementView, load_agreement, view_of
from enlace.network.models import Agreement, AgreementDomain, AgreementOffer, AgreementParty
from enlace.network.validation import AgreementDraft, Known, PartyDraft, validate
from enlace.network.vocab import AgreementStatus

__all__ = [
    "AgreementDraft",
    "PartyDraft",
    "Renewal",
    "activate_agreement",
    "create_agreement",
    "draft_of",
    "edit_agreement",
    "end_agreement",
    "renew_agreement",
    "suspend_agreement",
]


@dataclass(frozen=True, slots=True)
class Renewal:
    """A new validity period for an agreement (what a renewal form asks)."""

    valid_from: date | None
    valid_to: date | None
    signed_on: date | None = None
    document_url: str | None = None
    quota: int | None = None
    quota_period: str | None = None


def _known(session: Session, draft: AgreementDraft, today: date) -> Known:
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


def _check(session: Session, draft: AgreementDraft, today: date) -> None:
    errors = validate(draft, _known(session, draft, today))
    if errors:
        raise AgreementInvalidError(errors)


def _allowed(actor: User, *regions: str | None) -> None:
    if not all(may_edit_agreement(actor, region) for region in regions):
        raise AgreementForbiddenError(", ".join(str(r) for r in regions))


def _fill(agreement: Agreement, draft: AgreementDraft) -> None:
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


def _slug_base(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "-".join(re.sub(r"[^a-z0-9]+", " ", plain).split())[:70].strip("-") or "convenio"


def _free_slug(session: Session, base: str) -> str:
    taken = set(session.exec(select(Agreement.slug).where(col(Agreement.slug).startswith(base))))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def _audit(
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


def _flush_or_changed(
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


def create_agreement(
    session: Session,
    actor: User,
    draft: AgreementDraft,
    *,
    today: date,
    status: str = AgreementStatus.ACTIVE,
    reason: str | None = None,
    request_info: RequestInfo | None = None,
) -> AgreementView:
    """A new agreement (``status`` draft or active), audited; the caller commits."""
    _allowed(actor, draft.region_code)
    if status not in (AgreementStatus.DRAFT, AgreementStatus.ACTIVE):
        raise AgreementInvalidError({"status": [_l("A new agreement is a draft or active.")]})
    _check(session, draft, today)
    assert draft.valid_from is not None  # validated
    agreement = Agreement(
        slug=_free_slug(session, _slug_base(draft.title_es)),
        title_es=draft.title_es,
        kind=draft.kind,
        valid_from=draft.valid_from,
        status=str(status),
    )
    _fill(agreement, draft)
    session.add(agreement)
    session.flush()
    changes = diff({"parties": {}}, snapshot(agreement))
    _audit(session, actor, AuditAction.AGREEMENT_CREATED, agreement, changes, reason, request_info)
    return view_of(session, agreement, today)


def _load_for_change(
    session: Session, actor: User, agreement_id: str, version: int, draft: object
) -> Agreement:
    """The current row, in scope, at the version the editor loaded (else ChangedMeanwhileError)."""
    agreement = load_agreement(session, agreement_id, fresh=True)
    _allowed(actor, agreement.region_code)
    if agreement.version != version:
        changes, who = changes_since(session, agreement_id, version, snapshot(agreement))
        raise ChangedMeanwhileError(agreement_id, version, agreement.version, changes, who, draft)
    return agreement


def edit_agreement(
    session: Session,
    actor: User,
    agreement_id: str,
    draft: AgreementDraft,
    *,
    version: int,
    today: date,
    reason: str | None = None,
    request_info: RequestInfo | None = None,
) -> AgreementView:
    """Save the editor's draft over the agreement they loaded at ``version``.

    Raises :class:`ChangedMeanwhileError` (carrying ``draft``) when it changed since,
    :class:`AgreementForbiddenError` when the agreement or the new region is out of scope,
    :class:`AgreementInvalidError` when the draft breaks a rule. Saving nothing new writes
    nothing (no version bump, no audit entry).
    """
    agreement = _load_for_change(session, actor, agreement_id, version, draft)
    _allowed(actor, draft.region_code)
    _check(session, draft, today)
    before = snapshot(agreement)
    _fill(agreement, draft)
    changes = diff(before, snapshot(agreement))
    if not changes:
        return view_of(session, agreement, today)
    agreement.last_modified = utcnow()  # an UPDATE of the row even when only children changed
    _flush_or_changed(session, agreement_id, version, draft)
    _audit(session, actor, AuditAction.AGREEMENT_UPDATED, agreement, changes, reason, request_info)
    return view_of(session, agreement, today)


#: Which stored statuses each action starts from, and where it leads.
_TRANSITIONS: dict[AuditAction, tuple[tuple[AgreementStatus, ...], AgreementStatus]] = {
    AuditAction.AGREEMENT_SUSPENDED: ((AgreementStatus.ACTIVE,), AgreementStatus.SUSPENDED),
    AuditAction.AGREEMENT_ACTIVATED: (
        (AgreementStatus.DRAFT, AgreementStatus.SUSPENDED),
        AgreementStatus.ACTIVE,
    ),
    AuditAction.AGREEMENT_ENDED: (
        (AgreementStatus.DRAFT, AgreementStatus.ACTIVE, AgreementStatus.SUSPENDED),
        AgreementStatus.ENDED,
    ),
}
_REFUSALS = {
    AuditAction.AGREEMENT_SUSPENDED: _l("Only an active agreement can be suspended."),
    AuditAction.AGREEMENT_ACTIVATED: _l("Only a draft or a suspended agreement can be activated."),
    AuditAction.AGREEMENT_ENDED: _l("This agreement has already ended."),
}


def _transition(action: AuditAction) -> Callable[..., AgreementView]:
    def change_status(
        session: Session,
        actor: User,
        agreement_id: str,
        *,
        version: int,
        today: date,
        reason: str | None = None,
        request_info: RequestInfo | None = None,
    ) -> AgreementView:
        agreement = _load_for_change(session, actor, agreement_id, version, None)
        sources, target = _TRANSITIONS[action]
        if agreement.status not in sources:
            raise AgreementInvalidError({"status": [_REFUSALS[action]]})
        before = snapshot(agreement)
        agreement.status = target
        agreement.last_modified = utcnow()
        _flush_or_changed(session, agreement_id, version, None)
        changes = diff(before, snapshot(agreement))
        _audit(session, actor, action, agreement, changes, reason, request_info)
        return view_of(session, agreement, today)

    change_status.__doc__ = f"Set the status ({action.value}); same arguments and errors as edit."
    return change_status


suspend_agreement = _transition(AuditAction.AGREEMENT_SUSPENDED)
activate_agreement = _transition(AuditAction.AGREEMENT_ACTIVATED)
end_agreement = _transition(AuditAction.AGREEMENT_ENDED)


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


def renew_agreement(
    session: Session,
    actor: User,
    agreement_id: str,
    renewal: Renewal,
    *,
    version: int,
    today: date,
    reason: str | None = None,
    request_info: RequestInfo | None = None,
) -> AgreementView:
    """A new validity period: a new active agreement that ``renews`` this one.

    The new row copies the texts, kind, region, parties (with contacts), domains and
    offers; its quota used starts at 0. If the new period starts on or before the old
    one's end, the old one now ends the day before. Drafts, ended agreements and ones
    already renewed are refused. Returns the new agreement.
    """
    previous = _load_for_change(session, actor, agreement_id, version, renewal)
    errors: dict[str, list[object]] = {}
    if previous.status in (AgreementStatus.DRAFT, AgreementStatus.ENDED):
        errors["status"] = [_l("Only an active or suspended agreement can be renewed.")]
    if session.exec(select(Agreement.id).where(Agreement.renews_id == previous.id)).first():
        errors["status"] = [_l("This agreement has already been renewed.")]
    if renewal.valid_from is not None and renewal.valid_from <= previous.valid_from:
        errors["valid_from"] = [_l("The new period must start after the current one starts.")]
    draft = replace(
        draft_of(view_of(session, previous, today)),
        valid_from=renewal.valid_from,
        valid_to=renewal.valid_to,
        signed_on=renewal.signed_on,
        document_url=renewal.document_url,
        quota=renewal.quota,
        quota_period=renewal.quota_period,
        quota_used=0,
    )
    problems = validate(draft, _known(session, draft, today))
    for name, messages in problems.items():
        errors.setdefault(name, []).extend(messages)
    if errors:
        raise AgreementInvalidError(errors)
    assert renewal.valid_from is not None  # validated above
    before = snapshot(previous)
    if previous.valid_to is None or previous.valid_to >= renewal.valid_from:
        previous.valid_to = renewal.valid_from - timedelta(days=1)
    previous.last_modified = utcnow()
    _flush_or_changed(session, agreement_id, version, renewal)
    base = re.sub(r"-\d{4}$", "", previous.slug)
    agreement = Agreement(
        slug=_free_slug(session, f"{base}-{renewal.valid_from.year}"),
        title_es=draft.title_es,
        kind=draft.kind,
        valid_from=renewal.valid_from,
        status=AgreementStatus.ACTIVE,
        renews_id=previous.id,
    )
    _fill(agreement, draft)
    session.add(agreement)
    session.flush()
    _audit(
        session,
        actor,
        AuditAction.AGREEMENT_RENEWED,
        previous,
        diff(before, snapshot(previous)),
        reason,
        request_info,
        renewed_by=agreement.id,
    )
    created = diff({"parties": {}}, snapshot(agreement))
    _audit(
        session,
        actor,
        AuditAction.AGREEMENT_CREATED,
        agreement,
        created,
        reason,
        request_info,
        renews=previous.id,
    )
    return view_of(session, agreement, today)

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

from datetime import date
from typing import Protocol

from sqlmodel import Session

from enlace.accounts.audit import AuditAction, RequestInfo
from enlace.accounts.models import User
from enlace.db import utcnow
from enlace.i18n import _l
from enlace.network.errors import AgreementInvalidError
from enlace.network.history import diff, snapshot
from enlace.network.listing import AgreementView, view_of
from enlace.network.models import Agreement
from enlace.network.renewal import Renewal, renew_agreement
from enlace.network.validation import AgreementDraft, PartyDraft
from enlace.network.vocab import AgreementStatus
from enlace.network.writing import (
    audit,
    check_draft,
    check_scope,
    draft_of,
    fill,
    flush_or_changed,
    free_slug,
    load_for_change,
    slug_base,
)

__all__ = [
    "AgreementDraft",
    "PartyDraft",
    "Renewal",
    "StatusAction",
    "activate_agreement",
    "create_agreement",
    "draft_of",
    "edit_agreement",
    "end_agreement",
    "may_change_status",
    "renew_agreement",
    "suspend_agreement",
]


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
    check_scope(actor, draft.region_code)
    if status not in (AgreementStatus.DRAFT, AgreementStatus.ACTIVE):
        raise AgreementInvalidError({"status": [_l("A new agreement is a draft or active.")]})
    check_draft(session, draft, today)
    assert draft.valid_from is not None  # validated
    agreement = Agreement(
        slug=free_slug(session, slug_base(draft.title_es)),
        title_es=draft.title_es,
        kind=draft.kind,
        valid_from=draft.valid_from,
        status=str(status),
    )
    fill(agreement, draft)
    session.add(agreement)
    session.flush()
    changes = diff({"parties": {}}, snapshot(agreement))
    audit(session, actor, AuditAction.AGREEMENT_CREATED, agreement, changes, reason, request_info)
    return view_of(session, agreement, today)


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
    agreement = load_for_change(session, actor, agreement_id, version, draft)
    check_scope(actor, draft.region_code)
    check_draft(session, draft, today)
    before = snapshot(agreement)
    fill(agreement, draft)
    changes = diff(before, snapshot(agreement))
    if not changes:
        return view_of(session, agreement, today)
    agreement.last_modified = utcnow()  # an UPDATE of the row even when only children changed
    flush_or_changed(session, agreement_id, version, draft)
    audit(session, actor, AuditAction.AGREEMENT_UPDATED, agreement, changes, reason, request_info)
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


def may_change_status(action: AuditAction, status: str) -> bool:
    """Whether a status action (suspend, activate, end) applies to this stored status, so a
    page offers only the actions the service would accept."""
    transition = _TRANSITIONS.get(action)
    return transition is not None and status in transition[0]


class StatusAction(Protocol):
    """suspend_agreement, activate_agreement, end_agreement: a status change, audited.

    Same errors as :func:`edit_agreement` (ChangedMeanwhileError carries no draft), plus
    AgreementInvalidError on ``status`` when the agreement's status does not allow it.
    """

    def __call__(
        self,
        session: Session,
        actor: User,
        agreement_id: str,
        *,
        version: int,
        today: date,
        reason: str | None = None,
        request_info: RequestInfo | None = None,
    ) -> AgreementView: ...


def _transition(action: AuditAction) -> StatusAction:
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
        agreement = load_for_change(session, actor, agreement_id, version, None)
        sources, target = _TRANSITIONS[action]
        if agreement.status not in sources:
            raise AgreementInvalidError({"status": [_REFUSALS[action]]})
        before = snapshot(agreement)
        agreement.status = target
        agreement.last_modified = utcnow()
        flush_or_changed(session, agreement_id, version, None)
        changes = diff(before, snapshot(agreement))
        audit(session, actor, action, agreement, changes, reason, request_info)
        return view_of(session, agreement, today)

    change_status.__doc__ = f"Set the status ({action.value}); same arguments and errors as edit."
    return change_status


suspend_agreement = _transition(AuditAction.AGREEMENT_SUSPENDED)
activate_agreement = _transition(AuditAction.AGREEMENT_ACTIVATED)
end_agreement = _transition(AuditAction.AGREEMENT_ENDED)

"""Renewing an agreement: a new validity period as a new row that ``renews`` the old one.

Why a new row rather than a table of periods: each period is its own signed instrument
with its own dates, quota, quota used, signing date and document, and referrals made
under it count against *its* quota. As one row per period, "in force on day D" stays a
comparison of two columns, the graph and the HSDS profile read flat rows, the old
period's history and version are left untouched, and the chain (``renews_id``, unique)
links the periods for the history. The cost is copying the parties, domains and offers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from sqlmodel import Session, select

from enlace.accounts.audit import AuditAction, RequestInfo
from enlace.accounts.models import User
from enlace.db import utcnow
from enlace.i18n import _l
from enlace.network.errors import AgreementInvalidError
from enlace.network.history import diff, snapshot
from enlace.network.listing import AgreementView, view_of
from enlace.network.models import Agreement
from enlace.network.validation import validate
from enlace.network.vocab import AgreementStatus
from enlace.network.writing import (
    audit,
    draft_of,
    fill,
    flush_or_changed,
    free_slug,
    known_facts,
    load_for_change,
)


@dataclass(frozen=True, slots=True)
class Renewal:
    """A new validity period for an agreement (what a renewal form asks)."""

    valid_from: date | None
    valid_to: date | None
    signed_on: date | None = None
    document_url: str | None = None
    quota: int | None = None
    quota_period: str | None = None


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
    previous = load_for_change(session, actor, agreement_id, version, renewal)
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
    problems = validate(draft, known_facts(session, draft, today))
    for name, messages in problems.items():
        errors.setdefault(name, []).extend(messages)
    if errors:
        raise AgreementInvalidError(errors)
    assert renewal.valid_from is not None  # validated above
    before = snapshot(previous)
    if previous.valid_to is None or previous.valid_to >= renewal.valid_from:
        previous.valid_to = renewal.valid_from - timedelta(days=1)
    previous.last_modified = utcnow()
    flush_or_changed(session, agreement_id, version, renewal)
    base = re.sub(r"-\d{4}$", "", previous.slug)
    agreement = Agreement(
        slug=free_slug(session, f"{base}-{renewal.valid_from.year}"),
        title_es=draft.title_es,
        kind=draft.kind,
        valid_from=renewal.valid_from,
        status=AgreementStatus.ACTIVE,
        renews_id=previous.id,
    )
    fill(agreement, draft)
    session.add(agreement)
    session.flush()
    audit(
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
    audit(
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

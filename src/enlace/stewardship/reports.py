"""Problems visitors report on an offer's page: wrong phone, closed, moved, other.

No account and no personal data: a report holds the offer, a reason code and a short
text. Spam is kept out without third parties: a field people never see (bots fill it),
a minimum time to fill in the form, and a limit per client address (the address is kept
only as a keyed hash in the sign-in throttle table, under its own prefix).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from enlace.accounts import throttling
from enlace.accounts.audit import RequestInfo, record
from enlace.accounts.models import User
from enlace.stewardship import service
from enlace.stewardship.errors import RecordNotFoundError
from enlace.stewardship.models import ProblemReport

REASONS: tuple[str, ...] = ("wrong_phone", "closed", "moved", "other")
TEXT_MAX = 500
OPEN, RESOLVED = "open", "resolved"


@dataclass(frozen=True, slots=True)
class SpamRules:
    min_seconds: int = 3  # people take longer than this to fill in the form
    per_hour: int = 5  # reports from one address per hour
    lock_minutes: int = 60


def looks_automated(
    honeypot: str | None, started: float | None, now: float, rules: SpamRules
) -> bool:
    """A filled hidden field, an unreadable start time, or a form sent too fast."""
    if honeypot:
        return True
    return started is None or now - started < rules.min_seconds or now - started > 86400


def _key(address: str | None, secret: str) -> throttling.Key:
    digest = hmac.new(secret.encode(), (address or "unknown").encode(), hashlib.sha256)
    return throttling.Key(throttling.Kind.ADDRESS, "report:" + digest.hexdigest()[:57])


def _settings(rules: SpamRules) -> throttling.ThrottleSettings:
    limits = throttling.Limits(slow_after=rules.per_hour, max_attempts=rules.per_hour)
    return throttling.ThrottleSettings(
        address=limits, lock_minutes=rules.lock_minutes, window_minutes=60
    )


def may_report(
    session: Session, address: str | None, secret: str, rules: SpamRules, now: datetime
) -> bool:
    """Whether this address may report now (fewer than ``per_hour`` in the last hour)."""
    return throttling.check(session, [_key(address, secret)], _settings(rules), now).allowed


def file_report(
    session: Session,
    offer_id: str,
    reason: str,
    text: str,
    *,
    address: str | None,
    secret: str,
    rules: SpamRules,
    now: datetime,
) -> ProblemReport:
    """Store a report (and count it against the address); the caller commits."""
    if reason not in REASONS:
        raise ValueError(reason)
    report = ProblemReport(
        offer_id=offer_id, reason=reason, text=text.strip()[:TEXT_MAX], created_at=now
    )
    session.add(report)
    throttling.register_failure(session, _key(address, secret), _settings(rules), now)
    session.flush()
    return report


def open_reports(session: Session, offer_id: str) -> list[ProblemReport]:
    return list(
        session.exec(
            select(ProblemReport)
            .where(ProblemReport.offer_id == offer_id, ProblemReport.status == OPEN)
            .order_by(col(ProblemReport.id))
        )
    )


def resolve(
    session: Session,
    actor: User,
    report_id: int,
    *,
    now: datetime,
    request_info: RequestInfo | None = None,
) -> ProblemReport:
    """Close a report (the coordinator fixed the record or found nothing wrong), audited."""
    report = session.get(ProblemReport, report_id)
    if report is None:
        raise RecordNotFoundError(str(report_id))
    offer = service.load(session, "offer", report.offer_id)
    service.check_scope(actor, service.region_of(session, offer))
    if report.status == OPEN:
        report.status = RESOLVED
        report.resolved_at = now
        report.resolved_by = actor.email
        session.add(report)
        details = {"report": report.id, "reason": report.reason}
        record(
            session,
            actor,
            "catalogue.offer.report_resolved",
            "offer",
            offer.id,
            None,
            request_info,
            details=details,
        )
    return report

"""What every casework page of the staff area shares: the signed-in case manager, the
request's audit details, and one answer for "not yours or not there" (404, so nobody
learns that another centre's participant exists).
"""

from __future__ import annotations

from datetime import date

from flask import current_app, render_template
from flask.typing import ResponseReturnValue

from enlace.accounts.audit import RequestInfo
from enlace.accounts.models import User
from enlace.casework.errors import NotInScopeError
from enlace.casework.models import Participant
from enlace.casework.pages_support import viewed
from enlace.casework.referrals import DEFAULT_UNANSWERED_DAYS
from enlace.db import get_session
from enlace.web.access import request_info, signed_in_user
from enlace.web.staff import blueprint


def me() -> User:
    user = signed_in_user()
    assert user is not None  # guaranteed by @requires
    return user


def info() -> RequestInfo:
    return request_info()


def today() -> date:
    return date.today()


def unanswered_days() -> int:
    """ENLACE_REFERRAL_UNANSWERED_DAYS (config ``REFERRAL_UNANSWERED_DAYS``)."""
    value = current_app.config.get("REFERRAL_UNANSWERED_DAYS", DEFAULT_UNANSWERED_DAYS)
    try:
        return max(1, int(value))
    except (TypeError, ValueError):
        return DEFAULT_UNANSWERED_DAYS


def shown(participant_id: str, page: str) -> Participant:
    """The participant a page is about, in scope; the view audited and committed (call it
    when nothing else is pending: a refused change was rolled back before)."""
    session = get_session()
    participant = viewed(session, me(), participant_id, page, info())
    session.commit()
    return participant


def spaced_code(code: str) -> str:
    """A participant code to read aloud: one character at a time, a pause at the dash."""
    return " ".join(code.replace("-", " ")).replace("   ", " – ")


@blueprint.errorhandler(NotInScopeError)
def _not_in_scope(error: NotInScopeError) -> ResponseReturnValue:
    get_session().rollback()
    return render_template("errors/404.html"), 404


@blueprint.app_template_filter("spaced_code")
def _spaced_code(code: str) -> str:
    return spaced_code(code)

"""The receiving agency's page: no account, only the secret link (``/derivacion/<token>``).

It shows only the consented data and lets the agency accept, waitlist or decline (with a
reason) and later report in service, completed or not completed. Every use is audited by
the casework service; a withdrawn or expired consent shows "consent withdrawn" and no
data; an unknown, expired or revoked link answers the plain 404 page, saying nothing.

Never indexed (meta and ``X-Robots-Tag``), never sends a referrer, never cached, sets no
cookie, and is rate-limited per link and per address: fixed windows counted in the
database, so the limits hold across every worker process (429 with ``Retry-After``
beyond them). The form has no CSRF token: there is no session to ride on, and the
unguessable token in the address is the secret a forged request would need.
"""

from __future__ import annotations

from typing import Any, TypeVar

from flask import Response, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response as BaseResponse
from wtforms import Form, HiddenField, TextAreaField

from enlace.accounts import shared_limits
from enlace.accounts.shared_limits import Limit
from enlace.casework import links
from enlace.casework.errors import ConsentRequiredError, LinkRefusedError, TransitionError
from enlace.casework.links import LinkPage
from enlace.db import get_session, utcnow
from enlace.i18n import _, _l
from enlace.web.access import request_info
from enlace.web.casework_labels import (
    CONSENT_PROBLEMS,
    NEGATIVE_REASONS,
    NOTICE,
    TRANSITION_PROBLEMS,
    from_table,
)
from enlace.web.common import choice_field, max_length, options
from enlace.web.letter_view import place_names, shared_lines
from enlace.web.public import blueprint
from enlace.web.security import csrf

TOKEN_MAX = 100
#: Uses of one link, and requests of one address, allowed per window.
PER_LINK = 30
PER_ADDRESS = 60
WINDOW_SECONDS = 600
R = TypeVar("R", bound=BaseResponse)
HEADERS = {
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def _allow(key: str) -> bool:
    """The link service's hook: ``key`` is the link's hash, or "unknown" (then only the
    address counts). Counted in the database (:mod:`enlace.accounts.shared_limits`), so
    every worker process shares the limits; a refusal keeps its wait for Retry-After."""
    session, now = get_session(), utcnow()
    address = f"recipient-address:{request.remote_addr or '-'}"
    wait = shared_limits.hit(session, address, Limit(PER_ADDRESS, WINDOW_SECONDS), now)
    if wait is None and key != "unknown":
        wait = shared_limits.hit(
            session, f"recipient-link:{key}", Limit(PER_LINK, WINDOW_SECONDS), now
        )
    if wait is not None:
        g.recipient_retry_after = wait
    return wait is None


def _too_many() -> Response:
    """429: the page says to wait, ``Retry-After`` says how long."""
    body = render_template(
        "errors/error.html",
        title=_("Too many requests"),
        message=_("This link was used too often. Wait a few minutes and try again."),
        noindex=True,
    )
    response = _headers(Response(body, status=429, mimetype="text/html"))
    response.headers["Retry-After"] = str(g.get("recipient_retry_after", WINDOW_SECONDS))
    return response


def _reason_choices() -> list[Any]:
    return options(
        [("", _l("Choose a reason…")), *((r.value, t) for r, t in NEGATIVE_REASONS.items())]
    )


class AnswerForm(Form):  # type: ignore[misc]
    """The agency's answer (no CSRF: see the module's docstring)."""

    status = HiddenField()
    reason_code = choice_field(_l("Reason"), _reason_choices, "")
    reason_text = TextAreaField(_l("Reason in words"), [max_length(500)])


def _headers(response: R) -> R:
    response.headers.update(HEADERS)
    return response


def _not_found() -> Response:
    return _headers(Response(render_template("errors/404.html", noindex=True), status=404))


def _render(view: LinkPage, token: str, form: AnswerForm, status: int = 200) -> Response:
    lines = shared_lines(view.letter.data, place_names()) if view.letter is not None else []
    body = render_template(
        "public/recipient.html",
        view=view,
        lines=lines,
        form=form,
        token=token,
        notice=NOTICE,
        done=request.args.get("hecho") == "1",
        noindex=True,
    )
    return _headers(Response(body, status=status, mimetype="text/html"))


def _open(token: str) -> LinkPage | Response:
    session = get_session()
    try:
        view = links.open_page(session, token, request_info(), _allow)
    except LinkRefusedError as refused:
        session.commit()  # the refusal's audit entry
        return _too_many() if refused.problem == "rate_limited" else _not_found()
    session.commit()
    return view


@blueprint.route("/derivacion/<token>", methods=["GET", "POST"])
def recipient_link(token: str) -> ResponseReturnValue:
    if len(token) > TOKEN_MAX:
        return _not_found()
    form = AnswerForm(request.form if request.method == "POST" else None)
    if request.method == "POST":
        session = get_session()
        try:
            links.respond(
                session,
                token,
                form.status.data or "",
                form.reason_code.data or None,
                (form.reason_text.data or "").strip()[:500] or None,
                request_info(),
                _allow,
            )
        except LinkRefusedError as refused:
            session.commit()
            return _too_many() if refused.problem == "rate_limited" else _not_found()
        except (TransitionError, ConsentRequiredError) as refused:
            session.rollback()
            if isinstance(refused, TransitionError):
                form.reason_code.errors = [from_table(TRANSITION_PROBLEMS, refused.problem)]
            else:
                form.reason_code.errors = [from_table(CONSENT_PROBLEMS, refused.problem)]
            opened = _open(token)
            if isinstance(opened, Response):
                return opened
            return _render(opened, token, form, 422)
        session.commit()
        return _headers(redirect(url_for("public.recipient_link", token=token, hecho=1), code=303))
    opened = _open(token)
    if isinstance(opened, Response):
        return opened
    return _render(opened, token, form, 200)


csrf.exempt(recipient_link)  # see the module's docstring

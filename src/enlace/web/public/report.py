"""Report a problem with an offer's information (issue 16): no account, no personal data.

Like the self-check, the form carries no CSRF token (a token needs a session cookie, and
public pages set none); a forged report could only file a report, which the limits below
already bound. Spam is kept out by a hidden field, a signed start time (a minimum time to
fill in the form) and a per-address limit; a bot's report is answered as if accepted and
stored nowhere.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from flask import abort, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from itsdangerous import BadSignature, URLSafeSerializer
from sqlmodel import Session
from wtforms import HiddenField, RadioField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional, Regexp

from enlace.catalogue import read
from enlace.db import get_session
from enlace.stewardship.reports import (
    REASONS,
    TEXT_MAX,
    SpamRules,
    file_report,
    looks_automated,
    may_report,
)
from enlace.web import catalogue_labels
from enlace.web.common import INVALID, max_length, options, page
from enlace.web.mail import queue_mail
from enlace.web.public import blueprint
from enlace.web.security import csrf

TOO_MANY = 429


class ReportForm(FlaskForm):  # type: ignore[misc]
    class Meta:
        csrf = False  # no session on public pages: see the module's docstring

    reason = RadioField(
        _l("What is wrong?"),
        choices=lambda: options((r, catalogue_labels.REPORT_REASONS[r]) for r in REASONS),
        validators=[InputRequired(_l("Choose what is wrong."))],
    )
    text = TextAreaField(_l("Tell us more (optional)"), [max_length(TEXT_MAX)])
    email = StringField(
        _l("Your e-mail, if you want an acknowledgement (optional)"),
        [
            Optional(),
            Regexp(
                r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                message=_l("Write an e-mail address like name@example.org."),
            ),
            max_length(254),
        ],
        render_kw={"type": "email", "autocomplete": "email"},
    )
    website = StringField(_l("Leave this field empty"), [max_length(200)])
    started = HiddenField()


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="enlace-report-form")


def _started(value: str | None) -> float | None:
    try:
        loaded = _signer().loads(value or "")
    except BadSignature:
        return None
    return float(loaded) if isinstance(loaded, int | float) else None


def _rules() -> SpamRules:
    config = current_app.config
    return SpamRules(
        min_seconds=int(config["REPORT_MIN_SECONDS"]), per_hour=int(config["REPORTS_PER_HOUR"])
    )


@blueprint.route("/oferta/<slug>/informar-problema", methods=["GET", "POST"])
def report_problem(slug: str) -> ResponseReturnValue:
    session = get_session()
    offer = read.offer_by_slug(session, slug)
    if offer is None:
        abort(404)
    form = ReportForm(request.form if request.method == "POST" else None)
    if request.method == "GET":
        form.started.data = _signer().dumps(time.time())
        return render_template("public/report.html", form=form, offer=offer)
    if not form.validate():
        form.started.data = form.started.data or _signer().dumps(time.time())
        return page("public/report.html", INVALID, form=form, offer=offer)
    if looks_automated(form.website.data, _started(form.started.data), time.time(), _rules()):
        return render_template("public/report_thanks.html", offer=offer)  # stored nowhere
    now = datetime.now(UTC)
    secret = str(current_app.config["SECRET_KEY"])
    if not may_report(session, request.remote_addr, secret, _rules(), now):
        return page("public/report.html", TOO_MANY, form=form, offer=offer, too_many=True)
    file_report(
        session,
        offer.id,
        form.reason.data,
        form.text.data or "",
        address=request.remote_addr,
        secret=secret,
        rules=_rules(),
        now=now,
    )
    if form.email.data:  # kept only in the outbox message, never with the report
        _acknowledge(session, form.email.data.strip(), offer)
    session.commit()
    return render_template("public/report_thanks.html", offer=offer)


def _acknowledge(session: Session, to: str, offer: Any) -> None:
    language = str(get_locale() or "es")
    name = offer.name_en if language == "en" and offer.name_en else offer.name_es
    link = url_for("public.offer", slug=offer.slug, _external=True)
    queue_mail(
        session,
        to=to,
        language=language,
        template="report_ack",
        subject=_l("We received your report"),
        purpose="report_ack",
        offer_name=name,
        link=link,
    )


csrf.exempt(report_problem)  # see the module's docstring

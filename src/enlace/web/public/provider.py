"""The provider's update page: a one-time link from an update request shows the record's
current texts and contacts; the provider proposes changes without an account (issue 16).

The link works once, until it expires or is revoked; a link that no longer works says so
(404) without telling whether it ever existed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField

from enlace.db import get_session
from enlace.stewardship.errors import RecordInvalidError
from enlace.stewardship.requests import PROVIDER_FIELDS, current_values, open_request, propose
from enlace.web.common import INVALID, max_length, page
from enlace.web.public import blueprint

TEXT = 5000
LABELS = {
    "name_es": _l("Name (Spanish)"),
    "name_en": _l("Name (English)"),
    "description_es": _l("Description (Spanish)"),
    "description_en": _l("Description (English)"),
    "eligibility_es": _l("Who can apply (Spanish)"),
    "eligibility_en": _l("Who can apply (English)"),
    "application_es": _l("How to apply (Spanish)"),
    "application_en": _l("How to apply (English)"),
    "fees_es": _l("Cost details (Spanish)"),
    "fees_en": _l("Cost details (English)"),
    "url": _l("Web page"),
    "website": _l("Web page"),
    "email": _l("E-mail"),
}


class ProviderForm(FlaskForm):  # type: ignore[misc]
    """Every field a provider may propose; the page shows those of the record's kind."""

    name_es = StringField(LABELS["name_es"], [max_length(300)])
    name_en = StringField(LABELS["name_en"], [max_length(300)])
    description_es = TextAreaField(LABELS["description_es"], [max_length(TEXT)])
    description_en = TextAreaField(LABELS["description_en"], [max_length(TEXT)])
    eligibility_es = TextAreaField(LABELS["eligibility_es"], [max_length(TEXT)])
    eligibility_en = TextAreaField(LABELS["eligibility_en"], [max_length(TEXT)])
    application_es = TextAreaField(LABELS["application_es"], [max_length(TEXT)])
    application_en = TextAreaField(LABELS["application_en"], [max_length(TEXT)])
    fees_es = TextAreaField(LABELS["fees_es"], [max_length(TEXT)])
    fees_en = TextAreaField(LABELS["fees_en"], [max_length(TEXT)])
    url = StringField(LABELS["url"], [max_length(500)])
    website = StringField(LABELS["website"], [max_length(500)])
    email = StringField(LABELS["email"], [max_length(254)])
    phones = TextAreaField(_l("Phones, one per line"), [max_length(1000)])


def _now() -> datetime:
    return datetime.now(UTC)


def _phones_text(phones: list[dict[str, Any]]) -> str:
    return "\n".join(p.get("number") or "" for p in phones)


def _values(form: ProviderForm, kind: str, current: dict[str, Any]) -> dict[str, Any]:
    """The proposal the form holds; phones keep their descriptions when the number stays."""
    values: dict[str, Any] = {}
    for name in PROVIDER_FIELDS[kind]:
        if name == "phones":
            known = {p["number"]: p for p in current.get("phones") or []}
            numbers = [n.strip() for n in (form.phones.data or "").splitlines() if n.strip()]
            values["phones"] = [
                known.get(n, {"number": n, "description_es": None, "description_en": None})
                for n in numbers
            ]
        else:
            text = (getattr(form, name).data or "").strip()
            values[name] = text or (None if name not in ("name_es", "description_es") else "")
    return values


def _fields(form: ProviderForm, kind: str) -> list[Any]:
    return [getattr(form, name) for name in PROVIDER_FIELDS[kind]]


@blueprint.route("/actualizar/<token>", methods=["GET", "POST"])
def provider_update(token: str) -> ResponseReturnValue:
    session = get_session()
    request = open_request(session, token, _now())
    if request is None:
        return page("public/provider_closed.html", 404)
    current = current_values(session, request)
    if not ProviderForm().is_submitted():
        start = {k: v for k, v in current.items() if k != "phones"}
        start["phones"] = _phones_text(current.get("phones") or [])
        form = ProviderForm(data={k: v or "" for k, v in start.items()})
        return render_template(
            "public/provider_update.html",
            form=form,
            request=request,
            fields=_fields(form, request.kind),
        )
    form = ProviderForm()
    fields = _fields(form, request.kind)
    if not form.validate():
        return page(
            "public/provider_update.html", INVALID, form=form, request=request, fields=fields
        )
    try:
        changed = propose(session, request, _values(form, request.kind, current), now=_now())
    except RecordInvalidError as refused:
        session.rollback()
        loose: list[str] = []
        for key, messages in refused.errors.items():
            target = getattr(form, "phones" if key.startswith("phones") else key, None)
            if target is None:
                loose.extend(str(m) for m in messages)
            else:
                target.errors = [*target.errors, *(str(m) for m in messages)]
        return page(
            "public/provider_update.html",
            INVALID,
            form=form,
            request=request,
            fields=fields,
            loose=loose,
        )
    session.commit()
    return render_template("public/provider_thanks.html", changed=changed)

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
from sqlmodel import Session
from wtforms import FieldList, Form, FormField, HiddenField, SelectField, StringField, TextAreaField

from enlace.catalogue.lookup import reference_data
from enlace.db import get_session
from enlace.stewardship.errors import RecordInvalidError
from enlace.stewardship.places import place_label
from enlace.stewardship.requests import PROVIDER_FIELDS, current_values, open_request, propose
from enlace.web import catalogue_labels
from enlace.web.common import INVALID, max_length, options, page
from enlace.web.public import blueprint
from enlace.web.record_rows import (
    MAX_ROWS,
    ScheduleForm,
    add_blank_rows,
    schedule_form_rows,
    schedule_rows,
)

TEXT = 5000
#: The fields as the coordinators' history names them (one wording everywhere).
LABELS = catalogue_labels.CATALOGUE_FIELDS


class PlaceAddressForm(Form):  # type: ignore[misc]
    """The address, commune and opening hours of one of the agency's places (the provider
    cannot add or remove places: the coordinator does)."""

    id = HiddenField()
    address_1 = StringField(_l("Street and number"), [max_length(300)])
    commune_code = SelectField(_l("Commune"), validate_choice=False)
    schedules = FieldList(FormField(ScheduleForm), label=_l("Opening hours"), max_entries=MAX_ROWS)


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
    wait_time_es = TextAreaField(LABELS["wait_time_es"], [max_length(TEXT)])
    wait_time_en = TextAreaField(LABELS["wait_time_en"], [max_length(TEXT)])
    documents = TextAreaField(_l("Documents to bring, one per line"), [max_length(TEXT)])
    contacts = TextAreaField(
        _l("Contacts, one per line: name or role; position; e-mail"), [max_length(TEXT)]
    )
    schedules = FieldList(FormField(ScheduleForm), label=_l("Opening hours"), max_entries=MAX_ROWS)
    places = FieldList(FormField(PlaceAddressForm), label=_l("Places"), max_entries=MAX_ROWS)


def _now() -> datetime:
    return datetime.now(UTC)


def _phones_text(phones: list[dict[str, Any]]) -> str:
    return "\n".join(p.get("number") or "" for p in phones)


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _contact(line: str) -> dict[str, Any]:
    """ "Name; position; e-mail" (the part with an @ is the e-mail, wherever it is)."""
    parts = [part.strip() for part in line.split(";")]
    email = next((part for part in parts if "@" in part), None)
    rest = [part for part in parts if part and part != email]
    return {
        "name": rest[0] if rest else "",
        "title": rest[1] if len(rest) > 1 else None,
        "email": email,
    }


def _start(current: dict[str, Any]) -> dict[str, Any]:
    """The form's starting values: the record as it stands."""
    start: dict[str, Any] = {}
    for name, value in current.items():
        if name == "phones":
            start[name] = _phones_text(value or [])
        elif name == "documents":
            start[name] = "\n".join(d["document_es"] for d in value or [])
        elif name == "contacts":
            start[name] = "\n".join(
                "; ".join(p for p in (c["name"], c["title"], c["email"]) if p) for c in value or []
            )
        elif name == "schedules":
            start[name] = schedule_form_rows(value or [])
        elif name == "places":
            start[name] = [
                {
                    "id": p["id"],
                    "address_1": p["address_1"] or "",
                    "commune_code": p["commune_code"] or "",
                    "schedules": schedule_form_rows(p.get("schedules") or []),
                }
                for p in value or []
            ]
        else:
            start[name] = value or ""
    return start


def _prepare(form: ProviderForm, session: Session, current: dict[str, Any]) -> None:
    """A blank row of hours after the filled ones; each place's communes are its region's."""
    add_blank_rows(form, ("schedules",))
    communes = sorted(reference_data(session).communes.values(), key=lambda c: c.name)
    regions = {p["id"]: p["region_code"] for p in current.get("places") or []}
    labels = {p["id"]: place_label(p) for p in current.get("places") or []}
    for entry in form.places:
        add_blank_rows(entry.form, ("schedules",))
        region = regions.get(entry.form.id.data)
        entry.form.place_name = labels.get(entry.form.id.data, "")
        entry.form.commune_code.choices = options(
            [
                ("", _l("Choose a commune")),
                *((c.code, c.name) for c in communes if region is None or c.region_code == region),
            ]
        )


def _values(form: ProviderForm, kind: str, current: dict[str, Any]) -> dict[str, Any]:
    """The proposal the form holds; phones keep their descriptions when the number stays,
    documents their English when the Spanish stays."""
    values: dict[str, Any] = {}
    for name in PROVIDER_FIELDS[kind]:
        if name == "documents":
            known_docs = {d["document_es"]: d for d in current.get("documents") or []}
            values[name] = [
                known_docs.get(line, {"document_es": line, "document_en": None})
                for line in _lines(form.documents.data)
            ]
        elif name == "contacts":
            values[name] = [_contact(line) for line in _lines(form.contacts.data)]
        elif name == "schedules":
            values[name] = schedule_rows(form)[0]
        elif name == "places":
            values[name] = [
                {
                    "id": entry.form.id.data,
                    "address_1": (entry.form.address_1.data or "").strip() or None,
                    "commune_code": entry.form.commune_code.data or None,
                    "schedules": schedule_rows(entry.form)[0],
                }
                for entry in form.places
            ]
        elif name == "phones":
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


def _row_field(form: ProviderForm, key: str) -> Any:
    """The form field a service message names: a text box for a list written one per
    line, the row's own field for hours and places (``schedules-0-opens_at``)."""
    name, _, rest = key.partition("-")
    if name in ("phones", "contacts", "documents"):
        return getattr(form, name)
    if name in ("schedules", "places") and rest:
        number, _, sub = rest.partition("-")
        row = _row(getattr(form, name), number, only_filled=name == "schedules")
        if row is None:
            return None
        if name == "places" and sub.startswith("schedules-"):  # places-0-schedules-1-opens_at
            hours, _, field = sub.removeprefix("schedules-").partition("-")
            row = _row(row.schedules, hours, only_filled=True)
            sub = field
            if row is None:
                return None
        return row.days if sub == "byday" else getattr(row, sub, None)
    found = getattr(form, key, None)
    return None if isinstance(found, FieldList) else found


def _row(entries: FieldList, number: str, *, only_filled: bool) -> Any:
    """Row ``number`` as the service counted it (hours: among the filled rows only)."""
    rows = (
        [e.form for e in entries if e.form.filled()] if only_filled else [e.form for e in entries]
    )
    return rows[int(number)] if number.isdigit() and int(number) < len(rows) else None


def _put_errors(form: ProviderForm, errors: dict[str, list[Any]]) -> list[str]:
    loose: list[str] = []
    for key, messages in errors.items():
        target = _row_field(form, key)
        if target is None:
            loose.extend(str(m) for m in messages)
        else:
            target.errors = [*target.errors, *(str(m) for m in messages)]
    return loose


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
        form = ProviderForm(data=_start(current))
        _prepare(form, session, current)
        return render_template(
            "public/provider_update.html",
            form=form,
            request=request,
            fields=_fields(form, request.kind),
        )
    form = ProviderForm()
    _prepare(form, session, current)
    fields = _fields(form, request.kind)
    if not form.validate():
        return page(
            "public/provider_update.html", INVALID, form=form, request=request, fields=fields
        )
    try:
        changed = propose(session, request, _values(form, request.kind, current), now=_now())
    except RecordInvalidError as refused:
        session.rollback()
        loose = _put_errors(form, refused.errors)
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

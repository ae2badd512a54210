"""The repeated rows of the catalogue forms (phones, opening hours, contacts, documents)
and their conversion to what the services take, and back.

Shared by the coordinators' offer, agency and place pages and the providers' update form
(public), so it lives outside both audience packages.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Form, SelectMultipleField, StringField
from wtforms.widgets import CheckboxInput, ListWidget

from enlace.catalogue.vocab import WEEKDAYS
from enlace.web import labels
from enlace.web.common import max_length, options

#: Rows of one kind a form accepts (a bound on what one request may add).
MAX_ROWS = 30


class Checkboxes(SelectMultipleField):  # type: ignore[misc]
    """Several choices as checkboxes (the services check the codes)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, label: Any, **kwargs: Any) -> None:
        super().__init__(label, validate_choice=False, **kwargs)


class PhoneForm(Form):  # type: ignore[misc]
    number = StringField(_l("Phone number"), [max_length(40)])
    description_es = StringField(_l("What it is for (Spanish)"), [max_length(200)])
    description_en = StringField(_l("What it is for (English)"), [max_length(200)])

    def filled(self) -> bool:
        return bool((self.number.data or "").strip())


class ScheduleForm(Form):  # type: ignore[misc]
    days = Checkboxes(
        _l("Days"), choices=lambda: options((d, labels.WEEKDAY_NAMES[d]) for d in WEEKDAYS)
    )
    opens_at = StringField(_l("Opens at"), [max_length(5)], render_kw={"type": "time"})
    closes_at = StringField(_l("Closes at"), [max_length(5)], render_kw={"type": "time"})

    def filled(self) -> bool:
        return bool(self.days.data or self.opens_at.data or self.closes_at.data)


class ContactForm(Form):  # type: ignore[misc]
    name = StringField(_l("Name or role"), [max_length(200)])
    title = StringField(_l("Position"), [max_length(200)])
    email = StringField(_l("E-mail"), [max_length(254)], render_kw={"type": "email"})

    def filled(self) -> bool:
        return any((f.data or "").strip() for f in (self.name, self.title, self.email))


class DocumentForm(Form):  # type: ignore[misc]
    document_es = StringField(_l("Document (Spanish)"), [max_length(300)])
    document_en = StringField(_l("Document (English)"), [max_length(300)])

    def filled(self) -> bool:
        return bool((self.document_es.data or "").strip() or (self.document_en.data or "").strip())


def text_or_none(value: str | None) -> str | None:
    stripped = (value or "").strip()
    return stripped or None


def filled_rows(form: Any, name: str) -> tuple[list[Any], list[int]]:
    entries = getattr(form, name)
    indexes = [n for n, entry in enumerate(entries) if entry.form.filled()]
    return [entries[n].form for n in indexes], indexes


def phone_rows(form: Any) -> tuple[list[dict[str, Any]], list[int]]:
    """The form's filled phone rows as the services take them, and which rows they were."""
    phones, indexes = filled_rows(form, "phones")
    return [
        {
            "number": p.number.data.strip(),
            "description_es": text_or_none(p.description_es.data),
            "description_en": text_or_none(p.description_en.data),
        }
        for p in phones
    ], indexes


def schedule_rows(form: Any) -> tuple[list[dict[str, Any]], list[int]]:
    schedules, indexes = filled_rows(form, "schedules")
    return [
        {
            "byday": ",".join(s.days.data or ()),
            "opens_at": text_or_none(s.opens_at.data),
            "closes_at": text_or_none(s.closes_at.data),
        }
        for s in schedules
    ], indexes


def contact_rows(form: Any) -> tuple[list[dict[str, Any]], list[int]]:
    contacts, indexes = filled_rows(form, "contacts")
    return [
        {
            "name": (c.name.data or "").strip(),
            "title": text_or_none(c.title.data),
            "email": text_or_none(c.email.data),
        }
        for c in contacts
    ], indexes


def schedule_form_rows(schedules: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Stored opening hours as the form's rows."""
    return [
        {
            "days": [d for d in s["byday"].split(",") if d],
            "opens_at": s["opens_at"] or "",
            "closes_at": s["closes_at"] or "",
        }
        for s in schedules
    ]


def add_blank_rows(form: Any, names: tuple[str, ...]) -> None:
    """One empty row after the filled ones in each list (how a row is added without JS)."""
    for name in names:
        rows = getattr(form, name)
        filled = sum(1 for entry in rows if entry.form.filled())
        while len(rows) < filled + 1 and len(rows) < rows.max_entries:
            rows.append_entry()

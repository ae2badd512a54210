"""Rows of the catalogue forms (phones, opening hours, contacts) as the services take them,
and back; shared by the offer, agency, place and provider pages."""

from __future__ import annotations

from typing import Any


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

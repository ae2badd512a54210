"""Field values between HSDS text (JSON and CSV cells) and Python.

Reading checks each value against its field type and says in plain words what is wrong,
so an importer can point at the exact cell. Writing renders values the same way every
time, because exports must be byte-identical when nothing changed.
"""

from __future__ import annotations

import json
import math
import re
import uuid
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlsplit

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TRUE = {"true", "1", "yes"}
_FALSE = {"false", "0", "no"}


class InvalidValueError(ValueError):
    """A value that does not fit its field; the message is meant for the person fixing it."""


def _text(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise InvalidValueError(f"{value!r} is not {what}")
    return value


def is_uuid(value: str) -> bool:
    """Whether text is a UUID."""
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def is_datetime(value: str) -> bool:
    """Whether text is an RFC 3339 date-time."""
    if not _DATETIME.match(value):
        return False
    try:
        datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        return False
    return True


def is_date(value: str) -> bool:
    """Whether text is a real ``YYYY-MM-DD`` date."""
    if not _DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_email(value: str) -> bool:
    """Whether text looks like an e-mail address (one @, a dot in the domain)."""
    return bool(_EMAIL.match(value))


def is_uri(value: str) -> bool:
    """Whether text is an absolute URI (scheme and host, or mailto/tel/urn)."""
    parts = urlsplit(value)
    if not parts.scheme or not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*$", parts.scheme):
        return False
    return bool(parts.netloc) or parts.scheme in {"mailto", "tel", "urn"}


def _number(value: Any, from_text: bool) -> int | float:
    if from_text:
        text = str(value).strip()
        try:
            return int(text)
        except ValueError:
            pass
        try:
            number = float(text)
        except ValueError:
            raise InvalidValueError(f"{value!r} is not a number") from None
        if not math.isfinite(number):
            raise InvalidValueError(f"{value!r} is not a number")
        return number
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidValueError(f"{value!r} is not a number")
    return value


def _integer(value: Any, from_text: bool) -> int:
    number = _number(value, from_text)
    if isinstance(number, float):
        if not number.is_integer():
            raise InvalidValueError(f"{value!r} is not a whole number")
        return int(number)
    return number


def _boolean(value: Any, from_text: bool) -> bool:
    if isinstance(value, bool):
        return value
    if from_text and isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise InvalidValueError(f"{value!r} is not true or false")


def _json(value: Any, from_text: bool, kind: type) -> Any:
    if from_text and isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise InvalidValueError(f"invalid JSON in the cell: {exc.msg}") from None
    if not isinstance(value, kind):
        raise InvalidValueError(f"{value!r} is not a JSON {'list' if kind is list else 'object'}")
    return value


def coerce(value: Any, kind: str, *, from_text: bool = False) -> Any:
    """Check ``value`` against a field type; CSV cells (``from_text``) are parsed first."""
    if kind == "string":
        return _text(value, "text")
    if kind == "uuid":
        text = _text(value, "a UUID").strip()
        if not is_uuid(text):
            raise InvalidValueError(f"{value!r} is not a UUID")
        return str(uuid.UUID(text))
    if kind == "email":
        text = _text(value, "an e-mail address").strip()
        if not is_email(text):
            raise InvalidValueError(f"{value!r} is not an e-mail address")
        return text
    if kind == "uri":
        text = _text(value, "a URI").strip()
        if not is_uri(text):
            raise InvalidValueError(f"{value!r} is not an absolute URI (e.g. https://example.cl)")
        return text
    if kind == "number":
        return _number(value, from_text)
    if kind == "integer":
        return _integer(value, from_text)
    if kind == "boolean":
        return _boolean(value, from_text)
    if kind == "date":
        text = _text(value, "a date").strip()
        if not is_date(text):
            raise InvalidValueError(f"{value!r} is not a date (YYYY-MM-DD)")
        return text
    if kind == "datetime":
        text = _text(value, "a date-time").strip()
        if not is_datetime(text):
            raise InvalidValueError(
                f"{value!r} is not a date-time (RFC 3339, e.g. 2025-03-01T12:00:00Z)"
            )
        return text
    if kind == "time":
        text = _text(value, "a time").strip()
        if not _TIME.match(text):
            raise InvalidValueError(f"{value!r} is not a time (HH:MM or HH:MM:SS)")
        return format_time(text)
    if kind == "array":
        return _json(value, from_text, list)
    if kind == "object":
        return _json(value, from_text, dict)
    raise AssertionError(f"unknown field type {kind}")


# -- writing ------------------------------------------------------------------------------
def format_datetime(value: datetime) -> str:
    """RFC 3339 in UTC with ``Z``; a naive value is taken to be UTC already."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += f".{value.microsecond:06d}".rstrip("0")
    return text + "Z"


def parse_datetime(text: str) -> datetime:
    """An RFC 3339 text as an aware UTC datetime, as the database stores and returns them."""
    value = datetime.fromisoformat(text.replace("z", "Z").replace("t", "T"))
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def format_time(value: str) -> str:
    """Enlace keeps ``HH:MM``; HSDS writes times as ``HH:MM:SS``."""
    return value if value.count(":") == 2 else f"{value}:00"


def to_cell(value: Any) -> str:
    """One CSV cell: empty for missing, JSON for lists and objects, ``true``/``false``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    if isinstance(value, float):
        return repr(value)
    return str(value)


def dumps(value: Any) -> str:
    """The JSON text of a dataset file: UTF-8 friendly, indented, sorted, newline-terminated."""
    return json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n"

"""Repairs of values that are wrong in form but unambiguous in meaning.

Real exports write opening hours as ``5:00pm``, ``9am`` or ``17.30`` and web addresses
without a scheme (``www.example.org``). Each has one reading, so the reader takes it,
and says so: :func:`repair` returns the repaired value and the kind of repair, which the
collector turns into a warning naming the cell and a count per kind. Anything with two
readings (``9`` alone, ``13:00 pm``, a bare word) is left for :func:`coerce` to refuse.
"""

from __future__ import annotations

import re
from typing import Any

from enlace.exchange.hsds.values import is_uri

#: Kinds of repair, as the import summary names them.
TWELVE_HOUR = "12-hour time"
DOTTED_TIME = "time written with a dot or h"
SHORT_TIME = "time without a leading zero"
URL_SCHEME = "web address without a scheme"
GENERATED_ID = "generated id of a child record"

_TWELVE = re.compile(
    r"^(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?(?::(?P<s>\d{2}))?\s*(?P<ampm>[ap])\.?\s*m\.?$",
    re.IGNORECASE,
)
_DOTTED = re.compile(r"^(?P<h>\d{1,2})[.hH](?P<m>\d{2})$")
_SHORT = re.compile(r"^(?P<h>\d):(?P<m>\d{2})(?::(?P<s>\d{2}))?$")
_HOST = re.compile(
    r"^(?:www\.)?[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
    r"\.[A-Za-z]{2,}(?::\d+)?(?:[/?#]\S*)?$"
)


def _clock(hour: int, minute: int, second: int | None) -> str | None:
    """``HH:MM:SS`` when the parts make a real time of day."""
    if not (0 <= hour <= 23 and 0 <= minute <= 59 and (second is None or 0 <= second <= 59)):
        return None
    return f"{hour:02d}:{minute:02d}:{second or 0:02d}"


def repair_time(text: str) -> tuple[str, str] | None:
    """A time of day in another common notation, as ``HH:MM:SS`` and the kind of repair."""
    text = text.strip()
    match = _TWELVE.match(text)
    if match:
        hour = int(match["h"])
        if not 1 <= hour <= 12:
            return None  # "13pm", "0am": two readings
        hour = hour % 12 + (12 if match["ampm"].lower() == "p" else 0)
        second = int(match["s"]) if match["s"] else None
        value = _clock(hour, int(match["m"] or 0), second)
        return (value, TWELVE_HOUR) if value else None
    match = _DOTTED.match(text)
    if match:
        value = _clock(int(match["h"]), int(match["m"]), None)
        return (value, DOTTED_TIME) if value else None
    match = _SHORT.match(text)
    if match:
        second = int(match["s"]) if match["s"] else None
        value = _clock(int(match["h"]), int(match["m"]), second)
        return (value, SHORT_TIME) if value else None
    return None


def repair_uri(text: str) -> tuple[str, str] | None:
    """A web address written without its scheme, with ``https://`` in front."""
    text = text.strip()
    if "@" in text or not _HOST.match(text):
        return None
    value = f"https://{text}"
    return (value, URL_SCHEME) if is_uri(value) else None


def repair(value: Any, kind: str) -> tuple[Any, str] | None:
    """The repaired value of a field type and the kind of repair, or None when ambiguous."""
    if not isinstance(value, str):
        return None
    if kind == "time":
        return repair_time(value)
    if kind == "uri":
        return repair_uri(value)
    return None

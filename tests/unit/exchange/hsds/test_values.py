"""Reading field values says exactly what is wrong; writing renders them one way only."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from enlace.exchange.hsds.values import (
    InvalidValueError,
    coerce,
    format_datetime,
    parse_datetime,
    to_cell,
)


@pytest.mark.parametrize(
    ("value", "kind", "from_text", "expected"),
    [
        (
            "AC148810-D857-441C-9679-408F346DE14B",
            "uuid",
            False,
            "ac148810-d857-441c-9679-408f346de14b",
        ),
        ("12", "number", True, 12),
        ("12.5", "number", True, 12.5),
        (12, "number", False, 12),
        ("7", "integer", True, 7),
        (7.0, "integer", False, 7),
        ("TRUE", "boolean", True, True),
        ("0", "boolean", True, False),
        ("2025-02-28", "date", False, "2025-02-28"),
        ("2025-02-28T10:00:00Z", "datetime", False, "2025-02-28T10:00:00Z"),
        ("2025-02-28T10:00:00.123-03:00", "datetime", False, "2025-02-28T10:00:00.123-03:00"),
        ("9:30", "time", False, None),
        ("09:30", "time", False, "09:30:00"),
        ("https://example.cl/a?b=1", "uri", False, "https://example.cl/a?b=1"),
        ("ana@example.cl", "email", False, "ana@example.cl"),
        ('["a",1]', "array", True, ["a", 1]),
        ('{"en":{"name":"x"}}', "object", True, {"en": {"name": "x"}}),
    ],
)
def test_good_values_are_read(value: Any, kind: str, from_text: bool, expected: Any) -> None:
    if expected is None:
        with pytest.raises(InvalidValueError):
            coerce(value, kind, from_text=from_text)
    else:
        assert coerce(value, kind, from_text=from_text) == expected


@pytest.mark.parametrize(
    ("value", "kind", "from_text", "message"),
    [
        ("abc", "number", True, "'abc' is not a number"),
        ("abc", "number", False, "'abc' is not a number"),
        (True, "number", False, "True is not a number"),
        ("nan", "number", True, "is not a number"),
        ("12.5", "integer", True, "is not a whole number"),
        ("maybe", "boolean", True, "is not true or false"),
        ("not-a-uuid", "uuid", False, "is not a UUID"),
        ("2025-02-30", "date", False, "is not a date"),
        ("28/02/2025", "date", False, "is not a date"),
        ("2025-02-28 10:00", "datetime", False, "is not a date-time"),
        ("www.example.cl", "uri", False, "is not an absolute URI"),
        ("ana.example.cl", "email", False, "is not an e-mail address"),
        (12, "string", False, "12 is not text"),
        ("[1,", "array", True, "invalid JSON in the cell"),
        ('{"a":1}', "array", True, "is not a JSON list"),
    ],
)
def test_bad_values_are_refused_with_a_reason(
    value: Any, kind: str, from_text: bool, message: str
) -> None:
    with pytest.raises(InvalidValueError, match=message.replace("(", r"\(").replace("[", r"\[")):
        coerce(value, kind, from_text=from_text)


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2025, 3, 4, 12, 30, 5, tzinfo=UTC), "2025-03-04T12:30:05Z"),
        (
            datetime(2025, 3, 4, 9, 30, 5, tzinfo=timezone(timedelta(hours=-3))),
            "2025-03-04T12:30:05Z",
        ),
        (datetime(2025, 3, 4, 12, 30, 5), "2025-03-04T12:30:05Z"),
        (datetime(2025, 3, 4, 12, 30, 5, 123000, tzinfo=UTC), "2025-03-04T12:30:05.123Z"),
    ],
)
def test_datetimes_are_written_in_utc_with_z(moment: datetime, text: str) -> None:
    assert format_datetime(moment) == text
    assert parse_datetime(text) == moment.replace(tzinfo=moment.tzinfo or UTC)
    assert parse_datetime(text).tzinfo is UTC


@pytest.mark.parametrize(
    ("value", "cell"),
    [(None, ""), (True, "true"), (False, "false"), (1500.0, "1500.0"), (3, "3"),
     (["a", "ñ"], '["a","ñ"]'), ({"b": 1, "a": 2}, '{"a":2,"b":1}'), ("texto", "texto")],
)  # fmt: skip
def test_cells_are_rendered_one_way(value: Any, cell: str) -> None:
    assert to_cell(value) == cell

"""The one door between counted people and a shown number (pure).

Every table of the dashboard, its charts, CSV, JSON, the frozen snapshots and the agency
reports is a :class:`Table` made by :func:`publish`: small cells hidden and enough others
that none can be worked out from the totals (:func:`enlace.casework.suppression.suppress`),
and every rate or median computed from what is shown, hidden with its base when the base
is small. Nothing else turns a count into something a coordinator sees.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from enlace.casework.suppression import THRESHOLD, suppress

Value = int | None


@dataclass(frozen=True, slots=True)
class Rate:
    """A share shown next to a table: ``numerator`` over ``base`` (column keys)."""

    key: str
    numerator: str
    base: str


@dataclass(frozen=True, slots=True)
class Figure:
    """One statistic that is not a count (a median of days), with the people behind it."""

    key: str
    value: float | None  # None: hidden (base too small) or nothing to measure
    base: Value


@dataclass(frozen=True, slots=True)
class Table:
    """A published count table: ``None`` where hidden.

    ``rows`` and ``columns`` are stored codes (the pages label them); ``show_row_totals``
    is False where a row's sum means nothing (stages of a funnel).
    """

    key: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    cells: tuple[tuple[Value, ...], ...]
    row_totals: tuple[Value, ...]
    column_totals: tuple[Value, ...]
    total: Value
    threshold: int
    show_row_totals: bool = True
    rates: tuple[Rate, ...] = ()
    rate_values: tuple[tuple[float | None, ...], ...] = ()  # per row, per rate
    rate_totals: tuple[float | None, ...] = ()
    figures: tuple[Figure, ...] = field(default=())

    def cell(self, row: str, column: str) -> Value:
        return self.cells[self.rows.index(row)][self.columns.index(column)]

    def hidden(self) -> int:
        return sum(v is None for line in self.cells for v in line)

    def to_json(self) -> dict[str, Any]:
        """Plain data (what the API returns and a snapshot stores)."""
        return {
            "key": self.key,
            "threshold": self.threshold,
            "rows": list(self.rows),
            "columns": list(self.columns),
            "cells": [list(line) for line in self.cells],
            "row_totals": list(self.row_totals) if self.show_row_totals else None,
            "column_totals": list(self.column_totals),
            "total": self.total if self.show_row_totals else None,
            "rates": [
                {
                    "key": rate.key,
                    "numerator": rate.numerator,
                    "base": rate.base,
                    "values": [line[i] for line in self.rate_values],
                    "total": self.rate_totals[i] if self.rate_totals else None,
                }
                for i, rate in enumerate(self.rates)
            ],
            "figures": [{"key": f.key, "value": f.value, "base": f.base} for f in self.figures],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Table:
        """A stored table back (a snapshot is shown exactly as it was frozen)."""
        rates = tuple(Rate(r["key"], r["numerator"], r["base"]) for r in data.get("rates", []))
        n_rows = len(data["rows"])
        show_totals = data.get("row_totals") is not None
        return cls(
            key=data["key"],
            rows=tuple(data["rows"]),
            columns=tuple(data["columns"]),
            cells=tuple(tuple(line) for line in data["cells"]),
            row_totals=tuple(data["row_totals"]) if show_totals else (None,) * n_rows,
            column_totals=tuple(data["column_totals"]),
            total=data.get("total"),
            threshold=int(data.get("threshold", THRESHOLD)),
            show_row_totals=show_totals,
            rates=rates,
            rate_values=tuple(
                tuple(r["values"][i] for r in data.get("rates", [])) for i in range(n_rows)
            ),
            rate_totals=tuple(r.get("total") for r in data.get("rates", [])),
            figures=tuple(Figure(f["key"], f["value"], f["base"]) for f in data.get("figures", [])),
        )


def share(numerator: Value, base: Value, threshold: int) -> float | None:
    """``numerator / base`` when both are shown and the base is not small; else hidden."""
    if numerator is None or base is None or base < threshold or base == 0:
        return None
    return numerator / base


def figure(key: str, value: float | None, base: int, threshold: int) -> Figure:
    """A statistic over ``base`` people: hidden with a small base (and its base hidden)."""
    if 0 < base < threshold:
        return Figure(key, None, None)
    return Figure(key, value if base else None, base)


def publish(
    key: str,
    rows: Sequence[str],
    columns: Sequence[str],
    counts: Mapping[tuple[str, str], int],
    threshold: int = THRESHOLD,
    *,
    show_row_totals: bool = True,
    rates: Sequence[Rate] = (),
    figures: Sequence[Figure] = (),
) -> Table:
    """The table of ``counts`` ((row, column) -> people) as it may be shown."""
    matrix = [[int(counts.get((r, c), 0)) for c in columns] for r in rows]
    if not rows or not columns:
        return Table(key, tuple(rows), tuple(columns), (), (), (), 0, threshold, show_row_totals)
    shown = suppress(matrix, threshold)
    index = {c: i for i, c in enumerate(columns)}
    rate_values = tuple(
        tuple(
            share(line[index[rate.numerator]], line[index[rate.base]], threshold) for rate in rates
        )
        for line in shown.cells
    )
    rate_totals = tuple(
        share(
            shown.column_totals[index[rate.numerator]],
            shown.column_totals[index[rate.base]],
            threshold,
        )
        for rate in rates
    )
    return Table(
        key=key,
        rows=tuple(rows),
        columns=tuple(columns),
        cells=shown.cells,
        row_totals=shown.row_totals,
        column_totals=shown.column_totals,
        total=shown.total,
        threshold=threshold,
        show_row_totals=show_row_totals,
        rates=tuple(rates),
        rate_values=rate_values,
        rate_totals=rate_totals,
        figures=tuple(figures),
    )

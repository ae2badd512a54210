"""Published evaluation tables as people read them: labelled rows and columns, hidden cells
in words, shares as percentages, and each table's CSV (coordinator pages and the API's
CSV share it). Only :class:`~enlace.evaluation.publish.Table` comes in: nothing here can
show a number the publishing door did not let through.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from flask_babel import LazyString, format_date, format_decimal, format_percent
from flask_babel import gettext as _

from enlace.evaluation.publish import Table
from enlace.web import evaluation_labels as ev
from enlace.web import labels

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_COLUMN_TABLES: dict[str, Mapping[Any, LazyString]] = {
    "outcomes_work": ev.WORK,
    "outcomes_studies": ev.STUDIES,
    "outcomes_housing": ev.HOUSING,
}


def code_label(code: str, names: Mapping[str, str], table_key: str = "") -> str:
    """Words for a row or column code of an evaluation table (never the code itself when
    a vocabulary knows it)."""
    special = _COLUMN_TABLES.get(table_key)
    if special is not None and code in special:
        return str(special[code])
    if code in names:
        return names[code]
    if (found := _MONTH.match(code)) is not None:
        return str(format_date(date(int(found[1]), int(found[2]), 1), "MMMM y"))
    if "|" in code:
        months, group = code.split("|", 1)
        return str(
            _("%(months)s months · %(group)s", months=months, group=code_label(group, names))
        )
    if code.endswith(":priority"):
        return str(_("%(domain)s: with a priority path", domain=code_label(code[:-9], names)))
    for table in (
        ev.STAGES,
        labels.NEED_DOMAINS,
        labels.KINDS,
        ev.COLUMNS,
        ev.REASONS,
        ev.GROUPS,
        ev.RATES,
        ev.FIGURES,
    ):
        if code in table:
            return str(table[code])  # type: ignore[index]
    if code == "":
        return str(_("Not recorded"))
    return code


def hidden_text() -> str:
    return str(_("hidden"))


def count_text(value: int | None) -> str:
    return hidden_text() if value is None else str(format_decimal(value))


def share_text(value: float | None) -> str:
    return hidden_text() if value is None else str(format_percent(value))


def figure_text(value: float | None) -> str:
    return hidden_text() if value is None else str(format_decimal(round(value, 1)))


@dataclass(frozen=True, slots=True)
class Shown:
    """A table ready for a template: title, description, header, body, footer."""

    key: str
    title: str
    desc: str
    columns: tuple[str, ...]  # labels: row heading, columns, [total], shares
    rows: tuple[tuple[str, tuple[str, ...], tuple[bool, ...]], ...]  # label, texts, hidden
    footer: tuple[str, ...] | None
    figures: tuple[tuple[str, str], ...]
    has_hidden: bool
    table: Table


def shown(table: Table, names: Mapping[str, str]) -> Shown:
    title, desc = ev.TITLES.get(table.key, (table.key, ""))
    head = [code_label(c, names, table.key) for c in table.columns]
    if table.show_row_totals:
        head.append(_("Total"))
    head += [code_label(r.key, names) for r in table.rates]
    body = []
    for i, row in enumerate(table.rows):
        values: list[int | None] = list(table.cells[i])
        if table.show_row_totals:
            values.append(table.row_totals[i])
        texts = [count_text(v) for v in values]
        rates = list(table.rate_values[i]) if table.rate_values else []
        texts += [share_text(v) for v in rates]
        flags = [v is None for v in values] + [v is None for v in rates]
        body.append((code_label(row, names, table.key), tuple(texts), tuple(flags)))
    footer: list[str] = [count_text(v) for v in table.column_totals]
    if table.show_row_totals:
        footer.append(count_text(table.total))
    footer += [share_text(v) for v in table.rate_totals]
    figures = tuple((code_label(f.key, names), figure_text(f.value)) for f in table.figures)
    any_hidden = (
        any(any(flags) for _l, _t, flags in body)
        or any(v is None for v in table.column_totals)
        or any(f.value is None and f.base is None for f in table.figures)
    )
    return Shown(
        table.key,
        str(title),
        str(desc),
        (str(ev.ROW_HEADINGS.get(table.key, _("Group"))), *head),
        tuple(body),
        tuple(footer) if table.rows else None,
        figures,
        any_hidden,
        table,
    )


def _plain(value: float | None) -> str:
    return "" if value is None else str(round(value, 4))


def to_csv(table: Table, names: Mapping[str, str]) -> str:
    """The table as CSV (plain numbers; hidden cells empty), then the small-cell note."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    view = shown(table, names)
    writer.writerow(["code", *view.columns])
    for i, code in enumerate(table.rows):
        values: list[float | None] = list(table.cells[i])
        if table.show_row_totals:
            values.append(table.row_totals[i])
        values += list(table.rate_values[i]) if table.rate_values else []
        writer.writerow([code, view.rows[i][0], *(_plain(v) for v in values)])
    if table.rows:
        totals: list[float | None] = list(table.column_totals)
        if table.show_row_totals:
            totals.append(table.total)
        totals += list(table.rate_totals)
        writer.writerow(["", _("Total"), *(_plain(v) for v in totals)])
    for figure in table.figures:
        writer.writerow([figure.key, code_label(figure.key, names), _plain(figure.value)])
    writer.writerow([])
    writer.writerow(["", small_cell_note(table.threshold)])
    return out.getvalue()


def small_cell_note(threshold: int) -> str:
    return str(
        _(
            "Hidden: fewer than %(n)d people, or hidden too so that such a small count cannot "
            "be worked out from the totals. Shares and medians over fewer than %(n)d people are "
            "hidden.",
            n=threshold,
        )
    )

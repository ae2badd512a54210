"""Which charts the dashboard draws, from published tables only (each chart's data table is
the table itself, shown next to it)."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _

from enlace.evaluation.publish import Table
from enlace.web.coordinator.charts import BarChart, LineChart, bar_chart, line_chart
from enlace.web.evaluation_labels import TITLES
from enlace.web.evaluation_view import code_label, count_text, share_text


def _title(key: str) -> tuple[str, str]:
    title, desc = TITLES[key]
    return str(title), str(desc)


def _totals_chart(chart_id: str, table: Table, names: Mapping[str, str]) -> BarChart:
    """One bar per column: the column totals."""
    title, desc = _title(table.key)
    items = [
        (code_label(c, names, table.key), None if v is None else float(v), count_text(v))
        for c, v in zip(table.columns, table.column_totals, strict=True)
    ]
    return bar_chart(chart_id, title, desc, items)


def dashboard_charts(
    tables: Mapping[str, Table], names: Mapping[str, str]
) -> dict[str, BarChart | LineChart]:
    """table key -> its chart (tables without a chart are shown as tables only)."""
    charts: dict[str, BarChart | LineChart] = {}
    if (funnel := tables.get("funnel_month")) is not None and funnel.rows:
        title, desc = _title("funnel_month")
        stages = ("assessed", "referred", "completed")
        index = {c: i for i, c in enumerate(funnel.columns)}
        charts["funnel_month"] = line_chart(
            "chart-funnel-month",
            title,
            desc,
            [code_label(r, names) for r in funnel.rows],
            [(code_label(s, names), [line[index[s]] for line in funnel.cells]) for s in stages],
        )
    if (place := tables.get("funnel_place")) is not None and place.rows:
        charts["funnel_place"] = bar_chart(
            "chart-funnel",
            _("The referral funnel of the period"),
            _("How many participants first assessed in the period reached each stage."),
            [
                (code_label(c, names), None if v is None else float(v), count_text(v))
                for c, v in zip(place.columns, place.column_totals, strict=True)
            ],
        )
    if (loop := tables.get("loop")) is not None and loop.rates:
        title, desc = _title("loop")
        charts["loop"] = bar_chart(
            "chart-loop",
            title,
            desc,
            [
                (code_label(r.key, names), v, share_text(v))
                for r, v in zip(loop.rates, loop.rate_totals, strict=True)
            ],
        )
    for key in ("unmet", "outcomes_work", "outcomes_housing"):
        if (table := tables.get(key)) is not None and table.rows:
            charts[key] = _totals_chart(f"chart-{key.replace('_', '-')}", table, names)
    if (agencies := tables.get("agencies")) is not None and agencies.rows and agencies.rates:
        title, desc = _title("agencies")
        charts["agencies"] = bar_chart(
            "chart-agencies",
            title,
            desc,
            [
                (code_label(r, names), line[0], share_text(line[0]))
                for r, line in zip(agencies.rows, agencies.rate_values, strict=True)
            ],
        )
    return charts

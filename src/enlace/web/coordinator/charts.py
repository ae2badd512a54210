"""Server-drawn charts (pure geometry; ``templates/coordinator/_charts.html`` draws them).

Readable without colour: one ink for bars, hidden values drawn as a hatched outline with
the word, every bar labelled with its value, lines told apart by marker shape and dash.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 400  # drawn at phone width; scaled up on wider screens
ROW = 44  # a label line and a bar
BAR = 18
LEFT = 8
PLOT = 300  # the longest bar (its value's text fits after it)


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    text: str  # the value as shown (a number, a share, "hidden")
    y: int
    width: int  # 0 when hidden
    hidden: bool


@dataclass(frozen=True, slots=True)
class BarChart:
    id: str
    title: str
    desc: str
    bars: tuple[Bar, ...]
    height: int
    width: int = WIDTH


def bar_chart(
    chart_id: str,
    title: str,
    desc: str,
    items: Sequence[tuple[str, float | None, str]],
) -> BarChart:
    """(label, value or None when hidden, text shown) -> horizontal bars, label above each."""
    top = max((v for _l, v, _t in items if v is not None), default=0.0) or 1.0
    bars = tuple(
        Bar(
            label=label,
            text=text,
            y=i * ROW,
            width=0 if value is None else max(1, round(PLOT * value / top)) if value else 0,
            hidden=value is None,
        )
        for i, (label, value, text) in enumerate(items)
    )
    return BarChart(chart_id, title, desc, bars, max(ROW, len(bars) * ROW + 4))


@dataclass(frozen=True, slots=True)
class Series:
    label: str
    marker: str  # circle, square, triangle
    dash: str  # stroke-dasharray ("" for solid)
    points: tuple[tuple[int, int, str] | None, ...]  # (x, y, value text), None: hidden
    segments: tuple[str, ...]  # SVG path data of the visible runs


@dataclass(frozen=True, slots=True)
class LineChart:
    id: str
    title: str
    desc: str
    x_labels: tuple[tuple[int, str], ...]
    series: tuple[Series, ...]
    height: int = 300
    width: int = WIDTH


_MARKERS = (("circle", ""), ("square", "6 4"), ("triangle", "2 3"))
_TOP, _BOTTOM, _X0, _X1 = 16, 250, 24, 380


def line_chart(
    chart_id: str,
    title: str,
    desc: str,
    x_labels: Sequence[str],
    lines: Sequence[tuple[str, Sequence[int | None]]],
) -> LineChart:
    """(series label, values per x; None hidden) -> lines broken where a value is hidden."""
    top = max((v for _s, vs in lines for v in vs if v is not None), default=0) or 1
    step = (_X1 - _X0) / max(1, len(x_labels) - 1)
    xs = [round(_X0 + i * step) for i in range(len(x_labels))]
    series = []
    for index, (label, values) in enumerate(lines):
        marker, dash = _MARKERS[index % len(_MARKERS)]
        points: list[tuple[int, int, str] | None] = []
        runs: list[list[str]] = [[]]
        for x, value in zip(xs, values, strict=True):
            if value is None:
                points.append(None)
                runs.append([])
                continue
            y = round(_BOTTOM - (_BOTTOM - _TOP) * value / top)
            points.append((x, y, str(value)))
            runs[-1].append(f"{'M' if not runs[-1] else 'L'}{x},{y}")
        segments = tuple(" ".join(run) for run in runs if len(run) > 1)
        series.append(Series(label, marker, dash, tuple(points), segments))
    return LineChart(chart_id, title, desc, tuple(zip(xs, x_labels, strict=True)), tuple(series))

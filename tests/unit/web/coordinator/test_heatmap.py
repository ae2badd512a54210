"""The coverage heatmap's scale, contrast and layout (pure)."""

from __future__ import annotations

from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enlace.web.coordinator.heatmap import (
    BLACK,
    CELL_HEIGHT,
    CELL_WIDTH,
    STEPS,
    WHITE,
    ZERO,
    Value,
    contrast,
    ink_for,
    layout,
    luminance,
    scale,
    step_for,
)


@pytest.mark.parametrize(
    ("first", "second", "ratio"),
    [(BLACK, WHITE, 21.0), (WHITE, WHITE, 1.0), ("#777777", WHITE, 4.48)],
)
def test_contrast_matches_wcag(first: str, second: str, ratio: float) -> None:
    assert contrast(first, second) == pytest.approx(ratio, abs=0.01)
    assert contrast(second, first) == pytest.approx(ratio, abs=0.01)


def test_scale_runs_light_to_dark() -> None:
    lums = [luminance(c) for c in (ZERO, *STEPS)]
    assert lums == sorted(lums, reverse=True)


@pytest.mark.parametrize("fill", [ZERO, *STEPS])
def test_every_fill_gets_text_readable_at_aa(fill: str) -> None:
    assert contrast(fill, ink_for(fill)) >= 4.5


@pytest.mark.parametrize(
    ("maximum", "bounds"),
    [
        (0, [(0, 0)]),
        (1, [(0, 0), (1, 1)]),
        (3, [(0, 0), (1, 1), (2, 2), (3, 3)]),
        (12, [(0, 0), (1, 2), (3, 4), (5, 6), (7, 8), (9, 10), (11, 12)]),
    ],
)
def test_scale_bins(maximum: int, bounds: list[tuple[int, int]]) -> None:
    assert [(s.low, s.high) for s in scale(maximum)] == bounds


@given(maximum=st.integers(min_value=0, max_value=5000))
def test_scale_covers_every_count_once(maximum: int) -> None:
    steps = scale(maximum)
    assert steps[0].low == 0 and steps[-1].high == maximum
    for before, after in pairwise(steps):
        assert after.low == before.high + 1 and after.low <= after.high
    assert len(steps) <= len(STEPS) + 1
    assert len({s.fill for s in steps}) == len(steps)


@given(maximum=st.integers(min_value=1, max_value=500), data=st.data())
def test_bigger_counts_never_get_lighter(maximum: int, data: st.DataObject) -> None:
    steps = scale(maximum)
    a = data.draw(st.integers(min_value=0, max_value=maximum))
    b = data.draw(st.integers(min_value=a, max_value=maximum))
    assert luminance(step_for(b, steps).fill) <= luminance(step_for(a, steps).fill)


def test_layout_places_every_cell_with_its_link_and_name() -> None:
    rows = [("5", "Valparaíso"), ("13", "Metropolitana")]
    columns = [("housing", "Housing"), ("employment", "Employment"), ("health", "Health")]
    values = {
        (r, c): Value(i * 3 + j, gap=(i + j) % 2 == 0, href=f"/c/{r}/{c}", label=f"{r} {c}")
        for i, (r, _) in enumerate(rows)
        for j, (c, _) in enumerate(columns)
    }
    chart = layout(rows, columns, values)
    assert len(chart.cells) == 6
    cell = next(c for c in chart.cells if (c.row, c.column) == ("13", "employment"))
    first = chart.cells[0]
    assert (cell.x - first.x, cell.y - first.y) == (CELL_WIDTH, CELL_HEIGHT)
    assert cell.href == "/c/13/employment" and cell.label == "13 employment" and cell.count == 4
    assert [r.text for r in chart.rows] == ["Valparaíso", "Metropolitana"]
    assert chart.width >= max(c.x for c in chart.cells) + CELL_WIDTH
    assert chart.height >= max(c.y for c in chart.cells) + CELL_HEIGHT
    assert all(contrast(c.fill, c.ink) >= 4.5 for c in chart.cells)

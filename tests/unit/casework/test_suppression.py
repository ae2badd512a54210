"""Small-cell suppression: nothing under five shown, nothing hidden recoverable from totals."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from enlace.casework.suppression import THRESHOLD, extend, suppress

tables = st.integers(1, 6).flatmap(
    lambda rows: st.integers(1, 6).flatmap(
        lambda cols: st.lists(
            st.lists(
                st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 40)),
                min_size=cols,
                max_size=cols,
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)


def _hidden_positions(counts: list[list[int]]) -> list[tuple[int, int]]:
    result = suppress(counts)
    shown = [[*row, total] for row, total in zip(result.cells, result.row_totals, strict=True)]
    shown.append([*result.column_totals, result.total])
    return [(r, c) for r, row in enumerate(shown) for c, v in enumerate(row) if v is None]


def _determined(counts: list[list[int]], hidden: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Hidden entries whose value the published entries fix (linear algebra, independent of
    the implementation): an entry is fixed when every null vector of the constraints over
    the hidden entries is zero there."""
    table = extend(counts)
    n_rows, n_cols = len(table), len(table[0])
    equations = []
    for r in range(n_rows):  # each row: cells - total = 0 (the total row too)
        equations.append([(r, c) for c in range(n_cols)])
    for c in range(n_cols):
        equations.append([(r, c) for r in range(n_rows)])
    index = {entry: i for i, entry in enumerate(hidden)}
    matrix = np.zeros((len(equations), len(hidden)))
    for e, members in enumerate(equations):
        for r, c in members:
            if (r, c) in index:
                last = (c == n_cols - 1) != (r == n_rows - 1)  # a margin, not the grand total
                matrix[e, index[(r, c)]] = -1.0 if last else 1.0
    if not hidden:
        return []
    _u, s, vt = np.linalg.svd(matrix)
    rank = int((s > 1e-9).sum())
    null = vt[rank:]
    return [
        entry for entry, i in index.items() if null.shape[0] == 0 or np.all(abs(null[:, i]) < 1e-9)
    ]


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_small_cell_is_shown(counts: list[list[int]]) -> None:
    result = suppress(counts)
    for row in result.cells:
        for value in row:
            assert value is None or value == 0 or value >= THRESHOLD


@settings(max_examples=300, deadline=None)
@given(tables)
def test_no_hidden_value_is_recoverable_from_the_totals(counts: list[list[int]]) -> None:
    hidden = _hidden_positions(counts)
    assert _determined(counts, hidden) == []


@settings(max_examples=200, deadline=None)
@given(tables)
def test_shown_values_are_the_true_ones(counts: list[list[int]]) -> None:
    result = suppress(counts)
    for r, row in enumerate(result.cells):
        for c, value in enumerate(row):
            assert value is None or value == counts[r][c]
    assert result.total in (None, sum(map(sum, counts)))


def test_a_table_of_big_counts_hides_nothing() -> None:
    result = suppress([[10, 20], [30, 40]])
    assert result.hidden() == 0
    assert result.row_totals == (30, 70)
    assert result.total == 100


def test_one_small_cell_takes_three_more_with_it() -> None:
    result = suppress([[3, 20, 7], [30, 40, 9], [12, 15, 50]])
    assert result.cells[0][0] is None
    assert result.hidden() == 4  # a 2x2 rectangle: the cheapest cycle
    assert result.row_totals == (30, 79, 77)

"""The one publishing door: what is shown reveals no small group, by any bound over the
margins; rates and medians hide with small bases."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enlace.casework.suppression import extend
from enlace.evaluation.publish import Rate, Table, figure, publish, share

tables = st.integers(1, 5).flatmap(
    lambda rows: st.integers(1, 5).flatmap(
        lambda cols: st.lists(
            st.lists(
                st.one_of(st.just(0), st.integers(1, 4), st.integers(5, 30)),
                min_size=cols,
                max_size=cols,
            ),
            min_size=rows,
            max_size=rows,
        )
    )
)
thresholds = st.sampled_from([3, 5, 10])


def _published(counts: Sequence[Sequence[int]], threshold: int) -> Table:
    rows = [f"r{i}" for i in range(len(counts))]
    columns = [f"c{j}" for j in range(len(counts[0]))]
    cells = {(r, c): counts[i][j] for i, r in enumerate(rows) for j, c in enumerate(columns)}
    return publish("t", rows, columns, cells, threshold)


def _shown(table: Table) -> list[list[int | None]]:
    grid = [[*line, total] for line, total in zip(table.cells, table.row_totals, strict=True)]
    grid.append([*table.column_totals, table.total])
    return grid


def _bounds(
    counts: Sequence[Sequence[int]], shown: list[list[int | None]]
) -> dict[tuple[int, int], tuple[float, float]]:
    """The range each hidden entry can take in a non-negative real table that agrees with
    every shown entry and every row and column sum (the attacker's linear bounds).

    Moving along a null vector ``v`` of the sum equations keeps every shown entry; the
    hidden ones stay non-negative for ``t`` in an interval; the hidden entry ``i`` then
    sweeps ``x_i + t v_i``. Its bounds are the extremes over a basis of null vectors and
    their sums (exact for the one-vector case; a width above zero is all we claim)."""
    table = extend(counts)
    n_rows, n_cols = len(table), len(table[0])
    hidden = [(r, c) for r in range(n_rows) for c in range(n_cols) if shown[r][c] is None]
    if not hidden:
        return {}
    index = {entry: k for k, entry in enumerate(hidden)}
    equations = []
    for r in range(n_rows):
        equations.append([(r, c) for c in range(n_cols)])
    for c in range(n_cols):
        equations.append([(r, c) for r in range(n_rows)])
    matrix = np.zeros((len(equations), len(hidden)))
    for e, members in enumerate(equations):
        for r, c in members:
            if (r, c) in index:
                margin = (c == n_cols - 1) != (r == n_rows - 1)
                matrix[e, index[(r, c)]] = -1.0 if margin else 1.0
    _u, s, vt = np.linalg.svd(matrix)
    null = vt[int((s > 1e-9).sum()) :]
    x = np.array([table[r][c] for r, c in hidden], dtype=float)
    directions = list(null) + ([null.sum(axis=0)] if len(null) > 1 else [])
    found: dict[tuple[int, int], tuple[float, float]] = {h: (x[k], x[k]) for h, k in index.items()}
    for v in directions:
        lo, hi = -np.inf, np.inf
        for k in range(len(hidden)):
            if v[k] > 1e-9:
                lo = max(lo, -x[k] / v[k])
            elif v[k] < -1e-9:
                hi = min(hi, -x[k] / v[k])
        for entry, k in index.items():
            if abs(v[k]) <= 1e-9:
                continue  # this direction does not move the entry
            ends = sorted((x[k] + lo * v[k], x[k] + hi * v[k]))  # +-inf: unbounded that way
            low, high = found[entry]
            found[entry] = (min(low, ends[0]), max(high, ends[1]))
    return found


@settings(max_examples=300, deadline=None)
@given(tables, thresholds)
def test_no_hidden_cell_is_pinned_by_linear_bounds(counts: list[list[int]], threshold: int) -> None:
    shown = _shown(_published(counts, threshold))
    for entry, (low, high) in _bounds(counts, shown).items():
        assert high - low > 1e-6, (entry, counts, shown)


@settings(max_examples=300, deadline=None)
@given(tables, thresholds)
def test_no_small_count_and_no_rate_on_a_small_base_is_shown(
    counts: list[list[int]], threshold: int
) -> None:
    rows = [f"r{i}" for i in range(len(counts))]
    columns = [f"c{j}" for j in range(len(counts[0]))]
    cells = {(r, c): counts[i][j] for i, r in enumerate(rows) for j, c in enumerate(columns)}
    rate = Rate("share", columns[-1], columns[0])
    table = publish("t", rows, columns, cells, threshold, rates=[rate])
    for value in [v for line in _shown(table) for v in line]:
        assert value is None or value == 0 or value >= threshold
    for i, line in enumerate(table.rate_values):
        if line[0] is not None:
            assert table.cells[i][0] is not None and table.cells[i][0] >= threshold


@settings(max_examples=100, deadline=None)
@given(tables, thresholds)
def test_a_table_survives_the_json_round_trip(counts: list[list[int]], threshold: int) -> None:
    table = _published(counts, threshold)
    assert Table.from_json(table.to_json()) == table


@pytest.mark.parametrize(
    ("numerator", "base", "expected"),
    [(3, 10, 0.3), (None, 10, None), (3, None, None), (1, 4, None), (0, 0, None)],
)
def test_share(numerator: int | None, base: int | None, expected: float | None) -> None:
    assert share(numerator, base, 5) == expected


def test_a_median_over_few_people_is_hidden_with_its_base() -> None:
    assert figure("m", 3.0, 4, 5).value is None and figure("m", 3.0, 4, 5).base is None
    assert figure("m", 3.0, 5, 5).value == 3.0
    assert figure("m", None, 0, 5).value is None

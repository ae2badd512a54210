"""Small-cell suppression for counts shown to coordinators (pure).

A count of fewer than :data:`THRESHOLD` people (but not zero) is hidden (primary), a
row, column or grand total as much as a cell. The
totals stay useful, so hidden cells must not be recoverable from them (secondary): the
table is extended with its row totals, column totals and grand total as entries, and a
hidden entry is recoverable exactly when it is a bridge of the bipartite graph whose
vertices are the extended table's rows and columns and whose edges are the hidden
entries (an entry on a cycle can move by +1/-1 around it, keeping every total; every
hidden entry is at least 1, so the shifted table is still a possible one). While some
hidden entry is a bridge, the cheapest path of visible non-zero entries closing a cycle
through it (fewest people hidden) is hidden too. A margin hides only when no interior
path exists, e.g. a row whose only non-zero cell is small.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5

Entry = tuple[int, int]  # (row, column) of the extended table


@dataclass(frozen=True, slots=True)
class Suppressed:
    """A table as published: ``None`` where hidden (cells, row totals, column totals)."""

    cells: tuple[tuple[int | None, ...], ...]
    row_totals: tuple[int | None, ...]
    column_totals: tuple[int | None, ...]
    total: int | None

    def hidden(self) -> int:
        return sum(v is None for row in self.cells for v in row)


def extend(counts: Sequence[Sequence[int]]) -> list[list[int]]:
    """The table with a total column, a total row and the grand total."""
    rows = [[*row, sum(row)] for row in counts]
    width = len(rows[0]) if rows else 1
    rows.append([sum(row[c] for row in rows) for c in range(width)])
    return rows


def _bridges(hidden: set[Entry], n_rows: int) -> list[Entry]:
    """Hidden entries that lie on no cycle (Tarjan's bridges, iteratively)."""
    adjacency: dict[int, list[tuple[int, Entry]]] = {}
    for r, c in hidden:
        u, v = r, n_rows + c
        adjacency.setdefault(u, []).append((v, (r, c)))
        adjacency.setdefault(v, []).append((u, (r, c)))
    order: dict[int, int] = {}
    low: dict[int, int] = {}
    found: list[Entry] = []
    counter = 0
    for root in sorted(adjacency):
        if root in order:
            continue
        order[root] = low[root] = counter
        counter += 1
        stack: list[tuple[int, Entry | None, int]] = [(root, None, 0)]
        while stack:
            node, via, index = stack.pop()
            edges = adjacency[node]
            if index < len(edges):
                stack.append((node, via, index + 1))
                nxt, entry = edges[index]
                if entry == via:
                    continue
                if nxt in order:
                    low[node] = min(low[node], order[nxt])
                else:
                    order[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append((nxt, entry, 0))
            elif via is not None:
                parent = via[0] if node != via[0] else n_rows + via[1]
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    found.append(via)
    return sorted(found)


def _cheapest_path(
    table: list[list[int]], hidden: set[Entry], bridge: Entry, interior_only: bool
) -> list[Entry] | None:
    """Visible non-zero entries to hide so that ``bridge`` closes a cycle (Dijkstra from the
    bridge's row to its column over hidden entries, free, and visible ones, at their count)."""
    n_rows, n_cols = len(table), len(table[0])
    start, goal = bridge[0], n_rows + bridge[1]
    best: dict[int, int] = {start: 0}
    came: dict[int, tuple[int, Entry]] = {}
    queue: list[tuple[int, int]] = [(0, start)]
    while queue:
        cost, node = heapq.heappop(queue)
        if node == goal:
            break
        if cost > best.get(node, cost):
            continue
        if node < n_rows:
            steps = [((node, c), n_rows + c) for c in range(n_cols)]
        else:
            steps = [((r, node - n_rows), r) for r in range(n_rows)]
        for entry, nxt in steps:
            if entry == bridge:
                continue
            r, c = entry
            if entry in hidden:
                step = 0
            elif table[r][c] == 0 or (interior_only and (r == n_rows - 1 or c == n_cols - 1)):
                continue
            else:
                step = table[r][c] + 1  # +1: fewer entries hidden on a tie of people
            if cost + step < best.get(nxt, 1 << 62):
                best[nxt] = cost + step
                came[nxt] = (node, entry)
                heapq.heappush(queue, (cost + step, nxt))
    if goal not in came:
        return None
    path: list[Entry] = []
    node = goal
    while node != start:
        node, entry = came[node]
        if entry not in hidden:
            path.append(entry)
    return path


def hidden_entries(counts: Sequence[Sequence[int]], threshold: int = THRESHOLD) -> set[Entry]:
    """Entries of the extended table to hide: primary, then secondary until none is a bridge."""
    table = extend(counts)
    n_rows = len(table)
    hidden = {  # a small total is a small group too
        (r, c)
        for r, row in enumerate(table)
        for c, value in enumerate(row)
        if 0 < value < threshold
    }
    while True:
        bridges = _bridges(hidden, n_rows)
        if not bridges:
            return hidden
        bridge = bridges[0]
        path = _cheapest_path(table, hidden, bridge, interior_only=True)
        if path is None:
            path = _cheapest_path(table, hidden, bridge, interior_only=False)
        assert path, "the margins always close a cycle through a non-zero entry"
        hidden.update(path)


def suppress(counts: Sequence[Sequence[int]], threshold: int = THRESHOLD) -> Suppressed:
    """Publishable table: small cells hidden, and enough others that none can be worked out."""
    if not counts or not counts[0]:
        return Suppressed(tuple(tuple(row) for row in counts), (), (), 0)
    table = extend(counts)
    hidden = hidden_entries(counts, threshold)
    shown = [
        [None if (r, c) in hidden else value for c, value in enumerate(row)]
        for r, row in enumerate(table)
    ]
    return Suppressed(
        cells=tuple(tuple(row[:-1]) for row in shown[:-1]),
        row_totals=tuple(row[-1] for row in shown[:-1]),
        column_totals=tuple(shown[-1][:-1]),
        total=shown[-1][-1],
    )

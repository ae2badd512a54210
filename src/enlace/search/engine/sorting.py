"""Sorting results by name or by date verified, as rank arrays over document numbers.

Whoosh sorts by collecting every matching document through the query's matcher tree and
reading each one's sort key: at 100,000 offers a browse page ("every training offer, by
name") took 170 ms and "recently verified" 400 ms. The matched set is already known
here (a bitmap), so sorting only needs each document's position in the chosen order.

That position is computed once per index generation from the sort columns Whoosh
stores (``sort_es``, ``sort_en``, ``assured``), which are read once per segment and kept
like the postings in :mod:`enlace.search.engine.scoring`. A page is then the ``n`` smallest
ranks among the matched documents: one array selection.

The order is exactly Whoosh's: the column's bytes (the folded name), newest verification
first for "recent", and the lower document number on ties.
"""

from __future__ import annotations

from functools import partial
from threading import Lock
from typing import Any

import numpy as np

from enlace.search.engine.lru import Lru
from enlace.search.engine.postings import Ids, bits_to_mask

#: Sort orders and the columns they read: names per language, verification date.
ORDERS = ("name", "recent")
ASSURED_COLUMN = "assured"
#: Segments whose columns are kept (each is one list per column).
MAX_SEGMENTS = 64


class Columns:
    """Per-segment sort-column values, shared by every generation of a process."""

    def __init__(self, max_segments: int = MAX_SEGMENTS) -> None:
        self._values: Lru[tuple[str, str], list[Any]] = Lru(max_segments * 3)

    def values(self, leaf: Any, field: str) -> list[Any]:
        """Every document's raw column value in one segment (a default when absent)."""
        key = (leaf.segment().segment_id(), field)
        return self._values.get(key, partial(_read_column, leaf, field))

    def clear(self) -> None:
        self._values.clear()


def _read_column(leaf: Any, field: str) -> list[Any]:
    size = leaf.doc_count_all()
    found: list[Any] = []
    if field in leaf.schema and leaf.has_column(field):
        found = list(leaf.column_reader(field, translate=False))
    found.extend([b"" if field != ASSURED_COLUMN else 0] * (size - len(found)))
    return found


class Sorter:
    """Ranks by name (per language) and by date verified on one searcher generation."""

    def __init__(self, leaves: list[tuple[Any, int]], size: int, columns: Columns) -> None:
        self.leaves = leaves
        self.size = size
        self.columns = columns
        self._ranks: dict[tuple[str, str], Ids] = {}
        self._lock = Lock()

    def _column(self, field: str) -> list[Any]:
        values: list[Any] = []
        for leaf, offset in self.leaves:
            values.extend([b""] * (offset - len(values)))
            values.extend(self.columns.values(leaf, field))
        values.extend([b"" if field != ASSURED_COLUMN else 0] * (self.size - len(values)))
        return values

    def rank(self, order: str, language: str) -> Ids:
        """Position of every document in ``order`` ("name" or "recent")."""
        key = (order, language)
        with self._lock:
            found = self._ranks.get(key)
        if found is not None:
            return found
        if order == "name":
            names = self._column(f"sort_{language}")
            ordered: Any = sorted(range(self.size), key=names.__getitem__)
        elif order == "recent":  # newest verification first, then by name
            assured = np.asarray(self._column(ASSURED_COLUMN), dtype=np.int64)
            ordered = np.lexsort((self.rank("name", language), -assured))
        else:
            raise ValueError(f"unknown sort order {order!r}; choose from {ORDERS}")
        found = np.empty(self.size, dtype=np.int64)
        found[np.asarray(ordered, dtype=np.int64)] = np.arange(self.size)
        with self._lock:
            self._ranks[key] = found
        return found

    def first(self, order: str, language: str, bits: int, count: int) -> list[int]:
        """The first ``count`` documents of ``bits`` in ``order``."""
        if count <= 0 or not bits:
            return []
        rank = self.rank(order, language)
        candidates = np.flatnonzero(bits_to_mask(bits, self.size))
        ranks = rank[candidates]
        if len(candidates) > count:
            chosen = np.argpartition(ranks, count - 1)[:count]
            candidates, ranks = candidates[chosen], ranks[chosen]
        return [int(candidates[i]) for i in np.argsort(ranks, kind="stable")]

"""Document sets as bitmaps (Python ints), cached per index segment.

Filters, facet counts and the set of documents a query matches are all set algebra over
a few hundred thousand document numbers. Python's big integers do AND / OR / popcount in
C over 64-bit words, so one facet value's count for 100,000 documents costs microseconds.

A term's bitmap is built once per *segment* from its raw postings (deleted documents
included) and kept in :class:`BitsCache` keyed by the segment id, which Whoosh never
reuses. Segments are immutable, so the cache survives new commits: only the small new
segments need reading, and a deletion in a big segment only changes that segment's
"live" mask (its undeleted documents), which is cheap to recompute and is AND-ed into
every query's set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh import query as wq
from whoosh.idsets import DocIdSet

from enlace.search.engine.lru import Lru
from enlace.search.engine.postings import bits_from_array, bits_to_words, read_postings
from enlace.search.schema import FACET_FIELD, KEYWORD_FIELDS, facet_term

DEFAULT_CACHE_ENTRIES = 50_000


def bits_from_ids(ids: Iterable[int], size: int) -> int:
    return bits_from_array(np.fromiter(ids, dtype=np.int64), size)


def iter_bits(bits: int) -> Iterator[int]:
    """Document numbers set in ``bits``, ascending."""
    data = bits.to_bytes((bits.bit_length() + 7) >> 3, "little")
    for index, byte in enumerate(data):
        if byte:
            base = index << 3
            for offset in range(8):
                if byte >> offset & 1:
                    yield base + offset


class BitsFilter(DocIdSet):  # type: ignore[misc]
    """A read-only bitmap Whoosh collectors can use as ``filter=`` (O(1) membership).

    Searches no longer need it (ranking and sorting read the bitmaps directly); it
    serves wherever Whoosh itself must apply a bitmap: the benchmark's baseline and the
    tests that compare our ranking and sorting with Whoosh's own."""

    def __init__(self, bits: int) -> None:
        self.bits = bits
        self._bytes = bits.to_bytes((bits.bit_length() + 7) >> 3, "little")
        self._limit = len(self._bytes) << 3

    def __contains__(self, docnum: object) -> bool:
        if not isinstance(docnum, int) or docnum < 0 or docnum >= self._limit:
            return False
        return bool(self._bytes[docnum >> 3] >> (docnum & 7) & 1)

    def __len__(self) -> int:
        return self.bits.bit_count()

    def __bool__(self) -> bool:
        return self.bits != 0

    def __iter__(self) -> Iterator[int]:
        return iter_bits(self.bits)


class BitsCache:
    """Per-segment term bitmaps shared by every searcher generation of a process."""

    def __init__(self, max_entries: int = DEFAULT_CACHE_ENTRIES) -> None:
        self._terms: Lru[tuple[str, str, str], int] = Lru(max_entries)
        self._live: Lru[tuple[str, int], int] = Lru(1024)

    def term(self, leaf: Any, field: str, text: str) -> int:
        key = (leaf.segment().segment_id(), field, text)
        return self._terms.get(key, partial(_raw_term_bits, leaf, field, text))

    def live(self, leaf: Any) -> int:
        """The segment's undeleted documents (keyed by its deletion count, which only
        grows while the segment lives)."""
        segment = leaf.segment()
        return self._live.get((segment.segment_id(), segment.deleted_count()), partial(_live, leaf))

    def clear(self) -> None:
        self._terms.clear()
        self._live.clear()


def _live(leaf: Any) -> int:
    size = int(leaf.doc_count_all())
    bits = (1 << size) - 1
    deleted = leaf.deleted_docs_set
    if deleted:
        bits &= ~bits_from_ids(deleted, size)
    return bits


def _raw_term_bits(leaf: Any, field: str, text: str) -> int:
    """Postings of one term in one segment, deleted documents included (deletions are
    applied separately through :meth:`BitsCache.live`)."""
    ids, _weights = read_postings(leaf, field, text)
    return bits_from_array(ids, leaf.doc_count_all()) if len(ids) else 0


class DocSets:
    """Bitmaps over the global document numbers of one searcher (one index generation)."""

    def __init__(self, searcher: Any, cache: BitsCache) -> None:
        reader = searcher.reader()
        self.cache = cache
        self.leaves: list[tuple[Any, int]] = [
            (leaf, offset)
            for leaf, offset in reader.leaf_readers()
            if hasattr(leaf, "segment") and leaf.segment() is not None
        ]
        self.size = reader.doc_count_all()
        live = 0
        for leaf, offset in self.leaves:
            live |= cache.live(leaf) << offset
        self.live = live
        self._memo: dict[tuple[str, str], int] = {}
        self._any: dict[tuple[tuple[str, str], ...], int] = {}
        self._lexicon: dict[str, list[str]] = {}
        self._matrices: dict[Any, npt.NDArray[np.uint64]] = {}
        self._words = (self.size + 63) >> 6
        self._reader = reader

    def term(self, field: str, text: str) -> int:
        """Live documents having ``text`` in ``field`` (keyword facets are mapped to
        their ``name=value`` term of the shared facet field)."""
        if field in KEYWORD_FIELDS:
            field, text = FACET_FIELD, facet_term(field, text)
        key = (field, text)
        bits = self._memo.get(key)
        if bits is None:
            bits = 0
            for leaf, offset in self.leaves:
                segment_bits = self.cache.term(leaf, field, text)
                if segment_bits:
                    bits |= segment_bits << offset
            bits &= self.live
            if len(self._memo) > 20_000:
                self._memo.clear()
            self._memo[key] = bits
        return bits

    def forget(self) -> None:
        self._memo.clear()
        self._any.clear()
        self._lexicon.clear()
        self._matrices.clear()

    def counts(self, key: Any, rows: Callable[[], Sequence[int]], within: int) -> list[int]:
        """How many documents of ``within`` each bitmap of ``rows()`` holds.

        The rows (one facet's values) are stacked once per generation into a matrix of
        64-bit words under ``key``; counting is then one AND and one popcount over the
        matrix, instead of a Python big-integer AND and ``bit_count`` per value."""
        matrix = self._matrices.get(key)
        if matrix is None:
            stacked = [bits_to_words(bits, self._words) for bits in rows()]
            matrix = np.vstack(stacked) if stacked else np.zeros((0, self._words), np.uint64)
            self._matrices[key] = matrix
        if not len(matrix):
            return []
        hits = np.bitwise_count(matrix & bits_to_words(within, self._words))
        return [int(count) for count in hits.sum(axis=1, dtype=np.int64)]

    def any_of(self, terms: Iterable[tuple[str, str]]) -> int:
        """Documents having any of the (field, value) terms (memoised per generation:
        filter clauses and region/commune facet values repeat across queries)."""
        key = tuple(terms)
        bits = self._any.get(key)
        if bits is None:
            bits = 0
            for field, text in key:
                bits |= self.term(field, text)
            if len(self._any) > 5_000:
                self._any.clear()
            self._any[key] = bits
        return bits

    def values(self, name: str) -> list[str]:
        """Every value keyword ``name`` has in this generation (deleted documents may
        leave values whose count is zero; callers drop those)."""
        values = self._lexicon.get(name)
        if values is None:
            prefix = facet_term(name, "")
            values = []
            if FACET_FIELD in self._reader.schema:
                for raw in self._reader.expand_prefix(FACET_FIELD, prefix):
                    term = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
                    values.append(term[len(prefix) :])
            self._lexicon[name] = values
        return values

    def evaluate(self, q: Any) -> int:
        """The documents a query built by :mod:`enlace.search.query` matches.

        Supports the node types that module produces (Term, And, Or, AndMaybe, Every,
        NullQuery); anything else is a programming error, not a user error.
        """
        if isinstance(q, wq.Term):
            return self.term(q.fieldname, q.text)
        if isinstance(q, wq.Every):
            return self.live
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return 0
        if isinstance(q, wq.AndMaybe):
            return self.evaluate(q.a)
        if isinstance(q, wq.And):
            bits = self.live
            for sub in q.subqueries:
                bits &= self.evaluate(sub)
                if not bits:
                    break
            return bits
        if isinstance(q, wq.Or):
            bits = 0
            for sub in q.subqueries:
                bits |= self.evaluate(sub)
            return bits
        raise TypeError(f"cannot evaluate query node {type(q).__name__}")

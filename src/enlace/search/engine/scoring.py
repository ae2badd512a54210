"""Relevance scores for every matched offer at once: Whoosh's BM25F, vectorised.

Whoosh ranks by walking a tree of matchers one posting at a time in pure Python. With
synonyms and two languages a single typed word becomes a dozen leaves ("antecedentes":
its stem in both languages, "certificado de antecedentes", "eliminación de antecedentes"
with their word pairs...), and at 100,000 offers a common word walks tens of thousands of
postings per query: that walk was most of the time of a search.

This module computes *the same scores* without the walk. Each term's postings are read
from Whoosh's posting files once per index segment and kept as arrays (document numbers
and term weights), like the filter bitmaps in :mod:`enlace.search.engine.docsets`, and so are
the segment's field lengths. A query then costs a few array operations per leaf: Whoosh's
own BM25F formula with Whoosh's idf and average field length of the current generation,
summed the way Whoosh's matchers sum (``Or`` adds the scores of the children that match,
``And`` adds all of them where all match, ``AndMaybe`` adds the optional part where it
matches). A test checks the scores against Whoosh's own on the same index.

Whoosh stays the index: analysis, the term dictionary, postings, segments, merges,
stored fields and sort columns. Only the ranking arithmetic moves into numpy.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from enlace.search.engine.lru import Lru
from enlace.search.engine.postings import (
    Floats,
    LocalIds,
    Mask,
    Weights,
    bits_to_mask,
    read_postings,
)

#: Postings kept in memory across all cached terms (8 bytes each: 32 MB at most).
DEFAULT_MAX_POSTINGS = 4_000_000
_BYTE_LENGTHS: Floats = np.array([byte_to_length(b) or 0 for b in range(256)], dtype=np.float64)
Codes = npt.NDArray[np.uint8]


def _read_length_codes(leaf: Any, field: str) -> Codes:
    """Every document's length of ``field`` in one segment as Whoosh stores it: one byte
    on a logarithmic scale, decoded with :data:`_BYTE_LENGTHS` when scoring."""
    size = leaf.doc_count_all()
    perdoc = leaf._perdoc
    reader = perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
    codes = np.zeros(size, dtype=np.uint8)
    if reader is None:
        return codes
    raw = getattr(reader, "_dbfile", None)
    count = getattr(reader, "_count", None)
    if raw is not None and count is not None and getattr(reader, "_fixedlen", 0) == 1:
        data = raw.get(reader._basepos, count)
        codes[: len(data)] = np.frombuffer(data, dtype=np.uint8)
    else:  # another column layout: slower, same result
        for docnum in range(size):
            codes[docnum] = reader[docnum]
    return codes


class PostingsCache:
    """Per-segment posting arrays and field lengths, shared by every searcher generation
    of a process. Segments never change once written and their ids are never reused, so
    entries stay valid until the segment is merged away (then they age out)."""

    def __init__(self, max_postings: int = DEFAULT_MAX_POSTINGS) -> None:
        self._postings: Lru[tuple[str, str, str], tuple[LocalIds, Weights]]
        self._postings = Lru(max_postings, _posting_count)
        self._lengths: Lru[tuple[str, str], Codes] = Lru(256)

    @property
    def held(self) -> int:
        """Postings held now."""
        return self._postings.held

    def postings(self, leaf: Any, field: str, text: str) -> tuple[LocalIds, Weights]:
        key = (leaf.segment().segment_id(), field, text)
        return self._postings.get(key, partial(read_postings, leaf, field, text))

    def length_codes(self, leaf: Any, field: str) -> Codes:
        key = (leaf.segment().segment_id(), field)
        return self._lengths.get(key, partial(_read_length_codes, leaf, field))

    def clear(self) -> None:
        self._postings.clear()
        self._lengths.clear()


def _posting_count(postings: tuple[LocalIds, Weights]) -> int:
    return len(postings[0])


class Scorer:
    """BM25F scores of query trees on one searcher generation (global document numbers).

    Matches Whoosh's scoring: idf ``log(N / (df + 1)) + 1`` and the average field length
    over all documents of the generation, deleted ones included, as Whoosh counts them;
    unscored fields (the word-pair fields) score their posting weight; a leaf's boost
    multiplies its score.
    """

    def __init__(self, searcher: Any, leaves: list[tuple[Any, int]], cache: PostingsCache) -> None:
        self.searcher = searcher
        self.leaves = leaves
        self.cache = cache
        self.size: int = searcher.reader().doc_count_all()
        weighting = searcher.weighting
        if not isinstance(weighting, BM25F):
            raise TypeError(f"vectorised scoring implements BM25F, not {weighting!r}")
        self.weighting: BM25F = weighting
        #: The last query ranked and its scores: proximity sorting ranks one query
        #: in up to four tiers.
        self._last: tuple[Any, Floats] | None = None

    def _term(self, fieldname: str, text: str, boost: float) -> tuple[Floats, Mask]:
        score = np.zeros(self.size, dtype=np.float64)
        match = np.zeros(self.size, dtype=np.bool_)
        schema = self.searcher.schema
        if fieldname not in schema:
            return score, match
        field = schema[fieldname]
        scorable = field.scorable
        if scorable:
            idf = float(self.searcher.idf(fieldname, text))
            avgfl = float(self.searcher.avg_field_length(fieldname) or 1)
            b = float(self.weighting._field_B.get(fieldname, self.weighting.B))
            k1 = float(self.weighting.K1)
        for leaf, offset in self.leaves:
            ids, stored = self.cache.postings(leaf, fieldname, text)
            if not len(ids):
                continue
            weights = stored.astype(np.float64)
            if scorable:
                lengths = _BYTE_LENGTHS[self.cache.length_codes(leaf, fieldname)[ids]]
                values = idf * (
                    (weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / avgfl))
                )
            else:
                values = weights
            where = ids.astype(np.int64) + offset
            score[where] = values * boost
            match[where] = True
        return score, match

    def evaluate(self, q: Any) -> tuple[Floats, Mask]:
        """(score, matches) over every document for the node types that
        :mod:`enlace.search.query` builds; the arrays are new, callers may modify them."""
        if isinstance(q, wq.Term):
            return self._term(q.fieldname, q.text, float(q.boost))
        if isinstance(q, wq.Every):
            return np.zeros(self.size), np.ones(self.size, dtype=np.bool_)
        if q is wq.NullQuery or isinstance(q, type(wq.NullQuery)):
            return np.zeros(self.size), np.zeros(self.size, dtype=np.bool_)
        if isinstance(q, wq.AndMaybe):
            score, match = self.evaluate(q.a)
            extra, extra_match = self.evaluate(q.b)
            extra[~(extra_match & match)] = 0.0
            score += extra
        elif isinstance(q, (wq.And, wq.Or)):
            if not q.subqueries:
                return np.zeros(self.size), np.zeros(self.size, dtype=np.bool_)
            score, match = self.evaluate(q.subqueries[0])
            both = isinstance(q, wq.And)
            for sub in q.subqueries[1:]:
                sub_score, sub_match = self.evaluate(sub)
                score += sub_score
                if both:
                    match &= sub_match
                else:
                    match |= sub_match
            if both:
                score[~match] = 0.0
        else:
            raise TypeError(f"cannot score query node {type(q).__name__}")
        boost = float(getattr(q, "boost", 1.0))
        if boost != 1.0:
            score *= boost
        return score, match

    def top(self, q: Any, bits: int, limit: int) -> list[tuple[float, int]]:
        """The ``limit`` best (score, docnum) among the documents in ``bits``; equal
        scores go to the lower document number (the one indexed first)."""
        if limit <= 0 or not bits:
            return []
        if self._last is not None and self._last[0] is q:
            score = self._last[1]
        else:
            score, _match = self.evaluate(q)
            self._last = (q, score)
        candidates = np.flatnonzero(bits_to_mask(bits, self.size))
        values = score[candidates]
        if len(candidates) > limit:
            kth = np.partition(values, len(values) - limit)[len(values) - limit]
            keep = values >= kth
            candidates, values = candidates[keep], values[keep]
        order = np.lexsort((candidates, -values))[:limit]
        return [(float(values[i]), int(candidates[i])) for i in order]

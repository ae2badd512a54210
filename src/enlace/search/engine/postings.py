"""Reading a term's postings from a Whoosh segment as arrays, and bitmap conversions.

Both the document-set bitmaps (:mod:`enlace.search.engine.docsets`) and the vectorised scores
(:mod:`enlace.search.engine.scoring`) start from a term's postings in one segment, deleted
documents included (deletions are applied separately, so what is cached stays valid for
the life of the segment). Reading them a block at a time with numpy instead of a
posting at a time through Whoosh's matcher made a cold query at 100,000 offers several
times cheaper.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
from whoosh.codec.whoosh3 import W3LeafMatcher

Floats = npt.NDArray[np.float64]
Ids = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]
Words = npt.NDArray[np.uint64]
#: Postings as kept in memory: segment-local numbers and Whoosh's own 32-bit weights
#: (it stores them as ``array("f")``, so nothing is lost), eight bytes a posting.
LocalIds = npt.NDArray[np.int32]
Weights = npt.NDArray[np.float32]

EMPTY_IDS: LocalIds = np.zeros(0, dtype=np.int32)
EMPTY_WEIGHTS: Weights = np.zeros(0, dtype=np.float32)


def read_postings(leaf: Any, field: str, text: str) -> tuple[LocalIds, Weights]:
    """(segment-local document numbers, weights) of ``text`` in ``field``.

    Uses the segment's term reader directly because ``SegmentReader.postings`` wraps the
    matcher to skip deleted documents, which would tie what is cached to one deletion
    state."""
    if field not in leaf.schema:
        return EMPTY_IDS, EMPTY_WEIGHTS
    btext = leaf._text_to_bytes(field, text)
    terms = leaf._terms
    if (field, btext) not in terms:
        return EMPTY_IDS, EMPTY_WEIGHTS
    matcher = terms.matcher(field, btext, leaf.schema[field].format, scorer=None)
    return _read_postings(matcher)


def _read_postings(matcher: Any) -> tuple[LocalIds, Weights]:
    """All (document number, weight) pairs of one term in one segment.

    Whoosh's block matcher keeps each block as a pickled tuple of delta-encoded ids and
    weights (``None`` when all are 1, one float when all are equal); decoding the block
    tuples with numpy avoids a Python step per posting. Other matchers (postings inlined
    in the term dictionary) are read a posting at a time."""
    if isinstance(matcher, W3LeafMatcher) and not matcher._byteids:
        id_blocks: list[LocalIds] = []
        weight_blocks: list[Weights] = []
        while matcher.is_active():
            matcher._read_data()
            deltas, weights, _values = matcher._data
            count = matcher._blocklength
            id_blocks.append(np.cumsum(np.asarray(deltas, dtype=np.int64)).astype(np.int32))
            if weights is None:
                weight_blocks.append(np.ones(count, dtype=np.float32))
            elif isinstance(weights, float):
                weight_blocks.append(np.full(count, weights, dtype=np.float32))
            else:
                weight_blocks.append(np.asarray(weights, dtype=np.float32))
            matcher._next_block()
        if not id_blocks:
            return EMPTY_IDS, EMPTY_WEIGHTS
        return np.concatenate(id_blocks), np.concatenate(weight_blocks)
    ids: list[int] = []
    found: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        found.append(matcher.weight())
        matcher.next()
    return np.asarray(ids, dtype=np.int32), np.asarray(found, dtype=np.float32)


def bits_from_array(ids: Ids | LocalIds, size: int) -> int:
    """A bitmap (bit n = document n) from an array of document numbers below ``size``."""
    mask = np.zeros(size, dtype=np.bool_)
    mask[ids] = True
    return int.from_bytes(np.packbits(mask, bitorder="little").tobytes(), "little")


def bits_to_mask(bits: int, size: int) -> Mask:
    """A bitmap as a boolean array of ``size``."""
    data = bits.to_bytes((size + 7) >> 3, "little")
    unpacked = np.unpackbits(np.frombuffer(data, dtype=np.uint8), bitorder="little")
    return unpacked[:size].astype(np.bool_)


def bits_to_words(bits: int, words: int) -> Words:
    """A bitmap as ``words`` little-endian 64-bit words."""
    return np.frombuffer(bits.to_bytes(words * 8, "little"), dtype="<u8")

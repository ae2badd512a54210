"""Bitmaps of document numbers, and their per-segment cache."""

from __future__ import annotations

from enlace.search.engine.docsets import BitsFilter, bits_from_ids, iter_bits


def test_bitmaps_round_trip() -> None:
    ids = [0, 3, 8, 9, 1000]
    bits = bits_from_ids(ids, 1001)
    assert list(iter_bits(bits)) == ids
    assert bits.bit_count() == 5


def test_a_bitmap_filter_answers_membership_in_constant_time() -> None:
    allowed = BitsFilter(bits_from_ids([2, 64, 65], 100))
    assert 64 in allowed and 2 in allowed
    assert 3 not in allowed and 10_000 not in allowed and -1 not in allowed
    assert len(allowed) == 3 and list(allowed) == [2, 64, 65]
    assert not BitsFilter(0)

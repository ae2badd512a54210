"""The per-segment caches' LRU: budget by weight, newest entry kept, computed once."""

from __future__ import annotations

from enlace.search.engine.lru import Lru


def test_least_recently_used_go_first_within_the_budget() -> None:
    cache: Lru[str, int] = Lru(2)
    assert cache.get("a", lambda: 1) == 1
    assert cache.get("b", lambda: 2) == 2
    assert cache.get("a", lambda: 99) == 1  # a hit: not computed again, now the newest
    cache.get("c", lambda: 3)
    assert cache.keys() == ["a", "c"] and len(cache) == 2 and cache.held == 2


def test_weighed_entries_and_an_oversized_newest_entry() -> None:
    cache: Lru[str, list[int]] = Lru(5, len)
    cache.get("small", lambda: [1, 2])
    cache.get("big", lambda: list(range(9)))  # over budget alone: kept, older dropped
    assert cache.keys() == ["big"] and cache.held == 9
    cache.get("next", lambda: [0])
    assert cache.keys() == ["next"] and cache.held == 1
    cache.clear()
    assert cache.keys() == [] and cache.held == 0

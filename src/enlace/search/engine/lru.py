"""A small thread-safe LRU cache with a budget, for values read from immutable segments.

Term bitmaps, posting arrays, field lengths and sort columns are all read once per index
segment and kept across searcher generations, keyed by the segment id (Whoosh never
reuses one). They differ only in what they read and how much each entry weighs.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def _one(_value: object) -> int:
    return 1


class Lru(Generic[K, V]):
    """At most ``budget`` units of values (``weigh`` gives a value's units; one each by
    default); the least recently used go first, but the newest entry always stays."""

    def __init__(self, budget: int, weigh: Callable[[V], int] = _one) -> None:
        self.budget = budget
        self._weigh = weigh
        self._entries: OrderedDict[K, V] = OrderedDict()
        self._held = 0
        self._lock = Lock()

    def get(self, key: K, compute: Callable[[], V]) -> V:
        """The value of ``key``, computed outside the lock on a miss (two threads may
        both compute it; the first stored wins and both answers are equal)."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = compute()
        with self._lock:
            if key in self._entries:
                return self._entries[key]
            self._entries[key] = value
            self._held += self._weigh(value)
            while self._held > self.budget and len(self._entries) > 1:
                _key, dropped = self._entries.popitem(last=False)
                self._held -= self._weigh(dropped)
        return value

    @property
    def held(self) -> int:
        return self._held

    def keys(self) -> list[K]:
        """The keys held, least recently used first."""
        with self._lock:
            return list(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._held = 0

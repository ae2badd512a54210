"""Per-record values remembered while the catalogue stays at one revision.

Like the reference data (:mod:`enlace.catalogue.lookup`), but for records a page reads
a few at a time (the result cards of a page of hits): kept per database engine and
keyed by the catalogue's identity (id and revision), so any catalogue write, in any
process, makes the next read see a different identity and start afresh. Before the
first catalogue write (no identity yet) nothing is kept. At most ``size`` values are
kept, the least recently used going first.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from enlace.catalogue.revision import catalogue_identity

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def engine_of(session: Session) -> Engine | None:
    bind = session.get_bind()
    if isinstance(bind, Connection):
        return bind.engine
    return bind if isinstance(bind, Engine) else None


class _Entry(Generic[K, V]):
    __slots__ = ("identity", "values")

    def __init__(self, identity: tuple[str, int]) -> None:
        self.identity = identity
        self.values: OrderedDict[K, V] = OrderedDict()


class RevisionMemo(Generic[K, V]):
    """Values by key for the current catalogue revision, per engine; thread-safe."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._entries: weakref.WeakKeyDictionary[Engine, _Entry[K, V]] = weakref.WeakKeyDictionary()

    def get_many(
        self, session: Session, keys: Sequence[K], load: Callable[[list[K]], dict[K, V]]
    ) -> dict[K, V]:
        """The values of ``keys`` (those ``load`` finds), loading only the ones not kept."""
        identity = catalogue_identity(session)
        engine = engine_of(session)
        if engine is None or not identity[0]:
            return load(list(keys))
        with self._lock:
            entry = self._entries.get(engine)
            if entry is None or entry.identity != identity:
                entry = self._entries[engine] = _Entry(identity)
            found: dict[K, V] = {}
            for key in keys:
                if key in entry.values:
                    entry.values.move_to_end(key)
                    found[key] = entry.values[key]
        missing = [key for key in dict.fromkeys(keys) if key not in found]
        if missing:
            loaded = load(missing)
            found.update(loaded)
            with self._lock:
                entry.values.update(loaded)
                while len(entry.values) > self.size:
                    entry.values.popitem(last=False)
        return found

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

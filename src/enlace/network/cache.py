"""Built network graphs cached per process, keyed by the catalogue identity and a date.

Same rule as the reference data (:mod:`enlace.catalogue.lookup`): an entry is keyed by
:func:`enlace.catalogue.revision.catalogue_identity` (catalogue id and revision), so any
catalogue write, in any process, makes the next read see a different key and build
afresh; nothing is invalidated by hand. Before the first catalogue write (no identity)
nothing is cached. A few dates are kept per engine (today, and a coordinator's "as of").
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from enlace.catalogue.revision import catalogue_identity
from enlace.network.graph import NetworkGraph
from enlace.network.queries import NetworkAnalysis

#: Graphs kept per engine (each catalogue identity x date is one).
KEEP = 4

Key = tuple[str, int, date]


@dataclass
class CachedNetwork:
    """A built graph and, once asked for, its whole-network analysis."""

    key: Key
    network: NetworkGraph
    analysis: NetworkAnalysis | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


class GraphCache:
    """The last few graphs per engine; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: weakref.WeakKeyDictionary[Engine, OrderedDict[Key, CachedNetwork]] = (
            weakref.WeakKeyDictionary()
        )
        self.builds = 0  # how many graphs were built (tests watch it)

    def get(
        self, session: Session, on: date, build: Callable[[Session, date], NetworkGraph]
    ) -> CachedNetwork:
        catalogue, revision = catalogue_identity(session)
        key = (catalogue, revision, on)
        engine = _engine(session)
        with self._lock:
            entries = self._entries.get(engine) if engine is not None else None
            cached = entries.get(key) if entries is not None else None
            if cached is not None and entries is not None:
                entries.move_to_end(key)
        if cached is not None and catalogue:
            return cached
        fresh = CachedNetwork(key, build(session, on))
        self.builds += 1
        if engine is not None and catalogue:
            with self._lock:
                entries = self._entries.setdefault(engine, OrderedDict())
                entries[key] = fresh
                while len(entries) > KEEP:
                    entries.popitem(last=False)
        return fresh

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _engine(session: Session) -> Engine | None:
    bind = session.get_bind()
    if isinstance(bind, Connection):
        return bind.engine
    return bind if isinstance(bind, Engine) else None

"""Reference data for pages, read once per catalogue revision instead of on every request.

Regions, communes, taxonomy terms, the need domains with their categories, offer counts
per region, the catalogue's counts (the start page) and whether the demo catalogue is
loaded: small tables and figures every page labels
codes with. They are cached per database engine and keyed by the catalogue's identity
(its id and revision, :func:`enlace.catalogue.revision.catalogue_identity`): any
catalogue write bumps the revision, so the next read in *any* process sees it differ
and reads afresh. Before the first catalogue write (no identity yet) nothing is cached.

Cached records are detached from the session that read them, so a later rollback or
close of that session cannot expire them under another request.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session, col, select

from enlace.catalogue import read
from enlace.catalogue.places import Commune, Region
from enlace.catalogue.revision import catalogue_identity
from enlace.catalogue.stats import CatalogueCounts, catalogue_counts
from enlace.catalogue.taxonomy import TaxonomyTerm
from enlace.catalogue.taxonomy_service import DomainView, group_domains, ordered_terms


@dataclass(frozen=True)
class ReferenceData:
    """One consistent snapshot of the reference tables (treat as read-only)."""

    identity: tuple[str, int]
    regions: tuple[Region, ...]  # north to south
    communes: Mapping[str, Commune]
    terms: Mapping[str, TaxonomyTerm]
    domains: tuple[DomainView, ...]  # need domains in order, each with its categories
    offer_counts: Mapping[str, int]  # active offers available per region
    demo: bool
    counts: CatalogueCounts  # what the start page says the catalogue holds
    region_by_code: Mapping[str, Region] = field(init=False)
    category_codes: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "region_by_code", {r.code: r for r in self.regions})
        codes = frozenset(t.code for t in self.terms.values() if t.level == 1)
        object.__setattr__(self, "category_codes", codes)

    def region_communes(self, region_code: str) -> list[Commune]:
        """The communes of a region by name."""
        found = [c for c in self.communes.values() if c.region_code == region_code]
        return sorted(found, key=lambda c: c.name)

    def communes_by_code(self, codes: list[str]) -> dict[str, Commune]:
        return {code: self.communes[code] for code in codes if code in self.communes}


class ReferenceCache:
    """The last snapshot per engine; thread-safe, rebuilt when the identity moves."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: weakref.WeakKeyDictionary[Engine, ReferenceData] = (
            weakref.WeakKeyDictionary()
        )

    def get(self, session: Session) -> ReferenceData:
        identity = catalogue_identity(session)
        engine = _engine(session)
        with self._lock:
            cached = self._entries.get(engine) if engine is not None else None
        if cached is not None and cached.identity == identity and identity[0]:
            return cached
        fresh = _read(session, identity)
        if engine is not None and identity[0]:
            with self._lock:
                self._entries[engine] = fresh
        return fresh

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _engine(session: Session) -> Engine | None:
    bind = session.get_bind()
    if isinstance(bind, Connection):
        return bind.engine
    return bind if isinstance(bind, Engine) else None


def _read(session: Session, identity: tuple[str, int]) -> ReferenceData:
    regions = read.regions(session)
    communes = list(session.exec(select(Commune).order_by(col(Commune.code))))
    terms = ordered_terms(session)
    counts = read.offer_counts_by_region(session)
    totals = catalogue_counts(session)
    for record in (*regions, *communes, *terms):
        if record in session:
            session.expunge(record)
    return ReferenceData(
        identity=identity,
        regions=tuple(regions),
        communes={c.code: c for c in communes},
        terms={t.code: t for t in terms},
        domains=tuple(group_domains(terms)),
        offer_counts=counts,
        demo=totals.is_demo,
        counts=totals,
    )


_CACHE = ReferenceCache()


def reference_data(session: Session) -> ReferenceData:
    """The reference tables as of the session's catalogue revision (cached)."""
    return _CACHE.get(session)


def clear_cache() -> None:
    """Forget every snapshot (tests that rewrite reference tables without a revision)."""
    _CACHE.clear()

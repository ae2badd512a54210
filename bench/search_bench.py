"""Search benchmark: build, query mix, update visibility; Enlace's Whoosh layer against
SQLite FTS5 on the same documents and queries.

For each size the generated catalogue is written into a scratch SQLite database and the
index is built from it exactly as ``enlace reindex`` does (that is the "full rebuild"
figure). The FTS5 baseline is built from the very records the index read back from the
database. Latencies are measured in one warm process (what a web worker is), each query
asking for the first page with highlights, the exact total and facet counts.
"""

from __future__ import annotations

import os
import random
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select
from whoosh.collectors import FilterCollector, TopCollector

import enlace.models  # noqa: F401  (registers every table)
from bench import fts5
from bench.generate import SIZES, insert_catalogue
from enlace.catalogue.models import Offer
from enlace.catalogue.reference import load_reference
from enlace.db import make_engine, open_session
from enlace.paths import DIRECTORY_DATA_DIR
from enlace.search import query as qb
from enlace.search import service
from enlace.search.documents import load_offer_records
from enlace.search.engine import PARALLEL_ABOVE, SearchIndex
from enlace.search.engine.docsets import BitsFilter
from enlace.search.params import SearchParams
from enlace.search.synonyms import Synonyms, load_synonyms

SINGLE = [
    "soldadura", "vivienda", "subsidio", "arriendo", "capacitación", "jóvenes", "migrantes",
    "albergue", "dental", "empleo", "curso", "taller", "pensión", "cédula", "mediación",
    "alfabetización", "voluntariado", "gasfitería", "panadería", "antecedentes",
]  # fmt: skip
TWO = [
    "curso soldadura", "subsidio arriendo", "salud mental", "apoyo familias", "taller cocina",
    "nivelación estudios", "atención dental", "grupo autoayuda", "bono familiar",
    "asesoría jurídica", "personas mayores", "mujeres trabajo",
]  # fmt: skip
PHRASES = [
    "subsidio de arriendo", "salud mental", "registro social de hogares", "cédula de identidad",
    "bolsa de empleo", "sala cuna", "exámenes libres", "atención primaria", "personas mayores",
    "situación de calle",
]  # fmt: skip
FILTERED = [
    ("curso", "7", "training"), ("subsidio", "13", "housing"), ("taller", "8", "family"),
    ("atención", "5", "health"), ("apoyo", "9", "social_support"), ("programa", "10", "employment"),
    ("becas", "13", "education"), ("bono", "4", "income"),
]  # fmt: skip
KINDS = ("single word", "two words", "phrase", "typo", "word + region + domain")
#: Other paths a user takes, measured beside the mix (not part of the targets).
BROWSE_DOMAINS = ("training", "housing", "employment", "health", "education", "family")
PREFIXES = ("cur", "subs", "tal", "al", "curso de sol", "vivi", "conce", "atenc")
EXTRAS = (
    "browse a need, by name",
    "word, recently verified first",
    "word, nearest first",
    "autocomplete",
)
RANKING = ("vectorised BM25F", "Whoosh collector")


@dataclass
class Query:
    kind: str
    text: str
    region: str | None = None
    domain: str | None = None

    def params(self) -> SearchParams:
        return SearchParams(
            text=self.text,
            region=self.region,
            domains=(self.domain,) if self.domain else (),
            per_page=10,
            facets=True,
            highlight=True,
        )

    def fts(self) -> fts5.FtsQuery:
        return fts5.FtsQuery(self.text, self.region, self.domain)


def _typo(word: str, rng: random.Random) -> str:
    """One edit inside the word (never the first letter): drop, double or swap."""
    position = rng.randint(2, len(word) - 2)
    edit = rng.choice(("drop", "double", "swap"))
    if edit == "drop":
        return word[:position] + word[position + 1 :]
    if edit == "double":
        return word[:position] + word[position] + word[position:]
    return word[: position - 1] + word[position] + word[position - 1] + word[position + 1 :]


def query_mix(per_kind: int, seed: int = 7) -> list[Query]:
    rng = random.Random(seed)
    mix: list[Query] = []
    for number in range(per_kind):
        mix.append(Query(KINDS[0], SINGLE[number % len(SINGLE)]))
        mix.append(Query(KINDS[1], TWO[number % len(TWO)]))
        phrase = PHRASES[number % len(PHRASES)]
        mix.append(Query(KINDS[2], f'"{phrase}"'))
        mix.append(Query(KINDS[3], _typo(SINGLE[(number * 7) % len(SINGLE)], rng)))
        word, region, domain = FILTERED[number % len(FILTERED)]
        mix.append(Query(KINDS[4], word, region, domain))
    return mix


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Latencies:
    by_kind: dict[str, list[float]] = field(default_factory=dict)

    def add(self, kind: str, ms: float) -> None:
        self.by_kind.setdefault(kind, []).append(ms)

    def all(self) -> list[float]:
        return [v for values in self.by_kind.values() for v in values]


@dataclass
class SizeResult:
    size: int
    rebuild_seconds: float = 0.0
    rebuild_procs: int = 1
    index_bytes: int = 0
    segments: int = 0
    insert_seconds: float = 0.0
    fts_build_seconds: float = 0.0
    fts_bytes: int = 0
    first_query_ms: float = 0.0
    enlace: Latencies = field(default_factory=Latencies)
    enlace_cold: Latencies = field(default_factory=Latencies)
    fts: Latencies = field(default_factory=Latencies)
    zero_hits: dict[str, int] = field(default_factory=dict)
    fts_zero_hits: dict[str, int] = field(default_factory=dict)
    update_ms: list[float] = field(default_factory=list)
    extras: Latencies = field(default_factory=Latencies)
    ranking: Latencies = field(default_factory=Latencies)


def run_size(label: str, workdir: Path, per_kind: int, log: Callable[[str], None]) -> SizeResult:
    size = SIZES[label]
    result = SizeResult(size)
    folder = workdir / label
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    engine = make_engine(f"sqlite:///{folder / 'catalogue.sqlite3'}")
    SQLModel.metadata.create_all(engine)
    with open_session(engine) as session:
        load_reference(session, DIRECTORY_DATA_DIR)
        session.commit()
    log(f"[{label}] inserting {size:,} generated offers into SQLite")
    started = time.perf_counter()
    insert_catalogue(engine, size)
    result.insert_seconds = time.perf_counter() - started

    procs = min(os.cpu_count() or 1, 4) if size > PARALLEL_ABOVE else 1
    result.rebuild_procs = procs
    synonyms = load_synonyms(service.SYNONYMS_DIR)
    index = SearchIndex(folder / "index", synonyms)
    log(f"[{label}] full rebuild from the database ({procs} process(es))")
    with open_session(engine) as session:
        report = index.rebuild(session, procs=procs)
        records = list(load_offer_records(session))
    result.rebuild_seconds = report.seconds
    result.index_bytes = report.size_bytes

    log(f"[{label}] FTS5 baseline build")
    started = time.perf_counter()
    db = fts5.build(folder / "fts5.sqlite3", records)
    result.fts_build_seconds = time.perf_counter() - started
    result.fts_bytes = (folder / "fts5.sqlite3").stat().st_size
    del records

    mix = query_mix(per_kind)
    with open_session(engine) as session:
        cold = SearchIndex(folder / "index", synonyms)
        started = time.perf_counter()
        service.search(cold, session, mix[0].params())
        result.first_query_ms = (time.perf_counter() - started) * 1000
        cold.close()
        engine_ = index.engine()
        result.segments = len(engine_.docsets.leaves) if engine_ else 0
        log(f"[{label}] query mix: {len(mix)} queries per engine")
        for query in mix[: len(KINDS) * 2]:  # warm-up, not measured
            service.search(index, session, query.params())
            fts5.search(db, query.fts())
        for query in mix:
            started = time.perf_counter()
            total = service.search(index, session, query.params()).total
            result.enlace.add(query.kind, (time.perf_counter() - started) * 1000)
            if not total:
                result.zero_hits[query.kind] = result.zero_hits.get(query.kind, 0) + 1
            started = time.perf_counter()
            total = fts5.search(db, query.fts())[0]
            result.fts.add(query.kind, (time.perf_counter() - started) * 1000)
            if not total:
                result.fts_zero_hits[query.kind] = result.fts_zero_hits.get(query.kind, 0) + 1
        log(f"[{label}] other paths, and ranking alone against Whoosh's collector")
        _extras(index, session, per_kind, result.extras)
        _ranking(index, mix, result.ranking)
        log(f"[{label}] query mix with a cold bitmap cache")
        for query in mix[:: max(1, len(mix) // 50)]:
            index.clear_caches()
            started = time.perf_counter()
            service.search(index, session, query.params())
            result.enlace_cold.add(query.kind, (time.perf_counter() - started) * 1000)
        log(f"[{label}] update visibility")
        result.update_ms = _update_visibility(engine, folder, synonyms)
    index.close()
    db.close()
    engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)
    return result


def _update_visibility(engine: Engine, folder: Path, synonyms: Synonyms) -> list[float]:
    """Commit a change to one offer in the database, then time until a search made by
    another handle on the index folder (another worker process) returns it."""
    other = SearchIndex(folder / "index", synonyms)
    timings = []
    with open_session(engine) as writer, open_session(engine) as reader:
        service.search(other, reader, SearchParams(text="curso"))  # warm, as a worker is
        offers = writer.exec(select(Offer).order_by(Offer.slug).limit(5)).all()
        for number, offer in enumerate(offers):
            marker = f"zqxmarca{number}"
            offer.name_es = f"{offer.name_es} {marker}"
            writer.commit()
            started = time.perf_counter()
            while True:
                reader.rollback()  # a new request: a fresh view of the database
                results = service.search(other, reader, SearchParams(text=marker))
                if results.total:
                    break
            timings.append((time.perf_counter() - started) * 1000)
    other.close()
    return timings


def _timed(latencies: Latencies, kind: str, call: Callable[[], object]) -> None:
    started = time.perf_counter()
    call()
    latencies.add(kind, (time.perf_counter() - started) * 1000)


def _extras(index: SearchIndex, session: Session, count: int, out: Latencies) -> None:
    """Browsing a need by name, sorting by date verified or by nearness, autocomplete."""
    for number in range(count):
        domain = BROWSE_DOMAINS[number % len(BROWSE_DOMAINS)]
        word = SINGLE[number % len(SINGLE)]
        params = {
            EXTRAS[0]: SearchParams(domains=(domain,), sort="name", facets=True),
            EXTRAS[1]: SearchParams(text=word, sort="recent", facets=True, highlight=True),
            EXTRAS[2]: SearchParams(
                text=word, sort="proximity", near_commune="7101", facets=True, highlight=True
            ),
        }
        for kind, search in params.items():
            _timed(out, kind, partial(service.search, index, session, search))
        prefix = PREFIXES[number % len(PREFIXES)]
        _timed(out, EXTRAS[3], partial(service.autocomplete, index, session, prefix))


def _ranking(index: SearchIndex, mix: Sequence[Query], out: Latencies) -> None:
    """The ranking step alone (top 20 of the matched offers), vectorised and with Whoosh's
    own top-N collector (with block-max skipping) on the same query trees and sets."""
    engine = index.engine()
    if engine is None:
        return
    for item in mix:
        concepts = qb.concepts_for(item.text, index.synonyms)
        text_query = qb.build_text_query(concepts, engine)
        bits = engine.docsets.evaluate(text_query.query) & engine.offers
        _timed(out, RANKING[0], partial(engine.scorer.top, text_query.query, bits, 20))
        collector = FilterCollector(TopCollector(limit=20), allow=BitsFilter(bits))
        search = partial(engine.searcher.search_with_collector, text_query.query, collector)
        _timed(out, RANKING[1], search)

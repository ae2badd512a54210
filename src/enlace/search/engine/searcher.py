"""A warm searcher per process and the search itself.

:class:`Engine` wraps one searcher on one index generation, with its document-set
bitmaps. A new engine is opened (never ``Searcher.refresh()``) when the index generation
changes: whoosh-reloaded's ``refresh()`` reuses segment readers that a merge has already
replaced, which showed up as duplicate hits; a freshly opened searcher is always right.
Opening can race with a writer deleting merged segment files, so it is retried.

:func:`execute` runs a search: the matched set is computed from bitmaps (exact totals and
facet counts for free), then the page asked for is ranked by Whoosh's BM25F computed over
whole posting arrays (:mod:`enlace.search.engine.scoring`), one proximity tier at a time.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from whoosh import query as wq

from enlace.search import query as qb
from enlace.search.analysis import analyze
from enlace.search.engine.docsets import BitsCache, DocSets
from enlace.search.engine.facets import facet_counts
from enlace.search.engine.scoring import PostingsCache, Scorer
from enlace.search.engine.sorting import Columns, Sorter
from enlace.search.params import (
    SORTS,
    Hit,
    Place,
    SearchParams,
    SearchResults,
    region_of_commune,
)
from enlace.search.schema import ANALYZERS, DOCTYPE_OFFER, META_ID
from enlace.search.snippets import make_snippet
from enlace.search.suggest import Gazetteer, Spelling, did_you_mean
from enlace.search.synonyms import Synonyms

OPEN_RETRIES = 8
#: Below this many results a "did you mean" is worth computing.
SUGGEST_BELOW = 3
#: How many top hits the name-start bonus may reorder, and by how much.
RERANK_DEPTH = 20
NAME_START_BONUS = 0.25
#: How many offers with only some of the words are shown below too few with them all.
OTHERS = 10
_NO_PLACES = Gazetteer()


def open_searcher(index: Any) -> Any:
    """A fresh searcher on the latest generation, retrying while a concurrent commit
    swaps segment files under us (a FileNotFoundError on a just-merged segment)."""
    for attempt in range(OPEN_RETRIES):
        try:
            return index.searcher()
        except (FileNotFoundError, OSError):
            if attempt == OPEN_RETRIES - 1:
                raise
            time.sleep(0.01 * (attempt + 1))
    raise AssertionError("unreachable")


@dataclass
class SegmentCaches:
    """What a process reads once per index segment and keeps across generations:
    term bitmaps, posting arrays with field lengths, and sort columns."""

    bits: BitsCache = field(default_factory=BitsCache)
    postings: PostingsCache = field(default_factory=PostingsCache)
    columns: Columns = field(default_factory=Columns)

    def clear(self) -> None:
        self.bits.clear()
        self.postings.clear()
        self.columns.clear()


class Engine:
    """One searcher on one index generation, with its bitmaps (the :class:`Vocabulary`)."""

    def __init__(self, index: Any, caches: SegmentCaches, spelling: Spelling) -> None:
        self.searcher = open_searcher(index)
        self.reader = self.searcher.reader()
        self.generation: int = self.reader.generation()
        self.docsets = DocSets(self.searcher, caches.bits)
        self.scorer = Scorer(self.searcher, self.docsets.leaves, caches.postings)
        self.sorter = Sorter(self.docsets.leaves, self.scorer.size, caches.columns)
        self.offers = self.docsets.term("doctype", DOCTYPE_OFFER)
        meta = self.searcher.document(id=META_ID)
        self.revision: int = int(meta["revision"]) if meta else -1
        #: The database the index was built from ("" before 0003 or for an empty one).
        self.catalogue: str = str(meta.get("catalogue") or "") if meta else ""
        #: The stored-field format it was written in (1: before the format was stamped).
        self.format: int = int(meta.get("format") or 1) if meta else 1
        self._spelling = spelling
        self._spelling_ready = False

    def close(self) -> None:
        self.searcher.close()

    # -- Vocabulary ---------------------------------------------------------------
    def doc_frequency(self, field: str, text: str) -> int:
        return int(self.reader.doc_frequency(field, text))

    @property
    def spelling(self) -> Spelling:
        """The process's surface vocabulary, extended with this generation's segments."""
        if not self._spelling_ready:
            self._spelling.update(leaf for leaf, _offset in self.docsets.leaves)
            self._spelling_ready = True
        return self._spelling

    def similar(self, word: str, maxdist: int) -> list[str]:
        return self.spelling.similar(word, maxdist)


# -- running a search ---------------------------------------------------------------
_TIERS = ("commune", "region", "national", "elsewhere")


def _where(params: SearchParams, place: Place | None) -> tuple[str | None, str | None]:
    """(commune, region) the searcher is in or asked for, if anything says it."""
    region, commune = qb.place_filter(params, place)
    commune = commune or params.near_commune
    region = region or params.near_region
    if region is None and commune:
        region = region_of_commune(commune)
    return commune, region


def _tiers(
    engine: Engine, params: SearchParams, place: Place | None, final: int
) -> list[tuple[str | None, int]]:
    """Split the result set by proximity; a single tier when not sorting by proximity."""
    commune, region = _where(params, place)
    if params.sort != "proximity" or (commune is None and region is None):
        return [(None, final)]
    ds = engine.docsets
    rest = final
    tiers: list[tuple[str | None, int]] = []
    sets = (
        ds.term("commune", commune) if commune else 0,
        ds.any_of((("region", region), ("region_wide", region))) if region else 0,
        ds.term("scope", "national"),
    )
    for name, tier_bits in zip(_TIERS, sets, strict=False):
        chosen = rest & tier_bits
        tiers.append((name, chosen))
        rest &= ~chosen
    tiers.append((_TIERS[-1], rest))
    return tiers


def _order(params: SearchParams, has_text: bool) -> str | None:
    """The fixed order of the page ("name" or "recent"); None ranks by relevance."""
    if params.sort == "name" or (not has_text and params.sort in ("relevance", "proximity")):
        return "name"
    if params.sort == "recent":
        return "recent"
    return None


def _orders(
    params: SearchParams, place: Place | None, has_text: bool, tiers: Sequence[object]
) -> tuple[str, tuple[str, ...]]:
    """The order the list is really in, and the orders worth offering: relevance only
    when there are words to be relevant to, nearest first only when a place is known."""
    order = "proximity" if len(tiers) > 1 else (_order(params, has_text) or "relevance")
    near = any(_where(params, place))
    offered = tuple(
        o for o in SORTS if (o != "relevance" or has_text) and (o != "proximity" or near)
    )
    return order, offered


@lru_cache(maxsize=4096)
def _first_term(language: str, name: str) -> str | None:
    """The first term of a name (remembered: the same names come up again and again)."""
    found = analyze(ANALYZERS[language], name)
    return found[0] if found else None


def _rerank(
    engine: Engine, ranked: list[tuple[float, int]], leading: dict[str, set[str]]
) -> list[tuple[float, int]]:
    """Lift offers whose name starts with what the searcher typed first.

    BM25 favours short names, so "Preparación de exámenes libres" outranked the programme
    actually called "Exámenes libres de validación de estudios". A name that begins with
    the query's first word is very likely the thing being named.
    """
    if not any(leading.values()):
        return ranked
    lifted = []
    for score, docnum in ranked:
        stored = engine.searcher.stored_fields(docnum)
        starts = False
        for language, terms in leading.items():
            first = _first_term(language, (stored.get(f"name_{language}") or "")[:60])
            if first is not None and first in terms:
                starts = True
                break
        lifted.append((score * (1 + NAME_START_BONUS) if starts else score, docnum))
    lifted.sort(key=lambda item: (-item[0], item[1]))
    return lifted


def _page(
    engine: Engine,
    text_query: qb.TextQuery,
    params: SearchParams,
    tiers: Sequence[tuple[str | None, int]],
    has_text: bool,
) -> list[tuple[int, float | None, str | None]]:
    """(docnum, score, tier) for the requested page, scoring only what the page needs.

    Relevance pages are taken from the top :data:`RERANK_DEPTH` (or more, for deep
    pages) after :func:`_rerank`, always the same list, so pages never overlap."""
    start, end = params.start, params.end
    sortedby = _order(params, has_text)
    picked: list[tuple[int, float | None, str | None]] = []
    offset = 0
    for tier, bits in tiers:
        size = bits.bit_count()
        if size and offset + size > start and offset < end:
            need = min(size, end - offset)
            first = max(0, start - offset)
            if sortedby is not None:
                ordered = engine.sorter.first(sortedby, params.language, bits, need)
                picked.extend((docnum, None, tier) for docnum in ordered[first:need])
            else:
                limit = min(size, max(need, RERANK_DEPTH))
                ranked = engine.scorer.top(text_query.query, bits, limit)
                head = _rerank(engine, ranked[:RERANK_DEPTH], text_query.leading)
                ranked = head + ranked[RERANK_DEPTH:]
                picked.extend((docnum, score, tier) for score, docnum in ranked[first:need])
        offset += size
        if offset >= end:
            break
    return picked


@dataclass
class _Match:
    place: Place | None
    clauses: list[qb.Clause]
    clause_bits: list[int]
    filtered: int
    text_query: qb.TextQuery
    matched: int
    relaxed: bool
    #: Offers with only some of the words (when few have them all), and that query.
    others: int = 0
    loose: qb.TextQuery | None = None

    @property
    def final(self) -> int:
        return self.matched & self.filtered


def _match(
    engine: Engine,
    params: SearchParams,
    text: str,
    synonyms: Synonyms,
    gazetteer: Gazetteer,
    few: int = 0,
) -> _Match:
    """Place in the text, filters, and the set of offers the text matches (AND of its
    concepts; OR when no offer has them all). When fewer than ``few`` offers have every
    word, the offers with only some of them are kept apart in ``others``."""
    place = None
    if text and params.detect_place and not params.region and not params.commune:
        text, place = qb.extract_place(text, gazetteer.places)
    concepts = qb.concepts_for(text, synonyms)
    clauses = qb.build_clauses(params, place)
    clause_bits = [engine.docsets.any_of(c.terms) for c in clauses]
    filtered = engine.offers
    for bits in clause_bits:
        filtered &= bits
    text_query = qb.build_text_query(concepts, engine, require_all=True)
    matched = engine.docsets.evaluate(text_query.query) & engine.offers
    relaxed = False
    found = (matched & filtered).bit_count()
    if len(concepts) > 1 and (not found or found < few):
        loose = qb.build_text_query(concepts, engine, require_all=False)
        some = engine.docsets.evaluate(loose.query) & engine.offers
        if not found:
            return _Match(place, clauses, clause_bits, filtered, loose, some, True)
        others = some & filtered & ~matched
        if others:
            return _Match(
                place, clauses, clause_bits, filtered, text_query, matched, relaxed, others, loose
            )
    return _Match(place, clauses, clause_bits, filtered, text_query, matched, relaxed)


def _hit(
    engine: Engine,
    params: SearchParams,
    text_query: qb.TextQuery,
    docnum: int,
    score: float | None,
    tier: str | None,
) -> Hit:
    stored = engine.searcher.stored_fields(docnum)
    terms = text_query.highlight_terms if params.highlight else {}
    name = make_snippet(
        {"es": stored.get("name_es", ""), "en": stored.get("name_en", "")},
        params.language,
        terms,
        whole=True,
    )
    description = make_snippet(
        {"es": stored.get("desc_es", ""), "en": stored.get("desc_en", "")},
        params.language,
        terms,
        whole=False,
    )
    if name is None:
        raise LookupError(f"offer document {stored.get('id')} has no name")
    alternate = stored.get("alt_name") or ""
    alternate_name = (
        make_snippet({"es": alternate, "en": alternate}, params.language, terms, whole=True)
        if alternate
        else None
    )
    return Hit(
        offer_id=stored["id"],
        slug=stored["slug"],
        agency_id=stored.get("agency_id", ""),
        score=score,
        proximity=tier,
        name=name,
        description=description,
        alternate_name=alternate_name,
    )


def execute(
    engine: Engine, params: SearchParams, synonyms: Synonyms, gazetteer: Gazetteer = _NO_PLACES
) -> SearchResults:
    """Run one search on a warm engine (the caller has made sure it is up to date)."""
    text = params.text.strip()
    few = params.per_page if params.page == 1 else 0
    found = _match(engine, params, text, synonyms, gazetteer, few)
    final = found.final
    total = final.bit_count()
    has_text = not isinstance(found.text_query.query, wq.Every)
    tiers = _tiers(engine, params, found.place, final)
    hits = tuple(
        _hit(engine, params, found.text_query, docnum, score, tier)
        for docnum, score, tier in _page(engine, found.text_query, params, tiers, has_text)
    )
    order, orders = _orders(params, found.place, has_text, tiers)
    others: tuple[Hit, ...] = ()
    if found.others and found.loose is not None:
        loose = found.loose
        ranked = engine.scorer.top(loose.query, found.others, max(OTHERS, RERANK_DEPTH))
        ranked = _rerank(engine, ranked[:RERANK_DEPTH], loose.leading)[:OTHERS]
        others = tuple(_hit(engine, params, loose, docnum, score, None) for score, docnum in ranked)
    facets = {}
    if params.facets:
        region, commune = qb.place_filter(params, found.place)
        if region is None and commune:
            region = region_of_commune(commune)
        facets = facet_counts(
            engine.docsets,
            found.matched,
            found.clauses,
            found.clause_bits,
            qb.selected_values(params, found.place),
            region=region,
        )
    suggestion = None
    if text and (total < SUGGEST_BELOW or found.text_query.corrected):

        def count(candidate: str) -> int:
            return _match(engine, params, candidate, synonyms, gazetteer).final.bit_count()

        suggestion = did_you_mean(
            engine, text, count, total, gazetteer.words, at_least=bool(found.text_query.corrected)
        )
    return SearchResults(
        params=params,
        total=total,
        hits=hits,
        facets=facets,
        suggestion=suggestion,
        relaxed=found.relaxed,
        others=others,
        order=order,
        orders=orders,
        near=_where(params, found.place) if order == "proximity" else (None, None),
        corrected=tuple(found.text_query.corrected),
        place=found.place,
        revision=engine.revision,
    )

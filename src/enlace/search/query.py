"""Building queries: plain parameters in, Whoosh query objects and filter clauses out.

Pure: no Flask, no session, no open index. What the builder needs to know about the
index vocabulary (does a term exist, which terms are near a misspelt one) it asks through
the small :class:`Vocabulary` protocol, so tests can hand it a dictionary.

Typo policy, so fuzzy matching never floods the results:

* A word is expanded fuzzily only when none of its analysed forms (and none of its
  synonyms) occurs anywhere in the index. A word that exists is taken as typed, so
  "dental" can never bring "mental" or "rental" offers: exact and stemmed matches always
  rank above fuzzy ones because, for that word, there are no fuzzy ones.
* A misspelt word is compared with the index's surface words (not with stems, which a
  typo in the ending would wreck): edit distance grows with word length (none up to 3
  letters, 1 up to 7, else 2), the first letter must match, at most
  :data:`MAX_EXPANSIONS` nearest words are kept, and fuzzy terms weigh a third of exact
  ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise
from typing import Any, Protocol

from whoosh import query as wq

from enlace.search.analysis import QUERY_STOP, analyze, fold, max_edits, number_variants, words
from enlace.search.params import Place, SearchParams, region_of_commune
from enlace.search.schema import ANALYZERS, PAIR_FIELDS, TEXT_FIELDS, TextField, analyzer_for
from enlace.search.synonyms import Phrase, Synonyms

SYNONYM_WEIGHT = 0.5
FUZZY_WEIGHT = 0.33
MAX_EXPANSIONS = 6
PLACE_PREPOSITIONS = ("comuna de", "region de", "region del", "en", "in", "near", "cerca de")
_QUOTED = re.compile(r'"([^"]*)"')


class Vocabulary(Protocol):
    """What query building needs to know about the terms of the index."""

    def doc_frequency(self, field: str, text: str) -> int: ...

    def similar(self, word: str, maxdist: int) -> Sequence[str]:
        """Known surface words within ``maxdist`` edits of ``word`` sharing its first
        letter, nearest first."""
        ...


@dataclass(frozen=True)
class Concept:
    """One thing the searcher asked for: a word, a quoted phrase, or a synonym group."""

    words: Phrase
    alternatives: tuple[Phrase, ...] = ()
    quoted: bool = False


@dataclass
class TextQuery:
    query: Any  # a whoosh.query.Query
    #: Analysed terms per analyzer family ("es", "en"), for highlighting snippets.
    highlight_terms: dict[str, set[str]] = field(default_factory=dict)
    #: Query words only matched through typo tolerance.
    corrected: list[str] = field(default_factory=list)
    #: Query words that match nothing at all, even fuzzily.
    unknown: list[str] = field(default_factory=list)
    #: Analysed terms (per language) the first concept starts with: a name that begins
    #: with them is what the searcher typed the name of ("exámenes libres").
    leading: dict[str, set[str]] = field(default_factory=dict)


# -- from text to concepts ----------------------------------------------------------
def split_quoted(text: str) -> list[tuple[Phrase, bool]]:
    """Unquoted runs and "quoted phrases", in order, as folded words."""
    parts: list[tuple[Phrase, bool]] = []
    position = 0
    for match in _QUOTED.finditer(text):
        before = tuple(words(text[position : match.start()]))
        if before:
            parts.append((before, False))
        inside = tuple(words(match.group(1)))
        if inside:
            parts.append((inside, True))
        position = match.end()
    rest = tuple(words(text[position:].replace('"', " ")))
    if rest:
        parts.append((rest, False))
    return parts


def concepts_for(text: str, synonyms: Synonyms) -> list[Concept]:
    """Quoted phrases stay whole; other words are matched against the synonym rules
    (longest rule first, stop words included so "papel de antecedentes" matches), and
    remaining stop words are dropped."""
    concepts: list[Concept] = []
    for tokens, quoted in split_quoted(text):
        if quoted:
            concepts.append(Concept(tokens, quoted=True))
            continue
        index = 0
        while index < len(tokens):
            size, alternatives = synonyms.match(tokens, index)
            if size:
                concepts.append(Concept(tuple(tokens[index : index + size]), alternatives))
                index += size
                continue
            word = tokens[index]
            if word not in QUERY_STOP:
                concepts.append(Concept((word,)))
            index += 1
    return concepts


def extract_place(text: str, places: Sequence[Place]) -> tuple[str, Place | None]:
    """Find "… en Talca" / "… in Valparaíso" at the end of the text.

    Only a place introduced by a preposition counts, so a commune named like a common
    word ("Independencia", "Porvenir") does not hijack an ordinary query. A name that is
    both a region and a commune ("Valparaíso", "Santiago") resolves to the region: the
    broader filter loses nothing the searcher meant.
    """
    tokens = words(text)
    if len(tokens) < 2:
        return text, None
    by_name, longest = _places_by_name(tuple(places))
    for size in range(min(longest, len(tokens) - 1), 0, -1):
        place = by_name.get(tuple(tokens[-size:]))
        if place is None:
            continue
        before = tokens[:-size]
        for preposition in PLACE_PREPOSITIONS:
            prep = preposition.split()
            if len(before) > len(prep) and before[-len(prep) :] == prep:
                return " ".join(before[: -len(prep)]), place
    return text, None


@lru_cache(maxsize=8)
def _places_by_name(places: tuple[Place, ...]) -> tuple[dict[Phrase, Place], int]:
    """Places by their folded words (a region wins over a commune of the same name), and
    the longest name in words: the same few gazetteers serve every query of a process."""
    by_name: dict[Phrase, Place] = {}
    for candidate in places:
        key = tuple(words(candidate.name))
        known = by_name.get(key)
        if known is None or (known.kind == "commune" and candidate.kind == "region"):
            by_name[key] = candidate
    return by_name, max((len(k) for k in by_name), default=0)


# -- from concepts to a Whoosh query ------------------------------------------------
class _Builder:
    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self.terms: dict[str, set[str]] = {"es": set(), "en": set()}

    def _note(self, text_field: TextField, term: str) -> None:
        if text_field.analyzer in self.terms:
            self.terms[text_field.analyzer].add(term)

    def word(self, word: str, weight: float = 1.0) -> tuple[list[Any], bool]:
        """Exact/stemmed term queries for one word over every text field; and whether
        any of them exists in the index. Terms absent from a field are left out: they
        match nothing, and every leaf costs Whoosh a matcher to walk."""
        subqueries: list[Any] = []
        variants = number_variants(word)
        for text_field in TEXT_FIELDS:
            forms = variants if text_field.analyzer == "es" else variants[:1]
            terms = {t for form in forms for t in analyze(analyzer_for(text_field), form)}
            for term in sorted(terms):
                if self.vocabulary.doc_frequency(text_field.name, term) > 0:
                    boost = text_field.weight * weight
                    subqueries.append(wq.Term(text_field.name, term, boost=boost))
                    self._note(text_field, term)
        return subqueries, bool(subqueries)

    def fuzzy(self, word: str) -> list[Any]:
        """Known words near a misspelt one, each analysed like a typed word (so
        "capasitasion" -> "capacitación" -> ``capacit``), at a third of the weight."""
        subqueries: list[Any] = []
        maxdist = max_edits(word)
        if not maxdist:
            return []
        near = list(self.vocabulary.similar(word, maxdist))[:MAX_EXPANSIONS]
        for similar in near:
            for text_field in TEXT_FIELDS:
                if not text_field.fuzzy:
                    continue
                for term in analyze(analyzer_for(text_field), similar):
                    if self.vocabulary.doc_frequency(text_field.name, term) > 0:
                        weight = text_field.weight * FUZZY_WEIGHT
                        subqueries.append(wq.Term(text_field.name, term, boost=weight))
                        self._note(text_field, term)
        return subqueries

    def phrase(self, phrase: Phrase, weight: float = 1.0) -> tuple[Any | None, bool]:
        """Every word of a multi-word option, with extra weight where they are adjacent."""
        parts = []
        known = True
        for word in phrase:
            if word in QUERY_STOP:
                continue
            subqueries, word_known = self.word(word, weight)
            known = known and word_known
            if subqueries:
                parts.append(wq.Or(subqueries))
        if not parts:
            return None, False
        required = parts[0] if len(parts) == 1 else wq.And(parts)
        pairs = self.pairs(phrase, weight)
        return (wq.AndMaybe(required, pairs) if pairs is not None else required), known

    def pairs(self, phrase: Phrase, weight: float = 1.0) -> Any | None:
        """Adjacent-pair terms: all pairs of the phrase, in either language's analysis."""
        per_language = []
        for language, field_name in PAIR_FIELDS.items():
            terms = analyze(ANALYZERS[language], " ".join(phrase))
            pair_terms = [f"{a}_{b}" for a, b in pairwise(terms)]
            if pair_terms:
                per_language.append(
                    wq.And([wq.Term(field_name, t, boost=3.0 * weight) for t in pair_terms])
                )
                self.terms[language].update(terms)
        if not per_language:
            return None
        return per_language[0] if len(per_language) == 1 else wq.Or(per_language)

    def concept(self, concept: Concept, result: TextQuery) -> Any | None:
        """One concept: the typed words or any of their synonyms (or, for an unknown
        word, its nearest known words). Single-word options are merged into one set of
        term leaves, keeping the highest weight of a repeated term, so "vivienda" and
        its synonym "viviendas" (the same stem) cost one leaf, not two."""
        if concept.quoted:
            if len(concept.words) == 1:
                subqueries, _known = self.word(concept.words[0])
                return wq.Or(subqueries) if subqueries else None
            pairs = self.pairs(concept.words)
            if pairs is None:  # only stop words between the quotes
                return self.phrase(concept.words)[0]
            return pairs
        leaves: dict[tuple[str, str], float] = {}
        options: list[Any] = []
        known = False
        for number, phrase in enumerate((concept.words, *concept.alternatives)):
            weight = 1.0 if number == 0 else SYNONYM_WEIGHT
            content = [w for w in phrase if w not in QUERY_STOP]
            if len(content) == 1:
                subqueries, word_known = self.word(content[0], weight)
                _merge(leaves, subqueries)
            else:
                query, word_known = self.phrase(phrase, weight)
                if query is not None:
                    options.append(query)
            known = known or word_known
        if not known and len(concept.words) == 1:
            fuzzy = self.fuzzy(concept.words[0])
            if fuzzy:
                result.corrected.append(concept.words[0])
                _merge(leaves, fuzzy)
            else:
                result.unknown.append(concept.words[0])
        options = [wq.Term(f, t, boost=b) for (f, t), b in leaves.items()] + options
        if not options:
            return None
        return options[0] if len(options) == 1 else wq.Or(options)


def _merge(leaves: dict[tuple[str, str], float], terms: Sequence[Any]) -> None:
    for term in terms:
        key = (term.fieldname, term.text)
        leaves[key] = max(leaves.get(key, 0.0), term.boost)


def build_text_query(
    concepts: Sequence[Concept], vocabulary: Vocabulary, *, require_all: bool = True
) -> TextQuery:
    """AND (or, relaxed, OR) of the concepts; ``Every`` when there is nothing to match."""
    result = TextQuery(query=wq.Every())
    builder = _Builder(vocabulary)
    parts = []
    for concept in concepts:
        part = builder.concept(concept, result)
        if part is not None:
            parts.append(part)
        elif require_all and not concept.quoted and any(w not in QUERY_STOP for w in concept.words):
            # A word made only of stop words adds nothing; anything else that cannot
            # match makes an AND query match nothing.
            parts.append(wq.NullQuery)
    result.highlight_terms = builder.terms
    result.leading = _leading_terms(concepts)
    if not parts:
        result.query = wq.Every() if not concepts else wq.NullQuery
        return result
    if len(parts) == 1:
        result.query = parts[0]
    else:
        result.query = wq.And(parts) if require_all else wq.Or(parts)
    return result


def _leading_terms(concepts: Sequence[Concept]) -> dict[str, set[str]]:
    leading: dict[str, set[str]] = {"es": set(), "en": set()}
    if not concepts:
        return leading
    first = concepts[0]
    for phrase in (first.words, *first.alternatives):
        starts = [w for w in phrase if w not in QUERY_STOP][:1]
        for language, terms in leading.items():
            for word in starts:
                forms = number_variants(word) if language == "es" else [word]
                for form in forms:
                    terms.update(analyze(ANALYZERS[language], form))
    return leading


# -- filters -------------------------------------------------------------------------
@dataclass(frozen=True)
class Clause:
    """Documents having any of ``terms`` (field, value); clauses are AND-ed. ``facet``
    names the facet the clause belongs to, so that facet's counts can ignore it."""

    facet: str
    terms: tuple[tuple[str, str], ...]


def _any(facet: str, field_name: str, values: Sequence[str]) -> Clause | None:
    values = [v for v in values if v]
    if not values:
        return None
    return Clause(facet, tuple((field_name, v) for v in sorted(set(values))))


def region_terms(region: str) -> tuple[tuple[str, str], ...]:
    """Offers found from a region: national ones, and those delivered or available there."""
    return (("scope", "national"), ("region", region))


def commune_terms(commune: str) -> tuple[tuple[str, str], ...]:
    """Offers found from a commune: national, region-wide in its region, or in the commune."""
    return (
        ("scope", "national"),
        ("region_wide", region_of_commune(commune)),
        ("commune", commune),
    )


def place_filter(params: SearchParams, place: Place | None = None) -> tuple[str | None, str | None]:
    """(region, commune) the results are restricted to: the filters asked for, else a
    place named in the text, else the searcher's saved region."""
    if params.region or params.commune:
        return params.region, params.commune
    if place is not None:
        return (None, place.code) if place.kind == "commune" else (place.code, None)
    return params.home_region, None


def build_clauses(params: SearchParams, place: Place | None = None) -> list[Clause]:
    region, commune = place_filter(params, place)
    candidates = [
        _any("domain", "domain", params.domains),
        _any("category", "category", params.categories),
        Clause("region", region_terms(region)) if region else None,
        Clause("commune", commune_terms(commune)) if commune else None,
        _any("sector", "sector", params.sectors),
        Clause("free", (("free", "1"),)) if params.free_only else None,
        _any("population", "population", params.populations),
        _any("language", "language", params.languages),
        _any("kind", "kind", params.kinds),
        _any("status", "status", params.statuses),
    ]
    return [c for c in candidates if c is not None]


def selected_values(params: SearchParams, place: Place | None = None) -> dict[str, set[str]]:
    """The values the searcher picked, per facet, to mark them in facet counts."""
    region, commune = place_filter(params, place)
    selected = {
        "domain": set(params.domains),
        "category": set(params.categories),
        "region": {region} if region else set(),
        "commune": {commune} if commune else set(),
        "sector": set(params.sectors),
        "free": {"1"} if params.free_only else set(),
        "population": set(params.populations),
        "language": set(params.languages),
        "kind": set(params.kinds),
        "status": set(params.statuses),
    }
    return selected


def folded_key(text: str) -> str:
    return " ".join(fold(text).split())

"""Suggestions: "did you mean", autocomplete for names, and places resolved fuzzily.

"Did you mean" compares each unknown query word with the index's own vocabulary of
surface words (the ``words`` field keeps accents, so the suggestion reads naturally) using
rapidfuzz, preferring the nearest and then the most frequent word, and offers the new
query only when it finds more offers than the old one. Autocomplete expands each typed
word to the known words it starts (folded, so "conce" reaches "Concepción").
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA
from whoosh import query as wq

from enlace.search.analysis import QUERY_STOP, fold, max_edits, words
from enlace.search.params import Completion, Place
from enlace.search.schema import DOCTYPE_AGENCY, DOCTYPE_OFFER, WORDS_FIELD

_WORD = re.compile(r"\w+")

#: Extra names people use for regions ("RM", "Santiago", "Aysén").
REGION_ALIASES: dict[str, tuple[str, ...]] = {
    "13": ("Santiago", "Región Metropolitana", "Metropolitana", "RM"),
    "11": ("Aysén", "Aisén"),
    "12": ("Magallanes",),
    "15": ("Arica",),
    "6": ("O'Higgins", "OHiggins"),
    "9": ("Araucanía",),
    "8": ("Bío Bío", "Biobío"),
}


class Spelling:
    """The surface vocabulary of the live index (``words`` field), folded for comparison.

    Kept per process and extended segment by segment: a new commit only adds its small
    new segments, so typo tolerance never re-reads the whole vocabulary after an update.
    Words of deleted offers may linger until the next rebuild; at worst they produce a
    correction that finds nothing, and corrections are only offered when they find more.
    """

    def __init__(self) -> None:
        self._words: dict[str, list[Any]] = {}  # folded -> [display, top df, total df, forms]
        self._segments: set[str] = set()
        self._by_letter: dict[str, list[str]] | None = None
        self._sorted: list[str] | None = None
        self._lock = threading.Lock()

    def update(self, leaves: Iterable[Any]) -> None:
        with self._lock:
            for leaf in leaves:
                segid = leaf.segment().segment_id()
                if segid in self._segments:
                    continue
                self._segments.add(segid)
                self._by_letter = None
                self._sorted = None
                for text, info in leaf.iter_field(WORDS_FIELD):
                    word = text.decode("utf-8") if isinstance(text, bytes) else str(text)
                    self._add(word, int(info.doc_frequency()))

    def _add(self, word: str, df: int) -> None:
        key = fold(word)
        known = self._words.get(key)
        if known is None:
            self._words[key] = [word, df, df, {word}]
            return
        if df > known[1]:
            known[0], known[1] = word, df
        known[2] += df
        known[3].add(word)

    def __contains__(self, word: str) -> bool:
        return fold(word) in self._words

    def _letters(self) -> dict[str, list[str]]:
        with self._lock:
            if self._by_letter is None:
                by_letter: dict[str, list[str]] = {}
                for key in self._words:
                    by_letter.setdefault(key[:1], []).append(key)
                self._by_letter = by_letter
            return self._by_letter

    def starting_with(self, prefix: str, limit: int = 30) -> list[str]:
        """Every surface form of the known words starting with ``prefix`` (folded), the
        most frequent words first."""
        key = fold(prefix)
        with self._lock:
            if self._sorted is None:
                self._sorted = sorted(self._words)
            ordered = self._sorted
        matches = []
        for position in range(bisect_left(ordered, key), len(ordered)):
            if not ordered[position].startswith(key):
                break
            matches.append(ordered[position])
        matches.sort(key=lambda k: -self._words[k][2])
        return [form for k in matches[:limit] for form in sorted(self._words[k][3])]

    def similar(self, word: str, maxdist: int, limit: int = 8) -> list[str]:
        """Known words within ``maxdist`` edits that start with the same letter, nearest
        first, then the most frequent (display forms, with their accents). Swapping two
        neighbouring letters, the commonest slip on a phone, counts as one edit ("optimal
        string alignment"), so "denatl" is one edit from "dental", not two."""
        key = fold(word)
        if not key or maxdist <= 0:
            return []
        choices = self._letters().get(key[:1], [])
        found = process.extract(
            key, choices, scorer=OSA.distance, score_cutoff=maxdist, limit=limit * 3
        )
        found = [f for f in found if f[0] != key]
        found.sort(key=lambda f: (f[1], -self._words[f[0]][2], f[0]))
        return [self._words[f[0]][0] for f in found[:limit]]

    def correct(self, word: str, protected: frozenset[str] = frozenset()) -> str | None:
        """The closest known word to an unknown one (None when it is known or too far)."""
        key = fold(word)
        if len(key) < 3 or key in self._words or key in QUERY_STOP or key in protected:
            return None
        if key.isdigit():
            return None
        similar = self.similar(key, max_edits(key), limit=1)
        return similar[0] if similar else None


class _SpellingSource(Protocol):
    @property
    def spelling(self) -> Spelling: ...


def did_you_mean(
    engine: _SpellingSource,
    text: str,
    count: Callable[[str], int],
    found: int,
    protected: frozenset[str] = frozenset(),
    *,
    at_least: bool = False,
) -> str | None:
    """A corrected query that finds more than ``found`` offers (``at_least``: as many,
    used when typo tolerance already answered the corrected words), or None. Words in
    ``protected`` (place names) are never corrected."""
    spelling = engine.spelling
    changed = False
    output: list[str] = []
    position = 0
    for match in _WORD.finditer(text):
        output.append(text[position : match.start()])
        correction = spelling.correct(match.group(), protected)
        if correction is not None:
            output.append(correction)
            changed = True
        else:
            output.append(match.group())
        position = match.end()
    output.append(text[position:])
    if not changed:
        return None
    suggestion = " ".join("".join(output).split())
    found_by_suggestion = count(suggestion)
    if found_by_suggestion > found or (at_least and found_by_suggestion >= found > 0):
        return suggestion
    return None


# -- places ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Gazetteer:
    """Regions (with their everyday aliases) and communes a searcher can name."""

    places: tuple[Place, ...] = ()
    words: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls, regions: Iterable[tuple[str, str]], communes: Iterable[tuple[str, str, str]]
    ) -> Gazetteer:
        places: list[Place] = []
        for code, name in regions:
            places.append(Place("region", code, name, code))
            places.extend(
                Place("region", code, alias, code) for alias in REGION_ALIASES.get(code, ())
            )
        places.extend(Place("commune", code, name, region) for code, name, region in communes)
        vocabulary = frozenset(w for place in places for w in words(place.name))
        return cls(tuple(places), vocabulary)


def match_places(
    text: str, places: Sequence[Place], limit: int = 5, kind: str | None = None
) -> list[Place]:
    """Places whose name starts with, or nearly is, ``text`` ("conce" -> Concepción,
    "valparaiso" -> Valparaíso, "valparaizo" -> Valparaíso). Prefix matches first."""
    key = " ".join(words(text))
    if len(key) < 2:
        return []
    pool = [p for p in places if kind is None or p.kind == kind]
    names = [" ".join(words(p.name)) for p in pool]
    ranked: list[tuple[float, int]] = []
    for index, name in enumerate(names):
        if name == key:
            ranked.append((300.0, index))
        elif name.startswith(key):
            ranked.append((200.0 - len(name) / 100, index))
        elif any(part.startswith(key) for part in name.split()):
            ranked.append((150.0 - len(name) / 100, index))
    if len(key) >= 4:
        seen = {index for _score, index in ranked}
        for _name, score, index in process.extract(
            key, names, scorer=fuzz.ratio, score_cutoff=80, limit=limit * 2
        ):
            if index not in seen:
                ranked.append((float(score), index))
    ranked.sort(key=lambda item: (-item[0], names[item[1]]))
    result: list[Place] = []
    seen_codes: set[tuple[str, str]] = set()
    for _score, index in ranked:
        place = pool[index]
        if (place.kind, place.code) not in seen_codes:
            seen_codes.add((place.kind, place.code))
            result.append(place)
        if len(result) >= limit:
            break
    return result


# -- autocomplete ---------------------------------------------------------------------
def _name_words(text: str) -> list[str]:
    """The typed words a name lookup can use: the ``words`` field keeps no stop words
    and nothing shorter than three letters, so those are left out, except the last word,
    which may be the start of a longer one ("al" -> "albergue"). A trailing stop word
    after other words ("curso de") is dropped: the next word is still being typed."""
    typed = words(text)
    kept = [w for w in typed[:-1] if w not in QUERY_STOP and len(w) >= 3]
    if typed and (typed[-1] not in QUERY_STOP or not kept):
        kept.append(typed[-1])
    return kept


def complete_names(
    rank: Callable[[Any, int], list[int]],
    stored: Callable[[int], dict[str, Any]],
    spelling: Spelling,
    text: str,
    language: str,
    limit: int = 8,
) -> list[Completion]:
    """Offers and agencies with a name word starting with every typed word.

    ``rank(query, n)`` gives the ``n`` best allowed documents for a query and ``stored``
    their stored fields (the engine's scorer and searcher; plain callables keep this
    module free of the index)."""
    typed = _name_words(text)
    if not typed or len(text.strip()) < 2:
        return []
    parts = []
    for word in typed:
        forms = spelling.starting_with(word)
        if not forms:
            return []
        parts.append(wq.Or([wq.Term(WORDS_FIELD, form) for form in forms]))
    q = parts[0] if len(parts) == 1 else wq.And(parts)
    key = " ".join(words(text))
    entries = []
    for docnum in rank(q, limit * 4):
        fields = stored(docnum)
        label = fields.get(f"name_{language}") or fields.get("name_es", "")
        label = label.split("\n", 1)[0]
        starts = " ".join(words(label)).startswith(key)
        kind = "agency" if fields.get("doctype") == DOCTYPE_AGENCY else DOCTYPE_OFFER
        entries.append((0 if starts else 1, len(label), label, kind, fields))
    entries.sort(key=lambda e: (e[0], e[1], e[2]))
    return [
        Completion(kind=kind, id=fields["id"], label=label, slug=fields.get("slug"))
        for _starts, _length, label, kind, fields in entries[:limit]
    ]

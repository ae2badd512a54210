"""Find incoming agencies and offers that probably duplicate ones already in the catalogue.

Two directories rarely spell a name the same way: word order changes ("Municipalidad
de Talca - OMIL" / "OMIL Municipalidad de Talca"), accents and articles come and go, and
typos happen. A plain similarity score cannot tell those apart from genuinely different
offers that share most words ("Curso de soldadura básica" / "... avanzada"), so a pair
whose names each keep a word the other lacks (or differ in a number) is never a
duplicate, however close the score. Comparisons are limited to records that share a
place (a commune or region, or for offers the agency), which keeps this fast and avoids
matching the same programme run by two municipalities.

Pure: plain data in, plain data out.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from enlace.exchange.hsds.mapping import fold

#: Scores (0-100) at or above this make a probable duplicate; tuned by the table-driven test.
DUPLICATE_THRESHOLD = 88.0
#: Two differing words this similar are one word misspelt.
_TYPO_THRESHOLD = 80.0
_SPANISH_STOPWORDS = ("a", "al", "con", "de", "del", "e", "el", "en", "la", "las", "lo", "los")
_STOPWORDS = frozenset(
    (*_SPANISH_STOPWORDS, "para", "por", "y", "the", "of", "and", "for", "in", "at", "to")
)


@dataclass(frozen=True)
class Candidate:
    """A record to compare: its names, the places it is compared within, and words to
    ignore because they only repeat the place ("Hogar de Cristo Talca" in Talca)."""

    id: str
    names: tuple[str, ...]
    places: frozenset[str]
    noise: frozenset[str] = frozenset()


@dataclass(frozen=True)
class DuplicatePair:
    """An incoming record, the existing record it probably duplicates, and the score."""

    incoming_id: str
    existing_id: str
    score: float


def words(name: str, noise: frozenset[str] = frozenset()) -> list[str]:
    """Folded content words of a name (articles, prepositions and ``noise`` dropped)."""
    content = [word for word in fold(name).split() if word not in _STOPWORDS]
    return [word for word in content if word not in noise] or content


def _unmatched(mine: set[str], theirs: set[str]) -> set[str]:
    """My words with no equal or nearly equal (typo) word on the other side."""
    return {
        word
        for word in mine - theirs
        if word.isdigit()
        or not any(fuzz.ratio(word, other) >= _TYPO_THRESHOLD for other in theirs - mine)
    }


def name_score(first: str, second: str, noise: frozenset[str] = frozenset()) -> float:
    """How likely two names denote the same thing, 0-100 (100: same words in any order)."""
    a, b = words(first, noise), words(second, noise)
    if not a or not b:
        return 0.0
    set_a, set_b = set(a), set(b)
    if set_a == set_b:
        return 100.0
    only_a, only_b = _unmatched(set_a, set_b), _unmatched(set_b, set_a)
    if only_a and only_b:
        return 0.0  # each keeps a word of its own: "básica" vs "avanzada"
    if any(word.isdigit() for word in only_a | only_b):
        return 0.0  # "Nivel 1" vs "Nivel 2", "DS 49" vs "DS 1"
    return float(fuzz.token_sort_ratio(" ".join(a), " ".join(b)))


def best_score(first: Candidate, second: Candidate) -> float:
    """The best score over every pair of names (name, English name, alternate name)."""
    noise = first.noise | second.noise
    return max(
        (name_score(x, y, noise) for x in first.names for y in second.names if x and y),
        default=0.0,
    )


class DuplicateIndex:
    """Existing records by place, built once and asked about each batch of an import."""

    def __init__(self, existing: Iterable[Candidate]) -> None:
        self.by_place: dict[str, list[Candidate]] = {}
        for candidate in existing:
            for place in candidate.places:
                self.by_place.setdefault(place, []).append(candidate)

    def find(
        self, incoming: Sequence[Candidate], threshold: float = DUPLICATE_THRESHOLD
    ) -> list[DuplicatePair]:
        """For each incoming record, the best existing record (other id, same place) above
        threshold."""
        pairs: list[DuplicatePair] = []
        for record in incoming:
            best: tuple[float, str] | None = None
            seen: set[str] = set()
            for place in sorted(record.places):
                for other in self.by_place.get(place, []):
                    if other.id in seen or other.id == record.id:
                        continue
                    seen.add(other.id)
                    score = best_score(record, other)
                    if score >= threshold and (
                        best is None or (-score, other.id) < (-best[0], best[1])
                    ):
                        best = (score, other.id)
            if best is not None:
                pairs.append(DuplicatePair(record.id, best[1], best[0]))
        return pairs


def find_duplicates(
    incoming: Sequence[Candidate],
    existing: Iterable[Candidate],
    threshold: float = DUPLICATE_THRESHOLD,
) -> list[DuplicatePair]:
    """For each incoming record, the best existing record (other id, same place) above threshold."""
    incoming_ids = {c.id for c in incoming}
    index = DuplicateIndex(c for c in existing if c.id not in incoming_ids)  # the import updates it
    return index.find(incoming, threshold)

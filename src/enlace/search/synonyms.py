"""Everyday words and synonyms, read from ``directory_data/synonyms/*.txt``.

The files use the familiar Solr notation, one rule per line, ``#`` for comments:

``curso, capacitación, taller``
    equivalent words: each one also searches for the others.
``pega, cachuela => trabajo, empleo``
    one-way: "pega" also searches for "trabajo" and "empleo", not the reverse.

Entries may have several words ("cuarto medio => enseñanza media"). Matching is on
folded words (no accents, lower case), so the files can be written naturally. Synonyms
are applied at query time: editing a file needs no reindex.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from enlace.search.analysis import words

Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Synonyms:
    """Folded word sequence -> the alternative word sequences it also means."""

    rules: dict[Phrase, tuple[Phrase, ...]] = field(default_factory=dict)

    @property
    def longest(self) -> int:
        return max((len(key) for key in self.rules), default=0)

    def alternatives(self, phrase: Phrase) -> tuple[Phrase, ...]:
        return self.rules.get(phrase, ())

    def match(self, tokens: Sequence[str], start: int) -> tuple[int, tuple[Phrase, ...]]:
        """The longest rule starting at ``tokens[start]``: (words consumed, alternatives)."""
        for size in range(min(self.longest, len(tokens) - start), 0, -1):
            alternatives = self.rules.get(tuple(tokens[start : start + size]))
            if alternatives:
                return size, alternatives
        return 0, ()


class SynonymError(ValueError):
    pass


def parse_synonyms(lines: Iterable[str], source: str = "<synonyms>") -> Synonyms:
    """Parse rules; raise :class:`SynonymError` naming the file and line of a bad rule."""
    rules: dict[Phrase, list[Phrase]] = {}

    def add(key: Phrase, values: Iterable[Phrase]) -> None:
        known = rules.setdefault(key, [])
        for value in values:
            if value != key and value not in known:
                known.append(value)

    for number, raw in enumerate(lines, start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.count("=>") > 1:
            raise SynonymError(f"{source}:{number}: more than one '=>'")
        if "=>" in line:
            left, right = line.split("=>")
            keys = _phrases(left)
            values = _phrases(right)
            if not keys or not values:
                raise SynonymError(f"{source}:{number}: both sides of '=>' need words")
            for key in keys:
                add(key, values)
        else:
            group = _phrases(line)
            if len(group) < 2:
                raise SynonymError(f"{source}:{number}: a group needs at least two entries")
            for key in group:
                add(key, group)
    return Synonyms({key: tuple(values) for key, values in rules.items() if values})


def _phrases(text: str) -> list[Phrase]:
    return [tuple(words(part)) for part in text.split(",") if words(part)]


@lru_cache(maxsize=8)
def load_synonyms(folder: Path) -> Synonyms:
    """Every ``*.txt`` file of ``folder`` merged (cached per folder: files change rarely)."""
    merged: dict[Phrase, list[Phrase]] = {}
    for path in sorted(folder.glob("*.txt")):
        parsed = parse_synonyms(path.read_text(encoding="utf-8").splitlines(), path.name)
        for key, values in parsed.rules.items():
            known = merged.setdefault(key, [])
            known.extend(v for v in values if v not in known)
    return Synonyms({key: tuple(values) for key, values in merged.items()})

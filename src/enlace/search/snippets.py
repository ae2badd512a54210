"""Highlighted snippets as plain segments, in the searcher's language.

Whoosh's highlighter finds the best fragments; our formatter returns them as
``Segment(text, match)`` pieces instead of HTML, so the web layer escapes every piece and
wraps matches in ``<mark>`` itself: nothing from the catalogue is ever trusted as markup.

Highlighting analyses the whole text and walks its tokens, a large part of a results
page. What it produces depends only on the text, its language and *which* of the
searched words the text contains, so both are remembered per process, keyed by the
text itself (an edited offer is simply a new key; nothing can go stale): the words of
recent texts, and recent snippets by (text, words found in it). A text with none of
the words is not fragmented at all; otherwise the fragments are chosen exactly as
:func:`whoosh.highlight.highlight` does.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from functools import lru_cache
from typing import Any

from whoosh.highlight import (
    FIRST,
    BasicFragmentScorer,
    ContextFragmenter,
    Formatter,
    WholeFragmenter,
    top_fragments,
)

from enlace.search.params import Segment, Snippet
from enlace.search.schema import ANALYZERS

ELLIPSIS = "…"
DESCRIPTION_CHARS = 180
#: Texts whose analysed words are kept per process (names and descriptions of hits).
WORDS_CACHE_SIZE = 4096
#: Snippets kept per process, by (text, words found in it).
SNIPPET_CACHE_SIZE = 4096


class SegmentFormatter(Formatter):  # type: ignore[misc]
    """Turns Whoosh fragments into a list of :class:`Segment` (never markup)."""

    def format(self, fragments: list[Any], replace: bool = False) -> list[Segment]:
        """One ellipsis wherever text is left out: before the first fragment, between
        fragments and after the last (never "… …")."""
        segments: list[Segment] = []
        for number, fragment in enumerate(fragments):
            text = fragment.text
            index = fragment.startchar
            if number:
                segments.append(Segment(f" {ELLIPSIS} "))
            elif index > 0:
                segments.append(Segment(ELLIPSIS))
            ordered = sorted(fragment.matches, key=lambda t: (t.startchar, t.startchar - t.endchar))
            for token in ordered:
                if token.startchar is None or token.startchar < index:
                    continue
                if token.startchar > index:
                    segments.append(Segment(text[index : token.startchar]))
                segments.append(Segment(text[token.startchar : token.endchar], match=True))
                index = token.endchar
            segments.append(Segment(text[index : fragment.endchar]))
            if number == len(fragments) - 1 and fragment.endchar < len(text):
                segments.append(Segment(ELLIPSIS))
        return _merge(segments)


def _merge(segments: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if merged and merged[-1].match == segment.match and not segment.match:
            merged[-1] = Segment(merged[-1].text + segment.text)
        else:
            merged.append(segment)
    return merged


def _tokens(language: str, text: str) -> Iterator[Any]:
    """The tokens highlighting sees: the query-mode analysis, stop words kept."""
    analyzer = ANALYZERS[language]
    return iter(analyzer(text, chars=True, mode="query", removestops=False))


@lru_cache(maxsize=WORDS_CACHE_SIZE)
def _words(language: str, text: str) -> frozenset[str]:
    return frozenset(token.text for token in _tokens(language, text))


def _marked(tokens: Iterator[Any], wanted: frozenset[str]) -> Iterator[Any]:
    for token in tokens:
        token.matched = token.text in wanted
        yield token


@lru_cache(maxsize=SNIPPET_CACHE_SIZE)
def _segments(
    language: str, text: str, found: frozenset[str], whole: bool, limit: int
) -> tuple[Segment, ...]:
    """The snippet of ``text`` with the words ``found`` in it marked: what
    :func:`whoosh.highlight.highlight` makes, formatted as segments (one fragment of a
    whole name, the best two of a description), or the text cut when nothing matched."""
    segments: list[Segment] = []
    if found:
        fragmenter = (
            WholeFragmenter(charlimit=None)
            if whole
            else ContextFragmenter(maxchars=limit, surround=limit // 3, charlimit=None)
        )
        fragments = fragmenter.fragment_tokens(text, _marked(_tokens(language, text), found))
        best = top_fragments(fragments, 1 if whole else 2, BasicFragmentScorer(), FIRST, 1)
        segments = SegmentFormatter()(text, best) or []
    if not segments:
        segments = [Segment(text if whole else _cut(text, limit))]
    return tuple(segments)


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,.;:")
    return cut + ELLIPSIS


def _pick(texts: dict[str, str], language: str) -> tuple[str, str] | None:
    order = [language, *(code for code in ("es", "en") if code != language)]
    for code in order:
        text = texts.get(code)
        if text:
            return code, text
    return None


def make_snippet(
    texts: dict[str, str],
    language: str,
    terms: Mapping[str, Collection[str]],
    *,
    whole: bool,
    limit: int = DESCRIPTION_CHARS,
) -> Snippet | None:
    """The text in ``language`` (else the other one, flagged), with matches marked.

    ``whole`` keeps the entire text (names); otherwise the best fragments around the
    matches are cut to about ``limit`` characters, or the opening when nothing matched.
    """
    picked = _pick(texts, language)
    if picked is None:
        return None
    code, text = picked
    wanted = frozenset(terms.get(code, ()))
    found = _words(code, text) & wanted if wanted else frozenset()
    segments = _segments(code, text, found, whole, limit)
    return Snippet(segments, language=code, is_fallback=code != language)

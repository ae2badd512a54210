"""Highlighted snippets as plain segments, in the searcher's language.

Whoosh's highlighter finds the best fragments; our formatter returns them as
``Segment(text, match)`` pieces instead of HTML, so the web layer escapes every piece and
wraps matches in ``<mark>`` itself: nothing from the catalogue is ever trusted as markup.

Highlighting analyses the whole text to find the matched words, a large part of a
results page. The analysed tokens of a text depend on nothing but the text and its
language, so the last few thousand are kept (keyed by the text itself: an edited offer
is simply a new key), and a text with none of the words is not fragmented at all.
The fragments are then chosen exactly as :func:`whoosh.highlight.highlight` does.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from functools import lru_cache
from typing import Any

from whoosh.analysis import Token
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
#: Analysed texts kept per process (names and descriptions of recent hits).
TOKEN_CACHE_SIZE = 2048

#: (analysed word, start, end, boost) of each token of a text.
Tokens = tuple[tuple[str, int, int, float], ...]


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


@lru_cache(maxsize=TOKEN_CACHE_SIZE)
def analysed(language: str, text: str) -> Tokens:
    """The tokens highlighting sees: the query-mode analysis, stop words kept."""
    analyzer = ANALYZERS[language]
    return tuple(
        (t.text, t.startchar, t.endchar, t.boost)
        for t in analyzer(text, chars=True, mode="query", removestops=False)
    )


def _marked(tokens: Tokens, wanted: frozenset[str]) -> Iterator[Any]:
    """The tokens again, marked as matched or not (one token object reused, as the
    analyzer does; fragmenters copy the ones they keep)."""
    token = Token(chars=True, mode="query", removestops=False)
    for text, start, end, boost in tokens:
        token.text, token.startchar, token.endchar, token.boost = text, start, end, boost
        token.matched = text in wanted
        yield token


def _highlight(text: str, language: str, wanted: frozenset[str], whole: bool, limit: int) -> Any:
    tokens = analysed(language, text)
    if not any(token[0] in wanted for token in tokens):
        return []
    fragmenter = (
        WholeFragmenter(charlimit=None)
        if whole
        else ContextFragmenter(maxchars=limit, surround=limit // 3, charlimit=None)
    )
    fragments = fragmenter.fragment_tokens(text, _marked(tokens, wanted))
    best = top_fragments(fragments, 1 if whole else 2, BasicFragmentScorer(), FIRST, 1)
    return SegmentFormatter()(text, best)


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
    segments: list[Segment] = []
    if wanted:
        formatted = _highlight(text, code, wanted, whole, limit)
        segments = list(formatted) if formatted else []
    if not segments:
        segments = [Segment(text if whole else _cut(text, limit))]
    return Snippet(tuple(segments), language=code, is_fallback=code != language)

"""Highlighted snippets as plain segments, in the searcher's language.

Whoosh's highlighter finds the best fragments; our formatter returns them as
``Segment(text, match)`` pieces instead of HTML, so the web layer escapes every piece and
wraps matches in ``<mark>`` itself: nothing from the catalogue is ever trusted as markup.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from whoosh.highlight import ContextFragmenter, Formatter, WholeFragmenter, highlight

from enlace.search.params import Segment, Snippet
from enlace.search.schema import ANALYZERS

ELLIPSIS = "…"
DESCRIPTION_CHARS = 180


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
        fragmenter = (
            WholeFragmenter(charlimit=None)
            if whole
            else ContextFragmenter(maxchars=limit, surround=limit // 3, charlimit=None)
        )
        formatted = highlight(
            text, wanted, ANALYZERS[code], fragmenter, SegmentFormatter(), top=1 if whole else 2
        )
        segments = list(formatted) if formatted else []
    if not segments:
        segments = [Segment(text if whole else _cut(text, limit))]
    return Snippet(tuple(segments), language=code, is_fallback=code != language)

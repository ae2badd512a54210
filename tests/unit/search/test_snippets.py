"""Snippets: matches marked as plain segments, text left out shown by one ellipsis."""

from __future__ import annotations

import pytest

from enlace.search.snippets import ELLIPSIS, make_snippet

LONG = (
    "Taller de soldadura al arco para personas en tratamiento. "
    + "Se entregan materiales y colación durante todo el curso. " * 6
    + "Al final se certifica la soldadura con un examen práctico."
)


def _text(snippet: object) -> str:
    return "".join(segment.text for segment in snippet.segments)  # type: ignore[attr-defined]


def test_two_fragments_are_joined_by_a_single_ellipsis() -> None:
    snippet = make_snippet({"es": LONG}, "es", {"es": {"soldadur"}}, whole=False, limit=60)
    assert snippet is not None
    text = _text(snippet)
    assert f"{ELLIPSIS} {ELLIPSIS}" not in text and f"{ELLIPSIS}{ELLIPSIS}" not in text
    assert text.count(ELLIPSIS) >= 1
    assert [s.text.lower() for s in snippet.segments if s.match] == ["soldadura", "soldadura"]


@pytest.mark.parametrize(
    ("terms", "whole", "expected"),
    [
        ({"es": {"taller"}}, True, "Taller de soldadura"),
        (set(), False, "Taller de soldadura"),
    ],
)
def test_names_stay_whole_and_no_match_shows_the_opening(
    terms: object, whole: bool, expected: str
) -> None:
    snippet = make_snippet({"es": LONG}, "es", terms or {}, whole=whole)  # type: ignore[arg-type]
    assert snippet is not None
    assert _text(snippet).startswith(expected)
    assert whole or _text(snippet).endswith(ELLIPSIS)


def test_the_other_language_is_used_and_flagged_when_one_is_missing() -> None:
    snippet = make_snippet({"es": "Curso de cocina", "en": ""}, "en", {"es": {"cocin"}}, whole=True)
    assert snippet is not None and snippet.is_fallback and snippet.language == "es"
    assert make_snippet({"es": "", "en": ""}, "es", {}, whole=True) is None

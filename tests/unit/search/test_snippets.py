"""Snippets: matches marked as plain segments, text left out shown by one ellipsis."""

from __future__ import annotations

import pytest
from whoosh.highlight import ContextFragmenter, WholeFragmenter, highlight

from enlace.search.params import Segment
from enlace.search.schema import ANALYZERS
from enlace.search.snippets import ELLIPSIS, SegmentFormatter, make_snippet

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


def _whoosh_snippet(text: str, language: str, wanted: set[str], whole: bool) -> list[Segment]:
    """What the snippet was before it was remembered: Whoosh's own highlight()."""
    fragmenter = (
        WholeFragmenter(charlimit=None)
        if whole
        else ContextFragmenter(maxchars=180, surround=60, charlimit=None)
    )
    formatted = highlight(
        text, frozenset(wanted), ANALYZERS[language], fragmenter, SegmentFormatter(),
        top=1 if whole else 2,
    )  # fmt: skip
    return list(formatted) if formatted else []


@pytest.mark.parametrize("whole", [True, False])
def test_remembered_snippets_equal_whooshs_highlight(whole: bool) -> None:
    """The same segments as ``whoosh.highlight.highlight`` for texts and words of every
    kind, asked twice (the second answer comes from what was remembered)."""
    texts = [
        LONG,
        "Subsidio de arriendo para familias y personas mayores; el arriendo se paga mes a mes.",
        "Curso de soldadura MIG en Talca, con práctica en empresas de la región del Maule.",
        "Programa sin palabras buscadas.",
    ]
    word_sets = [{"soldadur"}, {"arriend", "famili"}, {"talc", "curs"}, {"nada"}, set()]
    for text in texts:
        for wanted in word_sets:
            expected = _whoosh_snippet(text, "es", wanted, whole)
            for _ in range(2):
                snippet = make_snippet({"es": text}, "es", {"es": wanted}, whole=whole)
                assert snippet is not None
                if expected:
                    assert list(snippet.segments) == expected, (text, wanted)
                else:  # nothing matched: the text (cut) with nothing marked
                    assert not any(s.match for s in snippet.segments)

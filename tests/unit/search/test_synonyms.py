"""Synonym files: notation, errors, the shipped Spanish/Chilean and English rules."""

from __future__ import annotations

import pytest

from enlace.search.service import SYNONYMS_DIR
from enlace.search.synonyms import SynonymError, load_synonyms, parse_synonyms


def test_equivalent_words_search_for_each_other() -> None:
    rules = parse_synonyms(["curso, Capacitación, taller  # comment"])
    assert rules.alternatives(("curso",)) == (("capacitacion",), ("taller",))
    assert rules.alternatives(("capacitacion",)) == (("curso",), ("taller",))


def test_one_way_rules_and_phrases() -> None:
    rules = parse_synonyms(["pega, cachuelo => trabajo, empleo", "cuarto medio => enseñanza media"])
    assert rules.alternatives(("pega",)) == (("trabajo",), ("empleo",))
    assert rules.alternatives(("trabajo",)) == ()
    assert rules.alternatives(("cuarto", "medio")) == (("ensenanza", "media"),)


def test_the_longest_rule_wins() -> None:
    rules = parse_synonyms(["casa => vivienda", "casa propia => subsidio habitacional"])
    assert rules.match(["casa", "propia", "ya"], 0) == (2, (("subsidio", "habitacional"),))
    assert rules.match(["casa", "grande"], 0) == (1, (("vivienda",),))
    assert rules.match(["nada"], 0) == (0, ())


@pytest.mark.parametrize("line", ["a => b => c", "solo", "=> b", "a =>", "a, b => "])
def test_bad_rules_name_their_line(line: str) -> None:
    with pytest.raises(SynonymError, match=r"test.txt:2"):
        parse_synonyms(["# fine", line], "test.txt")


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (("pega",), ("trabajo",)),
        (("arriendo",), ("vivienda",)),
        (("cuarto", "medio"), ("ensenanza", "media")),
        (("curso",), ("capacitacion",)),
        (("aa",), ("alcoholicos", "anonimos")),
        (("job",), ("employment",)),
        (("dentista",), ("dental",)),
    ],
)
def test_shipped_rules(words: tuple[str, ...], expected: tuple[str, ...]) -> None:
    assert expected in load_synonyms(SYNONYMS_DIR).alternatives(words)

"""Weights: versioned, complete, and never a protected attribute."""

from __future__ import annotations

import copy
import tomllib
from typing import Any

import pytest

from enlace.matching.weights import (
    DEFAULT_VERSION,
    FOLDER,
    TERMS,
    WeightsError,
    available,
    load_weights,
    parse_weights,
)


def _read(version: str) -> dict[str, Any]:
    return tomllib.loads((FOLDER / f"{version}.toml").read_text(encoding="utf-8"))


def _v1() -> dict[str, Any]:
    return _read("v1")


def test_v1_loads() -> None:
    weights = load_weights("v1")
    assert weights.version == "v1"
    assert weights.terms["unknowns"] < 0 < weights.terms["need_fit"]
    assert "targeting" not in weights.terms
    assert weights.targeting_cap == 0


def test_v2_is_the_default_and_adds_targeting() -> None:
    assert DEFAULT_VERSION == "v2"
    assert {"v1", "v2"} <= set(available())
    weights = load_weights()
    assert weights.version == "v2"
    assert list(weights.terms) == list(TERMS)  # results show terms in this order
    assert weights.terms["targeting"] > 0
    assert weights.targeting_cap == 2
    v1 = load_weights("v1")
    assert {t: w for t, w in weights.terms.items() if t != "targeting"} == v1.terms


@pytest.mark.parametrize("version", ["v1", "v2"])
@pytest.mark.parametrize("table", ["terms", "need_levels", "proximity"])
@pytest.mark.parametrize(
    "key", ["gender", "nationality", "indigenous", "disability", "migration_status"]
)
def test_protected_attributes_are_never_weights(version: str, table: str, key: str) -> None:
    data = copy.deepcopy(_read(version))
    data[table][key] = 1.0
    with pytest.raises(WeightsError, match="protected"):
        parse_weights(data)


@pytest.mark.parametrize("key", ["gender", "nationality", "indigenous", "disability"])
def test_a_protected_attribute_is_no_targeting_setting(key: str) -> None:
    data = copy.deepcopy(_read("v2"))
    data["targeting"][key] = 1
    with pytest.raises(WeightsError, match="protected"):
        parse_weights(data)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.pop("targeting"),  # the term without its table
        lambda d: d["terms"].pop("targeting"),  # the table without its term
        lambda d: d["targeting"].update(cap=0),
        lambda d: d["targeting"].update(cap="two"),
        lambda d: d["targeting"].update(per_rule=1.0),
        lambda d: d["terms"].update(targeting=-1.0),
    ],
)
def test_bad_targeting_is_refused(change: Any) -> None:
    data = copy.deepcopy(_read("v2"))
    change(data)
    with pytest.raises(WeightsError):
        parse_weights(data)


@pytest.mark.parametrize(
    ("table", "key", "value"),
    [
        ("terms", "popularity", 1.0),
        ("terms", "unknowns", 1.0),
        ("need_levels", "high", 0.5),
        ("coverage", "primary", "a lot"),
    ],
)
def test_bad_weights_are_refused(table: str, key: str, value: Any) -> None:
    data = copy.deepcopy(_v1())
    data[table][key] = value
    with pytest.raises(WeightsError):
        parse_weights(data)


def test_an_unknown_version_is_refused() -> None:
    with pytest.raises(WeightsError):
        load_weights("v999")

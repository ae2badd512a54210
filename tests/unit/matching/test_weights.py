"""Weights: versioned, complete, and never a protected attribute."""

from __future__ import annotations

import copy
import tomllib
from typing import Any

import pytest

from enlace.matching.weights import FOLDER, WeightsError, load_weights, parse_weights


def _v1() -> dict[str, Any]:
    return tomllib.loads((FOLDER / "v1.toml").read_text(encoding="utf-8"))


def test_v1_loads() -> None:
    weights = load_weights("v1")
    assert weights.version == "v1"
    assert weights.terms["unknowns"] < 0 < weights.terms["need_fit"]


@pytest.mark.parametrize("table", ["terms", "need_levels", "proximity"])
@pytest.mark.parametrize("key", ["gender", "nationality", "indigenous", "disability"])
def test_protected_attributes_are_never_weights(table: str, key: str) -> None:
    data = copy.deepcopy(_v1())
    data[table][key] = 1.0
    with pytest.raises(WeightsError, match="protected"):
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

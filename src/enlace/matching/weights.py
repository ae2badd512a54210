"""The ranking's weights: a versioned TOML file per version (``weights/v2.toml``).

v1 has the five terms of the first engine; v2 (the default) adds ``targeting``, how
narrowly an offer is aimed at the person's situation (:mod:`.targeting`), capped by its
``[targeting]`` table. A version's results carry only that version's terms.

A result carries the version it was ranked with, so what a worker saw can be shown
again exactly. The loader refuses any key it does not know, and in particular a
protected attribute: gender, nationality, indigenous people or disability may be an
explicit eligibility rule of an offer, never a reason to rank anyone higher or lower.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from enlace.matching.profile import NeedLevel

FOLDER = Path(__file__).parent / "weights"
DEFAULT_VERSION = "v2"
#: Every term, in the order results show them; the first five are in every version.
TERMS: tuple[str, ...] = (
    "need_fit",
    "preferential_access",
    "proximity",
    "targeting",
    "freshness",
    "unknowns",
)
OPTIONAL_TERMS = frozenset({"targeting"})
PROTECTED = frozenset(
    {"gender", "nationality", "indigenous", "disability", "migration_status", "sex", "ethnicity"}
)
SCOPES = ("communal", "regional", "national", "local")
ROLES = ("primary", "secondary")


class WeightsError(ValueError):
    pass


@dataclass(frozen=True)
class Weights:
    version: str
    terms: dict[str, float]
    need_levels: dict[NeedLevel, float]
    coverage: dict[str, float]
    proximity: dict[str, float]
    horizon_days: int
    targeting_cap: float = 0.0  # the most the targeting value counts (v2 on)


def available() -> list[str]:
    return sorted(p.stem for p in FOLDER.glob("*.toml"))


@functools.cache
def load_weights(version: str = DEFAULT_VERSION) -> Weights:
    """The weights of ``version`` (read once per process)."""
    path = FOLDER / f"{version}.toml"
    if not path.is_file():
        raise WeightsError(f"no weights version {version!r} (have: {', '.join(available())})")
    return parse_weights(tomllib.loads(path.read_text(encoding="utf-8")))


def parse_weights(data: dict[str, Any]) -> Weights:
    """Weights from a parsed TOML table; every table complete, nothing unknown."""
    _no_protected(data)
    given = data.get("terms")
    names = tuple(
        t for t in TERMS if t not in OPTIONAL_TERMS or (isinstance(given, dict) and t in given)
    )
    expected = {"version", "terms", "need_levels", "coverage", "proximity", "freshness"}
    expected |= {t for t in names if t in OPTIONAL_TERMS}
    if set(data) != expected:
        raise WeightsError(
            f"weights need exactly the tables {sorted(expected)}, got {sorted(data)}"
        )
    terms = _numbers(data["terms"], names, "terms")
    levels = _numbers(data["need_levels"], tuple(NeedLevel), "need_levels")
    coverage = _numbers(data["coverage"], ROLES, "coverage")
    proximity = _numbers(data["proximity"], SCOPES, "proximity")
    if levels[NeedLevel.NONE] != 0 or any(
        levels[a] > levels[b]
        for a, b in zip(
            (NeedLevel.NONE, NeedLevel.LOW, NeedLevel.MEDIUM),
            (NeedLevel.LOW, NeedLevel.MEDIUM, NeedLevel.HIGH),
            strict=True,
        )
    ):
        raise WeightsError("need levels must be 0 for none and rise from low to high")
    if terms["unknowns"] > 0 or any(terms[t] < 0 for t in names if t != "unknowns"):
        raise WeightsError("unknowns must be a penalty (<= 0) and the other terms >= 0")
    horizon = data["freshness"].get("horizon_days")
    if not isinstance(horizon, int) or horizon <= 0:
        raise WeightsError("freshness.horizon_days must be a positive whole number")
    cap = 0.0
    if "targeting" in terms:
        cap = _numbers(data["targeting"], ("cap",), "targeting")["cap"]
        if cap <= 0:
            raise WeightsError("targeting.cap must be above 0")
    return Weights(
        str(data["version"]),
        terms,
        {NeedLevel(k): v for k, v in levels.items()},
        coverage,
        proximity,
        horizon,
        cap,
    )


def _numbers(table: Any, keys: tuple[str, ...], name: str) -> dict[str, float]:
    if not isinstance(table, dict) or set(table) != set(keys):
        raise WeightsError(f"[{name}] needs exactly {', '.join(keys)}")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in table.values()):
        raise WeightsError(f"[{name}] takes numbers")
    return {k: float(table[k]) for k in keys}


def _no_protected(data: Any) -> None:
    if isinstance(data, dict):
        for key, value in data.items():
            if key in PROTECTED:
                raise WeightsError(f"{key!r} is a protected attribute and can never be a weight")
            _no_protected(value)

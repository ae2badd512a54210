"""The catalogue's offers compiled into columns, to evaluate a profile against all at once.

Every rule of every offer (its any-of groups and its area too) is one row of a few numpy
arrays, sorted so that an offer's checks, a check's alternatives and an alternative's
rules sit together. Evaluating a profile is then a handful of vector operations: numeric
rules compare the profile's value with ``[low, high]``; code rules look the profile's
value up in an inverted index (value -> rule rows that accept it); document rules count
the documents held. An alternative is the least of its rules (fail < unknown < pass), a
check the most of its alternatives, an offer fails when any check fails. The rules
that aim at a situation (:mod:`.targeting`) are listed apart, so counting the ones a
person passes per offer is one ``bincount``.
:func:`enlace.matching.eligibility.check_offer` gives the same outcomes one offer at a
time, with reasons, for the offers a page shows (a test keeps the two in step).

Offers are kept in id order, so a stable sort of scores breaks ties by offer id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from enlace.matching.eligibility import OfferTerms, alternatives, area_rules, group_key
from enlace.matching.profile import DOMAINS, Profile
from enlace.matching.rules import ATTRIBUTES, SCHOOLING_ORDER, SETS, Rule
from enlace.matching.targeting import aims

FAIL, UNKNOWN, PASS = 0, 1, 2
ATTRIBUTE_NAMES: tuple[str, ...] = tuple(ATTRIBUTES)
ATTRIBUTE_INDEX = {name: i for i, name in enumerate(ATTRIBUTE_NAMES)}
SCOPE_CODES = {"national": 0, "regional": 1, "communal": 2, "local": 3}
NUMERIC, CODE, DOCUMENT = 0, 1, 2
#: Domain role codes in the coverage matrix.
NOT_COVERED, SECONDARY, PRIMARY = 0, 1, 2

IntArray = npt.NDArray[np.int32]


@dataclass(frozen=True)
class OfferRow:
    """One offer as matching sees it (plain, from the catalogue)."""

    terms: OfferTerms
    slug: str = ""
    name_es: str = ""
    name_en: str | None = None
    agency_id: str = ""
    domains: Mapping[str, str] = field(default_factory=dict)  # domain -> primary/secondary
    assured_date: date | None = None
    is_free: bool | None = None
    agency_name_es: str = ""  # shown under the offer's name: people know who runs it
    agency_name_en: str | None = None

    @property
    def offer_id(self) -> str:
        return self.terms.offer_id


def _numeric(attribute: str, value: Any) -> float:
    if attribute == "schooling":
        return float(SCHOOLING_ORDER.index(value))
    return float(value)


def code_key(attribute: str, value: Any) -> tuple[str, Any]:
    """How a value is looked up: numbers as floats (18 == 18.0), the rest as they are."""
    if ATTRIBUTES[attribute] is None:
        return attribute, float(value)
    return attribute, value


class _Builder:
    """Collects the rule rows while the offers are compiled."""

    def __init__(self) -> None:
        self.kind: list[int] = []
        self.attribute: list[int] = []
        self.low: list[float] = []
        self.high: list[float] = []
        self.negate: list[bool] = []
        self.required: list[int] = []
        self.codes: dict[tuple[str, Any], list[int]] = {}
        self.documents: dict[str, list[int]] = {}
        self.option_starts: list[int] = []
        self.check_starts: list[int] = []
        self.check_offer: list[int] = []
        self.target_rows: list[int] = []  # stand-alone rules that aim (targeting)
        self.target_offer: list[int] = []

    def rule(self, rule: Rule, offer: int) -> None:
        row = len(self.kind)
        if aims(rule):
            self.target_rows.append(row)
            self.target_offer.append(offer)
        self.attribute.append(ATTRIBUTE_INDEX[rule.attribute])
        low, high, negate, required = -np.inf, np.inf, False, 0
        if rule.op in ("gte", "lte", "between"):
            kind = NUMERIC
            if rule.op == "gte":
                low = _numeric(rule.attribute, rule.value)
            elif rule.op == "lte":
                high = _numeric(rule.attribute, rule.value)
            else:
                low, high = (_numeric(rule.attribute, v) for v in rule.value)
        elif rule.op == "has" and rule.attribute in SETS:
            kind = DOCUMENT
            needed = sorted(set(rule.value))
            required = len(needed)
            for document in needed:
                self.documents.setdefault(document, []).append(row)
        else:
            kind = CODE
            negate = rule.op == "not_in"
            values = rule.value if isinstance(rule.value, list) else [rule.value]
            for key in dict.fromkeys(code_key(rule.attribute, v) for v in values):
                self.codes.setdefault(key, []).append(row)
        self.kind.append(kind)
        self.low.append(low)
        self.high.append(high)
        self.negate.append(negate)
        self.required.append(required)

    def check(self, offer: int, options: list[list[Rule]]) -> None:
        self.check_starts.append(len(self.option_starts))
        self.check_offer.append(offer)
        for option in options:
            self.option_starts.append(len(self.kind))
            for rule in option:
                self.rule(rule, offer)


def _checks(terms: OfferTerms) -> list[list[list[Rule]]]:
    """An offer's checks, each as its alternatives, each a list of rules."""
    checks: list[list[list[Rule]]] = []
    groups: dict[str, list[Rule]] = {}
    for rule in terms.rules:
        if rule.group is None:
            checks.append([[rule]])
        else:
            groups.setdefault(group_key(rule.group)[0], []).append(rule)
    checks.extend(alternatives(rules) for rules in groups.values())
    area = area_rules(terms)
    if area:
        checks.append([list(area)])
    return checks


@dataclass(frozen=True)
class Evaluation:
    """Per offer (index order): its outcome (0 fail, 1 check, 2 eligible), how many
    checks are unknown, and how many of its rules that aim at a situation the person
    passes (:mod:`.targeting`)."""

    status: npt.NDArray[np.int8]
    unknowns: IntArray
    targeting: IntArray


class OfferIndex:
    """The compiled catalogue; read-only once built, safe to share between threads."""

    def __init__(self, offers: Iterable[OfferRow], revision: tuple[str, int] = ("", 0)) -> None:
        self.revision = revision
        self.rows: list[OfferRow] = sorted(offers, key=lambda r: r.offer_id)
        self.ids: list[str] = [r.offer_id for r in self.rows]
        self.position = {offer_id: i for i, offer_id in enumerate(self.ids)}
        n = len(self.rows)
        self.coverage = np.zeros((n, len(DOMAINS)), dtype=np.int8)
        column = {d: j for j, d in enumerate(DOMAINS)}
        self.scope = np.zeros(n, dtype=np.int8)
        self.assured = np.full(n, -1, dtype=np.int64)
        self.free = np.zeros(n, dtype=bool)
        builder = _Builder()
        for i, row in enumerate(self.rows):
            for domain, role in row.domains.items():
                if domain in column:
                    self.coverage[i, column[domain]] = PRIMARY if role == "primary" else SECONDARY
            self.scope[i] = SCOPE_CODES.get(row.terms.scope, 0)
            if row.assured_date is not None:
                self.assured[i] = row.assured_date.toordinal()
            self.free[i] = row.is_free is True
            for options in _checks(row.terms):
                builder.check(i, options)
        self.coverage_columns = [
            np.ascontiguousarray(self.coverage[:, j]) for j in range(len(DOMAINS))
        ]
        self._fresh: tuple[tuple[int, int], npt.NDArray[np.float64]] | None = None
        self._freeze(builder)

    def freshness(self, on: date, horizon_days: int) -> npt.NDArray[np.float64]:
        """1 for an offer verified on ``on``, falling to 0 at the horizon; 0 when never
        verified (kept for the last date asked: every request of a day asks the same)."""
        key = (on.toordinal(), horizon_days)
        cached = self._fresh
        if cached is not None and cached[0] == key:
            return cached[1]
        age = on.toordinal() - self.assured
        fresh = np.where(self.assured >= 0, np.clip(1.0 - age / horizon_days, 0.0, 1.0), 0.0)
        self._fresh = (key, fresh)
        return fresh

    def _freeze(self, b: _Builder) -> None:
        self.kind = np.array(b.kind, dtype=np.int8)
        self.attribute = np.array(b.attribute, dtype=np.int16)
        self.low = np.array(b.low, dtype=np.float64)
        self.high = np.array(b.high, dtype=np.float64)
        self.negate = np.array(b.negate, dtype=bool)
        self.required = np.array(b.required, dtype=np.int16)
        self.codes = {k: np.array(v, dtype=np.int32) for k, v in b.codes.items()}
        self.documents = {k: np.array(v, dtype=np.int32) for k, v in b.documents.items()}
        self.option_starts = np.array(b.option_starts, dtype=np.int64)
        self.check_starts = np.array(b.check_starts, dtype=np.int64)
        self.check_offer = np.array(b.check_offer, dtype=np.int32)
        self.numeric_rows = np.flatnonzero(self.kind == NUMERIC)
        self.numeric_attribute = self.attribute[self.numeric_rows]
        self.numeric_low = self.low[self.numeric_rows]
        self.numeric_high = self.high[self.numeric_rows]
        self.document_rows = np.flatnonzero(self.kind == DOCUMENT)
        self.code_rows = np.flatnonzero(self.kind == CODE)
        self.target_rows = np.array(b.target_rows, dtype=np.int64)
        self.target_offer = np.array(b.target_offer, dtype=np.int32)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays (the rows' Python objects come on top)."""
        arrays: list[npt.NDArray[Any]] = [
            self.coverage,
            self.scope,
            self.assured,
            self.free,
            self.kind,
            self.attribute,
            self.low,
            self.high,
            self.negate,
            self.required,
            self.option_starts,
            self.check_starts,
            self.check_offer,
            self.target_rows,
            self.target_offer,
            *self.codes.values(),
            *self.documents.values(),
        ]
        return sum(a.nbytes for a in arrays)

    def evaluate(self, profile: Profile) -> Evaluation:
        """Every offer's eligibility for ``profile``, as columns."""
        n = len(self.rows)
        if not len(self.kind):
            return Evaluation(
                np.full(n, PASS, dtype=np.int8),
                np.zeros(n, dtype=np.int32),
                np.zeros(n, dtype=np.int32),
            )
        known = np.zeros(len(ATTRIBUTE_NAMES), dtype=bool)
        numbers = np.full(len(ATTRIBUTE_NAMES), np.nan)
        hit = np.zeros(len(self.kind), dtype=bool)
        held = np.zeros(len(self.kind), dtype=np.int16)
        for name, attribute in profile.attributes.items():
            index = ATTRIBUTE_INDEX[name]
            known[index] = True
            value = attribute.value
            if name in SETS:
                for document in value:
                    rows = self.documents.get(document)
                    if rows is not None:
                        held[rows] += 1
                continue
            if ATTRIBUTES[name] is None or name == "schooling":
                numbers[index] = _numeric(name, value)
            rows = self.codes.get(code_key(name, value))
            if rows is not None:
                hit[rows] = True
        ok = hit ^ self.negate  # code rules; the other kinds are overwritten below
        values = numbers[self.numeric_attribute]
        with np.errstate(invalid="ignore"):
            ok[self.numeric_rows] = (values >= self.numeric_low) & (values <= self.numeric_high)
        docs = self.document_rows
        ok[docs] = held[docs] >= self.required[docs]
        outcome = (ok.view(np.int8) * PASS).astype(np.int8, copy=False)
        outcome[~known[self.attribute]] = UNKNOWN
        options = np.minimum.reduceat(outcome, self.option_starts)
        checks = np.maximum.reduceat(options, self.check_starts)
        failed = np.zeros(n, dtype=bool)
        failed[self.check_offer[checks == FAIL]] = True
        unknowns = np.bincount(self.check_offer[checks == UNKNOWN], minlength=n).astype(np.int32)
        status = np.where(failed, FAIL, np.where(unknowns > 0, UNKNOWN, PASS)).astype(np.int8)
        aimed = self.target_offer[outcome[self.target_rows] == PASS]
        targeting = np.bincount(aimed, minlength=n).astype(np.int32)
        return Evaluation(status, unknowns, targeting)

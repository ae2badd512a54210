"""Facet counts for the current query, from cached per-value document sets.

The sets of one facet's values are counted together (:meth:`DocSets.counts`): a matrix of
64-bit words per facet and generation, AND-ed with the query's set and popcounted.

Each facet is counted over the documents that match the text and every *other* filter,
so picking a region still shows how many offers the other regions have (the usual
multi-select behaviour). Region and commune values count the way their filters work:
a region's count includes national offers, a commune's also the offers available across
its region.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from enlace.search.engine.docsets import DocSets
from enlace.search.params import FACETS, FacetValue, region_of_commune
from enlace.search.query import Clause, commune_terms, region_terms

#: Facet name -> keyword field whose values it lists.
FACET_FIELDS = {
    "domain": "domain",
    "category": "category",
    "region": "region",
    "commune": "commune",
    "sector": "sector",
    "free": "free",
    "population": "population",
    "language": "language",
    "kind": "kind",
    "status": "status",
}


def _base(matched: int, clauses: Sequence[Clause], clause_bits: Sequence[int], skip: str) -> int:
    bits = matched
    for clause, clause_set in zip(clauses, clause_bits, strict=True):
        if clause.facet != skip:
            bits &= clause_set
    return bits


def _value_sets(docsets: DocSets, facet: str, values: Sequence[str]) -> list[int]:
    """The documents each value of ``facet`` counts, the way its filter selects them."""
    if facet == "region":
        return [docsets.any_of(region_terms(value)) for value in values]
    if facet == "commune":
        return [docsets.any_of(commune_terms(value)) for value in values]
    return [docsets.term(FACET_FIELDS[facet], value) for value in values]


def facet_counts(
    docsets: DocSets,
    matched: int,
    clauses: Sequence[Clause],
    clause_bits: Sequence[int],
    selected: dict[str, set[str]],
    *,
    region: str | None = None,
) -> dict[str, tuple[FacetValue, ...]]:
    """Counts per facet value, largest first; values with no documents are left out
    unless selected. Communes are listed for the selected ``region`` only (or all
    communes that have offers of their own when no region is chosen)."""
    result: dict[str, tuple[FacetValue, ...]] = {}
    for facet in FACETS:
        field = FACET_FIELDS[facet]
        base = _base(matched, clauses, clause_bits, facet)
        picked = selected.get(facet, set())
        values = list(docsets.values(field))
        if facet == "commune" and region:
            values = [v for v in values if region_of_commune(v) == region]
        ordered = sorted(set(values) | picked)
        rows = partial(_value_sets, docsets, facet, ordered)
        numbers = docsets.counts((facet, tuple(ordered)), rows, base)
        counts = [
            FacetValue(value, count, value in picked)
            for value, count in zip(ordered, numbers, strict=True)
            if count or value in picked
        ]
        counts.sort(key=lambda v: (-v.count, v.value))
        result[facet] = tuple(counts)
    return result

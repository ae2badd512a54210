"""What the network view selects: a region or a neighbourhood, filters, and the cap."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from enlace.network.explore import (
    ExploreFilter,
    agencies_in_region,
    agency_by_slug,
    network_ids,
    relevant_to_region,
    select,
    selection_graph,
)
from enlace.network.graph import NetworkGraph, build_graph
from tests.unit.network.networks import AGENCIES, MEMBERSHIPS, OFFERS, ON, agreement, network


def _graph() -> NetworkGraph:
    return network(
        agreement("a-muni", "ct-a", "muni", domains=("employment",)),
        agreement("b-muni", "ct-b", "muni", domains=("housing",), status="suspended"),
        agreement("s-ong", "ct-s", "ong", domains=("housing",), region_code="13"),
        agreement("n-sence", "red-nacional", "sence", offers=("curso",)),
        agreement("scoped", "ct-s", "sence", domains=("income",), region_code="5"),
    )


def _agreements(filters: ExploreFilter) -> set[str]:
    return set(select(_graph(), filters).agreement_ids)


def test_nothing_unless_a_region_or_an_agency_is_named() -> None:
    assert not ExploreFilter().scoped
    assert ExploreFilter(region="5").scoped and ExploreFilter(agency="ct-a").scoped


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (ExploreFilter(region="5"), {"a-muni", "b-muni", "scoped"}),
        (ExploreFilter(region="13"), {"s-ong", "n-sence", "scoped"}),
        (ExploreFilter(region="5", status="active"), {"a-muni", "scoped"}),
        (ExploreFilter(region="5", status="suspended"), {"b-muni"}),
        (ExploreFilter(region="5", domain="housing"), {"b-muni"}),
        (ExploreFilter(region="13", domain="employment"), {"n-sence"}),  # through its offer
        (ExploreFilter(region="13", sector="ngo"), {"s-ong"}),
        (ExploreFilter(agency="muni"), {"a-muni", "b-muni"}),
        (ExploreFilter(agency="muni", status="active"), {"a-muni"}),
        (ExploreFilter(region="7"), set()),
    ],
)
def test_filters_select_agreements(filters: ExploreFilter, expected: set[str]) -> None:
    assert _agreements(filters) == expected


def test_region_lists_its_isolated_agencies_and_neighbourhood_its_centre() -> None:
    solo = select(_graph(), ExploreFilter(region="7"))
    assert [n.id for n in solo.nodes] == ["solo"] and solo.edges == ()
    around = select(_graph(), ExploreFilter(agency="muni"))
    assert {n.id for n in around.nodes} == {"muni", "ct-a", "ct-b"}
    assert all("muni" in (e.source, e.target) for e in around.edges)


def test_networks_are_a_category_of_their_own_and_memberships_links() -> None:
    graph = _graph()
    assert network_ids(graph) == {"red-nacional", "red-valpo"}
    found = select(graph, ExploreFilter(region="5"))
    categories = {n.id: n.category for n in found.nodes}
    assert categories["red-valpo"] == "network" and categories["ct-a"] == "treatment_centre"
    memberships = [e for e in found.edges if e.relation == "membership"]
    assert {(e.source, e.target) for e in memberships} >= {("ct-a", "red-valpo")}
    assert all(e.kind == "membership" and e.agreement_id is None for e in memberships)
    by_network = select(graph, ExploreFilter(region="5", sector="network"))
    assert {n.id for n in by_network.nodes} >= {"red-valpo", "red-nacional"}
    # memberships have no need domain: a domain filter leaves them out
    housing = select(graph, ExploreFilter(region="5", domain="housing"))
    assert all(e.relation == "agreement" for e in housing.edges)


def test_parallel_agreements_stay_apart() -> None:
    graph = network(
        agreement("p1", "ct-a", "muni", domains=("employment",)),
        agreement("p2", "ct-a", "muni", domains=("housing",)),
    )
    found = select(graph, ExploreFilter(agency="ct-a"))
    assert {e.agreement_id for e in found.edges if e.relation == "agreement"} == {"p1", "p2"}
    assert len({e.id for e in found.edges}) == len(found.edges)


def test_over_the_cap_nothing_is_shipped_but_the_counts() -> None:
    graph = _graph()
    full = select(graph, ExploreFilter(region="5"), limit=None)
    assert not full.too_many and full.total == len(full.nodes) + len(full.edges)
    capped = select(graph, ExploreFilter(region="5"), limit=full.total - 1)
    assert capped.too_many
    assert capped.nodes == () and capped.edges == () and capped.agreement_ids == ()
    assert (capped.total_nodes, capped.total_edges) == (len(full.nodes), len(full.edges))
    exact = select(graph, ExploreFilter(region="5"), limit=full.total)
    assert not exact.too_many and exact.nodes == full.nodes


@given(limit=st.integers(min_value=0, max_value=40), region=st.sampled_from(["5", "13", "7"]))
def test_a_selection_never_carries_more_than_its_limit(limit: int, region: str) -> None:
    found = select(_graph(), ExploreFilter(region=region), limit=limit)
    assert len(found.nodes) + len(found.edges) <= limit
    assert found.too_many == (found.total > limit)
    ids = {n.id for n in found.nodes}
    assert all(e.source in ids and e.target in ids for e in found.edges)


def test_selection_graph_keeps_the_selected_part_with_its_data() -> None:
    graph = _graph()
    found = select(graph, ExploreFilter(region="5"), limit=None)
    sub = selection_graph(graph, found)
    assert sub.number_of_nodes() == len(found.nodes)
    assert sub.number_of_edges() == len(found.edges)
    assert sub.edges["ct-a", "muni", "a-muni"]["kind"] == "priority_access"


def test_relevance_to_a_region_and_agencies_in_it() -> None:
    graph = _graph()
    assert relevant_to_region(graph, "a-muni", "5")  # parties in 5
    assert relevant_to_region(graph, "scoped", "5")  # scoped to 5
    assert not relevant_to_region(graph, "s-ong", "5")
    assert relevant_to_region(graph, "s-ong", None)
    assert relevant_to_region(graph, "n-sence", "5")  # national: reaches every region
    assert not relevant_to_region(graph, "unknown", "5")
    assert [a.id for a in agencies_in_region(graph, ["solo", "ct-a", "nope"], "5")] == ["ct-a"]


def test_agency_by_slug() -> None:
    agencies = [replace(a, slug=f"slug-{a.id}") for a in AGENCIES]
    graph = build_graph(agencies, [], MEMBERSHIPS, OFFERS, ON)
    found = agency_by_slug(graph, "slug-muni")
    assert found is not None and found.id == "muni"
    assert agency_by_slug(graph, "nope") is None

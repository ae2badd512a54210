"""The coverage matrix on a small network with known answers."""

from __future__ import annotations

from enlace.network.coverage import compute_coverage
from enlace.network.graph import preferential_access
from tests.unit.network.networks import ON, agreement, network

REGIONS = ("5", "13", "7")
DOMAINS = ("employment", "training", "housing", "income", "childcare")


def test_cells_count_offers_available_priority_paths_and_agreements() -> None:
    graph = network(
        agreement("a1", "ct-a", "muni", domains=("employment",)),
        agreement("nat", "red-nacional", "sence", domains=("training",)),
        agreement("ong", "ct-s", "ong", domains=("housing",), status="suspended"),
    )
    matrix = compute_coverage(graph, REGIONS, DOMAINS, ON)
    employment = matrix.cell("5", "employment")
    assert employment.offers == ("curso", "omil")  # national offers count everywhere
    assert employment.priority_offers == ("curso", "omil")
    assert employment.agreements == ("a1", "nat")
    assert employment.centres == 2 and employment.unmet_high_needs is None
    assert matrix.cell("13", "employment").priority_offers == ("curso",)
    housing_rm = matrix.cell("13", "housing")
    assert housing_rm.offers == ("hogar",) and housing_rm.no_priority  # suspended
    assert matrix.cell("5", "housing").offers == ("muni-casa",)
    assert matrix.cell("5", "childcare").no_offer
    # the Maule region has no centre: offers but never a priority path
    assert matrix.cell("7", "training").offers == ("curso",)
    assert matrix.cell("7", "training").no_priority
    gaps = {(c.region, c.domain) for c in matrix.gaps()}
    assert ("13", "housing") in gaps and ("5", "employment") not in gaps
    assert {(c.region, c.domain) for c in matrix.empty()} <= gaps


def test_coverage_agrees_with_preferential_access_of_each_centre() -> None:
    graph = network(
        agreement("a1", "ct-a", "muni", domains=("employment", "housing")),
        agreement("v", "red-valpo", "sence", domains=("income",), region_code="5"),
        agreement("nat", "red-nacional", "ong", domains=("housing",)),
    )
    matrix = compute_coverage(graph, REGIONS, DOMAINS, ON)
    for region, centres in (("5", ["ct-a", "ct-b"]), ("13", ["ct-s"])):
        for domain in DOMAINS:
            cell = matrix.cell(region, domain)
            reached = {
                offer
                for centre in centres
                for offer, access in preferential_access(graph, centre, cell.offers, ON).items()
                if access.priority
            }
            assert set(cell.priority_offers) == reached, (region, domain)

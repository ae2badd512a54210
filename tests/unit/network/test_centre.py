"""A centre's own network: the agreements that reach it, once each, by need domain."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, select

from enlace.catalogue.reference import stable_id
from enlace.network import service
from enlace.network.centre import Priority, centre_network, centre_priorities
from enlace.network.models import Agreement
from tests.unit.network.networks import ON, agreement, network


def test_direct_and_network_agreements_reach_the_centre_once_each() -> None:
    graph = network(
        agreement("a1", "ct-a", "muni", domains=("employment",), quota=10, quota_used=4),
        agreement("nat", "red-nacional", "sence", domains=("training",)),
        agreement("b1", "ct-b", "muni", domains=("housing",)),  # another centre's
    )
    found = centre_priorities(graph, "ct-a", ON)
    assert found == [
        Priority("a1", ("muni",), ("ct-a",), frozenset({"employment"}), 6),
        Priority("nat", ("sence",), ("ct-a", "red-nacional"), frozenset({"training"}), None),
    ]


def test_offer_agreements_take_their_offers_domains_and_dead_ones_never_count() -> None:
    graph = network(
        agreement("named", "ct-a", "sence", offers=("curso",)),
        agreement("gone", "ct-a", "muni", domains=("housing",), status="suspended"),
        agreement("full", "ct-a", "muni", domains=("employment",), quota=2, quota_used=2),
        agreement("old", "ct-a", "muni", domains=("employment",), valid_to=date(2026, 5, 31)),
    )
    found = centre_priorities(graph, "ct-a", ON)
    assert [p.agreement_id for p in found] == ["named"]
    assert found[0].domains == frozenset({"training", "employment"})


def test_region_scope_and_unknown_centres() -> None:
    graph = network(
        agreement("valpo", "red-nacional", "muni", domains=("housing",), region_code="5")
    )
    assert [p.agreement_id for p in centre_priorities(graph, "ct-a", ON)] == ["valpo"]
    assert centre_priorities(graph, "ct-s", ON) == []  # Santiago: out of the region
    assert centre_priorities(graph, "nobody", ON) == []


def test_the_shipped_centre_network_is_grouped_by_domain(shipped_session: Session) -> None:
    service.clear_cache()
    on = date(2026, 6, 1)
    view = centre_network(shipped_session, stable_id("agency", "ct-renacer-talca"), on)
    by_slug = {
        item.agreement.slug: (group.domain, item)
        for group in view.groups
        for item in group.agreements
    }
    sence = shipped_session.exec(
        select(Agreement).where(Agreement.slug == "conv-senda-sence-red-tratamiento")
    ).one()
    assert sence.slug in by_slug
    domain, item = by_slug[sence.slug]
    assert domain == "training"
    assert item.through is not None and item.through.agency_slug == "senda"
    assert [p.agency_slug for p in item.granting] == ["sence"]
    assert item.days_left == (date(2027, 12, 31) - on).days and not item.expiring
    assert by_slug["conv-renacer-cosam-patologia-dual"][0] == "health"
    direct = by_slug["conv-renacer-cosam-patologia-dual"][1]
    assert direct.through is None and direct.days_left is None and direct.quota_left is None
    assert view.total == len({i.agreement.id for g in view.groups for i in g.agreements})
    domains = [g.domain for g in view.groups]
    assert len(domains) == len(set(domains))


def test_agreements_ending_soon_are_flagged(shipped_session: Session) -> None:
    service.clear_cache()
    on = date(2026, 12, 1)
    view = centre_network(shipped_session, stable_id("agency", "ct-renacer-talca"), on)
    items = {i.agreement.slug: i for g in view.groups for i in g.agreements}
    quota = items["conv-renacer-hogar-de-cristo-empleo"]
    assert quota.expiring and quota.days_left == 45
    assert quota.quota_left is not None


def test_a_centre_without_agreements_has_an_empty_network(shipped_session: Session) -> None:
    view = centre_network(shipped_session, "no-such-centre", date(2026, 6, 1))
    assert view.groups == () and view.total == 0

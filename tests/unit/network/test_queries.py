"""Expiring agreements, quotas nearly used up, isolated agencies, brokers, components,
the node-link data of one region and the checks."""

from __future__ import annotations

from datetime import date

from enlace.network.checks import check_agreements, check_memberships
from enlace.network.plain import Membership, Party
from enlace.network.queries import analyse, expiring, node_link, quotas_nearly_used
from tests.unit.network.networks import AGENCIES, ON, agreement, network


def test_expiring_within_the_window_only_for_agreements_in_force() -> None:
    graph = network(
        agreement("soon", "ct-a", "muni", domains=("employment",), valid_to=date(2026, 7, 1)),
        agreement("later", "ct-a", "sence", domains=("income",), valid_to=date(2026, 12, 31)),
        agreement(
            "off",
            "ct-b",
            "muni",
            domains=("employment",),
            status="suspended",
            valid_to=date(2026, 6, 2),
        ),
    )
    assert [e.agreement_id for e in expiring(graph, ON)] == ["soon"]
    assert expiring(graph, ON)[0].days_left == 30
    assert [e.agreement_id for e in expiring(graph, ON, days=365)] == ["soon", "later"]
    assert expiring(graph, ON, days=10) == []


def test_quotas_nearly_used_from_80_percent_fullest_first() -> None:
    graph = network(
        agreement("q79", "ct-a", "muni", domains=("employment",), quota=100, quota_used=79),
        agreement("q80", "ct-a", "muni", domains=("housing",), quota=10, quota_used=8),
        agreement("q100", "ct-b", "sence", domains=("income",), quota=3, quota_used=3),
    )
    assert [q.agreement_id for q in quotas_nearly_used(graph, ON)] == ["q100", "q80"]


def test_isolated_agencies_components_and_brokers() -> None:
    graph = network(
        agreement("a1", "ct-a", "muni", domains=("employment",)),
        agreement("a2", "red-nacional", "sence", domains=("training",)),
        agreement("gone", "ct-s", "ong", domains=("housing",), status="draft"),
    )
    analysis = analyse(graph)
    assert "solo" in analysis.isolated and "ong" in analysis.isolated
    assert "red-valpo" not in analysis.isolated  # ct-a is a member
    assert len(analysis.components) == 1
    assert analysis.brokers[0].agency_id == "red-nacional"
    assert not analysis.sampled and analysis.agreements_active == 2


def test_node_link_of_one_region_keeps_parallel_agreements() -> None:
    graph = network(
        agreement("p1", "ct-a", "muni", domains=("employment",)),
        agreement("p2", "ct-a", "muni", domains=("housing",)),
        agreement("rm", "ct-s", "ong", domains=("housing",)),
    )
    data = node_link(graph, "5")
    keys = {e["key"] for e in data["edges"]}
    assert {"p1", "p2"} <= keys and "rm" not in keys
    assert {n["id"] for n in data["nodes"]} >= {"ct-a", "muni"}
    assert "ong" not in {n["id"] for n in data["nodes"]}


def test_checks_list_each_kind_of_problem() -> None:
    agencies = {a.id: a for a in AGENCIES}
    edges = [
        agreement("late", "ct-a", "muni", domains=("employment",), valid_to=date(2026, 1, 31)),
        agreement("over", "ct-a", "muni", domains=("employment",), quota=2, quota_used=3),
        agreement(
            "ghost",
            "ct-a",
            "muni",
            domains=("employment",),
            parties=(Party("ct-a", "referrer"), Party("nobody", "provider")),
        ),
        agreement("wrong", "ct-a", "muni", offers=("curso",)),
        agreement("fine", "ct-a", "muni", offers=("omil",)),
    ]
    offer_agency = {"omil": "muni", "curso": "sence"}
    problems = check_agreements(edges, agencies, offer_agency, ON)
    assert {(p.check, p.record) for p in problems} == {
        ("active_past_end", "late"),
        ("quota_over", "over"),
        ("party_not_agency", "ghost"),
        ("offer_not_granted", "wrong"),
    }
    members = [
        Membership("red-nacional", "ct-a"),
        Membership("red-nacional", "muni"),
        Membership("red-valpo", "red-valpo"),
        Membership("red-nacional", "ct-b", since=date(2026, 5, 1), until=date(2026, 4, 1)),
    ]
    checks = {p.check for p in check_memberships(members, agencies)}
    assert checks == {"member_not_centre", "member_of_itself", "membership_dates"}

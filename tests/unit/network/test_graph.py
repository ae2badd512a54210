"""preferential_access on small networks with known answers."""

from __future__ import annotations

from datetime import date

import pytest

from enlace.network.graph import Step, preferential_access
from enlace.network.plain import AgreementState, Membership, Party, agreement_state
from tests.unit.network.networks import ON, agreement, network

ALL = ["omil", "muni-casa", "curso", "beca", "hogar"]


def _priority(graph: object, centre: str, on: date = ON) -> set[str]:
    access = preferential_access(graph, centre, ALL, on)  # type: ignore[arg-type]
    return {offer for offer, a in access.items() if a.priority}


def test_direct_agreement_covers_the_providers_offers_in_its_domains() -> None:
    graph = network(agreement("a1", "ct-a", "muni", domains=("employment",), quota=10))
    access = preferential_access(graph, "ct-a", ALL, ON)
    assert {o for o, a in access.items() if a.priority} == {"omil"}
    omil = access["omil"]
    assert omil.agreements == ("a1",)
    assert omil.path == (Step("agreement", "ct-a", "muni", "a1"),)
    assert omil.quota_left == 10
    assert access["muni-casa"].quota_left == 0 and access["muni-casa"].path == ()


def test_a_network_agreement_reaches_every_member_without_copying() -> None:
    graph = network(agreement("nat", "red-nacional", "sence", domains=("training",)))
    for centre in ("ct-a", "ct-b", "ct-s"):
        access = preferential_access(graph, centre, ["curso"], ON)["curso"]
        assert access.priority
        assert access.path == (
            Step("membership", centre, "red-nacional"),
            Step("agreement", "red-nacional", "sence", "nat"),
        )
        assert access.quota_left is None  # no quota: unlimited


def test_a_membership_counts_only_while_current() -> None:
    graph = network(agreement("valpo", "red-valpo", "muni", domains=("housing",)))
    assert _priority(graph, "ct-a", date(2026, 2, 28)) == set()
    assert _priority(graph, "ct-a", date(2026, 3, 1)) == {"muni-casa"}
    assert _priority(graph, "ct-b") == set()  # not a member
    ended = (Membership("red-valpo", "ct-a", until=date(2026, 5, 31)),)
    assert (
        _priority(
            network(
                agreement("valpo", "red-valpo", "muni", domains=("housing",)), memberships=ended
            ),
            "ct-a",
        )
        == set()
    )
    observer = (Membership("red-valpo", "ct-a", role="observer"),)
    graph = network(
        agreement("valpo", "red-valpo", "muni", domains=("housing",)), memberships=observer
    )
    assert _priority(graph, "ct-a") == set()


def test_valid_to_is_inclusive_and_expiry_is_derived_from_the_date() -> None:
    edge = agreement("a1", "ct-a", "muni", domains=("employment",), valid_to=date(2026, 6, 30))
    graph = network(edge)
    assert _priority(graph, "ct-a", date(2026, 6, 30)) == {"omil"}
    assert _priority(graph, "ct-a", date(2026, 7, 1)) == set()
    assert agreement_state(edge, date(2026, 7, 1)) is AgreementState.EXPIRED
    assert _priority(graph, "ct-a", date(2025, 12, 31)) == set()  # not started
    assert agreement_state(edge, date(2025, 12, 31)) is AgreementState.NOT_STARTED


def test_suspended_draft_ended_and_stored_expired_agreements_never_count() -> None:
    for status in ("suspended", "draft", "ended", "terminated", "expired"):
        graph = network(agreement("a1", "ct-a", "muni", domains=("employment",), status=status))
        assert _priority(graph, "ct-a") == set(), status


def test_an_exhausted_quota_never_counts_and_quota_left_adds_up() -> None:
    full = agreement("full", "ct-a", "muni", domains=("employment",), quota=5, quota_used=5)
    assert _priority(network(full), "ct-a") == set()
    assert agreement_state(full, ON) is AgreementState.EXHAUSTED
    two = network(
        agreement("q1", "ct-a", "muni", domains=("employment",), quota=5, quota_used=2),
        agreement("q2", "ct-a", "muni", offers=("omil",), quota=4, quota_used=1),
    )
    assert preferential_access(two, "ct-a", ["omil"], ON)["omil"].quota_left == 6


def test_region_scope_is_the_centres_region() -> None:
    graph = network(
        agreement("nat-valpo", "red-nacional", "sence", domains=("training",), region_code="5")
    )
    assert _priority(graph, "ct-a") == {"curso"}
    assert _priority(graph, "ct-s") == set()  # Santiago's centre: out of scope


def test_domains_cover_every_offer_of_the_domain_and_named_offers_only_themselves() -> None:
    by_domain = network(agreement("d", "ct-a", "sence", domains=("income",)))
    assert _priority(by_domain, "ct-a") == {"beca"}
    by_offer = network(agreement("o", "ct-a", "sence", offers=("curso",)))
    assert _priority(by_offer, "ct-a") == {"curso"}
    # an offer of an agency that is not a granting party is never reached
    wrong = network(agreement("w", "ct-a", "sence", offers=("omil",)))
    assert _priority(wrong, "ct-a") == set()


def test_funders_give_no_priority() -> None:
    funded = agreement(
        "f",
        "ct-a",
        "muni",
        domains=("employment",),
        parties=(Party("sence", "funder"), Party("muni", "provider")),
    )
    assert _priority(network(funded), "ct-a") == set()


@pytest.mark.parametrize(
    ("kind", "roles", "priority"),
    [
        ("priority_access", ("referrer", "provider"), True),
        ("reserved_quota", ("referrer", "provider"), True),
        ("referral_protocol", ("referrer", "provider"), True),
        ("priority_access", ("referrer", "funder"), True),  # a funder grants, as in the forms
        ("technical_cooperation", ("referrer", "provider"), False),
        ("financial_cooperation", ("referrer", "provider"), False),
        ("technical_cooperation", ("partner", "provider"), False),
        ("priority_access", ("partner", "provider"), False),  # a partner only supports
        ("priority_access", ("referrer", "partner"), False),
    ],
)
def test_only_access_kinds_between_a_benefiting_and_a_granting_side_give_priority(
    kind: str, roles: tuple[str, str], priority: bool
) -> None:
    """The graph reads roles with the forms' vocabulary: an agreement the forms accept as
    cooperation never shows up as priority in matching."""
    edge = agreement(
        "k",
        "ct-a",
        "muni",
        domains=("employment",),
        kind=kind,
        parties=(Party("ct-a", roles[0]), Party("muni", roles[1])),
    )
    assert ("omil" in _priority(network(edge), "ct-a")) is priority


def test_parallel_agreements_stay_apart_and_are_all_used() -> None:
    graph = network(
        agreement("p1", "ct-a", "muni", domains=("employment",), quota=3),
        agreement("p2", "ct-a", "muni", domains=("employment",)),
    )
    assert graph.graph.number_of_edges("ct-a", "muni") == 2
    access = preferential_access(graph, "ct-a", ["omil"], ON)["omil"]
    assert access.agreements == ("p2", "p1")  # unlimited first
    assert access.quota_left is None


def test_direct_routes_come_before_routes_through_a_network() -> None:
    graph = network(
        agreement("via", "red-nacional", "sence", domains=("training",)),
        agreement("own", "ct-a", "sence", offers=("curso",), quota=2),
    )
    access = preferential_access(graph, "ct-a", ["curso"], ON)["curso"]
    assert access.agreements == ("own", "via")
    assert access.routes[1].via == ("ct-a", "red-nacional")


def test_cycles_of_agreements_and_memberships_are_safe() -> None:
    cycle = (
        Membership("red-nacional", "ct-a"),
        Membership("red-valpo", "red-nacional"),
        Membership("red-nacional", "red-valpo"),
    )
    graph = network(
        agreement("x", "ct-a", "muni", domains=("employment",)),
        agreement("y", "muni", "ct-a", domains=("employment",)),
        agreement("z", "red-valpo", "sence", domains=("income",)),
        memberships=cycle,
    )
    access = preferential_access(graph, "ct-a", ALL, ON)
    assert {o for o, a in access.items() if a.priority} == {"omil", "beca"}
    assert access["beca"].path[:2] == (
        Step("membership", "ct-a", "red-nacional"),
        Step("membership", "red-nacional", "red-valpo"),
    )


def test_unknown_centres_and_offers_get_no_priority() -> None:
    graph = network(agreement("a1", "ct-a", "muni", domains=("employment",)))
    access = preferential_access(graph, "nobody", ["omil", "nothing"], ON)
    assert not any(a.priority for a in access.values())
    assert not preferential_access(graph, "ct-a", ["nothing"], ON)["nothing"].priority

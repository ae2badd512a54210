"""The access query on hand-made networks: which offers a centre reaches with priority,
through which route, narrowed by domain, region and offer ids; and who may ask."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from enlace.accounts.models import User
from enlace.network.reach import (
    CentreRequiredError,
    ReachForbiddenError,
    UnknownCentreError,
    available_in_commune,
    choose_centre,
    reachable,
)
from tests.unit.network.networks import ON, agreement, network

GRAPH = network(
    agreement("a1", "ct-a", "muni", domains=("employment",), quota=10, quota_used=4),
    agreement("nat", "red-nacional", "sence", domains=("training",)),
    agreement("b1", "ct-b", "ong", domains=("housing",)),  # another centre's
)


def _found(**filters: object) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    pairs = reachable(GRAPH, "ct-a", ON, **filters)  # type: ignore[arg-type]
    return {o.id: [(r.agreement_id, r.via) for r in a.routes] for o, a in pairs}


def test_direct_and_network_routes_each_with_their_path() -> None:
    assert _found() == {
        "omil": [("a1", ("ct-a",))],  # employment at the municipality, directly
        "curso": [("nat", ("ct-a", "red-nacional"))],  # training at SENCE, via the network
    }
    access = {o.id: a for o, a in reachable(GRAPH, "ct-a", ON)}
    assert [(s.kind, s.source, s.target) for s in access["curso"].path] == [
        ("membership", "ct-a", "red-nacional"),
        ("agreement", "red-nacional", "sence"),
    ]
    assert access["omil"].quota_left == 6 and access["curso"].quota_left is None
    assert [o.id for o, _a in reachable(GRAPH, "ct-a", ON)] == ["curso", "omil"]  # by id


def test_filters_narrow_the_offers() -> None:
    assert set(_found(domains=frozenset({"training"}))) == {"curso"}
    assert set(_found(domains=frozenset({"housing", "income"}))) == set()
    assert set(_found(region="13")) == {"curso"}  # the municipality's offer is in region 5
    assert set(_found(offer_ids=["hogar", "omil", "omil"])) == {"omil"}
    assert _found(offer_ids=[]) == {}


def test_another_centre_and_dead_agreements_give_nothing() -> None:
    assert {o.id for o, _a in reachable(GRAPH, "ct-b", ON)} == {"hogar", "curso"}
    assert reachable(GRAPH, "nobody", ON) == []
    after = network(agreement("old", "ct-a", "muni", domains=("employment",), status="suspended"))
    assert reachable(after, "ct-a", ON) == []


def _user(role: str, agency_id: str | None = None, region_code: str | None = None) -> User:
    return User(email="x@example.org", display_name="X", role=role, agency_id=agency_id,
                region_code=region_code)  # fmt: skip


STAFF = _user("staff", agency_id="ct-a")
REGIONAL = _user("coordinator", region_code="5")
ADMIN = _user("admin")


def test_staff_ask_about_their_own_centre_only() -> None:
    assert choose_centre(GRAPH, STAFF, None).id == "ct-a"
    assert choose_centre(GRAPH, STAFF, "ct-a").id == "ct-a"
    for other in ("ct-b", "nobody", "muni"):  # existing or not: the same refusal
        with pytest.raises(ReachForbiddenError):
            choose_centre(GRAPH, STAFF, other)


def test_coordinators_ask_about_their_regions_centres() -> None:
    assert choose_centre(GRAPH, REGIONAL, "ct-b").id == "ct-b"
    with pytest.raises(ReachForbiddenError):
        choose_centre(GRAPH, REGIONAL, "ct-s")  # Santiago
    with pytest.raises(CentreRequiredError):
        choose_centre(GRAPH, REGIONAL, None)
    with pytest.raises(UnknownCentreError):
        choose_centre(GRAPH, REGIONAL, "muni")  # an agency, not a treatment centre
    assert choose_centre(GRAPH, ADMIN, "ct-s").id == "ct-s"
    with pytest.raises(ReachForbiddenError):
        choose_centre(GRAPH, None, "ct-a")


def _card(scope: str, areas: list[tuple[str, str | None]], places: list[str]) -> SimpleNamespace:
    return SimpleNamespace(
        scope=scope,
        areas=[SimpleNamespace(region_code=r, commune_code=c) for r, c in areas],
        offer_locations=[SimpleNamespace(location=SimpleNamespace(commune_code=p)) for p in places],
    )


@pytest.mark.parametrize(
    ("card", "expected"),
    [
        (_card("national", [], []), True),
        (_card("regional", [("7", None)], []), True),
        (_card("regional", [("5", None)], []), False),
        (_card("communal", [("7", "7102")], []), False),
        (_card("communal", [("7", "7101")], []), True),
        (_card("local", [], ["7101"]), True),
        (_card("local", [], ["7102"]), False),
    ],
)
def test_available_in_a_commune(card: SimpleNamespace, expected: bool) -> None:
    assert available_in_commune(card, "7101", "7") is expected  # type: ignore[arg-type]

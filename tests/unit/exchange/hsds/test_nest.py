"""Nesting the serialiser's flat rows into API objects, and the paging envelope (pure)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from enlace.exchange.hsds import nest
from enlace.exchange.hsds.api_places import distance_m
from enlace.exchange.hsds.api_read import Page
from enlace.exchange.hsds.nest import Rows

DATASET = {
    "services": [{"id": "s1", "name": "S", "status": "active", "organization_id": "o1"}],
    "phones": [
        {"id": "p1", "service_id": "s1", "number": "1"},
        {"id": "p2", "contact_id": "c1", "number": "2"},
        {"id": "p3", "location_id": "l1", "number": "3"},
    ],
    "contacts": [{"id": "c1", "service_id": "s1", "name": "Ana"}],
    "attributes": [{"id": "a1", "link_id": "s1", "taxonomy_term_id": "t1"}],
    "service_at_locations": [{"id": "sl1", "service_id": "s1", "location_id": "l1"}],
    "locations": [{"id": "l1", "location_type": "physical"}],
    "addresses": [{"id": "ad1", "location_id": "l1", "address_1": "Calle 1"}],
}


def test_a_full_service_holds_what_it_owns_and_nothing_else() -> None:
    rows = Rows(DATASET)
    location = nest.location(DATASET["locations"][0], rows)
    service = nest.service(
        DATASET["services"][0],
        {"id": "o1", "name": "O", "description": ""},
        rows,
        {"l1": location},
        {"t1": {"id": "t1", "name": "T", "description": "d"}},
    )
    assert [p["id"] for p in service["phones"]] == ["p1"]  # not the contact's nor the place's
    assert service["contacts"][0]["phones"][0]["id"] == "p2"
    assert service["attributes"][0]["taxonomy_term"]["id"] == "t1"
    link = service["service_at_locations"][0]
    assert link["location"]["addresses"][0]["id"] == "ad1"
    assert link["location"]["phones"][0]["id"] == "p3"
    assert service["organization"]["id"] == "o1" and service["schedules"] == []


def test_a_list_service_has_only_one_to_one_fields() -> None:
    service = nest.service(DATASET["services"][0], None)
    assert service == DATASET["services"][0] and service is not DATASET["services"][0]


@given(total=st.integers(0, 10_000), per_page=st.integers(1, 500), page=st.integers(1, 100))
def test_the_envelope_is_consistent(total: int, per_page: int, page: int) -> None:
    start = (page - 1) * per_page
    size = max(0, min(per_page, total - start))
    envelope = Page([{"id": str(i)} for i in range(size)], total, page, per_page).envelope()
    assert (
        envelope["total_pages"] * per_page >= total > (envelope["total_pages"] - 1) * per_page
        or total == 0
    )
    assert envelope["first_page"] == (page == 1)
    assert envelope["last_page"] == (page >= envelope["total_pages"])
    assert envelope["empty"] == (size == 0) and envelope["size"] == size


def test_distance_in_metres() -> None:
    santiago, valparaiso = (-33.4489, -70.6693), (-33.0472, -71.6127)
    assert 95_000 < distance_m(*santiago, *valparaiso) < 105_000
    assert distance_m(*santiago, *santiago) == 0

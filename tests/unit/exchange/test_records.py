"""The plain records and the one builder: every column has its field, both ways."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest
from sqlalchemy import inspect as sa_inspect

from enlace.exchange.builder import MODEL_OF, child_records, record_of, to_model
from enlace.exchange.records import (
    AgencyRecord,
    AreaRecord,
    ContactRecord,
    DomainRecord,
    LocationRecord,
    OfferRecord,
    PhoneRecord,
    RuleRecord,
    ScheduleRecord,
)

#: Columns no reader fills: ``created_at`` is set by the database, an agreement's
#: ``version`` (its optimistic lock) by the ORM on every update.
NOT_READ = {"created_at", "version"}
#: Links to an owner: a field where the record names another record (an offer's agency,
#: an offer location's place), else set from the owning record by the relationship.
OWNER_LINKS = {"agency_id", "offer_id", "location_id", "contact_id", "agreement_id"}


@pytest.mark.parametrize("record_type", list(MODEL_OF), ids=lambda t: t.__name__)
def test_every_column_has_its_field(record_type: type) -> None:
    """Adding a column without its record field would make every reader drop it."""
    mapper = sa_inspect(MODEL_OF[record_type])
    columns = {c.key for c in mapper.columns}
    relationships = {r.key for r in mapper.relationships}
    names = {f.name for f in fields(record_type)}
    assert names - columns <= relationships
    assert columns - NOT_READ - OWNER_LINKS <= names


def _offer() -> OfferRecord:
    return OfferRecord(
        id="00000000-0000-0000-0000-000000000001",
        slug="curso",
        agency_id="00000000-0000-0000-0000-000000000002",
        name_es="Curso",
        kind="course",
        languages=["es", "arn"],
        domains=[DomainRecord("training"), DomainRecord("employment", "secondary")],
        areas=[AreaRecord(id="00000000-0000-0000-0000-000000000003", region_code="7")],
        rules=[RuleRecord(id="r", attribute="age", operator="between", value=[18, 29])],
        schedules=[ScheduleRecord(id="s", byday="MO", opens_at="09:00", valid_to=date(2027, 1, 1))],
        contacts=[ContactRecord(id="c", name="Ana", phones=[PhoneRecord(id="p", number="1")])],
    )


def test_a_record_survives_the_builder_both_ways() -> None:
    offer = _offer()
    row = to_model(offer)
    assert row.rules[0].value == [18, 29]
    assert row.contacts[0].phones[0].number == "1"
    assert record_of(row) == offer


def test_json_lists_are_not_shared_with_the_row() -> None:
    offer = _offer()
    row = to_model(offer)
    row.languages.append("en")
    assert offer.languages == ["es", "arn"]


def test_child_records_are_one_level_down() -> None:
    agency = AgencyRecord(
        id="a",
        slug="a",
        name_es="A",
        sector="ngo",
        level="national",
        locations=[LocationRecord(id="l", slug="a/l", agency_id="a")],
        phones=[PhoneRecord(id="p", number="1")],
    )
    assert [type(r).__name__ for r in child_records(agency)] == ["LocationRecord", "PhoneRecord"]

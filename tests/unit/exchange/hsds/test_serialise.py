"""The serialiser, one record at a time: what the read API will serve for an offer or a
page of offers is valid HSDS 3.0 and is exactly that offer's part of the file export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlmodel import Session, select

from enlace.catalogue.models import Offer
from enlace.exchange.hsds import HsdsValidator, export_dataset
from enlace.exchange.hsds.export import offers_dataset
from enlace.exchange.hsds.serialise import Dataset


@pytest.fixture
def backend() -> str:
    """Serialising is the same on every backend: check it once, on SQLite."""
    return "sqlite"


def _owned_by(dataset: Dataset, offer_ids: set[str]) -> Dataset:
    """The objects of the offers ``offer_ids`` in a whole export, per table, sorted."""
    owned: Dataset = {}
    for key, records in dataset.items():
        mine = [
            r
            for r in records
            if r.get("service_id") in offer_ids
            or (key == "services" and r["id"] in offer_ids)
            or (key == "attributes" and r.get("link_id") in offer_ids)
        ]
        if mine:
            owned[key] = mine
    return owned


def _sorted(dataset: Dataset) -> dict[str, list[dict[str, Any]]]:
    return {key: sorted(records, key=lambda r: str(r["id"])) for key, records in dataset.items()}


def test_one_offer_validates_against_the_vendored_schemas(
    shipped_session: Session, hsds_schema_dir: Path
) -> None:
    offer = shipped_session.exec(select(Offer).order_by(Offer.slug)).first()
    assert offer is not None
    dataset = offers_dataset(shipped_session, [offer])
    assert [s["id"] for s in dataset["services"]] == [offer.id]
    assert HsdsValidator(hsds_schema_dir).validate(dataset) == []


def test_a_page_of_offers_is_their_part_of_the_export(shipped_session: Session) -> None:
    page = list(shipped_session.exec(select(Offer).order_by(Offer.slug).limit(25)))
    ids = {o.id for o in page}
    whole = export_dataset(shipped_session)
    own_contacts = {
        c["id"] for c in whole["contacts"] if c.get("service_id") in ids
    }  # contact phones belong to the offer through their contact
    expected = _owned_by(whole, ids)
    expected["phones"] = [
        p
        for p in whole["phones"]
        if p.get("service_id") in ids or p.get("contact_id") in own_contacts
    ]
    expected = {key: records for key, records in expected.items() if records}
    assert _sorted(offers_dataset(shipped_session, page)) == _sorted(expected)


def test_a_page_costs_the_same_queries_whatever_its_size(shipped_session: Session) -> None:
    offers = list(shipped_session.exec(select(Offer).order_by(Offer.slug).limit(40)))
    counts = []
    for size in (1, 40):
        statements: list[str] = []
        engine = shipped_session.get_bind()

        def count(*_args: Any, log: list[str] = statements) -> None:
            log.append("query")

        event.listen(engine, "before_cursor_execute", count)
        try:
            offers_dataset(shipped_session, offers[:size])
        finally:
            event.remove(engine, "before_cursor_execute", count)
        counts.append(len(statements))
    assert counts[0] == counts[1]

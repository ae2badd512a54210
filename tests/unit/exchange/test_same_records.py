"""Both readers produce the same plain records: the shipped catalogue read from its
authoring files equals the same catalogue read back from its HSDS export."""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from enlace.exchange.authoring import build_catalogue
from enlace.exchange.hsds import export_dataset, read_dataset, write_json, write_tabular
from enlace.exchange.hsds.builder import Builder
from enlace.exchange.hsds.context import read_existing, read_vocabulary
from enlace.exchange.records import RecordSet
from enlace.paths import DIRECTORY_DATA_DIR


@pytest.fixture
def backend() -> str:
    """Reading is the same on every backend: compare once, on SQLite."""
    return "sqlite"


#: Collections stored without an order (pages sort them), and the key to compare them by.
UNORDERED = {"locations": "id", "parties": "agency_id", "offers": "offer_id"}


def _unstamped(record: Any) -> Any:
    """A record without ``last_modified`` (the database stamps it when the load writes, so
    the authoring files never have it and an export always does), and an agency's
    locations and an agreement's parties and offers in one order (they have none of their own)."""
    changes: dict[str, Any] = {}
    for spec in fields(record):
        value = getattr(record, spec.name)
        if spec.name == "last_modified":
            changes[spec.name] = None
        elif isinstance(value, list) and value and is_dataclass(value[0]):
            children = [_unstamped(child) for child in value]
            if spec.name in UNORDERED:
                children.sort(key=lambda child, name=UNORDERED[spec.name]: getattr(child, name))
            changes[spec.name] = children
    return replace(record, **changes)


def _from_hsds(session: Session, folder: Path) -> RecordSet:
    with read_dataset(folder) as raw:
        builder = Builder(
            raw, read_existing(session), read_vocabulary(session, DIRECTORY_DATA_DIR), "es"
        )
        records = builder.build()
    assert builder.problems == []
    return records


@pytest.mark.parametrize("form", ["json", "csv"])
def test_authoring_and_hsds_give_the_same_records(
    shipped_session: Session, tmp_path: Path, form: str
) -> None:
    authored = build_catalogue(shipped_session, DIRECTORY_DATA_DIR)
    writer = write_json if form == "json" else write_tabular
    writer(export_dataset(shipped_session), tmp_path)
    exchanged = _from_hsds(shipped_session, tmp_path)
    assert exchanged.locations == []  # every location came with its agency
    for kind in ("agencies", "offers", "agreements"):
        mine = {r.id: _unstamped(r) for r in getattr(authored, kind)}
        theirs = {r.id: _unstamped(r) for r in getattr(exchanged, kind)}
        assert mine.keys() == theirs.keys(), kind
        for record_id, record in mine.items():
            assert theirs[record_id] == record, f"{kind} {record.slug}"

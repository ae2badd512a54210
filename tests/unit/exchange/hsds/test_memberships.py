"""The profile's ``enlace_network_memberships`` table: exported, imported, checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session

from enlace.catalogue.errors import CatalogueDataError
from enlace.exchange.hsds import export_dataset, import_dataset, write_json
from tests.unit.exchange.hsds.catalogue import IDS

UNKNOWN = "0b6f1d2a-0000-4000-8000-000000009999"


def test_memberships_are_exported(catalogue_session: Session) -> None:
    [row] = export_dataset(catalogue_session)["enlace_network_memberships"]
    assert row["network_id"] == IDS["senda"] and row["member_id"] == IDS["centre"]
    assert (row["role"], row["since"], row["until"]) == ("member", "2024-01-01", "2027-12-31")


@pytest.mark.parametrize(
    ("field", "value"),
    [("member_id", UNKNOWN), ("network_id", UNKNOWN), ("role", "friend")],
)
def test_a_membership_must_name_known_organizations_and_a_known_role(
    catalogue_session: Session, tmp_path: Path, field: str, value: str
) -> None:
    dataset = export_dataset(catalogue_session)
    dataset["enlace_network_memberships"][0][field] = value
    write_json(dataset, tmp_path)
    with pytest.raises(CatalogueDataError) as caught:
        import_dataset(catalogue_session, tmp_path)
    assert [(p.file, p.field) for p in caught.value.problems] == [
        ("enlace_network_memberships.json", field)
    ]

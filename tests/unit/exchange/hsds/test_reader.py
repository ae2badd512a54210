"""Reading datasets: nested "full" objects, API pages, zips and single files."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from enlace.catalogue.errors import CatalogueDataError
from enlace.exchange.hsds import read_dataset

SERVICE = "ac148810-d857-441c-9679-408f346de14b"
ORGANIZATION = "d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610"
PHONE = "1554f2e2-a373-45db-a3fa-9fc48a61c15e"


def test_nested_objects_are_flattened_with_their_links(hsds_schema_dir: Path) -> None:
    dataset = read_dataset(hsds_schema_dir / "examples" / "service_full.json")
    assert dataset.form == "json"
    service = dataset.get("services", SERVICE)
    assert service is not None
    assert service.get("organization_id") == ORGANIZATION
    assert service.get("program_id") == "e7ec2e57-4540-43fa-b2c7-6be5a0ef7f42"
    phone = dataset.get("phones", PHONE)
    assert phone is not None
    # the same phone is nested under the service, a contact, a location and the organization
    assert {
        k for k in ("service_id", "contact_id", "location_id", "organization_id") if phone.get(k)
    } == {
        "service_id",
        "contact_id",
        "location_id",
        "organization_id",
    }
    [attribute] = dataset.records("attributes")
    assert (attribute.get("link_id"), attribute.get("link_entity")) == (SERVICE, "service")
    assert attribute.get("taxonomy_term_id") == "3f7b145d-84af-42d7-8fae-eaca714b02b2"
    assert (
        dataset.get("schedules", "48102e86-bb50-41c4-8f1e-e269368c41d1").get("opens_at")
        == "10:00:00"
    )  # type: ignore[union-attr]


def test_pages_and_single_objects_are_read(tmp_path: Path) -> None:
    organization = {"id": ORGANIZATION, "name": "Org", "description": ""}
    page = {"total_items": 1, "page_number": 1, "contents": [organization]}
    (tmp_path / "organization_list.json").write_text(json.dumps(page), encoding="utf-8")
    (tmp_path / "service.json").write_text(
        json.dumps(
            {"id": SERVICE, "name": "S", "status": "active", "organization_id": ORGANIZATION}
        ),
        encoding="utf-8",
    )
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    dataset = read_dataset(tmp_path)
    assert dataset.counts() == {"organizations": 1, "services": 1}
    assert dataset.warnings == ["ignored files that are not HSDS tables: notes.json"]


def test_a_nested_link_that_contradicts_its_parent_is_refused(tmp_path: Path) -> None:
    service = {
        "id": SERVICE,
        "name": "S",
        "status": "active",
        "phones": [{"id": PHONE, "number": "1", "service_id": ORGANIZATION}],
    }
    (tmp_path / "services.json").write_text(json.dumps([service]), encoding="utf-8")
    with pytest.raises(CatalogueDataError) as caught:
        read_dataset(tmp_path)
    assert [(p.file, p.row, p.field) for p in caught.value.problems] == [
        ("services.json", "[0].phones[0]", "service_id")
    ]


def _zip(target: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return target


def test_a_zip_may_hold_its_files_in_one_folder(tmp_path: Path) -> None:
    header = "id,name,alternate_name,description\n"
    archive = _zip(
        tmp_path / "d.zip",
        {"export/organizations.csv": header + f"{ORGANIZATION},Org,,\n", "README": "x"},
    )
    dataset = read_dataset(archive)
    assert dataset.form == "csv"
    assert [r.id for r in dataset.records("organizations")] == [ORGANIZATION]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("two.zip", None, "holds several datasets"),
        ("bad.zip", b"not a zip", "not a readable zip file"),
        ("data.txt", b"hello", "not a folder, a .zip or a .json file"),
    ],
)
def test_unreadable_sources_are_refused(
    tmp_path: Path, name: str, content: bytes | None, message: str
) -> None:
    path = tmp_path / name
    if content is None:
        _zip(path, {"a/services.json": "[]", "b/services.json": "[]"})
    else:
        path.write_bytes(content)
    with pytest.raises(CatalogueDataError, match=message):
        read_dataset(path)


def test_an_empty_folder_has_nothing_to_import(tmp_path: Path) -> None:
    with pytest.raises(CatalogueDataError, match="no HSDS files found"):
        read_dataset(tmp_path)

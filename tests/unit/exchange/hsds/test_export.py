"""The export: valid HSDS 3.0 everywhere, Spanish in the standard fields, the rest in the
Enlace profile, and need domains also as standard attributes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from enlace.catalogue.reference import stable_id
from enlace.exchange.hsds import HsdsValidator, export_dataset, write_tabular
from enlace.exchange.hsds.schema import SCHEMA_DIR_ENV, SchemaUnavailableError, schema_dir
from tests.unit.exchange.hsds.catalogue import IDS


def _by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {record["id"]: record for record in records}


def test_code_built_export_validates(catalogue_session: Session, hsds_schema_dir: Path) -> None:
    dataset = export_dataset(catalogue_session)
    assert HsdsValidator(hsds_schema_dir).validate(dataset) == []
    assert {key for key, records in dataset.items() if records} >= {
        "organizations", "services", "locations", "service_at_locations", "addresses", "phones",
        "schedules", "contacts", "service_areas", "languages", "required_documents",
        "cost_options", "attributes", "taxonomies", "taxonomy_terms", "accessibility",
        "organization_identifiers", "enlace_agreements",
    }  # fmt: skip


def test_shipped_export_validates(shipped_session: Session, hsds_schema_dir: Path) -> None:
    dataset = export_dataset(shipped_session)
    assert dataset["services"], "the shipped catalogue has offers"
    assert HsdsValidator(hsds_schema_dir).validate(dataset) == []


@pytest.mark.parametrize(
    ("table", "change", "field"),
    [
        ("services", {"name": None}, "(record)"),
        ("services", {"id": "not-a-uuid"}, "id"),
        ("services", {"last_modified": "2025-03-04 12:30"}, "last_modified"),
        ("services", {"email": "no-at-sign"}, "email"),
        ("services", {"url": "www.example.cl"}, "url"),
        ("services", {"status": "open"}, "status"),
        ("services", {"enlace_capacity": "20"}, "enlace_capacity"),
        ("locations", {"location_type": "mobile"}, "location_type"),
        ("enlace_agreements", {"parties": None}, "(record)"),
    ],
)
def test_the_validator_catches_broken_records(
    catalogue_session: Session,
    hsds_schema_dir: Path,
    table: str,
    change: dict[str, Any],
    field: str,
) -> None:
    dataset = export_dataset(catalogue_session)
    record = {**dataset[table][0], **change}
    record = {key: value for key, value in record.items() if value is not None}
    problems = HsdsValidator(hsds_schema_dir).validate({table: [record]})
    assert [p.field for p in problems] == [field]
    assert problems[0].file == f"{table}.json"


def test_schema_dir_is_configurable(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(SCHEMA_DIR_ENV, str(tmp_path))
    assert schema_dir() == tmp_path
    with pytest.raises(SchemaUnavailableError, match=SCHEMA_DIR_ENV):
        HsdsValidator()


def test_organizations_carry_rut_profile_and_translations(catalogue_session: Session) -> None:
    dataset = export_dataset(catalogue_session)
    senda = _by_id(dataset["organizations"])[IDS["senda"]]
    assert senda["name"].startswith("Servicio Nacional")
    assert senda["enlace_translations"] == {"en": {"name": "National Drug and Alcohol Service"}}
    assert senda["tax_id"] == "61.980.170-9"
    assert senda["enlace_sector"] == "public"
    assert senda["enlace_last_modified"] == "2025-03-04T12:30:05Z"
    assert senda["enlace_assured_date"] == "2025-01-02"
    assert [i["identifier"] for i in dataset["organization_identifiers"]] == ["61.980.170-9"]
    assert dataset["organization_identifiers"][0]["identifier_scheme"] == "CL-RUT"
    centre = _by_id(dataset["organizations"])[IDS["centre"]]
    assert centre["parent_organization_id"] == IDS["senda"]
    assert centre["enlace_commune_code"] == "7101"
    omil = _by_id(dataset["organizations"])[IDS["omil"]]
    assert omil["description"] == ""
    assert "enlace_translations" not in omil


def test_services_carry_domains_twice_and_rules_in_the_profile(catalogue_session: Session) -> None:
    dataset = export_dataset(catalogue_session)
    welding = _by_id(dataset["services"])[IDS["welding"]]
    assert welding["enlace_domains"] == [
        {"domain": "employment", "role": "secondary"},
        {"domain": "training", "role": "primary"},
    ]
    assert welding["enlace_categories"] == ["training.trades"]
    assert welding["enlace_eligibility_rules"][0]["note"] == {"es": "Entre 18 y 64 años"}
    assert welding["enlace_translations"]["en"]["alert"] == "Places are limited."
    assert "alert" not in welding
    links = {
        (a["taxonomy_term_id"], a["link_type"], a.get("value"))
        for a in dataset["attributes"]
        if a["link_id"] == IDS["welding"]
    }
    assert links == {
        (stable_id("taxonomy_term", "training"), "need_domain", "primary"),
        (stable_id("taxonomy_term", "employment"), "need_domain", "secondary"),
        (stable_id("taxonomy_term", "training.trades"), "category", None),
    }
    terms = _by_id(dataset["taxonomy_terms"])
    assert all(term_id in terms for term_id, _, _ in links)
    languages = [
        (x["code"], x["enlace_position"])
        for x in dataset["languages"]
        if x["service_id"] == IDS["welding"]
    ]
    assert sorted(languages) == [("arn", 1), ("es", 0)]
    areas = [a for a in dataset["service_areas"] if a["service_id"] == IDS["welding"]]
    assert sorted(a["name"] for a in areas) == ["Constitución", "Talca"]
    placement = _by_id(dataset["services"])[IDS["placement"]]
    assert placement["status"] == "temporarily closed"
    assert [c["amount"] for c in dataset["cost_options"]] == [1500.0]
    region = next(a for a in dataset["service_areas"] if a["service_id"] == IDS["placement"])
    assert region["name"] == "Región del Maule"


def test_locations_addresses_phones_and_hours(catalogue_session: Session) -> None:
    dataset = export_dataset(catalogue_session)
    address = next(a for a in dataset["addresses"] if a["location_id"] == IDS["omil-office"])
    assert (address["city"], address["state_province"], address["country"]) == (
        "Talca",
        "Maule",
        "CL",
    )
    online = _by_id(dataset["locations"])[IDS["online"]]
    assert online["location_type"] == "virtual"
    assert not [a for a in dataset["addresses"] if a["location_id"] == IDS["online"]]
    phones = {p["number"]: p for p in dataset["phones"]}
    assert phones["+56 71 220 0001"]["extension"] == 45
    assert phones["+56 71 220 0000"]["enlace_extension"] == "0123"
    assert "extension" not in phones["+56 71 220 0000"]
    assert phones["+56 9 1234 5678"]["contact_id"]
    hours = [s for s in dataset["schedules"] if s.get("location_id") == IDS["omil-office"]]
    assert sorted((s["byday"], s["opens_at"]) for s in hours) == [
        ("MO,TU,WE,TH,FR", "08:30:00"),
        ("SA", "09:00:00"),
    ]


def test_agreements_travel_in_the_profile_table(catalogue_session: Session) -> None:
    [agreement] = export_dataset(catalogue_session)["enlace_agreements"]
    assert agreement["parties"] == sorted(
        [
            {"organization_id": IDS["centre"], "role": "referrer"},
            {
                "organization_id": IDS["omil"],
                "role": "provider",
                "contact_name": "Rosa Díaz",
                "contact_title": "Encargada de intermediación laboral",
                "contact_phone": "+56 71 220 0000",
                "contact_email": "omil@talca.example.cl",
            },
        ],
        key=lambda p: p["organization_id"],
    )
    assert agreement["quota_used"] == 4 and "renews_id" not in agreement  # None: left out
    assert agreement["domains"] == ["employment"]
    assert agreement["service_ids"] == [IDS["placement"]]
    assert agreement["translations"] == {"en": {"title": "Priority access agreement"}}


def test_lists_are_sorted_by_id(catalogue_session: Session) -> None:
    for records in export_dataset(catalogue_session).values():
        ids = [record["id"] for record in records]
        assert ids == sorted(ids)


def test_the_data_package_describes_every_csv(catalogue_session: Session, tmp_path: Path) -> None:
    write_tabular(export_dataset(catalogue_session), tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert package["profile"] == "tabular-data-package"
    for resource in package["resources"]:
        text = (tmp_path / resource["path"]).read_text(encoding="utf-8")
        header = next(csv.reader(io.StringIO(text)))
        assert header == [f["name"] for f in resource["schema"]["fields"]], resource["path"]
    services = next(r for r in package["resources"] if r["name"] == "service")
    domains = next(f for f in services["schema"]["fields"] if f["name"] == "enlace_domains")
    assert domains["type"] == "array"
    rows = list(
        csv.DictReader(io.StringIO((tmp_path / "services.csv").read_text(encoding="utf-8")))
    )
    welding = next(row for row in rows if row["id"] == IDS["welding"])
    assert json.loads(welding["enlace_populations"]) == ["people-in-treatment", "women"]
    assert welding["enlace_is_free"] == "true"
    assert (tmp_path / "service_at_location.csv").is_file()
    assert (tmp_path / "enlace_agreements.csv").is_file()

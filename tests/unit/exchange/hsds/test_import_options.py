"""Import options: dry runs, probable duplicates (report, merge, skip), slugs and limits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from enlace.catalogue.errors import CatalogueDataError
from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.places import Location
from enlace.catalogue.revision import current_revision
from enlace.exchange.hsds import export_dataset, import_dataset, write_json
from enlace.network.models import Agreement
from tests.unit.exchange.hsds.catalogue import IDS, fingerprint
from tests.unit.exchange.hsds.foreign import write

NEW_ORG = "7e570000-0000-4000-8000-000000000001"
NEW_LOC = "7e570000-0000-4000-8000-000000000002"
SAME_COURSE = "7e570000-0000-4000-8000-000000000003"
ADVANCED = "7e570000-0000-4000-8000-000000000004"


def _incoming() -> dict[str, list[dict[str, Any]]]:
    """Another directory's record of the OMIL of Talca and its welding courses."""
    return {
        "organizations": [
            {"id": NEW_ORG, "name": "OMIL Municipalidad de Talca", "description": "Oficina."}
        ],
        "locations": [{"id": NEW_LOC, "location_type": "physical", "organization_id": NEW_ORG}],
        "addresses": [
            {
                "id": "7e570000-0000-4000-8000-000000000010",
                "location_id": NEW_LOC,
                "address_1": "1 Norte 800",
                "city": "Talca",
                "state_province": "Maule",
                "postal_code": "",
                "country": "CL",
                "address_type": "physical",
            }
        ],
        "services": [
            {
                "id": SAME_COURSE,
                "organization_id": NEW_ORG,
                "name": "Curso de Soldadura Basica",
                "status": "active",
            },
            {
                "id": ADVANCED,
                "organization_id": NEW_ORG,
                "name": "Curso de soldadura avanzada",
                "status": "active",
            },
        ],
        "service_at_locations": [
            {
                "id": "7e570000-0000-4000-8000-000000000020",
                "service_id": SAME_COURSE,
                "location_id": NEW_LOC,
            },
            {
                "id": "7e570000-0000-4000-8000-000000000021",
                "service_id": ADVANCED,
                "location_id": NEW_LOC,
            },
        ],
    }


def _count(session: Session, model: type[Any]) -> int:
    return len(session.exec(select(model)).all())


def test_report_imports_both_and_lists_the_pairs(
    catalogue_session: Session, tmp_path: Path
) -> None:
    report = import_dataset(catalogue_session, write(_incoming(), tmp_path, "json"))
    catalogue_session.commit()
    found = {(d.kind, d.incoming_id, d.existing_id, d.action) for d in report.duplicates}
    assert found == {
        ("agency", NEW_ORG, IDS["omil"], "reported"),
        ("offer", SAME_COURSE, IDS["welding"], "reported"),
    }
    assert catalogue_session.get(Agency, NEW_ORG) is not None
    assert catalogue_session.get(Offer, SAME_COURSE) is not None
    assert all(d.score >= 88 for d in report.duplicates)


def test_merge_maps_incoming_records_onto_the_existing_ones(
    catalogue_session: Session, tmp_path: Path
) -> None:
    agencies, offers = _count(catalogue_session, Agency), _count(catalogue_session, Offer)
    report = import_dataset(
        catalogue_session, write(_incoming(), tmp_path, "json"), duplicates="merge"
    )
    catalogue_session.commit()
    assert {d.action for d in report.duplicates} == {"merged"}
    assert (_count(catalogue_session, Agency), _count(catalogue_session, Offer)) == (
        agencies,
        offers + 1,
    )
    omil = catalogue_session.get(Agency, IDS["omil"])
    assert omil is not None
    assert (omil.name_es, omil.slug) == ("OMIL Municipalidad de Talca", "omil-talca")
    assert {loc.id for loc in omil.locations} == {IDS["omil-office"], IDS["online"], NEW_LOC}
    welding = catalogue_session.get(Offer, IDS["welding"])
    assert welding is not None
    assert (welding.name_es, welding.slug) == (
        "Curso de Soldadura Basica",
        "curso-soldadura-basica",
    )
    assert [link.location_id for link in welding.offer_locations] == [NEW_LOC]
    advanced = catalogue_session.get(Offer, ADVANCED)
    assert advanced is not None and advanced.agency_id == IDS["omil"]


def test_skip_keeps_the_existing_records_and_attaches_the_rest(
    catalogue_session: Session, tmp_path: Path
) -> None:
    before = export_dataset(catalogue_session)
    report = import_dataset(
        catalogue_session, write(_incoming(), tmp_path, "json"), duplicates="skip"
    )
    catalogue_session.commit()
    assert {d.action for d in report.duplicates} == {"skipped"}
    assert catalogue_session.get(Agency, NEW_ORG) is None
    assert catalogue_session.get(Offer, SAME_COURSE) is None
    after = export_dataset(catalogue_session)
    assert [o for o in after["services"] if o["id"] == IDS["welding"]] == [
        o for o in before["services"] if o["id"] == IDS["welding"]
    ]
    advanced = catalogue_session.get(Offer, ADVANCED)
    location = catalogue_session.get(Location, NEW_LOC)
    assert advanced is not None and location is not None
    assert advanced.agency_id == location.agency_id == IDS["omil"]


def test_a_dry_run_counts_and_writes_nothing(catalogue_session: Session, tmp_path: Path) -> None:
    before = fingerprint(catalogue_session)
    report = import_dataset(catalogue_session, write(_incoming(), tmp_path, "csv"), dry_run=True)
    assert report.dry_run
    assert report.stats.created == {"agency": 1, "offer": 2, "location": 1, "offer_location": 2}
    assert report.read["services"] == 2
    catalogue_session.commit()
    assert fingerprint(catalogue_session) == before
    real = import_dataset(catalogue_session, tmp_path)
    assert real.stats.created == report.stats.created


def test_a_progress_bar_changes_nothing_in_the_result(
    catalogue_session: Session, tmp_path: Path
) -> None:
    report = import_dataset(catalogue_session, write(_incoming(), tmp_path, "json"), progress=True)
    assert report.stats.created == {"agency": 1, "offer": 2, "location": 1, "offer_location": 2}


def test_a_taken_slug_gets_a_number_and_a_warning(
    catalogue_session: Session, tmp_path: Path
) -> None:
    dataset = _incoming()
    dataset["organizations"][0].update(name="Otra institución", enlace_slug="senda")
    dataset["services"] = []
    dataset["service_at_locations"] = []
    report = import_dataset(catalogue_session, write(dataset, tmp_path, "json"))
    agency = catalogue_session.get(Agency, NEW_ORG)
    assert agency is not None and agency.slug == "senda-2"
    assert any("slug 'senda' is taken; renamed to 'senda-2'" in w for w in report.warnings)


def test_text_longer_than_its_column_is_refused_on_every_backend(
    catalogue_session: Session, tmp_path: Path
) -> None:
    dataset = _incoming()
    dataset["services"][1]["name"] = "Curso " * 60
    before = current_revision(catalogue_session)
    with pytest.raises(CatalogueDataError) as caught:
        import_dataset(catalogue_session, write(dataset, tmp_path, "json"))
    assert [(p.file, p.row, p.field) for p in caught.value.problems] == [
        ("services.json", "[1]", "name_es")
    ]
    assert "longer than 300 characters" in caught.value.problems[0].message
    assert current_revision(catalogue_session) == before


def test_agreements_must_name_known_parties_and_services(
    catalogue_session: Session, tmp_path: Path
) -> None:
    dataset = export_dataset(catalogue_session)
    dataset["enlace_agreements"][0]["parties"].append(
        {"organization_id": NEW_ORG, "role": "funder"}
    )
    dataset["enlace_agreements"][0]["service_ids"] = [ADVANCED]
    dataset["enlace_agreements"][0]["kind"] = "friendship"
    write_json(dataset, tmp_path)
    with pytest.raises(CatalogueDataError) as caught:
        import_dataset(catalogue_session, tmp_path)
    fields = sorted(p.field or "" for p in caught.value.problems)
    assert fields == ["kind", "parties", "service_ids"]
    assert {p.file for p in caught.value.problems} == {"enlace_agreements.json"}


def test_agreement_quota_renewal_and_contact_problems_are_reported(
    catalogue_session: Session, tmp_path: Path
) -> None:
    dataset = export_dataset(catalogue_session)
    agreement = dataset["enlace_agreements"][0]
    agreement["quota_used"] = 11  # the quota is 10
    agreement["renews_id"] = ADVANCED  # no such agreement
    write_json(dataset, tmp_path / "refs")
    with pytest.raises(CatalogueDataError) as caught:
        import_dataset(catalogue_session, tmp_path / "refs")
    fields = sorted(p.field or "" for p in caught.value.problems)
    assert fields == ["quota_used", "renews_id"]
    dataset = export_dataset(catalogue_session)
    dataset["enlace_agreements"][0]["parties"][0]["contact_name"] = "x" * 121
    write_json(dataset, tmp_path / "long")
    with pytest.raises(CatalogueDataError) as caught:
        import_dataset(catalogue_session, tmp_path / "long")
    assert [p.field for p in caught.value.problems] == ["contact_name"]


def test_older_exports_statuses_are_read_as_now(catalogue_session: Session, tmp_path: Path) -> None:
    """ "expired" is derived from the dates now; "terminated" is "ended"."""
    dataset = export_dataset(catalogue_session)
    for old, new in (("expired", "active"), ("terminated", "ended")):
        dataset["enlace_agreements"][0]["status"] = old
        folder = tmp_path / old
        write_json(dataset, folder)
        import_dataset(catalogue_session, folder)
        catalogue_session.commit()
        stored = catalogue_session.get(Agreement, IDS["agreement"])
        assert stored is not None and stored.status == new

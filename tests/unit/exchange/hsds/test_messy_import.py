"""Real-world exports: a generated messy city export (3.0 and 2.0), older packages by hand,
``skip_invalid`` with its report, dry runs and idempotent re-imports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from bench.hsds_messy import write_export
from sqlmodel import Session, select

from enlace.catalogue.errors import CatalogueDataError
from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.places import Location, Schedule
from enlace.catalogue.revision import current_revision
from enlace.exchange.hsds import import_dataset
from enlace.exchange.hsds.reader import read_dataset
from enlace.exchange.hsds.records import derived_id
from enlace.exchange.hsds.repairs import GENERATED_ID, TWELVE_HOUR, URL_SCHEME
from enlace.exchange.hsds.skipping import write_report
from enlace.exchange.hsds.tabular import in_memory
from enlace.exchange.hsds.upgrade import detect_version
from tests.unit.exchange.hsds.catalogue import fingerprint

SERVICES = 300  # dangling organisations at 97, 194, 291; an ambiguous time at 151


def _old(table: str, old_id: int | str) -> str:
    return derived_id("hsds-upgrade", table, str(old_id))


def _count(session: Session, model: type) -> int:
    return len(session.exec(select(model)).all())


@pytest.mark.parametrize("version", ["3.0", "2.0"])
def test_a_messy_city_export_is_refused_whole_without_skip_invalid(
    db_session: Session, tmp_path: Path, version: str
) -> None:
    write_export(tmp_path, SERVICES, version=version)
    before = fingerprint(db_session)
    with pytest.raises(CatalogueDataError) as caught:
        import_dataset(db_session, tmp_path)
    db_session.commit()
    assert fingerprint(db_session) == before
    messages = [str(p) for p in caught.value.problems]
    assert any("'9' is not a time" in m for m in messages)  # ambiguous: still an error
    assert not any("am'" in m or "pm'" in m for m in messages)  # 12-hour times repaired


@pytest.mark.parametrize("version", ["3.0", "2.0"])
def test_a_messy_city_export_imports_with_skip_invalid_and_again_changes_nothing(
    db_session: Session, tmp_path: Path, version: str
) -> None:
    facts = write_export(tmp_path, SERVICES, version=version)
    report = import_dataset(db_session, tmp_path, skip_invalid=True)
    db_session.commit()
    assert report.version == version
    assert _count(db_session, Offer) == SERVICES - facts.dangling
    assert _count(db_session, Agency) == facts.organizations
    assert report.stats.created["offer"] == SERVICES - facts.dangling
    assert report.stats.created["schedule"] == 2 * (SERVICES - facts.dangling) - facts.ambiguous
    assert report.stats.created["phone"] == SERVICES - facts.dangling
    assert report.stats.created["location"] == facts.organizations
    for kind in (TWELVE_HOUR, URL_SCHEME):
        assert report.repairs[kind] == facts.repairs[kind]
    assert report.repairs[GENERATED_ID] > 0
    skipped_services = {s.record_id for s in report.skipped if s.table == "services"}
    assert len(skipped_services) == facts.dangling
    assert any(s.table == "schedules" and "'9'" in s.problem for s in report.skipped)
    assert any(s.problem.startswith("depends on service ") for s in report.skipped)
    # every phone has a number: empty and repeated ids became ids of their own
    numbers = {p.number for p in db_session.exec(select(Offer)).first().phones}  # type: ignore[union-attr]
    assert numbers

    revision = current_revision(db_session)
    again = import_dataset(db_session, tmp_path, skip_invalid=True)
    db_session.commit()
    assert (again.stats.created, again.stats.updated, again.stats.deleted) == ({}, {}, {})
    assert current_revision(db_session) == revision


def test_a_dry_run_with_skip_invalid_reports_the_same_and_writes_nothing(
    db_session: Session, tmp_path: Path
) -> None:
    write_export(tmp_path, 120, version="2.0")
    before = fingerprint(db_session)
    dry = import_dataset(db_session, tmp_path, skip_invalid=True, dry_run=True)
    db_session.commit()
    assert fingerprint(db_session) == before
    real = import_dataset(db_session, tmp_path, skip_invalid=True)
    db_session.commit()
    assert dry.stats.created == real.stats.created
    assert dry.skipped == real.skipped


def test_an_invalid_organisation_skips_its_services_and_their_children(
    db_session: Session, tmp_path: Path
) -> None:
    write_export(tmp_path, 40, messy=False)
    path = tmp_path / "organizations.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    first = rows[0]["id"]
    rows[0]["name"] = ""  # required
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    report = import_dataset(db_session, tmp_path, skip_invalid=True)
    db_session.commit()
    assert db_session.get(Agency, first) is None
    assert not db_session.exec(select(Offer).where(Offer.agency_id == first)).all()
    assert _count(db_session, Offer) == 40 - 4  # services 1, 11, 21, 31 belong to it
    tables = {s.table for s in report.skipped}
    assert {"organizations", "services", "schedules", "phones", "locations"} <= tables
    assert report.skipped[0].field == "name"

    for suffix in ("csv", "json"):
        target = tmp_path / "out" / f"skipped.{suffix}"
        write_report(report.skipped, target)
        text = target.read_text(encoding="utf-8")
        lines = json.loads(text) if suffix == "json" else list(csv.DictReader(io.StringIO(text)))
        assert len(lines) == len(report.skipped)
        assert {"file", "table", "record_id", "row", "field", "problem"} == set(lines[0])
        assert lines[0]["record_id"] == first


def _write(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


HSDS_1 = {
    "organizations.csv": (
        "id,name,description,url\n1,Municipalidad de Talca,Municipio.,www.talca.cl\n"
    ),
    "services.csv": (
        "id,organization_id,name,description,status\n"
        "10,1,Curso de soldadura,Curso gratuito de soldadura.,active\n"
    ),
    "locations.csv": "id,organization_id,name\n5,1,OMIL\n",
    "physical_addresses.csv": (
        "id,location_id,address_1,city,state_province,postal_code,country\n"
        "7,5,1 Poniente 1150,Talca,Maule,,CL\n"
    ),
    "services_at_location.csv": "id,service_id,location_id\n3,10,5\n",
    "regular_schedules.csv": (
        "id,service_id,weekday,opens_at,closes_at\n1,10,1,9am,5:00pm\n,10,Wednesday,9.30,13:00\n"
    ),
    "holiday_schedules.csv": (
        "id,service_id,closed,start_date,end_date\n1,10,true,2025-09-18,2025-09-19\n"
    ),
    "languages.csv": "id,service_id,language\n1,10,Spanish\n1,10,English\n",
    "phones.csv": "id,service_id,number\n,10,+56 71 2203000\n",
}


def test_a_hsds_1_package_is_upgraded_with_derived_ids(db_session: Session, tmp_path: Path) -> None:
    path = _write(tmp_path, HSDS_1)
    report = import_dataset(db_session, path)
    db_session.commit()
    assert report.version == "1.x"
    assert any("holiday_schedules.csv" in w for w in report.warnings)
    offer = db_session.get(Offer, _old("services", 10))
    agency = db_session.get(Agency, _old("organizations", 1))
    location = db_session.get(Location, _old("locations", 5))
    assert offer is not None and agency is not None and location is not None
    assert agency.website == "https://www.talca.cl"
    assert (location.commune_code, location.address_1) == ("7101", "1 Poniente 1150")
    hours = sorted((s.byday, s.opens_at, s.closes_at) for s in offer.schedules)
    assert [h[0] for h in hours] == ["MO", "WE"]
    assert [str(h[1])[:5] for h in hours] == ["09:00", "09:30"]
    assert str(hours[0][2])[:5] == "17:00"
    assert sorted(offer.languages) == ["en", "es"]  # a repeated language id: both kept
    assert [p.number for p in offer.phones] == ["+56 71 2203000"]
    assert offer.is_free is None  # nothing said about cost: not "free"
    assert offer.scope == "local"  # no area: not "all of Chile"

    revision = current_revision(db_session)
    again = import_dataset(db_session, path)
    db_session.commit()
    assert (again.stats.created, again.stats.updated) == ({}, {})
    assert current_revision(db_session) == revision


HSDS_2 = {
    "datapackage.json": json.dumps({"profile": "tabular-data-package", "version": "2.0.1"}),
    "organizations.csv": "id,name,description,url\n1,Fundación Las Rosas,Hogares.,https://flr.cl\n",
    "services.csv": (
        "id,organization_id,name,description,status,fees\n"
        "20,1,Hogar de día,Acogida diurna.,active,Gratuito\n"
    ),
    "schedules.csv": "id,service_id,freq,byday,opens_at,closes_at\n1,20,WEEKLY,TU,8:30am,17.30\n",
    "service_areas.csv": "id,service_id,service_area\n1,20,Región del Maule\n",
    "taxonomy_terms.csv": "id,term,description,taxonomy\n1,Housing,,Open Eligibility\n",
    "service_attributes.csv": "id,service_id,taxonomy_term_id\n1,20,1\n",
}


def test_a_hsds_2_package_is_upgraded(db_session: Session, tmp_path: Path) -> None:
    path = _write(tmp_path, HSDS_2)
    report = import_dataset(db_session, path)
    db_session.commit()
    assert report.version == "2.0.1"
    offer = db_session.get(Offer, _old("services", 20))
    assert offer is not None
    assert offer.fees_es == "Gratuito"
    assert [(a.region_code, a.commune_code) for a in offer.areas] == [("7", None)]
    assert offer.scope == "regional"
    assert [d.domain for d in offer.domains] == ["housing"]
    schedule = db_session.exec(select(Schedule).where(Schedule.offer_id == offer.id)).one()
    assert (str(schedule.opens_at)[:5], str(schedule.closes_at)[:5]) == ("08:30", "17:30")


@pytest.mark.parametrize(
    ("files", "version"),
    [
        ({"datapackage.json": '{"version": "1.1"}', "services.csv": "id\n"}, "1.1"),
        ({"datapackage.json": '{"version": "3.0"}', "services.csv": "id\n1\n"}, "3.0"),
        ({"regular_schedules.csv": "id\n"}, "1.x"),
        ({"physical_addresses.csv": "id\n"}, "2.x"),
        ({"organizations.csv": "id,name,url\n"}, "2.x"),
        ({"services.csv": "id,name\n1,a\n2,b\n"}, "2.x"),
        ({"services.csv": "id,name\n0b6f1d2a-0000-4000-8000-000000000101,a\n"}, "3.0"),
        ({"services.json": "[]"}, "3.0"),
    ],
)
def test_the_version_is_detected(files: dict[str, str], version: str) -> None:
    assert detect_version(in_memory({k: v.encode() for k, v in files.items()})) == version


def test_derived_ids_are_the_same_on_every_read(tmp_path: Path) -> None:
    path = _write(tmp_path, HSDS_1)
    with read_dataset(path) as first, read_dataset(path) as second:
        assert first.ids() == second.ids()
        assert first.ids()["services"]
        assert first.repairs == second.repairs
        assert (
            first.repairs[GENERATED_ID] == 3
        )  # an empty schedule id, a repeated language, a phone


def test_a_hsds_1_0_service_location_becomes_a_link(db_session: Session, tmp_path: Path) -> None:
    files = {k: v for k, v in HSDS_1.items() if k != "services_at_location.csv"}
    files["services.csv"] = (
        "id,organization_id,location_id,name,description,status\n"
        "10,1,5,Curso de soldadura,Curso gratuito de soldadura.,active\n"
    )
    import_dataset(db_session, _write(tmp_path, files))
    db_session.commit()
    offer = db_session.get(Offer, _old("services", 10))
    assert offer is not None
    assert [link.location_id for link in offer.offer_locations] == [_old("locations", 5)]

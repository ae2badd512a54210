"""Export, import into an empty database, export again: the files must be byte-identical.

Run on the code-built catalogue (every field on purpose) and on the shipped demo
catalogue, in both forms, on every configured backend.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session

from enlace.catalogue.reference import load_reference
from enlace.catalogue.revision import current_revision
from enlace.db import open_session
from enlace.exchange.hsds import export_dataset, import_dataset, write_json, zip_files
from enlace.network.models import Agreement, AgreementDomain, AgreementParty
from enlace.paths import DIRECTORY_DATA_DIR
from tests.factories import make_agency, make_location, make_offer
from tests.unit.exchange.hsds.catalogue import IDS, export_files, fingerprint

Wipe = Callable[[], Engine]


def _round_trip(session: Session, wipe: Wipe, tmp_path: Path, form: str) -> None:
    first = export_files(session, tmp_path / "first")
    assert first["json/services.json"] != b"[]\n"
    session.close()
    engine = wipe()
    with open_session(engine) as fresh:
        report = import_dataset(fresh, tmp_path / "first" / form)
        fresh.commit()
        assert report.stats.created["agency"] >= 1
        assert report.warnings == []
        assert report.duplicates == []
    with open_session(engine) as again:
        second = export_files(again, tmp_path / "second")
    assert sorted(second) == sorted(first)
    changed = [name for name in first if first[name] != second[name]]
    assert changed == []


@pytest.mark.parametrize("form", ["json", "csv"])
def test_code_built_catalogue_survives_a_round_trip(
    catalogue_session: Session, empty_database: Wipe, tmp_path: Path, form: str
) -> None:
    _round_trip(catalogue_session, empty_database, tmp_path, form)


@pytest.mark.parametrize("form", ["json", "csv"])
def test_a_renewed_agreement_survives_a_round_trip(
    catalogue_session: Session, empty_database: Wipe, tmp_path: Path, form: str
) -> None:
    """The renewal link, quota used and contact persons travel in the profile table."""
    previous = catalogue_session.get(Agreement, IDS["agreement"])
    assert previous is not None
    renewal = Agreement(
        slug="ctr-talca-omil-2027",
        title_es=previous.title_es,
        kind=previous.kind,
        quota=12,
        quota_period="semester",
        quota_used=0,
        region_code="7",
        valid_from=date(2027, 1, 1),
        valid_to=date(2028, 12, 31),
        renews_id=previous.id,
    )
    renewal.parties = [
        AgreementParty(agency_id=p.agency_id, role=p.role, contact_name=p.contact_name)
        for p in previous.parties
    ]
    renewal.domains = [AgreementDomain(domain="employment")]
    catalogue_session.add(renewal)
    catalogue_session.commit()
    _round_trip(catalogue_session, empty_database, tmp_path, form)


@pytest.mark.parametrize("form", ["json", "csv"])
def test_factory_built_catalogue_survives_a_round_trip(
    db_session: Session, empty_database: Wipe, tmp_path: Path, form: str
) -> None:
    load_reference(db_session, DIRECTORY_DATA_DIR)
    agency = make_agency(db_session, tax_id="76.543.210-K", commune_code="7101", region_code="7")
    make_location(db_session, agency, latitude=-35.43, longitude=-71.66)
    make_offer(
        db_session,
        agency,
        domains={"training": "primary", "employment": "secondary"},
        regions=["7", "13"],
        populations=["youth"],
        capacity=12,
        is_free=False,
        cost_amount=2500.0,
        cost_currency="CLP",
    )
    make_offer(db_session, domains={"housing": "primary"}, languages=["es", "ht"])
    db_session.commit()
    _round_trip(db_session, empty_database, tmp_path, form)


@pytest.mark.parametrize("form", ["json", "csv"])
def test_shipped_catalogue_survives_a_round_trip(
    shipped_session: Session, empty_database: Wipe, tmp_path: Path, form: str
) -> None:
    _round_trip(shipped_session, empty_database, tmp_path, form)


def test_a_zipped_export_imports_like_the_folder(
    catalogue_session: Session, empty_database: Wipe, tmp_path: Path
) -> None:
    dataset = export_dataset(catalogue_session)
    archive = zip_files(write_json(dataset, tmp_path / "json"), tmp_path / "export.zip")
    catalogue_session.close()
    engine = empty_database()
    with open_session(engine) as fresh:
        import_dataset(fresh, archive)
        fresh.commit()
        assert export_dataset(fresh) == dataset


@pytest.mark.parametrize("form", ["json", "csv"])
def test_importing_its_own_export_changes_nothing(
    catalogue_session: Session, tmp_path: Path, form: str
) -> None:
    export_files(catalogue_session, tmp_path)
    before = fingerprint(catalogue_session)
    report = import_dataset(catalogue_session, tmp_path / form)
    catalogue_session.commit()
    assert report.stats.created == {}
    assert report.stats.updated == {}
    assert report.stats.unchanged["offer"] == 2
    assert fingerprint(catalogue_session) == before


def test_exports_are_deterministic(catalogue_session: Session, tmp_path: Path) -> None:
    first = export_files(catalogue_session, tmp_path / "a")
    second = export_files(catalogue_session, tmp_path / "b")
    assert first == second
    revision = current_revision(catalogue_session)
    assert revision >= 1

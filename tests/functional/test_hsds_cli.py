"""``enlace export-hsds`` and ``enlace import-hsds`` from the command line."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from bench.hsds_messy import write_export
from flask import Flask
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, select

from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.revision import current_revision
from enlace.db import open_session
from enlace.exchange.hsds import import_dataset
from enlace.exchange.hsds.commands import export_hsds_command, import_hsds_command
from enlace.exchange.hsds.schema import SCHEMA_DIR_ENV


def _offers(engine: Engine) -> int:
    with open_session(engine) as session:
        return len(session.exec(select(Offer)).all())


def _wipe(engine: Engine) -> None:
    SQLModel.metadata.drop_all(engine)
    SQLModel.metadata.create_all(engine)


def test_export_writes_both_forms(shipped_app: Flask, tmp_path: Path) -> None:
    result = shipped_app.test_cli_runner().invoke(export_hsds_command, [str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "HSDS export" in result.output
    services = json.loads((tmp_path / "json" / "services.json").read_text(encoding="utf-8"))
    assert services and all("enlace_domains" in s for s in services)
    assert (
        (tmp_path / "csv" / "services.csv")
        .read_text(encoding="utf-8")
        .startswith("id,organization_id,")
    )
    assert (tmp_path / "csv" / "datapackage.json").is_file()


def test_export_validates_and_zips(
    shipped_app: Flask, tmp_path: Path, hsds_schema_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SCHEMA_DIR_ENV, str(hsds_schema_dir))
    runner = shipped_app.test_cli_runner()
    result = runner.invoke(
        export_hsds_command, [str(tmp_path), "--format", "csv", "--zip", "--validate"]
    )
    assert result.exit_code == 0, result.output
    assert "validated against HSDS 3.0" in result.output
    with zipfile.ZipFile(tmp_path / "enlace-hsds-csv.zip") as archive:
        assert {"services.csv", "datapackage.json", "enlace_agreements.csv"} <= set(
            archive.namelist()
        )
    assert not (tmp_path / "csv").exists()


def test_export_without_schemas_cannot_validate(
    shipped_app: Flask, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(SCHEMA_DIR_ENV, str(tmp_path / "nowhere"))
    result = shipped_app.test_cli_runner().invoke(
        export_hsds_command, [str(tmp_path / "out"), "--validate"]
    )
    assert result.exit_code == 2
    assert SCHEMA_DIR_ENV in result.output
    assert not (tmp_path / "out").exists()


def test_import_into_an_empty_database(
    shipped_app: Flask, shipped_engine: Engine, tmp_path: Path
) -> None:
    runner = shipped_app.test_cli_runner()
    assert runner.invoke(export_hsds_command, [str(tmp_path), "--format", "json"]).exit_code == 0
    expected = _offers(shipped_engine)
    _wipe(shipped_engine)
    result = runner.invoke(import_hsds_command, [str(tmp_path / "json"), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "HSDS import" in result.output
    assert _offers(shipped_engine) == expected


def test_dry_run_reports_and_writes_nothing(
    shipped_app: Flask, shipped_engine: Engine, tmp_path: Path
) -> None:
    runner = shipped_app.test_cli_runner()
    assert runner.invoke(export_hsds_command, [str(tmp_path), "--format", "csv"]).exit_code == 0
    _wipe(shipped_engine)
    result = runner.invoke(import_hsds_command, [str(tmp_path / "csv"), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "dry run: nothing written" in result.output
    assert _offers(shipped_engine) == 0
    with open_session(shipped_engine) as session:
        assert current_revision(session) == 0


def test_bad_input_prints_every_problem_and_exits_1(
    shipped_app: Flask, shipped_engine: Engine, tmp_path: Path
) -> None:
    runner = shipped_app.test_cli_runner()
    assert runner.invoke(export_hsds_command, [str(tmp_path), "--format", "json"]).exit_code == 0
    path = tmp_path / "json" / "services.json"
    services = json.loads(path.read_text(encoding="utf-8"))
    services[0]["minimum_age"] = "abc"
    services[1]["status"] = "open"
    path.write_text(json.dumps(services), encoding="utf-8")
    with open_session(shipped_engine) as session:
        before = current_revision(session)
    result = runner.invoke(import_hsds_command, [str(tmp_path / "json")])
    assert result.exit_code == 1
    assert "services.json, [0], field 'minimum_age': 'abc' is not a number" in result.output
    assert "services.json, [1], field 'status': 'open' is not one of" in result.output
    assert "2 problem(s); nothing was imported." in result.output
    with open_session(shipped_engine) as session:
        assert current_revision(session) == before


def test_options_reach_the_importer(app: Flask, engine: Engine, tmp_path: Path) -> None:
    organization = {
        "id": "5a1f0000-0000-4000-8000-000000000001",
        "name": "Talca Job Office",
        "description": "",
    }
    (tmp_path / "organizations.json").write_text(json.dumps([organization]), encoding="utf-8")
    runner = app.test_cli_runner()
    result = runner.invoke(
        import_hsds_command, [str(tmp_path), "--language", "en", "--duplicates", "skip"]
    )
    assert result.exit_code == 0, result.output
    with open_session(engine) as session:
        agency = session.get(Agency, organization["id"])
        assert agency is not None
        assert (agency.name_en, agency.name_es) == ("Talca Job Office", "")
    refused = runner.invoke(import_hsds_command, [str(tmp_path), "--duplicates", "ignore"])
    assert refused.exit_code == 2


def test_a_messy_export_is_refused_then_imported_with_skip_invalid_and_a_report(
    app: Flask, engine: Engine, tmp_path: Path
) -> None:
    write_export(tmp_path / "export", 200, version="2.0")
    runner = app.test_cli_runner()
    refused = runner.invoke(
        import_hsds_command,
        [str(tmp_path / "export"), "--no-progress", "--report", str(tmp_path / "refused.csv")],
    )
    assert refused.exit_code == 1
    assert "nothing was imported" in refused.output and "--skip-invalid" in refused.output
    assert (tmp_path / "refused.csv").read_text(encoding="utf-8").startswith("file,table,")
    assert _offers(engine) == 0

    report = tmp_path / "skipped.json"
    result = runner.invoke(
        import_hsds_command,
        [str(tmp_path / "export"), "--no-progress", "--skip-invalid", "--report", str(report)],
    )
    assert result.exit_code == 0, result.output
    for shown in ("schedule", "phone", "location", "HSDS version: 2.0", "12-hour time"):
        assert shown in result.output
    assert "invalid record(s) skipped" in result.output
    assert _offers(engine) == 198  # services 97 and 194 name an organisation not exported
    lines = json.loads(report.read_text(encoding="utf-8"))
    assert {line["table"] for line in lines} >= {"services", "schedules", "phones"}
    assert all(line["problem"] for line in lines)


def test_an_offer_without_cost_or_area_says_so_and_invents_nothing(
    app: Flask, engine: Engine, tmp_path: Path
) -> None:
    write_export(tmp_path / "export", 3, messy=False)
    with open_session(engine) as session:
        import_dataset(session, tmp_path / "export")
        session.commit()
        offer = session.exec(select(Offer)).first()
        assert offer is not None and offer.is_free is None and offer.scope == "local"
        slug = offer.slug
    client = app.test_client()
    spanish = client.get(f"/oferta/{slug}", headers={"Accept-Language": "es"})
    html = spanish.get_data(as_text=True)
    assert spanish.status_code == 200
    assert "Costo no informado" in html and "Gratis" not in html
    assert "Solo en sus propios lugares de atención" in html
    assert "todo Chile" not in html
    english = client.get(f"/oferta/{slug}", headers={"Accept-Language": "en"})
    text = english.get_data(as_text=True)
    assert "Cost not stated" in text and "Available throughout Chile" not in text

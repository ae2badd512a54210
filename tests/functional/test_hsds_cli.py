"""``enlace export-hsds`` and ``enlace import-hsds`` from the command line."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.engine import Engine
from sqlmodel import SQLModel, select

from enlace.catalogue.models import Agency, Offer
from enlace.catalogue.revision import current_revision
from enlace.db import open_session
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

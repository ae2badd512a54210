"""``enlace network check`` passes on the shipped catalogue and lists a broken agreement;
``enlace network export`` writes the three formats."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from flask import Flask
from sqlmodel import Session, select

from enlace.cli import main
from enlace.network.models import Agreement


def test_the_shipped_catalogue_passes(shipped_app: Flask) -> None:
    result = shipped_app.test_cli_runner().invoke(main, ["network", "check", "--on", "2026-12-01"])
    assert result.exit_code == 0, result.output
    assert "no problems" in result.output


def test_a_broken_agreement_is_listed_and_fails(
    shipped_app: Flask, shipped_session: Session
) -> None:
    agreement = shipped_session.exec(
        select(Agreement).where(Agreement.slug == "conv-aurora-omil-arica")
    ).one()
    agreement.valid_to = date(2024, 12, 31)
    shipped_session.add(agreement)
    shipped_session.commit()
    result = shipped_app.test_cli_runner().invoke(main, ["network", "check", "--on", "2026-06-01"])
    assert result.exit_code == 1, result.output
    assert "active_past_end" in result.output
    assert "conv-aurora-omil-arica" in result.output


def test_exports(shipped_app: Flask, tmp_path: Path) -> None:
    runner = shipped_app.test_cli_runner()
    for form, name in (("json", "net.json"), ("graphml", "net.graphml"), ("coverage-csv", "c.csv")):
        result = runner.invoke(
            main, ["network", "export", str(tmp_path / name), "--format", form, "--region", "5"]
        )
        assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "net.json").read_text(encoding="utf-8"))["edges"]
    assert (tmp_path / "c.csv").read_text(encoding="utf-8").startswith("region,domain")

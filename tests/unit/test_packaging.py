"""A non-editable install carries everything Enlace reads at run time."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
REQUIRED = [
    "enlace/templates/base.html",
    "enlace/directory_data/README.md",
    "enlace/directory_data/schema/catalogue.schema.json",
    "enlace/directory_data/geo/chile-communes-cut2018.csv",
    "enlace/directory_data/taxonomy/need-domains.json",
    "enlace/migrations/env.py",
    "enlace/migrations/versions/0001_baseline_catalogue_schema.py",
    "enlace/translations/es/LC_MESSAGES/messages.mo",
    "enlace/translations/en/LC_MESSAGES/messages.mo",
    "enlace/web/static/css/enlace.css",
    "enlace/web/static/favicon.ico",
    "enlace/web/static/favicon.svg",
    "enlace/accounts/data/common-passwords.txt",
    "enlace/migrations/versions/0002_accounts_audit_log_login_throttling.py",
    "enlace/exchange/hsds_schema/service.json",
    "enlace/exchange/hsds_schema/datapackage.json",
    "enlace/exchange/hsds_schema/openapi.json",
    "enlace/exchange/hsds_schema/LICENSE.md",
    "enlace/exchange/hsds_schema/examples/service_full.json",
    "enlace/exchange/hsds_schema/examples/csv/services.csv",
]


@pytest.fixture(scope="module")
def wheel_names(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    pytest.importorskip("hatchling", reason="hatchling (a dev dependency) builds the wheel")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = out.glob("enlace-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


@pytest.mark.parametrize("name", REQUIRED)
def test_wheel_contains(name: str, wheel_names: set[str]) -> None:
    assert name in wheel_names


def test_wheel_ships_the_whole_catalogue(wheel_names: set[str]) -> None:
    shipped = {p.relative_to(REPO).as_posix() for p in (REPO / "directory_data").rglob("*.json")}
    packaged = {
        n.removeprefix("enlace/") for n in wheel_names if n.startswith("enlace/directory_data/")
    }
    assert shipped <= packaged

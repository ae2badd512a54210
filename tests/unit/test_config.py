"""Configuration layers: defaults <- instance file <- ENLACE_* environment <- overrides."""

from __future__ import annotations

import multiprocessing
import stat
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import pytest

from enlace import create_app
from enlace.config import build_config, from_environment


def test_defaults_put_database_index_and_secret_in_the_instance_folder(tmp_path: Path) -> None:
    config = build_config(environ={"ENLACE_INSTANCE_PATH": str(tmp_path)})
    assert config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'enlace.sqlite3'}"
    assert config["INDEX_DIR"] == str(tmp_path / "search-index")
    assert len(config["SECRET_KEY"]) >= 40


def test_secret_key_is_generated_once_private_and_reused(tmp_path: Path) -> None:
    first = build_config(environ={"ENLACE_INSTANCE_PATH": str(tmp_path)})["SECRET_KEY"]
    second = build_config(environ={"ENLACE_INSTANCE_PATH": str(tmp_path)})["SECRET_KEY"]
    key_file = tmp_path / "secret_key"
    assert first == second == key_file.read_text()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def _start_worker(folder: str, barrier: Barrier, results: Any) -> None:
    """One worker starting: wait for the others, then configure like ``create_app``."""
    barrier.wait()
    try:
        results.put(build_config(environ={"ENLACE_INSTANCE_PATH": folder})["SECRET_KEY"])
    except BaseException as error:  # report it to the test rather than die silently
        results.put(f"error: {error!r}")


@pytest.mark.parametrize("attempt", range(3))
def test_workers_starting_together_share_one_secret_key(tmp_path: Path, attempt: int) -> None:
    workers = 8
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(workers)
    results = context.Queue()
    folder = str(tmp_path / f"instance-{attempt}")
    processes = [
        context.Process(target=_start_worker, args=(folder, barrier, results))
        for _ in range(workers)
    ]
    for process in processes:
        process.start()
    keys = [results.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(timeout=60)
    key_file = tmp_path / f"instance-{attempt}" / "secret_key"
    assert len(set(keys)) == 1, keys
    assert len(keys[0]) >= 40 and keys[0] == key_file.read_text()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert sorted(p.name for p in key_file.parent.iterdir()) == ["secret_key"]


def test_an_empty_key_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "secret_key").write_text("")
    with pytest.raises(RuntimeError, match="delete it"):
        build_config(environ={"ENLACE_INSTANCE_PATH": str(tmp_path)})


def test_each_layer_overrides_the_one_before(tmp_path: Path) -> None:
    (tmp_path / "enlace.cfg").write_text(
        'DATABASE_URL = "sqlite:///from-file.db"\nINDEX_DIR = "/from-file"\nDEMO_ACCOUNTS = True\n'
    )
    environ = {"ENLACE_INSTANCE_PATH": str(tmp_path), "ENLACE_INDEX_DIR": "/from-env"}
    config = build_config({"DEMO_ACCOUNTS": False}, environ=environ)
    assert config["DATABASE_URL"] == "sqlite:///from-file.db"  # instance file
    assert config["INDEX_DIR"] == "/from-env"  # environment beats the file
    assert config["DEMO_ACCOUNTS"] is False  # test override beats everything


@pytest.mark.parametrize(
    ("name", "raw", "expected"),
    [
        ("ENLACE_DEMO_ACCOUNTS", "yes", True),
        ("ENLACE_DEMO_ACCOUNTS", "0", False),
        ("ENLACE_LANGUAGES", "es, en", ("es", "en")),
        ("ENLACE_SECRET_KEY", "abc", "abc"),
        ("ENLACE_DATABASE_URL", "postgresql+psycopg://x/y", "postgresql+psycopg://x/y"),
    ],
)
def test_environment_values_are_coerced_to_the_default_type(
    name: str, raw: str, expected: object
) -> None:
    key = name.removeprefix("ENLACE_")
    assert from_environment({name: raw})[key] == expected


def test_unknown_and_foreign_variables_are_ignored() -> None:
    assert from_environment({"ENLACE_NOT_A_SETTING": "1", "PATH": "/bin"}) == {}


def test_a_bad_boolean_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match="ENLACE_DEMO_ACCOUNTS must be a boolean"):
        from_environment({"ENLACE_DEMO_ACCOUNTS": "maybe"})


def test_create_app_uses_explicit_overrides(tmp_path: Path) -> None:
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "k", "TESTING": True})
    assert app.config["SECRET_KEY"] == "k"
    assert app.instance_path == str(tmp_path.resolve())
    assert not (tmp_path / "secret_key").exists()

"""`enlace create-user` (first admin, hidden password prompt) and `enlace demo-accounts`."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy.engine import Engine
from sqlmodel import select

from enlace import create_app
from enlace.accounts import passwords
from enlace.accounts.models import AuditEntry, User
from enlace.cli import main
from enlace.db import get_database
from tests.accounts_factories import PASSWORD, app_session, sign_in


def test_create_user_prompts_for_the_password_without_echoing_it(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        main,
        ["create-user", "--email", "Boss@Example.org", "--name", "La Jefa"],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Created admin account boss@example.org" in result.output
    assert PASSWORD not in result.output
    with app_session(app) as session:
        user = session.exec(select(User)).one()
        assert (user.role, user.display_name) == ("admin", "La Jefa")
        assert passwords.verify_password(user.password_hash, PASSWORD)
        entry = session.exec(select(AuditEntry)).one()
        assert (entry.action, entry.actor_label) == ("user_created", "enlace create-user")
    assert sign_in(app.test_client(), "boss@example.org").status_code == 302


def test_create_user_refuses_weak_passwords_and_creates_nothing(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        main,
        ["create-user", "--email", "boss@example.org", "--name", "Boss"],
        input="contraseña2024\ncontraseña2024\n",
    )
    assert result.exit_code == 1
    assert "No account was created." in result.output and "too common" in result.output
    with app_session(app) as session:
        assert session.exec(select(User)).all() == []


def test_create_user_for_staff_needs_a_known_centre(app: Flask) -> None:
    result = app.test_cli_runner().invoke(
        main,
        [
            "create-user",
            "--email",
            "a@example.org",
            "--name",
            "A",
            "--role",
            "staff",
            "--centre",
            "nope",
        ],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 1 and "No agency with the slug 'nope'" in result.output


def test_demo_accounts_are_refused_unless_configured(shipped_app: Flask) -> None:
    result = shipped_app.test_cli_runner().invoke(main, ["demo-accounts"])
    assert result.exit_code == 1 and "DEMO_ACCOUNTS is off" in result.output
    with app_session(shipped_app) as session:
        assert session.exec(select(User)).all() == []


def test_demo_accounts_are_refused_without_the_demo_catalogue(
    engine: Engine, database_url: str, tmp_path: Path
) -> None:
    app = _demo_app(database_url, tmp_path)
    result = app.test_cli_runner().invoke(main, ["demo-accounts"])
    assert result.exit_code == 1 and "demo catalogue is not loaded" in result.output
    _dispose(app)


def _demo_app(database_url: str, tmp_path: Path) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "INSTANCE_PATH": str(tmp_path / "instance"),
            "SECRET_KEY": "test-secret-key-not-for-production",
            "DEMO_ACCOUNTS": True,
        }
    )


def _dispose(app: Flask) -> None:
    engine = get_database(app).engine
    assert engine is not None
    engine.dispose()


@pytest.fixture
def demo_app(shipped_engine: Engine, database_url: str, tmp_path: Path) -> Iterator[Flask]:
    app = _demo_app(database_url, tmp_path)
    yield app
    _dispose(app)


def test_demo_accounts_are_printed_and_work_only_while_enabled(
    demo_app: Flask, shipped_app: Flask
) -> None:
    result = demo_app.test_cli_runner().invoke(main, ["demo-accounts"])
    assert result.exit_code == 0, result.output
    found = dict(re.findall(r"(\w+@demo\.enlace\.example)\s+(demo-\S+)", result.output))
    assert set(found) == {
        "staff@demo.enlace.example",
        "coordinator@demo.enlace.example",
        "admin@demo.enlace.example",
    }
    coordinator = next(line for line in result.output.splitlines() if "coordinator@" in line)
    assert "(Región del " in coordinator and "region " not in coordinator  # named, not a code
    assert (
        sign_in(
            demo_app.test_client(), "staff@demo.enlace.example", found["staff@demo.enlace.example"]
        ).status_code
        == 302
    )
    # the same database in a configuration without DEMO_ACCOUNTS: refused
    refused = sign_in(
        shipped_app.test_client(), "admin@demo.enlace.example", found["admin@demo.enlace.example"]
    )
    assert refused.status_code == 403

"""Every catalogue write bumps the revision once per transaction and logs what changed."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from sqlalchemy import event
from sqlmodel import Session

from enlace.catalogue.models import OfferDomain
from enlace.catalogue.revision import catalogue_identity, changes_since, current_revision
from tests.factories import make_agency, make_offer

REPO = Path(__file__).resolve().parents[3]


def test_empty_database_is_at_revision_zero(db_session: Session) -> None:
    assert current_revision(db_session) == 0
    assert changes_since(db_session, 0) == []


def test_the_catalogue_gets_an_identity_with_its_first_write_and_keeps_it(
    db_session: Session,
) -> None:
    assert catalogue_identity(db_session) == ("", 0)
    offer = make_offer(db_session)
    db_session.commit()
    identity, revision = catalogue_identity(db_session)
    assert len(identity) == 32 and revision == 1
    offer.name_es = "Otro nombre"
    db_session.commit()
    assert catalogue_identity(db_session) == (identity, 2)


def test_one_transaction_is_one_revision_with_its_changes_logged(db_session: Session) -> None:
    agency = make_agency(db_session)
    offer = make_offer(db_session, agency)
    db_session.commit()
    assert current_revision(db_session) == 1
    logged = {(c.entity, c.entity_id, c.action) for c in changes_since(db_session, 0)}
    assert ("agency", agency.id, "create") in logged
    assert ("offer", offer.id, "create") in logged


def test_child_changes_are_logged_against_their_offer(db_session: Session) -> None:
    offer = make_offer(db_session)
    db_session.commit()
    offer.domains.append(OfferDomain(domain="employment", role="secondary"))
    db_session.commit()
    assert current_revision(db_session) == 2
    assert [(c.entity, c.entity_id, c.action) for c in changes_since(db_session, 1)] == [
        ("offer", offer.id, "update")
    ]


def test_setting_an_equal_value_changes_nothing(db_session: Session) -> None:
    offer = make_offer(db_session)
    db_session.commit()
    offer.name_es = str(offer.name_es)
    db_session.commit()
    assert current_revision(db_session) == 1


def test_update_stamps_last_modified_but_an_explicit_value_wins(db_session: Session) -> None:
    offer = make_offer(db_session)
    db_session.commit()
    assert offer.last_modified is not None
    explicit = offer.last_modified.replace(year=2020)
    offer.description_es = "Otra descripción."
    offer.last_modified = explicit
    db_session.commit()
    assert offer.last_modified == explicit


def test_rollback_discards_the_revision(db_session: Session) -> None:
    make_offer(db_session)
    db_session.rollback()
    assert current_revision(db_session) == 0
    make_offer(db_session)
    db_session.commit()
    assert current_revision(db_session) == 1


def test_deletes_are_logged(db_session: Session) -> None:
    offer = make_offer(db_session)
    db_session.commit()
    db_session.delete(offer)
    db_session.commit()
    assert ("offer", offer.id, "delete") in {
        (c.entity, c.entity_id, c.action) for c in changes_since(db_session, 1)
    }


_WRITE_WITHOUT_APP = """
import sys
from sqlmodel import SQLModel
import enlace.models  # registers every table
from enlace.catalogue.revision import changes_since, current_revision
from enlace.db import make_engine, open_session
from tests.factories import make_agency
engine = make_engine(sys.argv[1])
SQLModel.metadata.create_all(engine)
with open_session(engine) as session:
    agency = make_agency(session)
    session.commit()
with open_session(engine) as session:
    print(current_revision(session), [(c.entity, c.action) for c in changes_since(session, 0)])
"""


def test_the_session_factory_bumps_the_revision_without_an_app(tmp_path: Path) -> None:
    """A fresh interpreter that never calls ``create_app`` (a script, a worker): a write
    through the factory's session still moves the revision and logs the change."""
    url = f"sqlite:///{tmp_path / 'no-app.sqlite3'}"
    done = subprocess.run(
        [sys.executable, "-c", _WRITE_WITHOUT_APP, url],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1 [('agency', 'create')]"


def _direct_session_calls(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and (
            (isinstance(node.func, ast.Name) and node.func.id == "Session")
            or (isinstance(node.func, ast.Attribute) and node.func.attr == "Session")
        )
    ]


def test_every_session_comes_from_the_factory() -> None:
    """``Session(...)`` made directly would miss the revision hooks; only ``enlace.db``
    constructs sessions (through ``open_session``)."""
    offenders = [
        f"{path.relative_to(REPO)}:{line}"
        for folder in ("src", "tests", "bench", "tools")
        for path in sorted((REPO / folder).rglob("*.py"))
        for line in _direct_session_calls(path)
    ]
    assert offenders == []


def test_the_identity_is_read_once_per_transaction_but_a_write_is_seen(
    db_session: Session,
) -> None:
    """A page asks for the identity several times; it is read once per transaction, and
    a write in that transaction (pending or flushed) is seen at once."""
    offer = make_offer(db_session)
    db_session.commit()
    identity, revision = catalogue_identity(db_session)
    statements: list[str] = []
    connection = db_session.connection()
    event.listen(connection, "before_cursor_execute", lambda *a: statements.append(a[2]))
    assert catalogue_identity(db_session) == (identity, revision)
    assert statements == []  # remembered within the transaction
    offer.name_es = "Nombre nuevo"  # pending: the next read flushes it, as a query would
    assert catalogue_identity(db_session) == (identity, revision + 1)
    db_session.rollback()
    assert catalogue_identity(db_session) == (identity, revision)

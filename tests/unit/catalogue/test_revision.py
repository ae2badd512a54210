"""Every catalogue write bumps the revision once per transaction and logs what changed."""

from __future__ import annotations

from sqlalchemy import event
from sqlmodel import Session

from enlace.catalogue.models import OfferDomain
from enlace.catalogue.revision import catalogue_identity, changes_since, current_revision
from tests.factories import make_agency, make_offer


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

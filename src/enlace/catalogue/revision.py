"""The catalogue revision: a counter every catalogue write moves forward.

Each transaction that writes catalogue records bumps the single ``catalogue_state`` row
once (the row lock orders concurrent writers, so revisions commit in order) and logs the
changed top-level records in ``catalogue_change``. A search index stores the revision it
reflects; when the database is ahead it replays the change log to catch up.

The row also carries a random ``catalogue_id``, made when the row is, so a derived index
can tell *which* database it reflects: after a backup is restored or the database is
created anew, the revision numbers alone could look current while the content differs.

The hooks listen on :class:`enlace.db.DbSession`, the class every session of the project
is made from, and are attached when this module is imported, which ``enlace.catalogue``'s
``__init__`` does: writing a catalogue record needs its model, and so this package.
"""

from datetime import datetime
from typing import Any
from uuid import uuid4

from sqlalchemy import event, insert, select, update
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Field, Session, SQLModel

from enlace.catalogue.base import CatalogueRecord
from enlace.db import DbSession, utcnow

_INFO_REVISION = "enlace.catalogue_revision"
_INFO_CHANGES = "enlace.catalogue_changes"
_INFO_IDENTITY = "enlace.catalogue_identity"


def new_catalogue_id() -> str:
    return uuid4().hex


class CatalogueState(SQLModel, table=True):
    __tablename__ = "catalogue_state"

    id: int = Field(default=1, primary_key=True)
    revision: int = 0
    updated_at: datetime = Field(default_factory=utcnow)
    catalogue_id: str = Field(default_factory=new_catalogue_id, max_length=32)


class CatalogueChange(SQLModel, table=True):
    __tablename__ = "catalogue_change"

    id: int | None = Field(default=None, primary_key=True)
    revision: int = Field(index=True)
    entity: str = Field(max_length=20)
    entity_id: str = Field(max_length=36)
    action: str = Field(max_length=10)
    changed_at: datetime = Field(default_factory=utcnow)


_STATE = CatalogueState.__table__.c  # type: ignore[attr-defined]
_IDENTITY_QUERY = select(_STATE.catalogue_id, _STATE.revision).where(_STATE.id == 1)


def current_revision(session: Session) -> int:
    return catalogue_identity(session)[1]


def catalogue_identity(session: Session) -> tuple[str, int]:
    """(catalogue id, revision); ("", 0) before the first catalogue write.

    Read once per transaction: a page asks several times (the layout, the reference
    cache, the search index), and every answer within one transaction must agree. A
    write in the transaction (flushed, or pending and flushed by this read) reads anew.
    """
    memo = session.info.get(_INFO_IDENTITY)
    pending = bool(session.new or session.dirty or session.deleted)
    if memo is not None and memo[0] is session.get_transaction() and not pending:
        identity: tuple[str, int] = memo[1]
        return identity
    if pending and session.autoflush:
        session.flush()  # as an ORM query would: a pending catalogue write bumps the revision
    row = session.connection().execute(_IDENTITY_QUERY).first()
    identity = ("", 0) if row is None else (str(row[0]), int(row[1]))
    session.info[_INFO_IDENTITY] = (session.get_transaction(), identity)
    return identity


def changes_since(session: Session, revision: int) -> list[CatalogueChange]:
    """Changes after ``revision``, oldest first."""
    statement = (
        select(CatalogueChange)
        .where(CatalogueChange.revision > revision)  # type: ignore[arg-type]
        .order_by(CatalogueChange.id)  # type: ignore[arg-type]
    )
    return list(session.scalars(statement))


def _bump(session: OrmSession) -> int:
    connection = session.connection()
    now = utcnow()
    result = connection.execute(
        update(CatalogueState)
        .where(CatalogueState.id == 1)  # type: ignore[arg-type]
        .values(revision=CatalogueState.revision + 1, updated_at=now)
        .returning(CatalogueState.__table__.c.revision)  # type: ignore[attr-defined]
    ).first()
    if result is None:
        connection.execute(
            insert(CatalogueState).values(
                id=1, revision=1, updated_at=now, catalogue_id=new_catalogue_id()
            )
        )
        return 1
    return int(result[0])


def note_change(session: Session, entity: str, entity_id: str, action: str = "update") -> int:
    """Bump the revision and log one change for a write made with a bulk UPDATE statement
    (no ORM object, so the flush hooks never see it): e.g. a referral taking an
    agreement's quota place with an atomic conditional UPDATE. Once per transaction,
    like the hooks; returns the transaction's revision."""
    session.info.pop(_INFO_IDENTITY, None)
    if _INFO_REVISION not in session.info:
        session.info[_INFO_REVISION] = _bump(session)
    revision: int = session.info[_INFO_REVISION]
    logged: set[tuple[str, str, str]] = session.info.setdefault("enlace.catalogue_logged", set())
    key = (entity, entity_id, action)
    if key not in logged:
        logged.add(key)
        session.connection().execute(
            insert(CatalogueChange).values(
                revision=revision,
                entity=entity,
                entity_id=entity_id,
                action=action,
                changed_at=utcnow(),
            )
        )
    return revision


def _touch_last_modified(obj: Any, now: datetime) -> None:
    """Stamp ``last_modified`` unless the writer set it on purpose (e.g. an import)."""
    if not hasattr(obj, "last_modified"):
        return
    history = sa_inspect(obj).attrs.last_modified.history
    if not history.has_changes() or obj.last_modified is None:
        obj.last_modified = now


def _before_flush(session: OrmSession, _context: Any, _instances: Any) -> None:
    touched: list[tuple[CatalogueRecord, str]] = []
    for obj in session.new:
        if isinstance(obj, CatalogueRecord):
            touched.append((obj, "create"))
    for obj in session.dirty:
        if isinstance(obj, CatalogueRecord) and session.is_modified(obj, include_collections=False):
            touched.append((obj, "update"))
    for obj in session.deleted:
        if isinstance(obj, CatalogueRecord):
            touched.append((obj, "delete"))
    if not touched:
        return
    now = utcnow()
    for obj, action in touched:
        if action != "delete":
            _touch_last_modified(obj, now)
    session.info.pop(_INFO_IDENTITY, None)
    if _INFO_REVISION not in session.info:
        session.info[_INFO_REVISION] = _bump(session)
    pending = session.info.setdefault(_INFO_CHANGES, [])
    pending.extend(touched)


def _after_flush(session: OrmSession, _context: Any) -> None:
    pending: list[tuple[CatalogueRecord, str]] = session.info.pop(_INFO_CHANGES, [])
    if not pending:
        return
    revision = session.info[_INFO_REVISION]
    logged: set[tuple[str, str, str]] = session.info.setdefault("enlace.catalogue_logged", set())
    rows = []
    for obj, action in pending:
        entity, entity_id = obj.change_root()
        if entity_id is None:
            continue
        own = (entity, str(entity_id)) == (obj.change_entity, str(getattr(obj, "id", "")))
        root_action = action if own else "update"
        key = (entity, str(entity_id), root_action)
        if key in logged:
            continue
        logged.add(key)
        rows.append(
            {
                "revision": revision,
                "entity": entity,
                "entity_id": str(entity_id),
                "action": root_action,
                "changed_at": utcnow(),
            }
        )
    if rows:
        session.connection().execute(insert(CatalogueChange), rows)


def _end_transaction(session: OrmSession, *_args: Any) -> None:
    for key in (_INFO_REVISION, _INFO_CHANGES, _INFO_IDENTITY, "enlace.catalogue_logged"):
        session.info.pop(key, None)


event.listen(DbSession, "before_flush", _before_flush)
event.listen(DbSession, "after_flush", _after_flush)
event.listen(DbSession, "after_commit", _end_transaction)
event.listen(DbSession, "after_rollback", _end_transaction)

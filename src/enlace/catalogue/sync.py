"""Write a desired record graph into the database, touching only what differs.

Loaders and importers build plain, unsaved model objects (with their owned children
attached) and hand them to :func:`upsert`. Columns are compared value by value and owned
collections child by child, so loading the same data twice issues no UPDATE, bumps no
catalogue revision and leaves ``last_modified`` alone.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Mapper, RelationshipProperty
from sqlmodel import Session, SQLModel, select

T = TypeVar("T", bound=SQLModel)

#: Columns a loader never overwrites on an existing row (``version``: the ORM's lock counter).
PRESERVED_COLUMNS = frozenset({"created_at", "version"})


@dataclass
class SyncStats:
    """What an upsert did, per table: created, updated, deleted, unchanged."""

    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    def count(self, bucket: dict[str, int], table: str, n: int = 1) -> None:
        bucket[table] = bucket.get(table, 0) + n

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def total(self, bucket: dict[str, int]) -> int:
        return sum(bucket.values())


def _owned_collections(mapper: Mapper[Any]) -> list[RelationshipProperty[Any]]:
    return [rel for rel in mapper.relationships if rel.uselist and "delete-orphan" in rel.cascade]


def _table(cls: type[Any]) -> str:
    return str(sa_inspect(cls).local_table.name)


def _back_keys(rel: RelationshipProperty[Any]) -> set[str]:
    """Columns of a child that point back at its parent (set by the ORM on flush)."""
    return {str(col.key) for col in rel.remote_side}


def _identity(obj: Any, back: set[str]) -> tuple[Any, ...]:
    """A child's key within its parent: its primary key minus the column pointing back."""
    mapper = sa_inspect(type(obj))
    return tuple(getattr(obj, str(col.key)) for col in mapper.primary_key if col.key not in back)


def _merge_columns(existing: Any, desired: Any, mapper: Mapper[Any], keep_unset: set[str]) -> bool:
    changed = False
    for attr in mapper.column_attrs:
        key = attr.key
        if key in PRESERVED_COLUMNS or key in keep_unset:
            continue
        new = getattr(desired, key)
        if key == "last_modified" and new is None:
            continue  # the revision hook stamps it when something else changed
        if getattr(existing, key) != new:
            setattr(existing, key, new)
            changed = True
    return changed


def merge(existing: Any, desired: Any, stats: SyncStats, skip: set[str]) -> bool:
    """Bring ``existing`` (persistent) in line with ``desired`` (transient), recursively."""
    mapper = sa_inspect(type(existing))
    changed = _merge_columns(existing, desired, mapper, skip)
    for rel in _owned_collections(mapper):
        back_keys = _back_keys(rel)
        current = {_identity(c, back_keys): c for c in getattr(existing, rel.key)}
        wanted = list(getattr(desired, rel.key))
        result: list[Any] = []
        collection_changed = False
        for child in wanted:
            key = _identity(child, back_keys)
            old = current.pop(key, None)
            if old is None:
                result.append(child)
                stats.count(stats.created, _table(type(child)))
                _count_owned(child, stats)
                collection_changed = True
            else:
                if merge(old, child, stats, back_keys):
                    changed = True
                result.append(old)
        if current:
            for gone in current.values():
                stats.count(stats.deleted, _table(type(gone)))
            collection_changed = True
        if collection_changed:
            setattr(existing, rel.key, result)
            changed = True
    stats.count(stats.updated if changed else stats.unchanged, _table(type(existing)))
    return changed


def _count_owned(new: Any, stats: SyncStats) -> None:
    """Count what a new record owns as created too (schedules, phones, areas...)."""
    for rel in _owned_collections(sa_inspect(type(new))):
        for child in getattr(new, rel.key):
            stats.count(stats.created, _table(type(child)))
            _count_owned(child, stats)


def upsert(
    session: Session,
    records: Iterable[T],
    stats: SyncStats | None = None,
    *,
    absent: Container[Any] = (),
) -> SyncStats:
    """Insert new records and merge existing ones (matched by primary key).

    ``absent``: primary keys the caller knows are not stored (one query for a batch
    instead of a lookup per record)."""
    stats = stats or SyncStats()
    for desired in records:
        mapper = sa_inspect(type(desired))
        pk = mapper.primary_key_from_instance(desired)
        key = pk[0] if len(pk) == 1 else tuple(pk)
        existing = None if key in absent else session.get(type(desired), key)
        if existing is None:
            session.add(desired)
            stats.count(stats.created, _table(type(desired)))
            _count_owned(desired, stats)
        else:
            merge(existing, desired, stats, set())
    return stats


def delete_missing(
    session: Session, model: type[T], keep_ids: set[str], *, origin: str, stats: SyncStats
) -> None:
    """Delete records of ``origin`` whose ids are not in ``keep_ids`` (prune on reload)."""
    rows = session.exec(select(model).where(model.origin == origin)).all()  # type: ignore[attr-defined]
    for row in rows:
        if row.id not in keep_ids:  # type: ignore[attr-defined]
            session.delete(row)
            stats.count(stats.deleted, _table(model))


class _Parented(Protocol):
    id: str
    parent_id: str | None


P = TypeVar("P", bound=_Parented)


def parents_first(records: list[P]) -> list[list[P]]:
    """Records in generations, each parent before its children, so foreign keys hold."""
    remaining = {r.id: r for r in records}
    generations: list[list[P]] = []
    while remaining:
        ready = [r for r in remaining.values() if r.parent_id not in remaining]
        if not ready:  # a cycle: write the rest together and let the database judge
            ready = list(remaining.values())
        generations.append(ready)
        for record in ready:
            del remaining[record.id]
    return generations

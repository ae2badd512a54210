"""A record's history, read from the append-only audit log.

Every stewardship write appends one entry whose details hold the ``version`` written, the
field-by-field ``changes`` and the whole record as it then stood (``snapshot``). So the log
alone answers who changed what and when (:func:`record_history`), what changed since the
version an editor loaded (:func:`changes_since`), and what any audited version held
(:func:`versions`), which "restore this version" writes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from enlace.accounts.models import AuditEntry
from enlace.stewardship.errors import FieldChange


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[FieldChange]:
    """Field by field, in the snapshot's order; equal snapshots give an empty list."""
    names = list(after) + [name for name in before if name not in after]
    return [
        FieldChange(n, before.get(n), after.get(n)) for n in names if before.get(n) != after.get(n)
    ]


def as_details(
    version: int, changes: list[FieldChange], snapshot: dict[str, Any]
) -> dict[str, Any]:
    return {
        "version": version,
        "changes": [{"field": c.field, "before": c.before, "after": c.after} for c in changes],
        "snapshot": snapshot,
    }


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One audited change: who, when, what (action and fields), why, and the result."""

    at: datetime
    actor: str
    action: str
    reason: str | None
    version: int | None
    changes: tuple[FieldChange, ...]
    snapshot: dict[str, Any] | None


def _entries(session: Session, kind: str, record_id: str) -> list[AuditEntry]:
    return list(
        session.exec(
            select(AuditEntry)
            .where(AuditEntry.target_type == kind, AuditEntry.target_id == record_id)
            .order_by(col(AuditEntry.id))
        )
    )


def _changes_of(details: dict[str, Any]) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(c["field"], c.get("before"), c.get("after"))
        for c in details.get("changes", [])
        if isinstance(c, dict) and "field" in c
    )


def record_history(session: Session, kind: str, record_id: str) -> list[HistoryEntry]:
    """Every audited change of one agency or offer, oldest first."""
    history = []
    for entry in _entries(session, kind, record_id):
        details = entry.details or {}
        version = details.get("version")
        snapshot = details.get("snapshot")
        history.append(
            HistoryEntry(
                at=entry.at,
                actor=entry.actor_label,
                action=entry.action,
                reason=entry.reason,
                version=version if isinstance(version, int) else None,
                changes=_changes_of(details),
                snapshot=snapshot if isinstance(snapshot, dict) else None,
            )
        )
    return history


def versions(session: Session, kind: str, record_id: str) -> dict[int, dict[str, Any]]:
    """Each version the log can rebuild, as a snapshot: every entry gives the version it
    wrote, and the one before it (its snapshot with the changed fields put back)."""
    found: dict[int, dict[str, Any]] = {}
    for entry in record_history(session, kind, record_id):
        if entry.version is None or entry.snapshot is None:
            continue
        before = dict(entry.snapshot)
        for change in entry.changes:
            before[change.field] = change.before
        if entry.version > 1 and entry.changes:
            found.setdefault(entry.version - 1, before)
        found[entry.version] = dict(entry.snapshot)
    return found


def changes_since(
    session: Session, kind: str, record_id: str, version: int, current: dict[str, Any]
) -> tuple[tuple[FieldChange, ...], tuple[str, ...]]:
    """What changed after ``version`` up to ``current``, and who saved in between."""
    first: dict[str, Any] = {}
    who: list[str] = []
    for entry in record_history(session, kind, record_id):
        if entry.version is None or entry.version <= version:
            continue
        if entry.actor not in who:
            who.append(entry.actor)
        for change in entry.changes:
            first.setdefault(change.field, change.before)
    changes = tuple(
        FieldChange(name, before, current.get(name))
        for name, before in first.items()
        if before != current.get(name)
    )
    return changes, tuple(who)

"""Refusals of the stewardship services, each carrying what the page needs to answer."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask_babel import LazyString


class StewardshipError(Exception):
    """Base of every refusal; nothing has been written."""


class RecordNotFoundError(StewardshipError):
    """No agency or offer with that id or slug (404)."""


class RecordForbiddenError(StewardshipError):
    """Out of this person's region (403)."""


class RecordInvalidError(StewardshipError):
    """The draft breaks a rule: ``errors`` maps each field (``rules-<n>-value``) to messages."""

    def __init__(self, errors: Mapping[str, list[LazyString | str]]) -> None:
        self.errors: dict[str, list[LazyString | str]] = {k: list(v) for k, v in errors.items()}
        super().__init__("; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in errors.items()))


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field that differs between two versions (values as stored: codes, ISO dates)."""

    field: str
    before: Any
    after: Any


class ChangedMeanwhileError(StewardshipError):
    """Someone saved the record after the editor loaded it: nothing was written.

    ``changes``: what changed since the editor's version; ``changed_by``: who saved;
    ``draft``: the editor's own input, to show again.
    """

    def __init__(
        self,
        kind: str,
        record_id: str,
        loaded_version: int,
        current_version: int,
        changes: tuple[FieldChange, ...],
        changed_by: tuple[str, ...],
        draft: Any,
    ) -> None:
        self.kind = kind
        self.record_id = record_id
        self.loaded_version = loaded_version
        self.current_version = current_version
        self.changes = changes
        self.changed_by = changed_by
        self.draft = draft
        super().__init__(
            f"{kind} {record_id} changed meanwhile ({loaded_version} -> {current_version})"
        )

"""Shared pieces of the catalogue tables."""

from __future__ import annotations

from typing import ClassVar
from uuid import uuid4


def new_id() -> str:
    return str(uuid4())


class CatalogueRecord:
    """Marker for tables whose writes bump the catalogue revision.

    ``change_root`` names the top-level record (entity, id) a change belongs to, so the
    search index knows what to refresh.
    """

    change_entity: ClassVar[str] = ""

    def change_root(self) -> tuple[str, str | None]:
        return self.change_entity, getattr(self, "id", None)

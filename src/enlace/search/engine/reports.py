"""Plain reports of what the index did or is: catch-ups, builds, status."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class SyncReport:
    """What a catch-up did."""

    from_revision: int
    to_revision: int
    updated: int = 0
    deleted: int = 0
    rebuilt: bool = False
    #: Another process held the writer lock for longer than the timeout: served stale.
    locked: bool = False
    #: A full build is needed and runs outside the request: served stale (or, with no
    #: index yet, not at all: ``preparing``).
    stale: bool = False
    preparing: bool = False


@dataclass
class BuildReport:
    revision: int
    offers: int
    agencies: int
    seconds: float
    path: Path
    size_bytes: int


@dataclass(frozen=True)
class IndexStatus:
    """What ``enlace status`` shows about the search index."""

    folder: str | None  # the live generation folder; None: no index yet
    revision: int | None  # catalogue revision the index reflects
    catalogue_revision: int  # the database's
    stale: bool  # the index does not reflect the database (yet)
    rebuilding: bool  # a full build is running (in any process)
    last_error: str | None = None  # this process's last background build failure

"""The index folder shared by every process: the ``CURRENT`` pointer and the build lock.

Layout of ``INDEX_DIR``::

    CURRENT             name of the live index folder (replaced atomically)
    BUILD.lock          held while a full build runs (one builder at a time, all processes)
    ix-<ns>-<pid>/      a Whoosh index; several may exist briefly around a swap
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh.filedb.filestore import FileStorage

POINTER = "CURRENT"
PREFIX = "ix-"
BUILD_LOCK = "BUILD.lock"


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.iterdir() if f.is_file())


class IndexFolder:
    """``INDEX_DIR``: which generation folder is live, swapping, and the build lock.

    The build lock is an ``flock`` on a fresh file descriptor per attempt, so it excludes
    other processes and also other :class:`IndexFolder` objects of the same process.
    """

    def __init__(self, root: Path) -> None:
        self.root = root

    def current_name(self) -> str | None:
        try:
            name = (self.root / POINTER).read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        return name if name and (self.root / name).is_dir() else None

    def new_name(self) -> str:
        return f"{PREFIX}{time.time_ns():020d}-{os.getpid()}"

    def swap(self, name: str) -> None:
        """Point ``CURRENT`` at ``name`` atomically, then drop folders older than the
        previous one (readers still on the previous folder keep working)."""
        temporary = self.root / f".{POINTER}.{os.getpid()}.{threading.get_ident()}"
        with temporary.open("w", encoding="utf-8") as handle:
            handle.write(name)
            handle.flush()
            os.fsync(handle.fileno())
        previous = self.current_name()
        os.replace(temporary, self.root / POINTER)
        keep = {name, previous}
        for folder in self.root.glob(f"{PREFIX}*"):
            if folder.name not in keep and folder.name < name:
                shutil.rmtree(folder, ignore_errors=True)

    @contextmanager
    def build_lock(self, *, blocking: bool) -> Iterator[bool]:
        """Hold ``BUILD.lock`` for the block; yields False (without waiting, unless
        ``blocking``) when another builder holds it."""
        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileStorage(str(self.root)).lock(BUILD_LOCK)
        acquired = bool(lock.acquire(blocking=blocking))
        try:
            yield acquired
        finally:
            if acquired:
                lock.release()

    def building(self) -> bool:
        """Whether a full build holds the lock right now (in any process)."""
        if not (self.root / BUILD_LOCK).exists():
            return False
        with self.build_lock(blocking=False) as acquired:
            return not acquired

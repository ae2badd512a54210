"""A full index build in a background thread, one at a time across processes.

The thread tries ``BUILD.lock`` without waiting: if another process (or another
:class:`~enlace.search.engine.index.SearchIndex` on the same folder) holds it, that one
is building and this one gives up. A failure is logged and kept for ``enlace status``;
the next request that finds a build needed starts another attempt. The thread is a
daemon (a worker shutting down mid-build leaves a folder the next build removes);
:meth:`BackgroundBuild.wait` joins it (tests, ``SearchIndex.close``).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from enlace.search.engine.folder import IndexFolder

log = logging.getLogger(__name__)


class BackgroundBuild:
    """At most one build thread per index handle, and none while another process builds."""

    def __init__(self, folder: IndexFolder) -> None:
        self.folder = folder
        self.last_error: str | None = None
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def running(self) -> bool:
        """Whether this handle's build thread is running."""
        thread = self._thread
        return thread is not None and thread.is_alive()

    def start(self, work: Callable[[], None]) -> None:
        """Run ``work`` in a new thread holding ``BUILD.lock``, unless a build runs."""
        with self._lock:
            if self.running() or self.folder.building():
                return
            self._thread = threading.Thread(
                target=self._run, args=(work,), name="enlace-search-build", daemon=True
            )
            self._thread.start()

    def _run(self, work: Callable[[], None]) -> None:
        try:
            with self.folder.build_lock(blocking=False) as acquired:
                if acquired:
                    work()
            self.last_error = None
        except Exception as error:
            log.exception("background search index build failed")
            self.last_error = f"{type(error).__name__}: {error}"

    def wait(self, timeout: float | None = None) -> None:
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

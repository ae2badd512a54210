"""Request rate limits of the APIs, per token and per client address (pure, in memory).

A fixed one-minute window per key, as the login throttle counts failures per window
(:mod:`enlace.accounts.throttling`), but kept in the process: API calls are far too
frequent to write a row each. With several worker processes each counts its own share,
so the documented limit is per process (docs/api.md); a proxy in front is the place
for a global one. Keys are ``token:<id>`` and ``address:<ip>``.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field

WINDOW_SECONDS = 60.0
#: Windows kept before old keys are dropped (bounds memory under many addresses).
_MAX_KEYS = 100_000


@dataclass
class RateLimiter:
    """Counts requests per key and window; :meth:`hit` says how long to wait, if at all."""

    window: float = WINDOW_SECONDS
    _counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # key -> (window, n)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, key: str, limit: int, now: float) -> int | None:
        """Count one request; None when allowed, else the seconds until the next window."""
        if limit <= 0:
            return None
        current = int(now // self.window)
        with self._lock:
            window, count = self._counts.get(key, (current, 0))
            if window != current:
                count = 0
            if count >= limit:
                return max(1, math.ceil((current + 1) * self.window - now))
            if len(self._counts) >= _MAX_KEYS:
                self._forget_before(current)
            self._counts[key] = (current, count + 1)
            return None

    def _forget_before(self, current: int) -> None:
        for key in [k for k, (w, _) in self._counts.items() if w < current]:
            del self._counts[key]
        if len(self._counts) >= _MAX_KEYS:
            self._counts.clear()

"""The API rate limiter: a fixed window per key, Retry-After until the next window."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from enlace.accounts.ratelimit import RateLimiter


def test_over_the_limit_waits_for_the_next_window() -> None:
    limiter = RateLimiter(window=60)
    assert [limiter.hit("k", 3, 120.0 + i) for i in range(3)] == [None, None, None]
    assert limiter.hit("k", 3, 130.0) == 50
    assert limiter.hit("other", 3, 130.0) is None  # keys are counted apart
    assert limiter.hit("k", 3, 180.0) is None  # a new window


def test_zero_means_no_limit() -> None:
    limiter = RateLimiter()
    assert all(limiter.hit("k", 0, 1.0) is None for _ in range(1000))


@given(limit=st.integers(1, 50), calls=st.integers(0, 120), start=st.floats(0, 1e9))
def test_exactly_limit_calls_pass_within_a_window(limit: int, calls: int, start: float) -> None:
    limiter = RateLimiter(window=60)
    window_start = (start // 60) * 60
    passed = [limiter.hit("k", limit, window_start + 1e-3 * i) for i in range(calls)]
    assert sum(p is None for p in passed) == min(limit, calls)
    assert all(p is not None and 1 <= p <= 60 for p in passed[limit:])

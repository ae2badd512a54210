"""Warnings past the first thousand are spooled to disk and still read like a list."""

from __future__ import annotations

import pytest

from enlace.exchange.hsds import notes
from enlace.exchange.hsds.notes import Notes


@pytest.mark.parametrize("count", [0, 3, 10, 25])
def test_notes_read_like_the_list_they_hold(monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    monkeypatch.setattr(notes, "IN_MEMORY", 10)
    items = [f"warning {n}: «ñ»\nsecond line" for n in range(count)]
    kept = Notes(items[: count // 2])
    kept += items[count // 2 :]
    assert len(kept) == count
    assert list(kept) == items
    assert kept == items
    assert kept[:5] == items[:5]
    if count:
        assert kept[-1] == items[-1]
        assert kept[count // 2] == items[count // 2]
    kept.append("one more")  # writing after reading goes to the end
    assert list(kept)[-1] == "one more"
    assert len(list(kept)) == count + 1
    assert (kept.spool is not None) == (count + 1 > 10)

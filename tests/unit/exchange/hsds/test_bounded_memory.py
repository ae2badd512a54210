"""The HSDS import holds a batch, not the export: counted, not timed.

With batches of 40 records, an export of 480 services (about 3,000 rows to write) is
imported while counting, at every batch written, the plain offers alive in the process
and the rows the session holds at each flush. Both stay within a bound set by the batch size; an
import that built or kept the whole graph would pass it several times over.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest
from bench.hsds_messy import write_export
from sqlalchemy import event
from sqlmodel import Session

from enlace.exchange.hsds import importer, staging
from enlace.exchange.hsds.importer import import_dataset
from enlace.exchange.records import OfferRecord, RecordSet

SERVICES = 480
BATCH = 40


def _alive(kind: type[Any]) -> int:
    return sum(1 for obj in gc.get_objects() if isinstance(obj, kind))


@pytest.fixture
def backend() -> str:
    """Counting is the same on every backend: once, on SQLite."""
    return "sqlite"


def test_the_import_holds_one_batch_at_a_time(
    db_session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = write_export(tmp_path, SERVICES)
    monkeypatch.setattr(staging, "CHUNK", BATCH)
    monkeypatch.setattr(importer, "BATCH", BATCH)
    write = importer.write_records
    seen: dict[str, list[int]] = {"offers": [], "alive": [], "session": []}
    writing: list[bool] = []

    def counting(session: Session, batch: RecordSet, *args: Any) -> None:
        seen["offers"].append(len(batch.offers))
        seen["alive"].append(_alive(OfferRecord))
        writing.append(True)
        write(session, batch, *args)
        writing.clear()

    def flushing(session: Session, *_: Any) -> None:
        if writing:  # not the reference tables loaded first
            seen["session"].append(len(session.new) + len(session.identity_map))

    monkeypatch.setattr(importer, "write_records", counting)
    event.listen(db_session, "before_flush", flushing)
    report = import_dataset(db_session, tmp_path, skip_invalid=True)
    db_session.commit()

    written = SERVICES - facts.dangling
    assert report.stats.created["offer"] == written  # the whole export, in batches
    rows = sum(report.stats.created.values())
    assert rows > 2_500
    assert sum(seen["offers"]) == written
    assert max(seen["offers"]) <= BATCH
    assert max(seen["alive"]) <= 2 * BATCH  # this batch's offers (and at most the last one's)
    assert max(seen["session"]) <= 8 * BATCH < rows / 5  # a batch's rows, never the export's

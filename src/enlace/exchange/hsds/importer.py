"""Import an HSDS 3.0 dataset into the catalogue in one transaction.

The steps are ordered so that nothing is written unless everything is right: the files
are read and checked first, then (after making sure the reference tables exist) the
records are built and cross-checked, duplicates and slugs are settled, and only then
is the graph written with :func:`upsert`, which touches only what differs. On a problem
the session is rolled back and :class:`CatalogueDataError` lists every problem; a dry
run does all the work and rolls back, so its counts are what a real run would do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from sqlalchemy.exc import DataError, IntegrityError
from sqlmodel import Session, SQLModel

from enlace.catalogue.errors import CatalogueDataError, Problem
from enlace.catalogue.reference import load_reference
from enlace.catalogue.sync import SyncStats
from enlace.catalogue.vocab import LANGUAGES
from enlace.exchange.builder import total, write_records
from enlace.exchange.hsds.builder import Builder
from enlace.exchange.hsds.context import read_existing, read_vocabulary
from enlace.exchange.hsds.reader import read_dataset
from enlace.exchange.hsds.records import RawDataset, Skipped
from enlace.exchange.hsds.resolve import DUPLICATE_MODES, DuplicateFinding, Resolver
from enlace.exchange.hsds.skipping import skip_records
from enlace.paths import DIRECTORY_DATA_DIR

T = TypeVar("T", bound=SQLModel)
BATCH = 500  # records written between flushes
_COLUMNS = (
    SpinnerColumn(),
    TextColumn("{task.description}"),
    BarColumn(),
    MofNCompleteColumn(),
    TimeElapsedColumn(),
    TextColumn("left"),
    TimeRemainingColumn(),
)


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    stats: SyncStats
    read: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    duplicates: list[DuplicateFinding] = field(default_factory=list)
    dry_run: bool = False
    reference: SyncStats = field(default_factory=SyncStats)
    #: the HSDS version the data was written in (older versions are upgraded first)
    version: str = "3.0"
    #: unambiguous repairs made while reading, per kind
    repairs: Counter[str] = field(default_factory=Counter)
    #: records left out by ``skip_invalid``, with why
    skipped: list[Skipped] = field(default_factory=list)


class _Tracker:
    """Advances a rich progress bar as records are written, when one was asked for, and
    flushes every batch, letting go of the written rows so memory stays flat."""

    def __init__(self, session: Session, progress: Progress | None, total: int) -> None:
        self.session = session
        self.progress = progress
        self.task = progress.add_task("Importing", total=total) if progress is not None else None
        self.written = 0

    def each(self, records: Iterable[T]) -> Iterator[T]:
        """Yield records, advancing the bar after each is written."""
        for record in records:
            yield record
            self.written += 1
            if self.written % BATCH == 0:
                self.session.flush()
                self.session.expunge_all()  # written in the transaction; not needed again
            if self.progress is not None and self.task is not None:
                self.progress.advance(self.task)


def import_dataset(
    session: Session,
    source: Path | RawDataset,
    *,
    language: str = "es",
    duplicates: str = "report",
    dry_run: bool = False,
    progress: bool = False,
    data_dir: Path = DIRECTORY_DATA_DIR,
    skip_invalid: bool = False,
) -> ImportReport:
    """Read (unless given a read dataset), check and write an HSDS dataset; the caller commits.

    ``language`` is the language of the standard text fields; ``duplicates`` is
    ``report``, ``merge`` or ``skip``. Raises :class:`CatalogueDataError` (after rolling
    the session back) when anything in the input is wrong, unless ``skip_invalid``: then
    invalid records and what depends on them are left out (``report.skipped``) and the
    rest is written, still in the one transaction.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}")
    if duplicates not in DUPLICATE_MODES:
        raise ValueError(f"duplicates must be one of {DUPLICATE_MODES}")
    raw = source if isinstance(source, RawDataset) else read_dataset(source, lenient=skip_invalid)
    if skip_invalid:
        skip_records(raw, {})
    report = ImportReport(
        stats=SyncStats(),
        read=raw.counts(),
        dry_run=dry_run,
        warnings=list(raw.warnings),
        version=raw.version,
        repairs=raw.repairs,
    )
    try:
        report.reference = load_reference(session, data_dir)
        existing = read_existing(session)
        vocabulary = read_vocabulary(session, data_dir)
        while True:
            builder = Builder(raw, existing, vocabulary, language)
            graph = builder.build()
            if not builder.problems:
                resolver = Resolver(session, graph, existing, duplicates)
                report.duplicates = resolver.duplicates()
                resolver.slugs()
                builder.check_lengths(graph)
            if not builder.problems:
                break
            if not skip_invalid:
                raise CatalogueDataError(builder.problems)
            left = sum(raw.counts().values())
            skip_records(raw, builder.bad)  # then build again from what is left
            if sum(raw.counts().values()) == left:
                raise CatalogueDataError(builder.problems)
        report.skipped = raw.skipped
        report.warnings += builder.warnings + resolver.warnings
        bar: AbstractContextManager[Progress | None] = (
            Progress(*_COLUMNS, transient=True) if progress else nullcontext()
        )
        with bar as shown:
            write_records(session, graph, report.stats, _Tracker(session, shown, total(graph)).each)
    except CatalogueDataError:
        session.rollback()
        raise
    except (IntegrityError, DataError) as exc:
        session.rollback()
        message = f"the database refused the import: {str(exc.orig).strip().splitlines()[0]}"
        raise CatalogueDataError([Problem(_name(source), None, None, message)]) from exc
    if dry_run:
        session.rollback()
    return report


def _name(source: Path | RawDataset) -> str:
    """The source as problems name it."""
    return str(source) if isinstance(source, Path) else "(dataset)"

"""Import an HSDS 3.0 dataset into the catalogue in one transaction.

The steps are ordered so that nothing is kept unless everything is right: the files are
read, checked and staged on disk first, then (after making sure the reference tables
exist) the records are built and cross-checked a batch at a time, duplicates and slugs
are settled, and each batch is written with :func:`upsert`, which touches only what
differs, then flushed and let go. On a problem the session is rolled back and
:class:`CatalogueDataError` lists every problem; a dry run does all the work and rolls
back, so its counts are what a real run would do.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
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
from enlace.exchange.builder import write_records
from enlace.exchange.hsds.builder import Builder
from enlace.exchange.hsds.context import Existing, Vocabulary, read_existing, read_vocabulary
from enlace.exchange.hsds.notes import Notes
from enlace.exchange.hsds.reader import read_dataset
from enlace.exchange.hsds.records import RawDataset, Skipped
from enlace.exchange.hsds.resolve import DUPLICATE_MODES, DuplicateFinding, Resolver
from enlace.exchange.hsds.skipping import skip_records
from enlace.exchange.records import RecordSet
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
    warnings: Notes = field(default_factory=Notes)  # the first thousand in memory
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

    def __init__(self, session: Session, progress: Progress | None) -> None:
        self.session = session
        self.progress = progress
        self.task = progress.add_task("Importing", total=None) if progress is not None else None
        self.written = 0

    def start(self, total: int) -> None:
        """The bar's length, known once the pass has placed every record."""
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, total=total)

    def each(self, records: Iterable[T]) -> Iterator[T]:
        """Yield records, advancing the bar after each is written."""
        for record in records:
            yield record
            self.written += 1
            if self.written % BATCH == 0:
                self.release()
            if self.progress is not None and self.task is not None:
                self.progress.advance(self.task)

    def release(self) -> None:
        """Flush what was written and let go of it (written in the transaction; not
        needed again)."""
        self.session.flush()
        self.session.expunge_all()


@dataclass
class _Pass:
    """What one build pass over the staged dataset found."""

    builder: Builder
    resolver: Resolver


def _build_pass(
    session: Session,
    raw: RawDataset,
    context: tuple[Existing, Vocabulary, str, str],
    write: Callable[[RecordSet], None] | None,
    start: Callable[[int], None] = lambda total: None,
) -> _Pass:
    """Build every batch, resolve it and check it; ``write`` each while nothing is wrong.

    A pass that writes settles duplicates, slugs and lengths only while it has found no
    problem (the import is refused or started again anyway); a pass that only checks
    settles them always, so that one pass finds every problem it can.
    """
    existing, vocabulary, language, duplicates = context
    builder = Builder(raw, existing, vocabulary, language)
    resolver = Resolver(session, existing, duplicates, raw.staging)
    builder.prepare()
    start(builder.total())
    for batch in builder.batches():
        if write is None or not builder.problems:
            resolver.resolve(batch)
            builder.check_lengths(batch)
        if write is not None and not builder.problems:
            write(batch)
    return _Pass(builder, resolver)


def _skip(raw: RawDataset, found: _Pass) -> None:
    """Leave out what a pass found invalid; refuse when that leaves nothing new out."""
    left = sum(raw.counts().values())
    skip_records(raw, found.builder.bad)
    if sum(raw.counts().values()) == left:
        raise CatalogueDataError(found.builder.problems)


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

    Memory stays bounded: the records are staged on disk (:mod:`.staging`) and built,
    written, flushed and let go a batch at a time. One pass writes while it finds
    nothing wrong and only checks after a problem (the session is then rolled back).
    With ``skip_invalid`` a pass that only checks comes first and what it finds invalid
    is left out; in the rare case that leaving it out makes other records invalid, the
    writing pass finds them, the session is rolled back and the import starts again
    without them.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}")
    if duplicates not in DUPLICATE_MODES:
        raise ValueError(f"duplicates must be one of {DUPLICATE_MODES}")
    raw = source if isinstance(source, RawDataset) else read_dataset(source, lenient=skip_invalid)
    try:
        return _import(
            session,
            raw,
            language,
            duplicates,
            dry_run,
            progress,
            data_dir,
            skip_invalid,
            _name(source),
        )
    finally:
        if raw is not source:
            raw.close()


def _import(
    session: Session,
    raw: RawDataset,
    language: str,
    duplicates: str,
    dry_run: bool,
    progress: bool,
    data_dir: Path,
    skip_invalid: bool,
    name: str,
) -> ImportReport:
    if skip_invalid:
        skip_records(raw, {})
    report = ImportReport(
        stats=SyncStats(),
        read=raw.counts(),
        dry_run=dry_run,
        warnings=Notes(raw.warnings),
        version=raw.version,
        repairs=raw.repairs,
    )
    try:
        report.reference = load_reference(session, data_dir)
        context = (read_existing(session), read_vocabulary(session, data_dir), language, duplicates)
        if skip_invalid:
            checked = _build_pass(session, raw, context, None)
            if checked.builder.problems:
                _skip(raw, checked)
        while True:
            done = _write_pass(session, raw, context, report.stats, progress)
            if not done.builder.problems:
                break
            if not skip_invalid:
                raise CatalogueDataError(done.builder.problems)
            # leaving records out made others invalid (rare): start again without them
            session.rollback()
            _skip(raw, done)
            report.stats = SyncStats()
            report.reference = load_reference(session, data_dir)
            context = (read_existing(session), read_vocabulary(session, data_dir), *context[2:])
        report.skipped = raw.skipped
        report.duplicates = done.resolver.findings
        report.warnings += done.builder.warnings
        report.warnings += done.resolver.warnings
    except CatalogueDataError:
        session.rollback()
        raise
    except (IntegrityError, DataError) as exc:
        session.rollback()
        message = f"the database refused the import: {str(exc.orig).strip().splitlines()[0]}"
        raise CatalogueDataError([Problem(name, None, None, message)]) from exc
    if dry_run:
        session.rollback()
    return report


def _write_pass(
    session: Session,
    raw: RawDataset,
    context: tuple[Existing, Vocabulary, str, str],
    stats: SyncStats,
    progress: bool,
) -> _Pass:
    """Build, check and write every batch, flushing and letting go of each."""
    bar: AbstractContextManager[Progress | None] = (
        Progress(*_COLUMNS, transient=True) if progress else nullcontext()
    )
    with bar as shown:
        tracker = _Tracker(session, shown)

        def write(batch: RecordSet) -> None:
            write_records(session, batch, stats, tracker.each)
            tracker.release()

        return _build_pass(session, raw, context, write, tracker.start)


def _name(source: Path | RawDataset) -> str:
    """The source as problems name it."""
    return str(source) if isinstance(source, Path) else "(dataset)"

"""``enlace export-hsds`` and ``enlace import-hsds``: the HSDS exchange from the shell.

Both print a summary table; an import that finds problems prints every one of them and
exits with status 1 having written nothing.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from rich.console import Console
from rich.table import Table

from enlace.catalogue.errors import CatalogueDataError
from enlace.catalogue.vocab import LANGUAGES
from enlace.db import get_database
from enlace.exchange.hsds.export import export_dataset
from enlace.exchange.hsds.importer import ImportReport, import_dataset
from enlace.exchange.hsds.output import write_json, write_tabular, zip_files
from enlace.exchange.hsds.resolve import DUPLICATE_MODES
from enlace.exchange.hsds.schema import HsdsValidator, SchemaUnavailableError
from enlace.exchange.hsds.serialise import Dataset
from enlace.exchange.hsds.skipping import problem_rows, write_report

console = Console()
err_console = Console(stderr=True)
_WARNINGS_SHOWN = 50
_TOP = ("agency", "offer", "location", "agreement")  # listed first; what they own follows


def _write(dataset: Dataset, directory: Path, form: str, zipped: bool) -> Path:
    """Write one form into ``directory/<form>/``, or zipped as ``enlace-hsds-<form>.zip``."""
    writer = write_json if form == "json" else write_tabular
    if not zipped:
        target = directory / form
        writer(dataset, target)
        return target
    with tempfile.TemporaryDirectory() as scratch:
        return zip_files(writer(dataset, Path(scratch)), directory / f"enlace-hsds-{form}.zip")


@click.command("export-hsds")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--format",
    "form",
    type=click.Choice(["json", "csv", "both"]),
    default="both",
    show_default=True,
    help="JSON files, the CSV data package, or both (into DIRECTORY/json and DIRECTORY/csv).",
)
@click.option(
    "--zip", "zipped", is_flag=True, help="Write enlace-hsds-<format>.zip instead of folders."
)
@click.option(
    "--validate", is_flag=True, help="Check every record against the HSDS 3.0 schemas first."
)
@with_appcontext
def export_hsds_command(directory: Path, form: str, zipped: bool, validate: bool) -> None:
    """Export the whole catalogue as HSDS 3.0 with the Enlace profile."""
    with get_database(current_app).session() as session:
        dataset = export_dataset(session)
    if validate:
        try:
            problems = HsdsValidator().validate(dataset)
        except SchemaUnavailableError as exc:
            err_console.print(f"[red]Cannot validate:[/red] {exc}")
            sys.exit(2)
        if problems:
            for problem in problems:
                err_console.print(f"  - {problem}", markup=False)
            err_console.print(
                f"[red]{len(problems)} record(s) break the HSDS schemas; nothing written.[/red]"
            )
            sys.exit(1)
    written = [
        _write(dataset, directory, f, zipped)
        for f in (["json", "csv"] if form == "both" else [form])
    ]
    table = Table(title="HSDS export")
    table.add_column("table")
    table.add_column("records", justify="right")
    for key, records in dataset.items():
        if records:
            table.add_row(key, str(len(records)))
    console.print(table)
    note = " (validated against HSDS 3.0)" if validate else ""
    console.print(f"Written{note}: {', '.join(str(path) for path in written)}")


def _print_report(report: ImportReport, all_warnings: bool = False) -> None:
    """Counts per table, probable duplicates and warnings, as rich tables."""
    stats = report.stats
    table = Table(
        title="HSDS import (dry run: nothing written)" if report.dry_run else "HSDS import"
    )
    table.add_column("table")
    for column in ("read", "created", "updated", "deleted", "unchanged"):
        table.add_column(column, justify="right")
    names = sorted(
        set(stats.created) | set(stats.updated) | set(stats.deleted) | set(stats.unchanged),
        key=lambda name: (name not in _TOP, name),
    )
    read = {
        "agency": "organizations",
        "offer": "services",
        "location": "locations",
        "agreement": "enlace_agreements",
        "offer_location": "service_at_locations",
        "offer_area": "service_areas",
        "schedule": "schedules",
        "phone": "phones",
        "contact": "contacts",
        "required_document": "required_documents",
    }
    for name in names:
        table.add_row(
            name,
            str(report.read.get(read.get(name, ""), "")),
            str(stats.created.get(name, 0)),
            str(stats.updated.get(name, 0)),
            str(stats.deleted.get(name, 0)),
            str(stats.unchanged.get(name, 0)),
        )
    console.print(table)
    if report.duplicates:
        pairs = Table(title="Probable duplicates")
        for column in ("kind", "incoming", "existing", "score", "action"):
            pairs.add_column(column)
        for found in report.duplicates:
            pairs.add_row(
                found.kind,
                f"{found.incoming_name} ({found.incoming_id})",
                f"{found.existing_name} ({found.existing_id})",
                f"{found.score:.0f}",
                found.action,
            )
        console.print(pairs)
    console.print(f"HSDS version: {report.version}", highlight=False)
    if report.repairs:
        repairs = Table(title="Values repaired (unambiguous; each one is a warning)")
        repairs.add_column("kind")
        repairs.add_column("records", justify="right")
        for kind, count in sorted(report.repairs.items()):
            repairs.add_row(kind, str(count))
        console.print(repairs)
    if report.skipped:
        records = {(item.table, item.record_id, item.row) for item in report.skipped}
        console.print(
            f"[yellow]{len(records)} invalid record(s) skipped[/yellow] "
            f"({len(report.skipped)} problem(s))",
            highlight=False,
        )
    shown = report.warnings if all_warnings else report.warnings[:_WARNINGS_SHOWN]
    for warning in shown:
        console.print(f"[yellow]warning:[/yellow] {warning}", highlight=False)
    if len(report.warnings) > len(shown):
        console.print(
            f"... and {len(report.warnings) - len(shown)} more warning(s)"
            " (--all-warnings shows every one)",
            highlight=False,
        )


@click.command("import-hsds")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and count what would change, then roll back.")
@click.option(
    "--duplicates",
    type=click.Choice(DUPLICATE_MODES),
    default="report",
    show_default=True,
    help="Probable duplicates of existing agencies and offers: list, merge onto existing, or skip.",
)
@click.option(
    "--language",
    type=click.Choice(LANGUAGES),
    default="es",
    show_default=True,
    help="Language of the standard HSDS text fields.",
)
@click.option("--no-progress", is_flag=True, help="Do not show a progress bar.")
@click.option("--all-warnings", is_flag=True, help="Print every warning, not the first 50.")
@click.option(
    "--skip-invalid",
    is_flag=True,
    help="Import every valid record; skip invalid ones and what depends on them.",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write every skipped record and why (file, record id, field, problem): .csv or .json.",
)
@with_appcontext
def import_hsds_command(
    path: Path,
    dry_run: bool,
    duplicates: str,
    language: str,
    no_progress: bool,
    all_warnings: bool,
    skip_invalid: bool,
    report_path: Path | None,
) -> None:
    """Import HSDS 3.0 (or upgrade 1.x/2.x) from a folder, zip or JSON file, in one transaction."""
    with get_database(current_app).session() as session:
        try:
            report = import_dataset(
                session,
                path,
                language=language,
                duplicates=duplicates,
                dry_run=dry_run,
                progress=not no_progress and console.is_terminal,
                skip_invalid=skip_invalid,
            )
        except CatalogueDataError as exc:
            session.rollback()
            for problem in exc.problems:
                err_console.print(f"  - {problem}", markup=False, highlight=False)
            if report_path is not None:
                write_report(problem_rows(exc.problems), report_path)
            err_console.print(f"[red]{len(exc.problems)} problem(s); nothing was imported.[/red]")
            if not skip_invalid:
                err_console.print("--skip-invalid imports the valid records and skips the rest.")
            sys.exit(1)
        if not dry_run:
            session.commit()
    if report_path is not None:
        write_report(report.skipped, report_path)
        console.print(f"Skip report: {report_path} ({len(report.skipped)} line(s))")
    _print_report(report, all_warnings)


__all__ = ["export_hsds_command", "import_hsds_command"]

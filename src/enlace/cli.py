"""The ``enlace`` command: set up the database, load and exchange the catalogue.

It is Flask's CLI group bound to :func:`enlace.create_app`, so ``enlace run`` and
``enlace shell`` work too, without ``--app``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from rich.console import Console
from rich.table import Table
from sqlalchemy.engine import Engine

from enlace import create_app
from enlace.catalogue.errors import CatalogueDataError
from enlace.catalogue.shipped import load_shipped
from enlace.catalogue.stats import catalogue_counts
from enlace.catalogue.sync import SyncStats
from enlace.database import schema_status, upgrade
from enlace.db import get_database
from enlace.paths import DIRECTORY_DATA_DIR

console = Console(stderr=False)
err_console = Console(stderr=True)


@click.group(cls=FlaskGroup, create_app=create_app, add_version_option=True)
def main() -> None:
    """Enlace: service directory and needs matching for social integration.

    Configuration comes from ENLACE_* environment variables (ENLACE_DATABASE_URL,
    ENLACE_INDEX_DIR, ENLACE_INSTANCE_PATH, ENLACE_SECRET_KEY) and the instance
    folder's enlace.cfg.
    """


def _engine() -> Engine:
    engine = get_database(current_app).engine
    assert engine is not None
    return engine


def _print_stats(stats: SyncStats, title: str) -> None:
    table = Table(title=title)
    table.add_column("table")
    for column in ("created", "updated", "deleted", "unchanged"):
        table.add_column(column, justify="right")
    names = sorted(
        set(stats.created) | set(stats.updated) | set(stats.deleted) | set(stats.unchanged)
    )
    for name in names:
        table.add_row(
            name,
            str(stats.created.get(name, 0)),
            str(stats.updated.get(name, 0)),
            str(stats.deleted.get(name, 0)),
            str(stats.unchanged.get(name, 0)),
        )
    console.print(table)


@main.command("init")
@with_appcontext
def init_command() -> None:
    """Create the database schema, or upgrade it to the newest migration."""
    engine = _engine()
    before, head = schema_status(engine)
    upgrade(engine)
    if before == head:
        console.print(f"Database schema is up to date (revision {head}).")
    else:
        console.print(f"Database schema upgraded from {before or 'empty'} to {head}.")


@main.command("load")
@click.option(
    "--data-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Catalogue folder in the authoring format (default: the shipped directory_data).",
)
@click.option("--prune", is_flag=True, help="Delete demo records no longer present in the files.")
@click.option("--quiet", is_flag=True, help="Print one summary line instead of a table.")
@with_appcontext
def load_command(data_dir: Path | None, prune: bool, quiet: bool) -> None:
    """Load the shipped demo catalogue (idempotent: a second run changes nothing).

    Creates or upgrades the schema first. The load is one transaction: on any problem
    nothing is written and every problem is listed with its file, record and field.
    """
    engine = _engine()
    upgrade(engine)
    database = get_database(current_app)
    with console.status("Loading the catalogue..."), database.session() as session:
        try:
            stats = load_shipped(session, data_dir or DIRECTORY_DATA_DIR, prune=prune)
        except CatalogueDataError as exc:
            session.rollback()
            err_console.print(f"[red]Nothing was loaded.[/red] {exc}")
            sys.exit(1)
        session.commit()
        counts = catalogue_counts(session)
    if not quiet:
        _print_stats(stats, "Catalogue load")
    change = "changed" if stats.changed else "unchanged (already up to date)"
    console.print(
        f"Catalogue {change}: {counts.offers} offers, {counts.agencies} agencies "
        f"({counts.treatment_centres} treatment centres), {counts.agreements} agreements; "
        f"revision {counts.revision}."
    )


@main.command("status")
@with_appcontext
def status_command() -> None:
    """Show the schema version, catalogue revision and catalogue counts."""
    engine = _engine()
    current, head = schema_status(engine)
    console.print(f"Database: {engine.url.render_as_string(hide_password=True)}")
    console.print(f"Schema revision: {current or 'none'} (newest: {head})")
    if current is None:
        console.print("Run `enlace init` or `enlace load` first.")
        return
    with get_database(current_app).session() as session:
        counts = catalogue_counts(session)
    table = Table(
        title=f"Catalogue (revision {counts.revision}{', demo' if counts.is_demo else ''})"
    )
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, value in (
        ("offers", counts.offers),
        ("active offers", counts.active_offers),
        ("agencies", counts.agencies),
        ("treatment centres", counts.treatment_centres),
        ("locations", counts.locations),
        ("agreements", counts.agreements),
        ("regions", counts.regions),
        ("communes", counts.communes),
    ):
        table.add_row(label, str(value))
    console.print(table)

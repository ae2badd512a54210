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
from enlace.casework.commands import purge_command
from enlace.catalogue.errors import CatalogueDataError
from enlace.catalogue.sync import SyncStats
from enlace.database import schema_status, upgrade
from enlace.db import get_database
from enlace.exchange.authoring import load_shipped
from enlace.exchange.hsds.commands import export_hsds_command, import_hsds_command
from enlace.network.commands import network_group
from enlace.network.stats import directory_counts
from enlace.outbox.commands import outbox_group
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


main.add_command(export_hsds_command)
main.add_command(import_hsds_command)
main.add_command(network_group)
main.add_command(purge_command)
main.add_command(outbox_group)


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
        counts = directory_counts(session)
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
    """Show the schema version, catalogue revision, catalogue counts and the search
    index's state (its revision, whether it is stale, whether a rebuild is running)."""
    engine = _engine()
    current, head = schema_status(engine)
    console.print(f"Database: {engine.url.render_as_string(hide_password=True)}")
    console.print(f"Schema revision: {current or 'none'} (newest: {head})")
    if current is None:
        console.print("Run `enlace init` or `enlace load` first.")
        return
    with get_database(current_app).session() as session:
        counts = directory_counts(session)
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
    _print_index_status()


def _print_index_status() -> None:
    """The search index against the database: revision, stale, rebuilding."""
    from enlace.search import get_index

    index = get_index(current_app)
    with get_database(current_app).session() as session:
        status = index.status(session)
    if status.folder is None:
        console.print(f"Search index: none yet in {index.root} (`enlace reindex` builds it).")
    else:
        console.print(
            f"Search index: revision {status.revision} of {status.catalogue_revision} "
            f"({status.folder} in {index.root})"
        )
    console.print(f"Search index stale: {'yes' if status.stale else 'no'}")
    console.print(f"Search index rebuild running: {'yes' if status.rebuilding else 'no'}")
    if status.last_error:
        console.print(f"Last background build failed: {status.last_error}")


# --- Accounts -------------------------------------------------------------------------
# Imports live in the commands: the accounts services are only loaded when used.


def _require_accounts_schema() -> None:
    from sqlalchemy import inspect

    if not inspect(_engine()).has_table("user_account"):
        err_console.print("[red]The database has no accounts yet:[/red] run `enlace init` first.")
        sys.exit(1)


@main.command("create-user")
@click.option("--email", prompt="E-mail", help="The sign-in e-mail address.")
@click.option("--name", "display_name", prompt="Name", help="The name shown in the app.")
@click.option(
    "--role",
    type=click.Choice(["admin", "coordinator", "staff"]),
    default="admin",
    show_default=True,
)
@click.option("--centre", default=None, help="Treatment centre slug (staff accounts).")
@click.option(
    "--region",
    default="national",
    show_default=True,
    help="Region code, or national (coordinator accounts).",
)
@with_appcontext
def create_user_command(
    email: str, display_name: str, role: str, centre: str | None, region: str
) -> None:
    """Create an account, e.g. the first administrator.

    Asks for the password twice and never echoes it; the password must follow the same
    rules as in the app (length, not a common password).
    """
    from flask_babel import force_locale

    from enlace.accounts.audit import COMMAND_LINE
    from enlace.accounts.errors import AccountError
    from enlace.accounts.service import UserFields, create_user
    from enlace.catalogue.read import agency_by_slug

    _require_accounts_schema()
    password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with get_database(current_app).session() as session:
        agency = agency_by_slug(session, centre) if centre else None
        if centre and agency is None:
            err_console.print(f"[red]No agency with the slug {centre!r}.[/red]")
            sys.exit(1)
        fields = UserFields(
            email=email,
            display_name=display_name,
            role=role,
            agency_id=agency.id if agency else None,
            region_code=region,
        )
        try:
            user = create_user(
                session,
                fields,
                None,
                COMMAND_LINE,
                password=password,
                min_length=int(current_app.config["PASSWORD_MIN_LENGTH"]),
                actor_label="enlace create-user",
            )
        except AccountError as exc:
            session.rollback()
            with force_locale("en"):
                message = str(exc.message)
            err_console.print(f"[red]No account was created.[/red] {message}")
            sys.exit(1)
        session.commit()
        console.print(f"Created {user.role} account {user.email} (id {user.id}).")


@main.command("demo-accounts")
@with_appcontext
def demo_accounts_command() -> None:
    """Create the demo accounts (one per role) with fresh passwords, and print them; and,
    once, generated demo casework at the demo treatment centres (for the dashboard).

    Only with ENLACE_DEMO_ACCOUNTS=1 and the demo catalogue loaded (`make run` does
    both); the accounts cannot sign in while DEMO_ACCOUNTS is off.
    """
    from enlace.accounts.demo import DemoAccountsRefusedError, ensure_demo_accounts
    from enlace.casework.demo import ensure_demo_casework

    _require_accounts_schema()
    with get_database(current_app).session() as session:
        try:
            accounts = ensure_demo_accounts(
                session, enabled=bool(current_app.config["DEMO_ACCOUNTS"])
            )
        except DemoAccountsRefusedError as exc:
            err_console.print(f"[red]No demo accounts:[/red] {exc}.")
            sys.exit(1)
        session.commit()
        # The same switch makes the demo casework the evaluation dashboard shows (once).
        casework = ensure_demo_casework(session, enabled=True)
        session.commit()
    if casework.created:
        click.echo(
            f"Demo casework: {casework.participants} participants, {casework.referrals} "
            "referrals at the demo treatment centres (file numbers DEMO-...)."
        )
    # Plain lines, not a table: e-mails and passwords must never be cut to fit a terminal.
    click.echo("Demo accounts (demo catalogue only; new passwords on every start):")
    for account in accounts:
        user = account.user
        click.echo(f"  {user.role:<12} {user.email:<34} {account.password}   ({account.scope})")


@main.command("reindex")
@click.option("--quiet", is_flag=True, help="Print one summary line, no progress bar.")
@with_appcontext
def reindex_command(quiet: bool) -> None:
    """Rebuild the search index from the database and swap it in atomically.

    Searches keep being answered from the old index until the new one is complete.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    from enlace.search import get_index

    index = get_index(current_app)
    with get_database(current_app).session() as session:
        if quiet:
            report = index.rebuild(session)
        else:
            columns = (
                "[progress.description]{task.description}",
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
            )
            with Progress(*columns, console=console) as progress:
                task = progress.add_task("Indexing offers", total=None)

                def advance(done: int, total: int) -> None:
                    progress.update(task, completed=done, total=total or None)

                report = index.rebuild(session, progress=advance)
    console.print(
        f"Search index rebuilt: {report.offers} offers, {report.agencies} agencies, "
        f"catalogue revision {report.revision}, {report.size_bytes / 1e6:.1f} MB "
        f"in {report.seconds:.1f} s ({report.path.name})."
    )

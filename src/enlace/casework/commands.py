"""``enlace purge --months N``: retention from the shell.

A dry run by default: it lists the participants inactive for N months and deletes
nothing. ``--yes`` deletes them, each with an audit entry, in one transaction.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from rich.console import Console
from rich.table import Table

from enlace.casework.privacy import purge
from enlace.db import get_database, open_session

console = Console()


@click.command("purge")
@click.option("--months", type=click.IntRange(min=1), required=True, help="Inactive this long.")
@click.option("--yes", "act", is_flag=True, help="Delete them (without it: only list them).")
@with_appcontext
def purge_command(months: int, act: bool) -> None:
    """Remove participants inactive for N months (dry run unless --yes)."""
    engine = get_database(current_app).engine
    assert engine is not None
    with open_session(engine) as session:
        found = purge(session, months, act=act)
        session.commit()
    if not found:
        console.print(f"No participant has been inactive for {months} months.")
        return
    table = Table(title=f"Participants inactive for {months} months")
    for column in ("code", "centre", "last activity"):
        table.add_column(column)
    for row in found:
        table.add_row(row.code, row.centre_id, row.last_activity_at.isoformat())
    console.print(table)
    if act:
        console.print(f"Deleted {len(found)} participant(s); the audit log records each.")
    else:
        console.print(f"Dry run: {len(found)} participant(s) would be deleted. Add --yes to act.")

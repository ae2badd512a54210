"""``enlace network ...``: the partner network from the shell.

``enlace network check`` lists every problem of the stored network in a table and exits
with status 1 on any, so a broken agreement or membership cannot ship unnoticed.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from rich.console import Console
from rich.table import Table

from enlace.db import get_database, open_session
from enlace.network import service

console = Console()


@click.group("network")
def network_group() -> None:
    """The partner network: agreements, memberships, coverage."""


@network_group.command("check")
@click.option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Check as of this date (YYYY-MM-DD); today by default.",
)
@with_appcontext
def check_command(on: datetime | None) -> None:
    """List problems: agreements active past their end, quota used over the quota,
    parties that are not agencies, offers not provided by a granting party, memberships
    of agencies that are not treatment centres."""
    engine = get_database(current_app).engine
    assert engine is not None
    today = on.date() if on is not None else date.today()
    with open_session(engine) as session:
        problems = service.check(session, today)
    if not problems:
        console.print(f"The partner network has no problems on {today.isoformat()}.")
        return
    table = Table(title=f"Partner network problems on {today.isoformat()}")
    for column in ("check", "record", "problem"):
        table.add_column(column)
    for problem in problems:
        table.add_row(problem.check, problem.record, problem.message)
    console.print(table)
    console.print(f"{len(problems)} problem(s).")
    sys.exit(1)


@network_group.command("export")
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format", "form", type=click.Choice(["graphml", "json", "coverage-csv"]), default="json"
)
@click.option("--region", default=None, help="Only this region (code), e.g. 13.")
@with_appcontext
def export_command(target: Path, form: str, region: str | None) -> None:
    """Write the network as GraphML or node-link JSON, or the coverage table as CSV."""
    engine = get_database(current_app).engine
    assert engine is not None
    with open_session(engine) as session:
        if form == "graphml":
            text = service.export_graphml(session, region=region)
        elif form == "json":
            text = service.export_node_link_json(session, region=region)
        else:
            text = service.coverage_csv(session, region=region)
    target.write_text(text, encoding="utf-8")
    console.print(f"Wrote {target}.")

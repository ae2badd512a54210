"""``enlace outbox send``: hand the outbox's due messages to the mail server;
``enlace outbox purge``: empty the bodies of messages sent more than N days ago.

Run them from cron, or ``send --loop`` as a small worker (``make run`` starts one in the
background, writing to the development mailbox when no ENLACE_SMTP_HOST is set); the loop
also empties old bodies once an hour.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from enlace.db import get_database, open_session
from enlace.outbox.retention import purge_bodies
from enlace.outbox.sender import SmtpSettings, send_due

#: How often the ``--loop`` worker empties old bodies.
PURGE_EVERY = timedelta(hours=1)


@click.group("outbox")
def outbox_group() -> None:
    """The e-mail outbox: messages waiting to be sent."""


@outbox_group.command("send")
@click.option("--loop", is_flag=True, help="Keep sending; check again every --interval seconds.")
@click.option("--interval", default=10, show_default=True, help="Seconds between rounds.")
@click.option("--quiet", is_flag=True, help="Print nothing when nothing was sent.")
@with_appcontext
def send_command(loop: bool, interval: int, quiet: bool) -> None:
    """Send every message that is due; failures wait longer before each retry."""
    engine = get_database(current_app).engine
    assert engine is not None
    settings = SmtpSettings.from_config(current_app.config, Path(current_app.instance_path))
    where = f"{settings.host}:{settings.port}" if settings.host else str(settings.mailbox_dir)
    keep_days = int(current_app.config["OUTBOX_KEEP_DAYS"])
    purged_at: datetime | None = None
    while True:
        now = datetime.now(UTC)
        with open_session(engine) as session:
            report = send_due(session, settings, now)
            if loop and (purged_at is None or now - purged_at >= PURGE_EVERY):
                emptied = purge_bodies(session, now, keep_days, act=True)
                session.commit()
                purged_at = now
                if emptied:
                    click.echo(
                        f"outbox: emptied {len(emptied)} message(s) older than {keep_days} days"
                    )
        if report.sent or report.retried or report.failed or not quiet:
            click.echo(
                f"outbox: {report.sent} sent, {report.retried} to retry, "
                f"{report.failed} given up ({where})"
            )
        if not loop:
            return
        time.sleep(max(1, interval))


@outbox_group.command("purge")
@click.option(
    "--days",
    type=click.IntRange(min=0),
    default=None,
    help="Keep bodies this many days after sending (default: ENLACE_OUTBOX_KEEP_DAYS, 30).",
)
@click.option("--yes", "act", is_flag=True, help="Empty them (without it: only list them).")
@with_appcontext
def purge_command(days: int | None, act: bool) -> None:
    """Empty the texts (one-time links) of messages sent N days ago (dry run unless --yes);
    the messages' rows and their attempts are kept."""
    keep_days = int(current_app.config["OUTBOX_KEEP_DAYS"]) if days is None else days
    engine = get_database(current_app).engine
    assert engine is not None
    with open_session(engine) as session:
        found = purge_bodies(session, datetime.now(UTC), keep_days, act=act)
        session.commit()
    if not found:
        click.echo(f"No message sent more than {keep_days} days ago still has its text.")
        return
    for row in found:
        click.echo(f"{row.id}\t{row.status}\t{row.purpose}\t{row.done_at.isoformat()}")
    if act:
        click.echo(f"Emptied the texts of {len(found)} message(s); their attempts are kept.")
    else:
        click.echo(f"Dry run: {len(found)} message(s) would be emptied. Add --yes to act.")

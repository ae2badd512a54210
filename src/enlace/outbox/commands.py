"""``enlace outbox send``: hand the outbox's due messages to the mail server.

Run it from cron, or with ``--loop`` as a small worker (``make run`` starts one in the
background, writing to the development mailbox when no ENLACE_SMTP_HOST is set).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from enlace.db import get_database, open_session
from enlace.outbox.sender import SmtpSettings, send_due


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
    while True:
        with open_session(engine) as session:
            report = send_due(session, settings, datetime.now(UTC))
        if report.sent or report.retried or report.failed or not quiet:
            click.echo(
                f"outbox: {report.sent} sent, {report.retried} to retry, "
                f"{report.failed} given up ({where})"
            )
        if not loop:
            return
        time.sleep(max(1, interval))

"""outbox: every e-mail Enlace sends, and each attempt to send it

Revision ID: 0014
Revises: 0013
Create Date: 2027-02-01 12:00:00

Messages are written in the same transaction as the change that causes them (an update
request, a report acknowledgement, later referral links and reminders) and sent by the
``enlace outbox send`` worker, retried with backoff; each attempt is recorded.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STR = sqlmodel.sql.sqltypes.AutoString
_TIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "outbox_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", _TIME(), nullable=False),
        sa.Column("recipient", _STR(length=254), nullable=False),
        sa.Column("language", _STR(length=2), nullable=False),
        sa.Column("subject", _STR(length=300), nullable=False),
        sa.Column("text_body", _STR(), nullable=False),
        sa.Column("html_body", _STR(), nullable=True),
        sa.Column("purpose", _STR(length=40), nullable=False),
        sa.Column("status", _STR(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", _TIME(), nullable=False),
        sa.Column("sent_at", _TIME(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_outbox_message_next_attempt_at"), "outbox_message", ["next_attempt_at"]
    )
    op.create_index(op.f("ix_outbox_message_status"), "outbox_message", ["status"])
    op.create_table(
        "outbox_attempt",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("at", _TIME(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("error", _STR(length=500), nullable=True),
        sa.ForeignKeyConstraint(["message_id"], ["outbox_message.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_outbox_attempt_message_id"), "outbox_attempt", ["message_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_outbox_attempt_message_id"), table_name="outbox_attempt")
    op.drop_table("outbox_attempt")
    op.drop_index(op.f("ix_outbox_message_status"), table_name="outbox_message")
    op.drop_index(op.f("ix_outbox_message_next_attempt_at"), table_name="outbox_message")
    op.drop_table("outbox_message")

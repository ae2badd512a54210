"""follow-up outcomes and frozen evaluation snapshots

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 00:30:00

The follow_up table (outcomes 3/6/12 months after a plan starts, hanging off its
participant) and evaluation_snapshot (a quarter's published tables, frozen as JSON).
The lead re-chains this after the other branches' migrations.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("due_months", sa.Integer(), nullable=False),
        sa.Column("work", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("studies", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("housing", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("schooling", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("in_group", sa.Boolean(), nullable=False),
        sa.Column("justice", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("participant_id", "due_months", name="uq_follow_up_participant_due"),
    )
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_follow_up_participant_id"), ["participant_id"], unique=False
        )
    op.create_table(
        "evaluation_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
        sa.Column("label", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("tables", sa.JSON(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("evaluation_snapshot", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_evaluation_snapshot_region_code"), ["region_code"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("evaluation_snapshot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evaluation_snapshot_region_code"))
    op.drop_table("evaluation_snapshot")
    with op.batch_alter_table("follow_up", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_follow_up_participant_id"))
    op.drop_table("follow_up")

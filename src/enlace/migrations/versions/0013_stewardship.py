"""stewardship: offer reach counter, provider update requests, problem reports

Revision ID: 0013
Revises: 0012
Create Date: 2027-02-01 11:00:00

The verification queue checks the most seen offers first (``offer_reach``: one number per
offer, nothing about who); providers propose changes through one-time links
(``update_request``, only the token's hash stored); visitors report problems with an
offer (``problem_report``, no personal data).
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STR = sqlmodel.sql.sqltypes.AutoString
_TIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "offer_reach",
        sa.Column("offer_id", _STR(length=36), nullable=False),
        sa.Column("views", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("offer_id"),
    )
    op.create_index("ix_offer_reach_views", "offer_reach", ["views", "offer_id"])
    op.create_table(
        "problem_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offer_id", _STR(length=36), nullable=False),
        sa.Column("reason", _STR(length=12), nullable=False),
        sa.Column("text", _STR(length=500), nullable=False),
        sa.Column("created_at", _TIME(), nullable=False),
        sa.Column("status", _STR(length=10), nullable=False),
        sa.Column("resolved_at", _TIME(), nullable=True),
        sa.Column("resolved_by", _STR(length=254), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_problem_report_offer_id"), "problem_report", ["offer_id"])
    op.create_index(op.f("ix_problem_report_status"), "problem_report", ["status"])
    op.create_table(
        "update_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", _STR(length=10), nullable=False),
        sa.Column("record_id", _STR(length=36), nullable=False),
        sa.Column("token_hash", _STR(length=64), nullable=False),
        sa.Column("email", _STR(length=254), nullable=False),
        sa.Column("language", _STR(length=2), nullable=False),
        sa.Column("created_by", _STR(length=254), nullable=False),
        sa.Column("created_at", _TIME(), nullable=False),
        sa.Column("expires_at", _TIME(), nullable=False),
        sa.Column("status", _STR(length=12), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("proposal", sa.JSON(), nullable=True),
        sa.Column("proposed_at", _TIME(), nullable=True),
        sa.Column("decided_at", _TIME(), nullable=True),
        sa.Column("decisions", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_index(op.f("ix_update_request_record_id"), "update_request", ["record_id"])
    op.create_index(op.f("ix_update_request_status"), "update_request", ["status"])


def downgrade() -> None:
    op.drop_index(op.f("ix_update_request_status"), table_name="update_request")
    op.drop_index(op.f("ix_update_request_record_id"), table_name="update_request")
    op.drop_table("update_request")
    op.drop_index(op.f("ix_problem_report_status"), table_name="problem_report")
    op.drop_index(op.f("ix_problem_report_offer_id"), table_name="problem_report")
    op.drop_table("problem_report")
    op.drop_index("ix_offer_reach_views", table_name="offer_reach")
    op.drop_table("offer_reach")

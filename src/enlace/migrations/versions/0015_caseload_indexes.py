"""caseload indexes: composite indexes for the caseload page's filtered joins; rate_window

Revision ID: 0015
Revises: 0014
Create Date: 2027-02-15 12:00:00

The caseload reads one case manager's participants (centre and case manager, by last
activity), their open referrals by status (sent date and follow-up date for "no answer"
and "follow-up due") and their open plan goals by target date. Each index matches one
of those filters, so a caseload costs a few index range scans whatever the table sizes.

``rate_window`` counts requests per key in fixed windows in the database, so a rate limit
(the receiving agency's link, per link and per address) holds across worker processes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


_STR = sqlmodel.sql.sqltypes.AutoString
_TIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "rate_window",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", _STR(length=100), nullable=False),
        sa.Column("window_start", _TIME(), nullable=False),
        sa.Column("hits", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key", name="uq_rate_window_key"),
    )
    op.create_index(op.f("ix_rate_window_window_start"), "rate_window", ["window_start"])
    op.create_index(
        "ix_participant_centre_manager_activity",
        "participant",
        ["centre_id", "case_manager_id", "last_activity_at"],
    )
    op.create_index(
        "ix_referral_participant_status_sent",
        "referral",
        ["participant_id", "status", "sent_at", "follow_up_on", "id"],
    )
    op.create_index(
        "ix_plan_goal_participant_status_target",
        "plan_goal",
        ["participant_id", "status", "target_date"],
    )


def downgrade() -> None:
    op.drop_index("ix_plan_goal_participant_status_target", table_name="plan_goal")
    op.drop_index("ix_referral_participant_status_sent", table_name="referral")
    op.drop_index("ix_participant_centre_manager_activity", table_name="participant")
    op.drop_index(op.f("ix_rate_window_window_start"), table_name="rate_window")
    op.drop_table("rate_window")

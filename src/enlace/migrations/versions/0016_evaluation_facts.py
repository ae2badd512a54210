"""evaluation facts: narrow rows per participant, referral, follow-up, need; monthly rollups

Revision ID: 0016
Revises: 0015
Create Date: 2027-03-01 12:00:00

The coordinators' dashboard groups these instead of joining the wide casework tables and
the referral events; casework's session hooks keep them in the same transaction as each
change (enlace.casework.facts). The casework already recorded is backfilled by
``enlace.database.upgrade`` once the schema is at head, not here: the facts code is written
against the newest models, which a later migration may change, so a migration must not
run it.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_STR = sqlmodel.sql.sqltypes.AutoString
_TIME = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "evaluation_person",
        sa.Column("participant_id", _STR(length=36), nullable=False),
        sa.Column("region_code", _STR(length=2), nullable=True),
        sa.Column("centre_id", _STR(length=36), nullable=False),
        sa.Column("first_assessed_at", _TIME(), nullable=True),
        sa.Column("latest_assessed_at", _TIME(), nullable=True),
        sa.Column("first_assessment_id", sa.Integer(), nullable=True),
        sa.Column("latest_assessment_id", sa.Integer(), nullable=True),
        sa.Column("planned", sa.Boolean(), nullable=False),
        sa.Column("reach", sa.Integer(), nullable=False),
        sa.Column("high_unmet", _STR(length=300), nullable=False),
        sa.Column("gender", _STR(length=40), nullable=True),
        sa.Column("year_of_birth", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("participant_id"),
    )
    op.create_index(
        "ix_evaluation_person_first",
        "evaluation_person",
        ["first_assessed_at", "region_code", "centre_id"],
    )
    op.create_index(
        "ix_evaluation_person_region",
        "evaluation_person",
        ["region_code", "first_assessed_at", "centre_id"],
    )
    op.create_table(
        "evaluation_need",
        sa.Column("participant_id", _STR(length=36), nullable=False),
        sa.Column("domain", _STR(length=40), nullable=False),
        sa.Column("region_code", _STR(length=2), nullable=True),
        sa.Column("centre_id", _STR(length=36), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("participant_id", "domain"),
    )
    op.create_index(
        "ix_evaluation_need_region", "evaluation_need", ["region_code", "domain", "centre_id"]
    )
    op.create_index(
        "ix_evaluation_person_latest",
        "evaluation_person",
        ["latest_assessed_at", "region_code", "centre_id"],
    )
    op.create_table(
        "evaluation_referral",
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", _STR(length=36), nullable=False),
        sa.Column("sent_at", _TIME(), nullable=False),
        sa.Column("region_code", _STR(length=2), nullable=True),
        sa.Column("centre_id", _STR(length=36), nullable=False),
        sa.Column("offer_id", _STR(length=36), nullable=False),
        sa.Column("agreement_id", _STR(length=36), nullable=True),
        sa.Column("status", _STR(length=14), nullable=False),
        sa.Column("reason_code", _STR(length=20), nullable=True),
        sa.Column("quota_counted", sa.Boolean(), nullable=False),
        sa.Column("days_to_answer", sa.Integer(), nullable=True),
        sa.Column("days_to_service", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("referral_id"),
    )
    op.create_index(
        op.f("ix_evaluation_referral_participant_id"), "evaluation_referral", ["participant_id"]
    )
    groups = ["offer_id", "agreement_id", "status", "reason_code", "quota_counted"]
    times = ["days_to_answer", "days_to_service"]
    for name, columns in (
        ("ix_evaluation_referral_groups", [*groups, "sent_at"]),
        ("ix_evaluation_referral_times", ["region_code", *times, "sent_at"]),
        ("ix_evaluation_referral_region_groups", ["region_code", *groups, "sent_at"]),
        ("ix_evaluation_referral_region_times", ["region_code", "centre_id", *times, "sent_at"]),
        ("ix_evaluation_referral_sent", ["sent_at", *groups, "region_code", *times]),
    ):
        op.create_index(name, "evaluation_referral", columns)
    op.create_table(
        "evaluation_follow_up",
        sa.Column("follow_up_id", sa.Integer(), nullable=False),
        sa.Column("participant_id", _STR(length=36), nullable=False),
        sa.Column("on", sa.Date(), nullable=False),
        sa.Column("due_months", sa.Integer(), nullable=False),
        sa.Column("work", _STR(length=10), nullable=False),
        sa.Column("studies", _STR(length=10), nullable=False),
        sa.Column("housing", _STR(length=10), nullable=False),
        sa.Column("in_group", sa.Boolean(), nullable=False),
        sa.Column("gender", _STR(length=40), nullable=True),
        sa.Column("age", sa.Integer(), nullable=False),
        sa.Column("region_code", _STR(length=2), nullable=True),
        sa.Column("centre_id", _STR(length=36), nullable=False),
        sa.ForeignKeyConstraint(["follow_up_id"], ["follow_up.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("follow_up_id"),
    )
    op.create_index(
        op.f("ix_evaluation_follow_up_participant_id"), "evaluation_follow_up", ["participant_id"]
    )
    outcomes = ["due_months", "work", "studies", "housing", "in_group"]
    for name, columns in (
        ("ix_evaluation_follow_up_gender", [*outcomes, "gender", "on"]),
        ("ix_evaluation_follow_up_region", [*outcomes, "region_code", "on"]),
        ("ix_evaluation_follow_up_in_region", ["region_code", *outcomes, "gender", "on"]),
    ):
        op.create_index(name, "evaluation_follow_up", columns)
    op.create_table(
        "evaluation_referral_month",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("offer_id", _STR(length=36), nullable=False),
        sa.Column("agreement_id", _STR(length=36), nullable=False),
        sa.Column("status", _STR(length=14), nullable=False),
        sa.Column("reason_code", _STR(length=20), nullable=False),
        sa.Column("quota_counted", sa.Boolean(), nullable=False),
        sa.Column("referrals", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "month", "offer_id", "agreement_id", "status", "reason_code", "quota_counted"
        ),
    )
    op.create_table(
        "evaluation_answer_month",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("region_code", _STR(length=2), nullable=False),
        sa.Column("days_to_answer", sa.Integer(), nullable=False),
        sa.Column("days_to_service", sa.Integer(), nullable=False),
        sa.Column("referrals", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "region_code", "days_to_answer", "days_to_service"),
    )
    op.create_table(
        "evaluation_person_month",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("region_code", _STR(length=2), nullable=False),
        sa.Column("centre_id", _STR(length=36), nullable=False),
        sa.Column("planned", sa.Boolean(), nullable=False),
        sa.Column("reach", sa.Integer(), nullable=False),
        sa.Column("people", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "region_code", "centre_id", "planned", "reach"),
    )


def downgrade() -> None:
    op.drop_table("evaluation_person_month")
    op.drop_table("evaluation_answer_month")
    op.drop_table("evaluation_referral_month")
    op.drop_table("evaluation_follow_up")
    op.drop_table("evaluation_need")
    op.drop_table("evaluation_referral")
    op.drop_table("evaluation_person")

"""casework: participants, assessments, plan goals, referrals, consent, links, disclosures

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 23:46:07.920810

The tables of enlace.casework.models (issue #13). Every table hangs off its participant
(ON DELETE CASCADE), so deleting a participant leaves nothing but the audit entries.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "participant",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=9), nullable=False),
        sa.Column("year_of_birth", sa.Integer(), nullable=False),
        sa.Column("centre_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("case_manager_id", sa.Integer(), nullable=True),
        sa.Column("file_number", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("region_code", sqlmodel.sql.sqltypes.AutoString(length=2), nullable=True),
        sa.Column("language", sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("last_activity_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_manager_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["agency.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("centre_id", "file_number", name="uq_participant_centre_file_number"),
    )
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_participant_case_manager_id"), ["case_manager_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_participant_centre_id"), ["centre_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_participant_code"), ["code"], unique=True)
        batch_op.create_index(
            batch_op.f("ix_participant_last_activity_at"), ["last_activity_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_participant_region_code"), ["region_code"], unique=False
        )

    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("assessed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("assessed_by_id", sa.Integer(), nullable=True),
        sa.Column("instrument", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("rule_version", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("profile", sa.JSON(), nullable=False),
        sa.Column("high_unmet", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["assessed_by_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.create_index(
            "ix_assessment_participant_at", ["participant_id", "assessed_at"], unique=False
        )

    op.create_table(
        "consent",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column(
            "recipient_agency_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False
        ),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("purpose_text", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("given_on", sa.Date(), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("method", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("revocation_channel", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=True),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["recipient_agency_id"],
            ["agency.id"],
        ),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consent_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "plan_goal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("domain", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("text", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=12), nullable=False),
        sa.Column("dropped_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("plan_goal", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_plan_goal_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "referral",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("centre_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("case_manager_id", sa.Integer(), nullable=True),
        sa.Column("offer_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("agreement_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True),
        sa.Column("quota_counted", sa.Boolean(), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=True),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("decision", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("decision_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("snapshot", sa.JSON(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=14), nullable=False),
        sa.Column("reason_code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("reason_text", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("sent_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreement.id"],
        ),
        sa.ForeignKeyConstraint(["case_manager_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["centre_id"],
            ["agency.id"],
        ),
        sa.ForeignKeyConstraint(["consent_id"], ["consent.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(
            ["offer_id"],
            ["offer.id"],
        ),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referral_case_manager_id"), ["case_manager_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_referral_centre_id"), ["centre_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_referral_participant_id"), ["participant_id"], unique=False
        )
        batch_op.create_index("ix_referral_status_sent", ["status", "sent_at"], unique=False)

    op.create_table(
        "disclosure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("participant_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column(
            "recipient_agency_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=True
        ),
        sa.Column("recipient_label", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=True),
        sa.Column("referral_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["consent_id"], ["consent.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["participant_id"], ["participant.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["recipient_agency_id"], ["agency.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("disclosure", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_disclosure_participant_id"), ["participant_id"], unique=False
        )

    op.create_table(
        "goal_referral",
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["goal_id"], ["plan_goal.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("goal_id", "referral_id"),
    )
    op.create_table(
        "recipient_link",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("last_used_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["created_by_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_hash"),
    )
    with op.batch_alter_table("recipient_link", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_recipient_link_referral_id"), ["referral_id"], unique=False
        )

    op.create_table(
        "referral_event",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("by", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
        sa.Column("from_status", sqlmodel.sql.sqltypes.AutoString(length=14), nullable=True),
        sa.Column("to_status", sqlmodel.sql.sqltypes.AutoString(length=14), nullable=False),
        sa.Column("reason_code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("reason_text", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["user_account.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["referral_id"], ["referral.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("referral_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_referral_event_referral_id"), ["referral_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("referral_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_referral_event_referral_id"))

    op.drop_table("referral_event")
    with op.batch_alter_table("recipient_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_recipient_link_referral_id"))

    op.drop_table("recipient_link")
    op.drop_table("goal_referral")
    with op.batch_alter_table("disclosure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosure_participant_id"))

    op.drop_table("disclosure")
    with op.batch_alter_table("referral", schema=None) as batch_op:
        batch_op.drop_index("ix_referral_status_sent")
        batch_op.drop_index(batch_op.f("ix_referral_participant_id"))
        batch_op.drop_index(batch_op.f("ix_referral_centre_id"))
        batch_op.drop_index(batch_op.f("ix_referral_case_manager_id"))

    op.drop_table("referral")
    with op.batch_alter_table("plan_goal", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_goal_participant_id"))

    op.drop_table("plan_goal")
    with op.batch_alter_table("consent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consent_participant_id"))

    op.drop_table("consent")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_index("ix_assessment_participant_at")

    op.drop_table("assessment")
    with op.batch_alter_table("participant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_participant_region_code"))
        batch_op.drop_index(batch_op.f("ix_participant_last_activity_at"))
        batch_op.drop_index(batch_op.f("ix_participant_code"))
        batch_op.drop_index(batch_op.f("ix_participant_centre_id"))
        batch_op.drop_index(batch_op.f("ix_participant_case_manager_id"))

    op.drop_table("participant")

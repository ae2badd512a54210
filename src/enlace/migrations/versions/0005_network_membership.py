"""network membership: agencies (treatment centres) belonging to networks

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 22:00:00

An agreement signed on behalf of a network (a regional network of centres, a national
programme) reaches every member through this table instead of being copied per centre.
The integrator chains this revision after 0004 (accounts) when the branches merge.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "network_membership",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("network_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("member_id", sqlmodel.sql.sqltypes.AutoString(length=36), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("since", sa.Date(), nullable=True),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("last_modified", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("origin", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.ForeignKeyConstraint(["network_id"], ["agency.id"]),
        sa.ForeignKeyConstraint(["member_id"], ["agency.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("network_membership", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_network_membership_network_id"), ["network_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_network_membership_member_id"), ["member_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_network_membership_origin"), ["origin"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("network_membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_network_membership_origin"))
        batch_op.drop_index(batch_op.f("ix_network_membership_member_id"))
        batch_op.drop_index(batch_op.f("ix_network_membership_network_id"))
    op.drop_table("network_membership")

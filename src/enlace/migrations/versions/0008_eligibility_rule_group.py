"""eligibility rule any-of group

Revision ID: 0008
Revises: 0007
Create Date: 2027-01-10 10:00:00

Rules of an offer that share a ``group`` ("name" or "name/alternative") are
alternatives: the group holds when one alternative does ("women, or men with children
under 6"). NULL: the rule must hold on its own, as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("eligibility_rule", schema=None) as batch_op:
        batch_op.add_column(sa.Column("group", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("eligibility_rule", schema=None) as batch_op:
        batch_op.drop_column("group")

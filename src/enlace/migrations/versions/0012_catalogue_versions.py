"""catalogue versions: optimistic locking of agencies and offers

Revision ID: 0012
Revises: 0011
Create Date: 2027-02-01 10:00:00

Coordinators edit agencies and offers in Enlace (issue 16). Each row carries a
``version`` counter that every UPDATE checks and bumps, so an editor who loaded an older
version is told "changed meanwhile" instead of overwriting someone else's save.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("agency", "offer")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("version", sa.Integer(), nullable=False, server_default="1")
            )


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")

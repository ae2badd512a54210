"""catalogue identity: a random id on the catalogue state row

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 04:30:00

A search index records the catalogue id with the revision it reflects, so an index built
from another database (a restored backup, a database created anew) is rebuilt instead of
being served as if it were current.
"""

from collections.abc import Sequence
from uuid import uuid4

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("catalogue_state", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "catalogue_id",
                sqlmodel.sql.sqltypes.AutoString(length=32),
                nullable=False,
                server_default="",
            )
        )
    state = sa.table("catalogue_state", sa.column("catalogue_id", sa.String))
    op.execute(state.update().values(catalogue_id=uuid4().hex))


def downgrade() -> None:
    with op.batch_alter_table("catalogue_state", schema=None) as batch_op:
        batch_op.drop_column("catalogue_id")

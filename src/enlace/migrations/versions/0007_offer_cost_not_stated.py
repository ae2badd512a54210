"""offer cost not stated: is_free may be unknown

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 22:10:00

Imported data often says nothing about cost; such an offer is not "free", so
``offer.is_free`` becomes nullable (NULL: cost not stated).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("offer", schema=None) as batch_op:
        batch_op.alter_column("is_free", existing_type=sa.Boolean(), nullable=True)


def downgrade() -> None:
    offer = sa.table("offer", sa.column("is_free", sa.Boolean))
    op.execute(offer.update().where(offer.c.is_free.is_(None)).values(is_free=False))
    with op.batch_alter_table("offer", schema=None) as batch_op:
        batch_op.alter_column("is_free", existing_type=sa.Boolean(), nullable=False)

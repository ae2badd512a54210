"""agreement fields: quota used, version, renewals, contact person at each party

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 22:30:00

Agreements kept by coordinators (issue #11): ``quota_used``; ``version`` for optimistic
locking; ``renews_id``, the previous validity period a renewal continues; and the contact
person at each party. "expired" is no longer stored (it is derived from ``valid_to``) and
"terminated" is now "ended".

Columns are added in place (no SQLite table copy), so the rows that point at agreements
are never touched. (The integrator chains this after 0004/0005 of the other branches.)
Downgrading on SQLite copies and re-creates ``agreement``, which SQLite's foreign keys
refuse while agreements have parties: downgrade an empty catalogue there, or with
``PRAGMA foreign_keys=OFF``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CONTACTS = (
    ("contact_name", 120),
    ("contact_title", 120),
    ("contact_phone", 40),
    ("contact_email", 254),
)


def upgrade() -> None:
    op.add_column(
        "agreement", sa.Column("quota_used", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column(
        "agreement", sa.Column("version", sa.Integer(), nullable=False, server_default="1")
    )
    if op.get_bind().dialect.name == "sqlite":
        # SQLite adds a column with its reference in place (no ALTER of constraints).
        op.execute(
            "ALTER TABLE agreement ADD COLUMN renews_id VARCHAR(36) REFERENCES agreement (id)"
        )
    else:
        op.add_column(
            "agreement", sa.Column("renews_id", sqlmodel.sql.sqltypes.AutoString(length=36))
        )
        op.create_foreign_key(
            "fk_agreement_renews_id_agreement",
            "agreement",
            "agreement",
            ["renews_id"],
            ["id"],
        )
    op.create_index("ix_agreement_renews_id", "agreement", ["renews_id"], unique=True)
    for name, length in _CONTACTS:
        op.add_column(
            "agreement_party",
            sa.Column(name, sqlmodel.sql.sqltypes.AutoString(length=length), nullable=True),
        )
    agreement = sa.table("agreement", sa.column("status", sa.String))
    op.execute(agreement.update().where(agreement.c.status == "expired").values(status="active"))
    op.execute(agreement.update().where(agreement.c.status == "terminated").values(status="ended"))


def downgrade() -> None:
    agreement = sa.table("agreement", sa.column("status", sa.String))
    op.execute(agreement.update().where(agreement.c.status == "ended").values(status="terminated"))
    with op.batch_alter_table("agreement_party", schema=None) as batch_op:
        for name, _length in reversed(_CONTACTS):
            batch_op.drop_column(name)
    op.drop_index("ix_agreement_renews_id", table_name="agreement")
    if op.get_bind().dialect.name != "sqlite":
        op.drop_constraint("fk_agreement_renews_id_agreement", "agreement", type_="foreignkey")
    with op.batch_alter_table("agreement", schema=None) as batch_op:
        batch_op.drop_column("renews_id")
        batch_op.drop_column("version")
        batch_op.drop_column("quota_used")

"""Aanbrenger and grondslag on melding and casus: on whose behalf the ZVH holds it, and why.

Existing meldingen get the aanbrenger that their bron implies (the regio file's default mapping,
repeated here so that the migration never depends on a changing file); casussen stay empty (unknown).

Revision ID: aanbrenger
Revises: accounts_audit
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "aanbrenger"
down_revision: str | None = "accounts_audit"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BRON_TO_PARTNER = {"politie": "politie", "veilig_thuis": "vt", "om": "om", "gemeente": "gemeente"}


def upgrade() -> None:
    with op.batch_alter_table("casus", schema=None) as batch_op:
        batch_op.add_column(sa.Column("aanbrenger", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.add_column(sa.Column("grondslag", sqlmodel.sql.sqltypes.AutoString(), nullable=True))

    with op.batch_alter_table("melding", schema=None) as batch_op:
        batch_op.add_column(sa.Column("aanbrenger", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.add_column(sa.Column("grondslag", sqlmodel.sql.sqltypes.AutoString(), nullable=True))

    melding = sa.table("melding", sa.column("bron", sa.String), sa.column("aanbrenger", sa.String))
    op.execute(
        melding.update()
        .where(melding.c.aanbrenger.is_(None))
        .values(aanbrenger=sa.case(BRON_TO_PARTNER, value=melding.c.bron, else_=melding.c.bron))
    )


def downgrade() -> None:
    with op.batch_alter_table("melding", schema=None) as batch_op:
        batch_op.drop_column("grondslag")
        batch_op.drop_column("aanbrenger")

    with op.batch_alter_table("casus", schema=None) as batch_op:
        batch_op.drop_column("grondslag")
        batch_op.drop_column("aanbrenger")

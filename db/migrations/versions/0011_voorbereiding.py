"""Preparation by partners: each bekendheid row gets its own version, who prepared it and when, and what
the chair did with it (bevestigd, gewijzigd, gewist).

Revision ID: 0120_voorbereiding
Revises: aanbrenger
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0120_voorbereiding"
down_revision: str | None = "0110_casus_procesregie"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("bekendheid", schema=None) as batch_op:
        batch_op.add_column(sa.Column("versie", sa.Integer(), server_default="1", nullable=False))
        batch_op.add_column(sa.Column("voorbereid_door", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True))
        batch_op.add_column(sa.Column("voorbereid_op", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("beoordeling", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("bekendheid", schema=None) as batch_op:
        batch_op.drop_column("beoordeling")
        batch_op.drop_column("voorbereid_op")
        batch_op.drop_column("voorbereid_door")
        batch_op.drop_column("versie")

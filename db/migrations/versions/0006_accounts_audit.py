"""Accounts (gebruiker) and the append-only access log (toegangslog).

Revision ID: accounts_audit
Revises: meeting_record
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "accounts_audit"
down_revision: str | None = "meeting_record"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "gebruiker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("naam", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("rol", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("organisatie", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("wachtwoord_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("actief", sa.Boolean(), nullable=False),
        sa.Column("mislukte_pogingen", sa.Integer(), nullable=False),
        sa.Column("geblokkeerd_tot", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("laatst_aangemeld_op", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("aangemaakt_op", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("naam"),
    )
    op.create_table(
        "toegangslog",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tijd", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("gebruiker", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("rol", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("actie", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("object_type", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("object_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("persoon_id", sa.Integer(), nullable=True),
        sa.Column("context", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("werkplek", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("details", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("hash"),
    )
    with op.batch_alter_table("toegangslog", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_toegangslog_actie"), ["actie"], unique=False)
        batch_op.create_index(batch_op.f("ix_toegangslog_gebruiker"), ["gebruiker"], unique=False)
        batch_op.create_index(batch_op.f("ix_toegangslog_persoon_id"), ["persoon_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_toegangslog_tijd"), ["tijd"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("toegangslog", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_toegangslog_tijd"))
        batch_op.drop_index(batch_op.f("ix_toegangslog_persoon_id"))
        batch_op.drop_index(batch_op.f("ix_toegangslog_gebruiker"))
        batch_op.drop_index(batch_op.f("ix_toegangslog_actie"))
    op.drop_table("toegangslog")
    op.drop_table("gebruiker")

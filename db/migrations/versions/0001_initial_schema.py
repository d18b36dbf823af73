"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-26 10:43:32.060662
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "casus",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("extern_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("thema", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("gemeente", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("geopend", sa.Date(), nullable=False),
        sa.Column("gesloten", sa.Date(), nullable=True),
        sa.Column("reden_sluiting", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("procesregisseur", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("aangemaakt_op", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("extern_id"),
    )
    with op.batch_alter_table("casus", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_casus_gemeente"), ["gemeente"], unique=False)
        batch_op.create_index(batch_op.f("ix_casus_geopend"), ["geopend"], unique=False)
        batch_op.create_index(batch_op.f("ix_casus_gesloten"), ["gesloten"], unique=False)
        batch_op.create_index(batch_op.f("ix_casus_thema"), ["thema"], unique=False)

    op.create_table(
        "melding",
        sa.Column("bron", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("extern_id", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("soort", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("gemeente", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("omschrijving", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("urgent", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ingelezen_op", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bron", "extern_id", name="uq_melding_bron_extern_id"),
    )
    with op.batch_alter_table("melding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_melding_datum"), ["datum"], unique=False)
        batch_op.create_index(batch_op.f("ix_melding_gemeente"), ["gemeente"], unique=False)
        batch_op.create_index("ix_melding_gemeente_datum", ["gemeente", "datum"], unique=False)
        batch_op.create_index(batch_op.f("ix_melding_soort"), ["soort"], unique=False)
        batch_op.create_index("ix_melding_soort_datum", ["soort", "datum"], unique=False)

    op.create_table(
        "overleg",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("type", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("datum", sa.Date(), nullable=False),
        sa.Column("voorzitter", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("gestart_op", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("gesloten_op", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("huidige_bespreking_id", sa.Integer(), nullable=True),
        sa.Column("aangemaakt_op", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("type", "datum", name="uq_overleg_type_datum"),
    )
    with op.batch_alter_table("overleg", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_overleg_datum"), ["datum"], unique=False)
        batch_op.create_index(batch_op.f("ix_overleg_type"), ["type"], unique=False)

    op.create_table(
        "persoon",
        sa.Column("achternaam", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("tussenvoegsel", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("voornamen", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("geboortedatum", sa.Date(), nullable=True),
        sa.Column("bsn", sqlmodel.sql.sqltypes.AutoString(length=9), nullable=True),
        sa.Column("adres", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("postcode", sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True),
        sa.Column("woonplaats", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("match_sleutel", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("aangemaakt_op", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("persoon", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_persoon_bsn"), ["bsn"], unique=False)
        batch_op.create_index(batch_op.f("ix_persoon_match_sleutel"), ["match_sleutel"], unique=False)

    op.create_table(
        "bespreking",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("overleg_id", sa.Integer(), nullable=False),
        sa.Column("melding_id", sa.Integer(), nullable=False),
        sa.Column("volgorde", sa.Integer(), nullable=False),
        sa.Column("afgevoerd", sa.Boolean(), nullable=False),
        sa.Column("versie", sa.Integer(), nullable=False),
        sa.Column("gewijzigd_op", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["melding_id"],
            ["melding.id"],
        ),
        sa.ForeignKeyConstraint(["overleg_id"], ["overleg.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("overleg_id", "melding_id", name="uq_bespreking_overleg_melding"),
    )
    with op.batch_alter_table("bespreking", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bespreking_melding_id"), ["melding_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_bespreking_overleg_id"), ["overleg_id"], unique=False)

    op.create_table(
        "casus_melding",
        sa.Column("casus_id", sa.Integer(), nullable=False),
        sa.Column("melding_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["casus_id"], ["casus.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["melding_id"],
            ["melding.id"],
        ),
        sa.PrimaryKeyConstraint("casus_id", "melding_id"),
    )
    with op.batch_alter_table("casus_melding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_casus_melding_melding_id"), ["melding_id"], unique=False)

    op.create_table(
        "casus_persoon",
        sa.Column("casus_id", sa.Integer(), nullable=False),
        sa.Column("persoon_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["casus_id"], ["casus.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["persoon_id"],
            ["persoon.id"],
        ),
        sa.PrimaryKeyConstraint("casus_id", "persoon_id"),
    )
    with op.batch_alter_table("casus_persoon", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_casus_persoon_persoon_id"), ["persoon_id"], unique=False)

    op.create_table(
        "melding_persoon",
        sa.Column("melding_id", sa.Integer(), nullable=False),
        sa.Column("persoon_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["melding_id"], ["melding.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["persoon_id"],
            ["persoon.id"],
        ),
        sa.PrimaryKeyConstraint("melding_id", "persoon_id"),
    )
    with op.batch_alter_table("melding_persoon", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_melding_persoon_persoon_id"), ["persoon_id"], unique=False)

    op.create_table(
        "overleg_partner",
        sa.Column("overleg_id", sa.Integer(), nullable=False),
        sa.Column("partner", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("volgorde", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["overleg_id"], ["overleg.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("overleg_id", "partner"),
    )
    op.create_table(
        "actie",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bespreking_id", sa.Integer(), nullable=True),
        sa.Column("casus_id", sa.Integer(), nullable=True),
        sa.Column("eigenaar", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("omschrijving", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("termijn", sa.Date(), nullable=False),
        sa.Column("afgerond_op", sa.Date(), nullable=True),
        sa.Column("terugkoppeling", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("aangemaakt_op", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["bespreking_id"], ["bespreking.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["casus_id"], ["casus.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("actie", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actie_bespreking_id"), ["bespreking_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_actie_casus_id"), ["casus_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_actie_eigenaar"), ["eigenaar"], unique=False)

    op.create_table(
        "bekendheid",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bespreking_id", sa.Integer(), nullable=False),
        sa.Column("partner", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("notitie", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("gewijzigd_op", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["bespreking_id"], ["bespreking.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bespreking_id", "partner", name="uq_bekendheid_bespreking_partner"),
    )
    with op.batch_alter_table("bekendheid", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bekendheid_bespreking_id"), ["bespreking_id"], unique=False)

    op.create_table(
        "besluit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bespreking_id", sa.Integer(), nullable=False),
        sa.Column("route", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("toelichting", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("genomen_op", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["bespreking_id"], ["bespreking.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("bespreking_id"),
    )


def downgrade() -> None:
    op.drop_table("besluit")
    with op.batch_alter_table("bekendheid", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bekendheid_bespreking_id"))

    op.drop_table("bekendheid")
    with op.batch_alter_table("actie", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actie_eigenaar"))
        batch_op.drop_index(batch_op.f("ix_actie_casus_id"))
        batch_op.drop_index(batch_op.f("ix_actie_bespreking_id"))

    op.drop_table("actie")
    op.drop_table("overleg_partner")
    with op.batch_alter_table("melding_persoon", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_melding_persoon_persoon_id"))

    op.drop_table("melding_persoon")
    with op.batch_alter_table("casus_persoon", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_casus_persoon_persoon_id"))

    op.drop_table("casus_persoon")
    with op.batch_alter_table("casus_melding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_casus_melding_melding_id"))

    op.drop_table("casus_melding")
    with op.batch_alter_table("bespreking", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bespreking_overleg_id"))
        batch_op.drop_index(batch_op.f("ix_bespreking_melding_id"))

    op.drop_table("bespreking")
    with op.batch_alter_table("persoon", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_persoon_match_sleutel"))
        batch_op.drop_index(batch_op.f("ix_persoon_bsn"))

    op.drop_table("persoon")
    with op.batch_alter_table("overleg", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_overleg_type"))
        batch_op.drop_index(batch_op.f("ix_overleg_datum"))

    op.drop_table("overleg")
    with op.batch_alter_table("melding", schema=None) as batch_op:
        batch_op.drop_index("ix_melding_soort_datum")
        batch_op.drop_index(batch_op.f("ix_melding_soort"))
        batch_op.drop_index("ix_melding_gemeente_datum")
        batch_op.drop_index(batch_op.f("ix_melding_gemeente"))
        batch_op.drop_index(batch_op.f("ix_melding_datum"))

    op.drop_table("melding")
    with op.batch_alter_table("casus", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_casus_thema"))
        batch_op.drop_index(batch_op.f("ix_casus_gesloten"))
        batch_op.drop_index(batch_op.f("ix_casus_geopend"))
        batch_op.drop_index(batch_op.f("ix_casus_gemeente"))

    op.drop_table("casus")

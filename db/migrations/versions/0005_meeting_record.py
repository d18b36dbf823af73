"""meeting record, casussen and action review

Attendance per partner (aanwezig / afgemeld), the confidentiality statement, fact and opinion apart in a
bekendheid plus "deelt niet" with a reason, the casus a besluit opened, casus aanmelding and reopening,
and the review status of an actie.

Revision ID: meeting_record
Revises: person_search
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "meeting_record"
down_revision: str | None = "person_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("overleg", schema=None) as batch_op:
        batch_op.add_column(sa.Column("geheimhouding_gelezen_op", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))

    with op.batch_alter_table("overleg_partner", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "aanwezigheid", sqlmodel.sql.sqltypes.AutoString(length=20), server_default="aanwezig", nullable=False
            )
        )

    with op.batch_alter_table("bekendheid", schema=None) as batch_op:
        batch_op.add_column(sa.Column("oordeel", sqlmodel.sql.sqltypes.AutoString(), nullable=True))
        batch_op.add_column(sa.Column("reden_niet_delen", sqlmodel.sql.sqltypes.AutoString(), nullable=True))

    with op.batch_alter_table("besluit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("casus_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key("fk_besluit_casus_id", "casus", ["casus_id"], ["id"], ondelete="SET NULL")

    with op.batch_alter_table("casus", schema=None) as batch_op:
        batch_op.add_column(sa.Column("aangemeld_door", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.add_column(sa.Column("heropend_op", sa.Date(), nullable=True))

    with op.batch_alter_table("actie", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True))
        batch_op.add_column(sa.Column("status_op", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("status_overleg_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_actie_status_overleg_id", "overleg", ["status_overleg_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("actie", schema=None) as batch_op:
        batch_op.drop_constraint("fk_actie_status_overleg_id", type_="foreignkey")
        batch_op.drop_column("status_overleg_id")
        batch_op.drop_column("status_op")
        batch_op.drop_column("status")

    with op.batch_alter_table("casus", schema=None) as batch_op:
        batch_op.drop_column("heropend_op")
        batch_op.drop_column("aangemeld_door")

    with op.batch_alter_table("besluit", schema=None) as batch_op:
        batch_op.drop_constraint("fk_besluit_casus_id", type_="foreignkey")
        batch_op.drop_column("casus_id")

    with op.batch_alter_table("bekendheid", schema=None) as batch_op:
        batch_op.drop_column("reden_niet_delen")
        batch_op.drop_column("oordeel")

    with op.batch_alter_table("overleg_partner", schema=None) as batch_op:
        batch_op.drop_column("aanwezigheid")

    with op.batch_alter_table("overleg", schema=None) as batch_op:
        batch_op.drop_column("geheimhouding_gelezen_op")

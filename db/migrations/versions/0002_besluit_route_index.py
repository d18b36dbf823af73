"""besluit route index

Revision ID: besluit_route_index
Revises: 0001
Create Date: 2026-11-26 11:33:37.649329
"""

from collections.abc import Sequence

from alembic import op

revision: str = "besluit_route_index"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("besluit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_besluit_route"), ["route"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("besluit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_besluit_route"))

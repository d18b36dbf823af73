"""Person match keys by domain.md §4's tussenvoegsel rule: recomputed for every stored person.

The key used to hold the tussenvoegsel as typed ('berg|vander|…'), so 'van der Berg' without a tussenvoegsel
('vanderberg||…') and 'Berg' with 'v.d.' ('berg|vd|…') were three persons. It now holds the surname without
its tussenvoegsel and the tussenvoegsel's letters ('berg|vd|…' for all three; zvh_core.kernel.names), and
imports compare the notations. The rule is the app's own (imported, not copied): the stored keys must be
exactly what the imports of this version compute. Only changed keys are written, in batches by id.

Revision ID: 0160_match_tussenvoegsel
Revises: aanbrenger
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0160_match_tussenvoegsel"
down_revision: str | None = "aanbrenger"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 10_000

persoon = sa.table(
    "persoon",
    sa.column("id", sa.Integer),
    sa.column("achternaam", sa.String),
    sa.column("tussenvoegsel", sa.String),
    sa.column("voornamen", sa.String),
    sa.column("geboortedatum", sa.Date),
    sa.column("match_sleutel", sa.String),
)


def _recompute(key_of) -> None:
    bind = op.get_bind()
    change = persoon.update().where(persoon.c.id == sa.bindparam("pid")).values(match_sleutel=sa.bindparam("sleutel"))
    last = 0
    while True:
        rows = bind.execute(sa.select(persoon).where(persoon.c.id > last).order_by(persoon.c.id).limit(BATCH)).all()
        if not rows:
            break
        last = rows[-1].id
        changed = []
        for row in rows:
            key = key_of(row.achternaam, row.tussenvoegsel, row.geboortedatum, row.voornamen)
            if key != row.match_sleutel:
                changed.append({"pid": row.id, "sleutel": key})
        if changed:
            bind.execute(change, changed)


def upgrade() -> None:
    from zvh_core.kernel.names import match_key

    _recompute(match_key)


def downgrade() -> None:
    """Back to the keys of the version before: the tussenvoegsel as typed."""
    from zvh_core.kernel.names import first_initial, normalise

    def old_key(achternaam, tussenvoegsel, geboortedatum, voornamen):
        if not normalise(achternaam) or geboortedatum is None:
            return None
        return "|".join(
            (normalise(achternaam), normalise(tussenvoegsel), geboortedatum.isoformat(), first_initial(voornamen))
        )

    _recompute(old_key)

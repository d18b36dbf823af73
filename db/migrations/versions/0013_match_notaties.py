"""Person match keys for three more notations of the tussenvoegsel (domain.md §4): recomputed where they occur.

'vdBerg' (the abbreviation glued to the surname: spaces are folded), 'van d. Berg' (van with an abbreviated
de/den/der) and 'Berg, van den' (the surname first, the tussenvoegsel behind a comma) used to give keys of
their own ('vdberg||…', 'dberg|v|…', 'bergvanden||…'); they now give 'berg|vd|…' like 'van den Berg'
(zvh_core.kernel.names). Only persons whose name can hold one of them are read (a comma in the achternaam,
or an achternaam or tussenvoegsel that starts with a v), and only changed keys are written, in batches.

Revision ID: 0161_match_notaties
Revises: 0121_gepland_antwoord
"""

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

revision: str = "0161_match_notaties"
down_revision: str | None = "0121_gepland_antwoord"
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
    achternaam = sa.func.lower(sa.func.coalesce(persoon.c.achternaam, ""))
    tussenvoegsel = sa.func.lower(sa.func.coalesce(persoon.c.tussenvoegsel, ""))
    may_hold = sa.or_(achternaam.like("%,%"), achternaam.like("v%"), tussenvoegsel.like("v%"))
    change = persoon.update().where(persoon.c.id == sa.bindparam("pid")).values(match_sleutel=sa.bindparam("sleutel"))
    last = 0
    while True:
        rows = bind.execute(
            sa.select(persoon).where(persoon.c.id > last, may_hold).order_by(persoon.c.id).limit(BATCH)
        ).all()
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
    """Back to the keys of revision 0160's rule: an abbreviation only as a word of its own at the front, no
    'van d.', no comma notation."""
    from zvh_core.kernel.names import _PREFIXES, _words, first_initial, normalise

    def old_key(
        achternaam: str | None, tussenvoegsel: str | None, geboortedatum: date | None, voornamen: str | None
    ) -> str | None:
        if not normalise(achternaam) or geboortedatum is None:
            return None
        words = _words(tussenvoegsel) + _words(achternaam)
        prefix: list[str] = []
        if len(words) > 1 and words[0] in ("v", "vd"):
            prefix.extend(("v", "d") if words.pop(0) == "vd" else ("v",))
            if prefix == ["v"] and len(words) > 1 and words[0] == "d":
                prefix.append(words.pop(0))
        rest = "".join(words).replace("ij", "y")
        stripped = True
        while stripped:
            stripped = False
            for word in _PREFIXES:
                if rest.startswith(word) and len(rest) > len(word):
                    prefix.append(word)
                    rest = rest[len(word) :]
                    stripped = True
                    break
        letters = "".join(word[0] for word in prefix)
        return "|".join((rest, letters, geboortedatum.isoformat(), first_initial(voornamen)))

    _recompute(old_key)

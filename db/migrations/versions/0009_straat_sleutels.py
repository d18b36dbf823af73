"""straat sleutels: a search key per person for street + house number ('s:kerkstraat12'); back-fills persons

Revision ID: 0113_straat_sleutels
Revises: aanbrenger
Create Date: 2026-12-04 18:30:00

The back-fill derives the keys as zvh_core/store/search_index.py (street_keys) does at this revision (a frozen
copy, so that this migration keeps doing what it did; tests/test_search_index.py checks that both agree).
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from anyascii import anyascii

revision: str = "0113_straat_sleutels"
down_revision: str | None = "0160_match_tussenvoegsel"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_HOUSE_NUMBER = re.compile(r"(\d+)\s*-?\s*([a-z]?)(?![a-z])")


def _normalise(text):
    if not text:
        return ""
    return re.sub(r"[^a-z0-9]+", "", anyascii(text).casefold()).replace("ij", "y")


def _street_keys(adres):
    text = (adres or "").casefold()
    found = list(_HOUSE_NUMBER.finditer(text))
    if not found:
        return set()
    after_word = [m for m in found if m.start() > 0 and text[m.start() - 1].isspace()]
    match = (after_word or found)[0]
    street = _normalise(text[: match.start()])
    if not street:
        return set()
    number, letter = match.groups()
    base = "s:" + street + (number.lstrip("0") or "0")
    keys = {base, base + letter} if letter else {base}
    return {k for k in keys if len(k) <= 120}


def upgrade() -> None:
    connection = op.get_bind()
    persoon = sa.table("persoon", sa.column("id"), sa.column("adres"))
    zoeksleutel = sa.table("persoon_zoeksleutel", sa.column("sleutel"), sa.column("persoon_id"))
    last = 0
    while True:
        persons = connection.execute(
            sa.select(persoon.c.id, persoon.c.adres)
            .where(persoon.c.id > last, persoon.c.adres.is_not(None))
            .order_by(persoon.c.id)
            .limit(20_000)
        ).all()
        if not persons:
            break
        rows = [{"sleutel": k, "persoon_id": p.id} for p in persons for k in _street_keys(p.adres)]
        if rows:
            connection.execute(zoeksleutel.insert(), rows)
        last = persons[-1].id


def downgrade() -> None:
    op.execute("DELETE FROM persoon_zoeksleutel WHERE sleutel LIKE 's:%'")

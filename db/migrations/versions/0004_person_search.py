"""person search: search keys per person, the name vocabulary, merge records; back-fills existing persons

Revision ID: person_search
Revises: report_indexes
Create Date: 2026-11-26 11:22:39.397441

The back-fill derives the keys as zvh_core/search_index.py does at this revision (a frozen copy, so that
this migration keeps doing what it did; tests/test_search_index.py checks that both agree).
"""

import re
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op
from anyascii import anyascii

revision: str = "person_search"
down_revision: str | None = "report_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "persoon_samenvoeging",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("behouden_id", sa.Integer(), nullable=False),
        sa.Column("vervallen_id", sa.Integer(), nullable=False),
        sa.Column("vervallen_gegevens", sa.JSON(), nullable=False),
        sa.Column("behouden_voor", sa.JSON(), nullable=False),
        sa.Column("meldingen_verplaatst", sa.JSON(), nullable=False),
        sa.Column("meldingen_dubbel", sa.JSON(), nullable=False),
        sa.Column("casussen_verplaatst", sa.JSON(), nullable=False),
        sa.Column("casussen_dubbel", sa.JSON(), nullable=False),
        sa.Column("samengevoegd_op", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("ongedaan_op", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("persoon_samenvoeging", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_persoon_samenvoeging_behouden_id"), ["behouden_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_persoon_samenvoeging_vervallen_id"), ["vervallen_id"], unique=False)

    zoekwoord = op.create_table(
        "zoekwoord",
        sa.Column("variant", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("woord", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.PrimaryKeyConstraint("variant", "woord"),
        sqlite_with_rowid=False,
    )
    zoeksleutel = op.create_table(
        "persoon_zoeksleutel",
        sa.Column("sleutel", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("persoon_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["persoon_id"], ["persoon.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("sleutel", "persoon_id"),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table("persoon_zoeksleutel", schema=None) as batch_op:
        batch_op.create_index("ix_persoon_zoeksleutel_persoon", ["persoon_id", "sleutel"], unique=False)

    with op.batch_alter_table("melding", schema=None) as batch_op:
        batch_op.create_index("ix_melding_extern_id", ["extern_id"], unique=False)

    with op.batch_alter_table("melding_persoon", schema=None) as batch_op:
        batch_op.create_index("ix_melding_persoon_persoon_melding", ["persoon_id", "melding_id"], unique=False)

    _backfill(zoeksleutel, zoekwoord)


def downgrade() -> None:
    with op.batch_alter_table("melding_persoon", schema=None) as batch_op:
        batch_op.drop_index("ix_melding_persoon_persoon_melding")

    with op.batch_alter_table("melding", schema=None) as batch_op:
        batch_op.drop_index("ix_melding_extern_id")

    with op.batch_alter_table("persoon_zoeksleutel", schema=None) as batch_op:
        batch_op.drop_index("ix_persoon_zoeksleutel_persoon")

    op.drop_table("persoon_zoeksleutel")
    op.drop_table("zoekwoord")
    with op.batch_alter_table("persoon_samenvoeging", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_persoon_samenvoeging_vervallen_id"))
        batch_op.drop_index(batch_op.f("ix_persoon_samenvoeging_behouden_id"))

    op.drop_table("persoon_samenvoeging")


# --- back-fill: the search keys of the persons already stored ------------------------------------------
_TUSSENVOEGSELS = frozenset(
    {
        "van",
        "de",
        "den",
        "der",
        "het",
        "t",
        "te",
        "ten",
        "ter",
        "in",
        "op",
        "aan",
        "bij",
        "uit",
        "onder",
        "over",
        "voor",
        "la",
        "le",
        "l",
        "d",
        "du",
        "des",
        "di",
        "da",
        "del",
        "della",
        "dos",
        "el",
        "al",
        "von",
        "vom",
        "zu",
        "zum",
        "zur",
        "am",
        "im",
        "auf",
        "s",
        "vd",
        "vanden",
        "vander",
        "vande",
    }
)


def _normalise(text):
    if not text:
        return ""
    return re.sub(r"[^a-z0-9]+", "", anyascii(text).casefold()).replace("ij", "y")


def _words(text):
    return [w for w in (_normalise(p) for p in re.split(r"[\s\-/,]+", text or "")) if w]


def _keys(person):
    surname = _words(person.achternaam)
    tokens = set([w for w in surname if w not in _TUSSENVOEGSELS] or surname[-1:]) | set(_words(person.voornamen))
    whole = _normalise(person.achternaam)
    if whole:
        tokens |= {whole, _normalise(person.tussenvoegsel) + whole}
    keys = {"n:" + t for t in tokens if t} | {"v:" + w[0] for w in _words(person.voornamen)}
    if isinstance(person.geboortedatum, date):
        keys.add("g:" + person.geboortedatum.isoformat())
        keys.add("j:" + str(person.geboortedatum.year))
    bsn = re.sub(r"\D", "", person.bsn or "")
    if bsn:
        keys.add("b:" + bsn)
    postcode = _normalise(person.postcode)
    if re.fullmatch(r"\d{4}[a-z]{2}", postcode):
        keys.add("p:" + postcode)
        text = (person.adres or "").casefold()
        found = list(re.finditer(r"(\d+)\s*-?\s*([a-z]?)(?![a-z])", text))
        if found:
            after_word = [m for m in found if m.start() > 0 and text[m.start() - 1].isspace()]
            number, letter = (after_word or found)[0].groups()
            number = number.lstrip("0") or "0"
            keys.add("a:" + postcode + number)
            if letter:
                keys.add("a:" + postcode + number + letter)
    return {k for k in keys if len(k) <= 120}


def _backfill(zoeksleutel, zoekwoord, batch=20_000):
    connection = op.get_bind()
    persoon = sa.table(
        "persoon",
        *(sa.column(c) for c in ("id", "achternaam", "tussenvoegsel", "voornamen", "bsn", "adres", "postcode")),
        sa.column("geboortedatum", sa.Date()),
    )
    vocabulary = set()
    last = 0
    while True:
        persons = connection.execute(
            sa.select(persoon).where(persoon.c.id > last).order_by(persoon.c.id).limit(batch)
        ).all()
        if not persons:
            break
        rows = [{"sleutel": k, "persoon_id": p.id} for p in persons for k in _keys(p)]
        if rows:
            connection.execute(zoeksleutel.insert(), rows)
        vocabulary |= {r["sleutel"][2:] for r in rows if r["sleutel"].startswith("n:") and len(r["sleutel"]) <= 82}
        last = persons[-1].id
    variants = set()
    for word in vocabulary:
        variants.add((word, word))
        if len(word) >= 3:
            variants |= {(word[:i] + word[i + 1 :], word) for i in range(len(word))}
    rows = [{"variant": v, "woord": w} for v, w in sorted(variants)]
    for start in range(0, len(rows), 20_000):
        connection.execute(zoekwoord.insert(), rows[start : start + 20_000])

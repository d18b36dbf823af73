"""Migration 0110 (procesregie): a store at the previous head with casussen is upgraded with every casus
carried over as one period (open or closed with its old free-text reason kept as the note), and goes
down again with the casussen intact (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from alembic import command

from db import migrate
from db.engine import make_engine

PREVIOUS = "aanbrenger"
REVISION = "0110_casus_procesregie"


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def _casus_rows():
    return [
        {"id": 1, "thema": "pga", "gemeente": "Roermond", "geopend": date(2025, 3, 1), "gesloten": date(2025, 9, 1),
         "reden_sluiting": "Overgedragen aan wijkteam", "procesregisseur": "Eva", "grondslag": "wet",
         "aangemaakt_op": sa.func.now()},
        {"id": 2, "thema": "nazorg", "gemeente": "Weert", "geopend": date(2026, 6, 1), "gesloten": None,
         "reden_sluiting": None, "procesregisseur": None, "grondslag": "wet", "aangemaakt_op": sa.func.now()},
    ]  # fmt: skip


def test_0110_carries_every_casus_over_as_one_period_and_goes_down_again(engine):
    assert migrate.known_revisions() >= {PREVIOUS, REVISION}
    migrate.upgrade(engine, PREVIOUS)
    casus = sa.Table("casus", sa.MetaData(), autoload_with=engine)
    persoon = sa.Table("persoon", sa.MetaData(), autoload_with=engine)
    link = sa.Table("casus_persoon", sa.MetaData(), autoload_with=engine)
    with engine.begin() as connection:
        for row in _casus_rows():
            connection.execute(casus.insert().values(**{k: v for k, v in row.items() if k in casus.c}))
        connection.execute(persoon.insert().values(id=7, achternaam="Vries", aangemaakt_op=sa.func.now()))
        connection.execute(link.insert().values(casus_id=1, persoon_id=7))
        actie = sa.Table("actie", sa.MetaData(), autoload_with=connection)
        connection.execute(
            actie.insert().values(
                id=3, casus_id=2, eigenaar="zvh", omschrijving="Huisbezoek", termijn=date(2026, 7, 1),
                aangemaakt_op=sa.func.now(),
            )
        )  # fmt: skip

    migrate.upgrade(engine, REVISION)
    periode = sa.Table("casus_periode", sa.MetaData(), autoload_with=engine)
    casus = sa.Table("casus", sa.MetaData(), autoload_with=engine)
    link = sa.Table("casus_persoon", sa.MetaData(), autoload_with=engine)
    with engine.connect() as connection:
        c = periode.c
        periods = connection.execute(
            sa.select(c.casus_id, c.van, c.tot, c.heropend, c.reden_sluiting, c.sluiting_notitie).order_by(c.casus_id)
        ).all()
        roles = connection.execute(sa.select(link.c.rol)).scalars().all()
        extra = connection.execute(
            sa.select(casus.c.procesregisseur_id, casus.c.evaluatie_op).order_by(casus.c.id)
        ).all()
    assert [tuple(p) for p in periods] == [
        (1, date(2025, 3, 1), date(2025, 9, 1), False, None, "Overgedragen aan wijkteam"),
        (2, date(2026, 6, 1), None, False, None, None),
    ]
    assert roles == ["betrokkene"], "existing persons keep their link and get the default role"
    assert [tuple(r) for r in extra] == [(None, None), (None, None)]

    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, PREVIOUS)
    tables = set(sa.inspect(engine).get_table_names())
    assert not {"casus_periode", "casus_doel", "casus_doel_wijziging", "casus_journaal"} & tables
    casus = sa.Table("casus", sa.MetaData(), autoload_with=engine)
    with engine.connect() as connection:
        kept = connection.execute(
            sa.select(casus.c.id, casus.c.gesloten, casus.c.reden_sluiting).order_by(casus.c.id)
        ).all()
    columns = set(casus.c.keys())
    assert [tuple(r) for r in kept] == [(1, date(2025, 9, 1), "Overgedragen aan wijkteam"), (2, None, None)]
    assert "procesregisseur_id" not in columns and "evaluatie_op" not in columns
    with engine.connect() as connection:  # the rows that refer to a casus survived both ways
        assert connection.execute(sa.text("SELECT casus_id, persoon_id FROM casus_persoon")).all() == [(1, 7)]
        assert connection.execute(sa.text("SELECT id, casus_id FROM actie")).all() == [(3, 2)]

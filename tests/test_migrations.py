"""The schema comes from the migrations alone, and they match the models (on SQLite and PostgreSQL)."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from db import migrate
from db.engine import make_engine
from db.errors import MigrationBroken
from zvh_core.kernel import models


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def test_empty_to_head_creates_every_table(engine):
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()
    tables = set(inspect(engine).get_table_names())
    assert set(models.SQLModel.metadata.tables) <= tables


def test_models_and_migrations_agree(engine):
    migrate.upgrade(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), models.SQLModel.metadata)
    assert diff == [], f"models differ from the migrations; write a migration: {diff}"


def test_upgrade_twice_is_harmless(engine):
    migrate.upgrade(engine)
    migrate.upgrade(engine)
    assert migrate.current_revision(engine) == migrate.head_revision()


def test_every_migration_goes_down_and_up_again(engine):
    migrate.upgrade(engine)
    tables = set(inspect(engine).get_table_names())
    from alembic import command

    config = migrate.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert set(inspect(engine).get_table_names()) == tables


@pytest.mark.sqlite_only
def test_store_file_is_private(tmp_path):
    path = tmp_path / "sub" / "zvh.sqlite3"
    make_engine(f"sqlite:///{path}")
    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.sqlite_only
def test_an_upgrade_leaves_the_foreign_keys_on_for_the_connections_after_it(engine):
    migrate.upgrade(engine, "aanbrenger")
    migrate.upgrade(engine)  # a table rebuilt (0110): run with the keys off, as SQLite prescribes
    for _ in range(3):  # whichever pooled connection comes next
        with engine.connect() as connection:
            assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


@pytest.mark.sqlite_only
def test_an_upgrade_that_would_leave_a_row_pointing_nowhere_is_refused_and_changes_nothing(engine, tmp_path):
    migrate.upgrade(engine, "aanbrenger")
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection
        raw.execute("PRAGMA foreign_keys = OFF")  # a store damaged before: a casus person of no casus
        raw.execute("INSERT INTO persoon (id, aangemaakt_op) VALUES (7, '2026-01-01 00:00:00')")
        raw.execute("INSERT INTO casus_persoon (casus_id, persoon_id) VALUES (99, 7)")
        raw.execute("PRAGMA foreign_keys = ON")
    tables = set(inspect(engine).get_table_names())
    with pytest.raises(MigrationBroken, match=r"tabel casus_persoon.*naar casus.*niets aan veranderd"):
        migrate.upgrade(engine)
    assert migrate.current_revision(engine) == "aanbrenger"
    assert set(inspect(engine).get_table_names()) == tables
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1

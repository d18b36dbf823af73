"""Schema creation and upgrades, only through the Alembic migrations in db/migrations.

Before anything is migrated, ``inspect_store`` makes sure the database is empty or is a store of a
schema revision these migrations know: a file of another program, a damaged file or a store made by a
newer version of the app is refused with a StoreError, and left as it is.

Alembic is imported only when something is migrated: the known revisions and the head are read from the
migration files themselves (``revision = …`` / ``down_revision = …``), so opening a store that is up to date
costs no Alembic import (tests/test_startup.py checks that this reading agrees with Alembic's).
"""

from __future__ import annotations

import ast
import os
import stat
from collections.abc import Collection
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, MetaData, inspect, text
from sqlalchemy.exc import DBAPIError

from db.engine import WRITE_OPTION, connect_file, location, sqlite_path
from db.errors import (
    SQLITE_ERRORS,
    SQLITE_NOTADB,
    MigrationBroken,
    NewerSchema,
    NotAStore,
    ReadOnlyStore,
    StoreUnavailable,
    sqlite_error,
    translate,
    wrong_key,
)

if TYPE_CHECKING:
    from alembic.config import Config

SQLITE_HEADER = b"SQLite format 3\x00"
VERSION_TABLE = "alembic_version"

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(target_metadata: MetaData | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["target_metadata"] = target_metadata
    return config


@cache
def revision_graph() -> dict[str, tuple[str, ...]]:
    """Every revision of the migration files with the revisions it follows (read from the files, no Alembic)."""
    graph: dict[str, tuple[str, ...]] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        found: dict[str, object] = {}
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            target: ast.expr
            if isinstance(node, ast.AnnAssign) and node.value is not None:
                target, value = node.target, node.value
            elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            else:
                continue
            if isinstance(target, ast.Name) and target.id in ("revision", "down_revision"):
                found[target.id] = ast.literal_eval(value)
        revision, down = found.get("revision"), found.get("down_revision")
        if isinstance(revision, str):
            downs: tuple[str, ...] = ()
            if isinstance(down, (tuple, list)):
                downs = tuple(str(d) for d in down)
            elif down:
                downs = (str(down),)
            graph[revision] = downs
    return graph


def head_revision() -> str | None:
    """The one revision no other migration follows (None if there are no migrations)."""
    graph = revision_graph()
    followed = {down for downs in graph.values() for down in downs}
    heads = sorted(set(graph) - followed)
    if len(heads) > 1:
        raise RuntimeError(f"De migraties hebben meer dan één kop: {', '.join(heads)}")
    return heads[0] if heads else None


def known_revisions() -> frozenset[str]:
    """Every schema revision the migrations of this version of the app know."""
    return frozenset(revision_graph())


# --- what is in the store, before anything touches it ------------------------------------------
def check_sqlite_file(path: Path, *, writable: bool = True, encrypted: bool = False) -> None:
    """Refuse, before SQLite opens it, a file that is no SQLite database or (``writable``) may not be written.

    ``encrypted``: the file should be an SQLCipher store, whose header is not readable; a plain SQLite file
    is then refused (the key would not open it), anything else is left to the key to judge."""
    if not path.exists():
        folder = path.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        if not os.access(folder, os.W_OK | os.X_OK):
            raise StoreUnavailable(f"De database {path} kan niet worden aangemaakt: de map {folder} is alleen-lezen.")
        return
    if path.is_dir():
        raise NotAStore(f"{path} is een map, geen ZVH-database. Er is niets aan veranderd.")
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreUnavailable(f"De database {path} kan niet worden gelezen ({error.strerror or error}).") from None
    if encrypted and header == SQLITE_HEADER:
        raise NotAStore(
            f"De database {path} is niet versleuteld, maar er is een sleutel ingesteld (ZVH_DB_SLEUTEL). "
            "Er is niets aan veranderd. Laat de sleutel weg voor deze database, of kies de versleutelde "
            "(ZVH_DATABASE_URL)."
        )
    if header and header != SQLITE_HEADER and not encrypted:
        raise NotAStore(
            f"{path} is geen ZVH-database (het is geen SQLite-databasebestand). Er is niets aan veranderd. "
            "Kies het juiste bestand (ZVH_DATABASE_URL) of zet een back-up terug met `zvh herstel PAD`. "
            "Is de database versleuteld, zet dan de sleutel in ZVH_DB_SLEUTEL."
        )
    if not writable:
        return
    owner_may_write = path.stat().st_mode & stat.S_IWUSR
    if not owner_may_write or not os.access(path, os.W_OK):
        raise ReadOnlyStore(
            f"De database {path} is alleen-lezen: er kan niets worden opgeslagen. "
            f"Geef het bestand schrijfrechten (chmod u+w {path}) of werk op een kopie."
        )
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise ReadOnlyStore(
            f"De map {path.parent} is alleen-lezen; de database {path.name} heeft daar ruimte nodig voor zijn "
            "logbestand (-wal). Geef de map schrijfrechten of zet de database in een andere map."
        )


def _sqlite_contents(path: Path, key: str | None = None) -> tuple[set[str], str | None]:
    """Table names and stored revision of an SQLite file (encrypted with ``key``), read without changing it."""
    try:
        connection = connect_file(path, key)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = None
            if VERSION_TABLE in tables:
                row = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
                revision = row[0] if row else None
            return tables, revision
        finally:
            connection.close()
    except SQLITE_ERRORS as error:
        if key and (getattr(error, "sqlite_errorcode", 0) or 0) & 0xFF == SQLITE_NOTADB:
            raise wrong_key(str(path)) from None
        raise (sqlite_error(error, str(path)) or error) from None


def _engine_contents(engine: Engine) -> tuple[set[str], str | None]:
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            revision = None
            if VERSION_TABLE in tables:
                revision = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
            return tables, revision
    except DBAPIError as error:
        raise (translate(error, location(engine)) or error) from None


def inspect_store(engine: Engine, required_tables: Collection[str], *, key: str | None = None) -> str | None:
    """The store's schema revision, None for an empty database; a StoreError when it is no ZVH store
    (other tables, or some of ``required_tables`` missing) or a newer one than these migrations know.
    An SQLite store is read as a file, without the engine's pragmas (which would switch it to WAL); ``key``
    opens an encrypted one (a WrongKey when it does not)."""
    path = sqlite_path(engine.url.render_as_string(hide_password=False))
    if path is not None:
        return inspect_file(path, required_tables, key=key)
    tables, revision = _engine_contents(engine)
    return judge_contents(engine.url.render_as_string(hide_password=True), tables, revision, required_tables)


def inspect_file(
    path: Path, required_tables: Collection[str], *, writable: bool = True, key: str | None = None
) -> str | None:
    """``inspect_store`` for an SQLite file (encrypted with ``key``), opened without changing anything."""
    check_sqlite_file(path, writable=writable, encrypted=key is not None)
    tables, revision = _sqlite_contents(path, key) if path.exists() else (set(), None)
    return judge_contents(str(path), tables, revision, required_tables)


def judge_contents(where: str, tables: set[str], revision: str | None, required_tables: Collection[str]) -> str | None:
    if not tables - {VERSION_TABLE} and revision is None:
        return None
    if revision is None:
        names = ", ".join(sorted(tables)[:5]) + (" …" if len(tables) > 5 else "")
        raise NotAStore(
            f"{where} is geen ZVH-database: er staan andere tabellen in ({names}). Er is niets aan veranderd."
        )
    if revision not in known_revisions():
        raise NewerSchema(
            f"De database {where} heeft schemaversie '{revision}', die deze versie van ZVH Overleg niet kent: "
            "hij is gemaakt of bijgewerkt met een nieuwere versie. Werk ZVH Overleg bij. Er is niets aan veranderd."
        )
    missing = set(required_tables) - tables
    if missing:
        raise NotAStore(
            f"{where} is geen ZVH-database: de tabellen {', '.join(sorted(missing))} ontbreken. Er is niets aan veranderd."
        )
    return revision


def current_revision(engine: Engine) -> str | None:
    """The revision stored in an (already opened) store."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` in one write transaction (all of it, or nothing on an error).

    On SQLite the foreign keys are off while the migrations run and checked as a whole before the commit,
    as SQLite prescribes for schema changes (sqlite.org/lang_altertable.html, "other kinds of table schema
    changes"): a migration that rebuilds a table (Alembic's batch mode) drops the old one, and with the keys
    on, that drop checks every row against every table that refers to it, one scan each: a 100k-melding
    store took 68 s over one migration, a million-melding one hours. A violation found at the end rolls
    everything back."""
    from alembic import command

    config = alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as connection:
            # Outside any transaction: inside one, SQLite ignores the pragma.
            dbapi_connection = connection.connection.dbapi_connection
            if sqlite and dbapi_connection is not None:
                dbapi_connection.execute("PRAGMA foreign_keys = OFF")
            try:
                with connection.execution_options(**{WRITE_OPTION: True}).begin():
                    config.attributes["connection"] = connection
                    command.upgrade(config, revision)
                    if sqlite:
                        _require_foreign_keys_hold(connection)
            finally:
                if sqlite and dbapi_connection is not None:
                    dbapi_connection.execute("PRAGMA foreign_keys = ON")
    except DBAPIError as error:
        translated = translate(error, location(engine))
        if translated is None:
            raise
        raise translated from error


def _require_foreign_keys_hold(connection: Connection) -> None:
    """Refuse (and so roll back) a migration that left a row referring to one that is not there."""
    violations = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if violations:
        table, rowid, parent, _ = violations[0]
        raise MigrationBroken(
            f"De schema-update laat {len(violations)} verwijzing(en) naar ontbrekende rijen achter (de eerste: "
            f"tabel {table}, rij {rowid}, naar {parent}). Er is niets aan veranderd; meld dit aan de beheerder."
        )


def autogenerate(message: str, target_metadata: MetaData, engine: Engine) -> None:
    """Write a new migration from the difference between ``target_metadata`` and the store."""
    from alembic import command

    config = alembic_config(target_metadata)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)

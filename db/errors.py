"""Problems with the store itself (the file, the disk, the server), each with a Dutch message for the user.

Database drivers report them as exceptions with a numeric code (SQLite) or an SQLSTATE (PostgreSQL);
``translate`` turns the ones a user can act on into a ``StoreError`` subclass. Rule violations that are
the program's business (an IntegrityError, say) are not translated.

An encrypted store (SQLCipher) is opened through the sqlcipher3 driver, whose exception classes are its own
(``sqlcipher3.dbapi2.OperationalError`` is no ``sqlite3.OperationalError``) but carry the same SQLite result
codes: ``SQLITE_ERRORS``, ``SQLITE_DATABASE_ERRORS`` and ``SQLITE_OPERATIONAL_ERRORS`` name both drivers'
classes, so every ``except`` written for SQLite catches both.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy.exc import DBAPIError


def _driver_classes(name: str) -> tuple[type[Exception], ...]:
    """``sqlite3.<name>`` and, when SQLCipher is installed, ``sqlcipher3.dbapi2.<name>``."""
    classes: list[type[Exception]] = [getattr(sqlite3, name)]
    try:
        from sqlcipher3 import dbapi2 as sqlcipher
    except ImportError:
        pass
    else:
        classes.append(getattr(sqlcipher, name))
    return tuple(classes)


SQLITE_ERRORS = _driver_classes("Error")
"""Every error of an SQLite driver (sqlite3, sqlcipher3)."""
SQLITE_DATABASE_ERRORS = _driver_classes("DatabaseError")
SQLITE_OPERATIONAL_ERRORS = _driver_classes("OperationalError")

RESTORE_HINT = "Zet zo nodig een back-up terug met `zvh herstel PAD`."


class ZvhError(Exception):
    """The one base of every error the product raises for its user: the message is Dutch and says what was
    wrong or what to do. It lives here, at the bottom, so that the store's own errors share it."""


class StoreError(ZvhError):
    """The store cannot be used as asked; the message is Dutch and says what to do."""


class NotAStore(StoreError):
    """The file or database holds something else than a ZVH store."""


class CorruptStore(StoreError):
    """The file is damaged."""


class NewerSchema(StoreError):
    """The store was made or upgraded by a newer version of the app."""


class MigrationBroken(StoreError):
    """A schema update would leave the store inconsistent; it was rolled back."""


class ReadOnlyStore(StoreError):
    """The store may be read but not changed."""


class DiskFull(StoreError):
    """The disk (or the database server's disk) is full."""


class StoreBusy(StoreError):
    """Another program held the store for longer than the wait allows."""


class StoreUnavailable(StoreError):
    """The file cannot be opened or the server cannot be reached."""


class WrongKey(StoreError):
    """An encrypted store that the configured key (ZVH_DB_SLEUTEL) does not open."""


def wrong_key(where: str) -> WrongKey:
    return WrongKey(
        f"De database {where} gaat niet open met de ingestelde sleutel (ZVH_DB_SLEUTEL): de sleutel klopt niet, "
        "het bestand is niet versleuteld, of het is beschadigd. Er is niets aan veranderd. Controleer de sleutel; "
        f"{RESTORE_HINT[0].lower()}{RESTORE_HINT[1:]}"
    )


# SQLite primary result codes (https://sqlite.org/rescode.html); extended codes keep them in the low byte.
SQLITE_PERM = 3
SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_CORRUPT = 11
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_NOTADB = 26


def not_saved() -> str:
    return "De wijziging is niet opgeslagen; er is niets half opgeslagen."


def sqlite_error(error: Exception, where: str) -> StoreError | None:
    """The StoreError for an SQLite driver's error (sqlite3 or sqlcipher3) about the store ``where``, or
    None when it is no store problem."""
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return None
    primary = code & 0xFF
    if primary == SQLITE_FULL:
        return DiskFull(f"De schijf is vol ({where}). {not_saved()} Maak ruimte vrij en probeer het opnieuw.")
    if primary in (SQLITE_READONLY, SQLITE_PERM):
        return ReadOnlyStore(
            f"De database {where} is alleen-lezen: er kan niets worden opgeslagen. {not_saved()} "
            "Geef het bestand (en de map) schrijfrechten, of werk op een kopie."
        )
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB):
        return CorruptStore(f"De database {where} is beschadigd ({error}). Er is niets aan veranderd. {RESTORE_HINT}")
    if primary in (SQLITE_BUSY, SQLITE_LOCKED):
        return StoreBusy(
            f"De database {where} werd te lang bezet gehouden door een ander programma. {not_saved()} "
            "Probeer het zo opnieuw."
        )
    if primary == SQLITE_CANTOPEN:
        return StoreUnavailable(f"De database {where} kan niet worden geopend ({error}).")
    if primary == SQLITE_IOERR:
        return StoreUnavailable(
            f"De schijf gaf een fout bij het lezen of schrijven van {where} ({error}). {not_saved()}"
        )
    return None


def postgres_error(error: Exception, where: str) -> StoreError | None:
    """The StoreError for a psycopg error, or None when it is no store problem."""
    sqlstate = getattr(error, "sqlstate", None)
    if sqlstate == "53100":
        return DiskFull(f"De schijf van de databaseserver is vol ({where}). {not_saved()}")
    if sqlstate == "25006":
        return ReadOnlyStore(f"De database {where} is alleen-lezen. {not_saved()}")
    if sqlstate in ("55P03", "40P01"):
        return StoreBusy(f"De database {where} werd te lang bezet gehouden. {not_saved()} Probeer het zo opnieuw.")
    if sqlstate is not None and sqlstate.startswith("XX"):
        return CorruptStore(f"De databaseserver meldt beschadigde gegevens in {where} ({error}). {RESTORE_HINT}")
    text = str(error)
    if sqlstate in ("28P01", "28000") or "password authentication failed" in text or "no password supplied" in text:
        return StoreUnavailable(
            f"De databaseserver weigert de aanmelding ({where}): de gebruikersnaam of het wachtwoord in "
            "ZVH_DATABASE_URL klopt niet. De server is wel bereikbaar."
        )
    connection_failed = sqlstate is None and type(error).__name__ == "OperationalError"
    if connection_failed or (sqlstate is not None and sqlstate.startswith(("08", "57P"))):
        # No SQLSTATE: the connection itself failed (server down, wrong host, password).
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return StoreUnavailable(f"De databaseserver is niet bereikbaar ({where}): {first_line}")
    return None


def translate(error: BaseException, where: str) -> StoreError | None:
    """A StoreError for a driver error (bare or wrapped by SQLAlchemy), or None."""
    if isinstance(error, StoreError):
        return error
    original = error.orig if isinstance(error, DBAPIError) else error
    if isinstance(original, SQLITE_ERRORS):
        return sqlite_error(original, where)
    if type(original).__module__.startswith("psycopg"):
        return postgres_error(original, where)  # type: ignore[arg-type]
    return None

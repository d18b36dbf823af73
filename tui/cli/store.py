"""`zvh backup [PAD]` and `zvh herstel PAD`, and opening the store for every command with a Dutch
message (instead of a traceback) when the store cannot be used."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from tui.cli.auth import authorize, current_user, read_only_actor
from zvh_core.access.accounts import unknown_actor
from zvh_core.access.rights import Recht
from zvh_core.config.settings import get_settings
from zvh_core.store import Store, StoreError, backups, check_pages, moving, open_store

EXIT_STORE = 2


def say_store_error(error: StoreError) -> typer.Exit:
    typer.echo(str(error), err=True)
    return typer.Exit(EXIT_STORE)


def open_store_or_exit(*, must_exist: bool = False) -> Store:
    """The configured store, or exit 2 with the reason it cannot be used."""
    try:
        return open_store(must_exist=must_exist)
    except StoreError as error:
        raise say_store_error(error) from None


def check_pages_or_exit(store: Store) -> None:
    """Exit 2 with the reason when the store has damaged pages, before anything is written to it."""
    try:
        check_pages(store)
    except StoreError as error:
        store.dispose()
        raise say_store_error(error) from None


def startup_backup() -> tuple[str, str] | None:
    """At the app's first start of a day: a checked copy of the store (kept: the last ``backup_keep``).
    Called by the app in a thread worker after its first screen is drawn (tui/app.py), never before.
    Returns what to say, as (severity, text), or None when no backup was due. A copy that cannot be
    written (full disk, no rights) does not stop the app: it says so in a warning. A copy that fails its
    check (the store is damaged) raises the StoreError; the app then closes with its message."""
    try:
        made = backups.daily_backup(get_settings().resolved_database_url)
    except OSError as error:
        return "warning", f"Let op: de dagelijkse back-up is niet gemaakt ({error.strerror or error})."
    return ("information", f"Dagelijkse back-up gemaakt en gecontroleerd: {made.name}") if made else None


@contextmanager
def store_errors_exit() -> Iterator[None]:
    """Store problems (and pg_dump guidance for PostgreSQL) as a message and exit 2, not a traceback."""
    try:
        yield
    except backups.NotForPostgres as guidance:
        typer.echo(str(guidance))
        raise typer.Exit(EXIT_STORE) from None
    except StoreError as error:
        raise say_store_error(error) from None


def backup(
    pad: Path | None = typer.Argument(
        None, metavar="[PAD]", help="Nieuw bestand of map voor de back-up (standaard: de back-upmap)."
    ),
) -> None:
    """Een gecontroleerde kopie van de database maken, ook terwijl de app in gebruik is."""
    url = get_settings().resolved_database_url
    unlogged = None
    if url.startswith("sqlite"):  # PostgreSQL: only guidance (pg_dump) follows, nothing is read
        # A read-only store can be copied but takes no log entry: checked by reading, noted in beheer.log.
        unlogged = read_only_actor(Recht.BACKUP)
        if unlogged is None:
            authorize(Recht.BACKUP, "backup", {"pad": str(pad) if pad else None})
    try:
        with store_errors_exit():
            made = backups.make_backup(url, pad)
            if unlogged is not None:
                log_file = backups.log_unlogged_backup(url, unlogged, made)
                typer.echo(f"Let op: de database is alleen-lezen; deze back-up staat in {log_file}.", err=True)
    except FileExistsError:
        typer.echo(f"Het bestand {pad} bestaat al; kies een nieuwe naam (er wordt niets overschreven).", err=True)
        raise typer.Exit(EXIT_STORE) from None
    except OSError as error:
        typer.echo(f"De back-up kan niet worden geschreven: {error.strerror or error} ({error.filename}).", err=True)
        raise typer.Exit(EXIT_STORE) from None
    typer.echo(f"Back-up gemaakt en gecontroleerd: {made}")


def herstel(
    pad: Path = typer.Argument(..., metavar="PAD", help="De back-up die de database moet vervangen."),
) -> None:
    """Een back-up terugzetten: eerst gecontroleerd; de vervangen database wordt bewaard."""
    url = get_settings().resolved_database_url
    actor = None
    if url.startswith("sqlite"):  # logged in the store that is replaced (and kept); PostgreSQL: only guidance follows
        actor = authorize(Recht.BACKUP, "herstel", {"pad": str(pad)}, broken_store_ok=True)
    with store_errors_exit():
        # Logged again in the restored store and in beheer.log beside the backups.
        report = backups.restore_logged(url, pad, actor or unknown_actor(current_user()))
    typer.echo(f"Back-up gecontroleerd en teruggezet uit {pad}.")
    if report.kept is not None:
        typer.echo(f"De vervangen database is bewaard als {report.kept}")
    lost = f"; de {report.lost_log_lines} logregel(s) van na de back-up staan daarin" if report.lost_log_lines else ""
    typer.echo(f"Het herstel staat in het toegangslog en in {report.log_file}{lost}.")


def overzetten(
    naar: str = typer.Argument(
        ..., metavar="URL", help="De lege doeldatabase, bijv. postgresql+psycopg://zvh@server/zvh"
    ),
) -> None:
    """De hele database kopiëren naar een andere, lege database (bijvoorbeeld van SQLite naar PostgreSQL)."""
    authorize(Recht.BACKUP, "overzetten", {"naar": naar.split("@")[-1]})
    with store_errors_exit():
        copied = moving.move_store(get_settings().resolved_database_url, naar)
    for table, rows in copied.items():
        typer.echo(f"{table}: {rows}")
    typer.echo(f"Alles gekopieerd ({sum(copied.values())} rijen). Zet voortaan ZVH_DATABASE_URL op de nieuwe database.")


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("herstel")(herstel)
    app.command("overzetten")(overzetten)

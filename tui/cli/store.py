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


def daily_start(store: Store) -> list[tuple[str, str]]:
    """What the app does at every start, in a thread worker once its first screen is drawn (tui/app.py):

    1. the page check (``check_pages``). The app holds the store's writes until it passes (run_tui holds
       them), so a damaged store is never written to, whatever the user does meanwhile; a failed check
       refuses every write for good and raises the StoreError (the app then closes with its message);
    2. the access log against its anchor outside the store (zvh.logketen): a cut or rewritten log is said,
       as an error for the beheerder to act on;
    3. at the first start of a day, a checked copy of the store (kept: the last ``backup_keep``). A copy
       that cannot be written (full disk, no rights) does not stop the app: it says so in a warning.

    Returns what to say, as (severity, text) pairs (none when all is well and no backup was due)."""
    gate = store.write_gate
    try:
        check_pages(store)
    except StoreError as error:
        gate.refuse(error)
        raise
    except Exception as error:  # the check itself could not run: nothing is written to an unchecked store
        refusal = StoreError(
            f"De database {store.where} kon niet worden gecontroleerd ({error}); er wordt niets in geschreven."
        )
        gate.refuse(refusal)
        raise refusal from error
    gate.release()
    said: list[tuple[str, str]] = []
    url = get_settings().resolved_database_url
    try:
        finding = backups.log_anchor_finding(store, url)
    except Exception as error:  # the log could not be compared now: `zvh audit controleer` can
        said.append(("warning", f"Let op: het toegangslog kon niet met zijn anker worden vergeleken ({error})."))
    else:
        if finding.altered:
            said.append(("error", cut_log_message(finding.message, backups.anchor_file(url))))
        elif not finding.ok:  # only anchor lines that do not hold (a new ZVH_LOG_SLEUTEL, a damaged line)
            said.append(
                (
                    "warning",
                    f"{finding.message} Beheerder: controleer ZVH_LOG_SLEUTEL en `zvh audit controleer`; de "
                    "volgende back-up of controle schrijft een nieuw anker.",
                )
            )
    try:
        made = backups.daily_backup(url)
    except OSError as error:
        said.append(("warning", f"Let op: de dagelijkse back-up is niet gemaakt ({error.strerror or error})."))
    else:
        if made is not None:
            said.append(("information", f"Dagelijkse back-up gemaakt en gecontroleerd: {made.name}"))
    return said


def cut_log_message(finding: str, anchor: Path) -> str:
    """What the app says at its start when the access log no longer holds its anchor (zvh.logketen)."""
    return (
        f"{finding}\n"
        "Iemand heeft de database buiten de app om gewijzigd, of er is een oudere kopie teruggezet zonder "
        "`zvh herstel`. Meld dit direct aan de beheerder.\n"
        "Beheerder: bekijk `zvh audit controleer` en `beheer.log` bij de back-ups; bewaar het ankerbestand "
        f"{anchor} (en een kopie van de database) als bewijs; zet zo nodig een back-up van vóór dat moment "
        "terug met `zvh herstel PAD`. Deze melding komt bij elke start terug tot het log weer klopt."
    )


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

"""`zvh regio toon` and `zvh regio controleer PAD`: which regio file is in use, and whether a file is sound.

Neither needs the store or a login: the regio file holds configuration, no personal data.
"""

from __future__ import annotations

from pathlib import Path

import typer

from tui.cli.conventions import ZvhTyper
from zvh_core.config.regio import DEFAULT_REGIO_FILE, RegioError, parse_regio
from zvh_core.config.settings import get_settings

app = ZvhTyper(help="Het regiobestand: gemeenten, partners, routes en overlegtypen.", no_args_is_help=True)


def _active_file() -> Path:
    return Path(get_settings().regio or DEFAULT_REGIO_FILE)


@app.command("toon")
def toon() -> None:
    """Toon het regiobestand dat nu gebruikt wordt (ZVH_REGIO, anders het meegeleverde)."""
    path = _active_file()
    source = "ZVH_REGIO" if get_settings().regio else "meegeleverd"
    typer.echo(f"# Regiobestand: {path} ({source})")
    try:
        typer.echo(path.read_text(encoding="utf-8"), nl=False)
    except OSError as error:
        typer.echo(f"Regiobestand {path} kan niet worden gelezen: {error.strerror or error}.", err=True)
        raise typer.Exit(2) from None


@app.command("controleer")
def controleer(
    pad: Path = typer.Argument(..., metavar="PAD", help="Het regiobestand (.toml) dat u wilt controleren."),
) -> None:
    """Controleer een regiobestand voordat u het in gebruik neemt: elke fout met de sleutel of regel."""
    try:
        regio = parse_regio(pad)
    except RegioError as error:
        typer.echo(str(error), err=True)
        raise typer.Exit(2) from None
    typer.echo(
        f"Regiobestand {pad} is in orde: regio {regio.naam}, {len(regio.gemeenten)} gemeenten, "
        f"{len(regio.partners)} partners, {len(regio.overlegtypen)} overlegtypen, {len(regio.routes)} routes."
    )

"""The `zvh` command: without a subcommand it opens the app."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="ZVH Overleg: routeertafel, screening, triage en casussen van het Zorg- en Veiligheidshuis.",
    no_args_is_help=False,
    add_completion=False,
)


@app.callback(invoke_without_command=True)
def _main(ctx: typer.Context) -> None:
    if ctx.invoked_subcommand is None:
        typer.echo("De app volgt nog.")


def main() -> None:
    app()

from tui import cli_demo  # noqa: E402, F401  (registers `zvh demo`)

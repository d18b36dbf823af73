"""`zvh personen dubbelen [--samenvoegen]`: stored persons that are one person under the matching rule
(domain.md §4), listed, and merged pair by pair after a confirmation."""

from __future__ import annotations

import typer

from tui.cli.auth import command_store
from tui.cli.conventions import ZvhTyper
from zvh_core.kernel import dates
from zvh_core.persons import dubbelen, merge

app = ZvhTyper(help="Personen (beheer).", no_args_is_help=True, add_completion=False)


def _described(person: dubbelen.PairPerson) -> str:
    born = dates.short_date(person.geboortedatum) or "geboortedatum onbekend"
    meldingen = f"{person.meldingen} melding{'' if person.meldingen == 1 else 'en'}"
    return f"#{person.id} {person.naam} ({born}, {meldingen})"


def _yes(question: str) -> bool:
    """A Dutch yes/no question: j(a) or n(ee); the default (Enter) is no."""
    while True:
        answer = typer.prompt(f"{question} [j/N]", default="n", show_default=False).strip().lower()
        if answer in ("j", "ja", "n", "nee"):
            return answer.startswith("j")
        typer.echo("Antwoord j (ja) of n (nee).")


@app.command("dubbelen")
def dubbelen_command(
    samenvoegen: bool = typer.Option(
        False, "--samenvoegen", help="Vraag per paar of het moet worden samengevoegd (de oudste blijft)."
    ),
) -> None:
    """Personen die volgens de herkenningsregel één persoon zijn, zoals 'Berg, v.d.' en 'van der Berg'."""
    store = command_store()
    try:
        with store.read() as session:
            pairs = dubbelen.matching_pairs(session)
        if not pairs:
            typer.echo("Geen dubbele personen gevonden.")
            return
        for number, pair in enumerate(pairs, start=1):
            typer.echo(f"{number}. {_described(pair.behouden)}\n   = {_described(pair.vervallen)}  ({pair.reden})")
        typer.echo(f"{len(pairs)} paar/paren.")
        if not samenvoegen:
            typer.echo("Samenvoegen: zvh personen dubbelen --samenvoegen (per paar een vraag; ongedaan te maken).")
            return
        merged: set[int] = set()
        done = 0
        for number, pair in enumerate(pairs, start=1):
            if pair.behouden.id in merged or pair.vervallen.id in merged:
                continue  # one of them was merged into another person already
            question = f"{number}. #{pair.vervallen.id} samenvoegen met #{pair.behouden.id} (die blijft)?"
            if not _yes(question):
                continue
            try:
                merge.merge_persons(store, pair.behouden.id, pair.vervallen.id)
            except merge.MergeError as error:
                typer.echo(f"   Niet samengevoegd: {error}", err=True)
                continue
            merged.add(pair.vervallen.id)
            done += 1
        typer.echo(f"{done} paar/paren samengevoegd.")
    finally:
        store.dispose()

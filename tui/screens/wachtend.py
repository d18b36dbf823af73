"""'Never lost': meldingen without a besluit that are on no open agenda, oldest first, and what they wait for."""

from __future__ import annotations

from rich.text import Text

from tui import render
from tui.keymap import bindings
from tui.screens.dialogs import ChoiceDialog, ErrorDialog
from tui.screens.list_screen import ListScreen
from tui.workers import Change, Loaded, Saved
from zvh_core.kernel import dates
from zvh_core.kernel.read_models import OverlegView, WachtendeMelding
from zvh_core.meetings import overleggen
from zvh_core.meetings.waiting import REDEN_LABELS, waiting_meldingen


class WachtendLoaded(Loaded):
    value: tuple[int, list[WachtendeMelding], list[OverlegView]]


class WachtendScreen(ListScreen):
    SCOPE = "wachtend"
    BINDINGS = bindings("wachtend")
    TOPBAR = "Wachtende meldingen · t: op een agenda zetten · Esc: terug"
    COLUMNS = ("Datum", "Wacht", "Soort", "Gemeente", "Personen", "Melding", "Komt op", "Waarom")

    def __init__(self) -> None:
        super().__init__()
        self.open_overleggen: list[OverlegView] = []

    def reload(self) -> None:
        regio = self.zvh.regio
        self.load(
            WachtendLoaded,
            lambda s: (*waiting_meldingen(s, regio), overleggen.open_overleggen(s, regio)),
        )

    def on_wachtend_loaded(self, message: WachtendLoaded) -> None:
        total, rows, self.open_overleggen = message.value
        regio, today = self.zvh.regio, self.zvh.today()
        orphans = sum(1 for r in rows if not r.wacht_op)
        summary = Text()
        summary.append(f"{total} meldingen zonder besluit staan op geen agenda", style="bold")
        summary.append(" (oudste eerst). Ze komen vanzelf op het volgende overleg van het genoemde type.")
        if total > len(rows):
            summary.append(f"\nDe oudste {len(rows)} worden getoond.")
        if orphans:
            summary.append(
                f"\n{orphans} melding(en) komen op geen enkel overleg vanzelf: zet ze met t op een agenda.",
                style="bold red",
            )

        def cells(r: WachtendeMelding):
            m = r.melding
            komt_op = (
                Text(", ".join(render.overleg_name(regio, t) for t in r.wacht_op))
                if r.wacht_op
                else Text("GEEN OVERLEG", style="bold red")
            )
            reden = REDEN_LABELS.get(r.reden, r.reden)
            if r.laatste_overleg_type and r.reden != "nieuw":
                reden += f" ({render.overleg_name(regio, r.laatste_overleg_type)} {dates.short_date(r.sinds)})"
            return (
                dates.short_date(m.datum), f"{(today - r.sinds).days} d", regio.soort_label(m.soort), m.gemeente,
                render.persons_text(m.personen, privacy=self.privacy), m.extern_id, komt_op, reden,
            )  # fmt: skip

        self.show(summary, rows, cells, key=lambda r: r.melding.id)

    def action_add_to_agenda(self) -> None:
        item = self.selected()
        if item is None:
            return
        if not self.open_overleggen:
            self.app.push_screen(
                ErrorDialog(
                    "Geen open overleg", "Er is geen open overleg. Start eerst een overleg op het startscherm."
                ),
            )
            return
        options = [(f"{o.type_naam} {dates.long_date(o.datum)}", o.id) for o in self.open_overleggen]
        dialog = ChoiceDialog(f"Melding {item.melding.extern_id} op de agenda van …", options)
        self.app.push_screen(dialog, callback=lambda overleg_id: self._add(item, overleg_id))

    def _add(self, item: WachtendeMelding, overleg_id: object) -> None:
        if not isinstance(overleg_id, int):  # Esc: None
            return
        store, melding_id = self.zvh.store, item.melding.id
        self.save(Change.ADDED, lambda: overleggen.add_to_agenda(store, overleg_id, melding_id))

    def on_saved(self, message: Saved) -> None:
        if message.what is Change.ADDED:
            self.notify("Op de agenda gezet.")
        self.reload()

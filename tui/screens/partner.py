"""A partner at the table: preparing the coming overleggen, and following the live meeting.

``VoorbereidenScreen`` lists the coming overleggen where the partner's organisation is expected, the ones the
chair has not opened yet among them (the agenda opening it now would give; the answers carry over when the chair
opens it). ``PartnerOverlegScreen`` shows one of them: per melding only the lookup fields (names, birth date, address,
soort, date, gemeente; the omschrijving where the regio allows it), the partner's own answer and, once taken,
the decision; never another partner's notes. The partner records bekend / niet bekend, the fact and opinion
(i) or 'deelt niet' with a reason (d), before the meeting or during it. Once the chair has started the
meeting, the screen follows the chair's current melding within a second (the store's change feed; a screen of
an overleg not opened yet notices the opening and follows it from then on); moving
by hand stops following until ``l``. An answer being typed lives in its dialog and is never lost when the
screen underneath follows the chair; it is stored for the melding it was opened on.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Static

from tui import render
from tui.keymap import bindings
from tui.live import LiveFollowing
from tui.row_table import RowTable
from tui.screens.base import ZvhScreen
from tui.screens.run_dialogs import DeeltNiet, Note, NotesDialog, PartnerReasonDialog
from tui.workers import Change, Loaded, Saved, StoreFailed
from zvh_core.config.regio import DEELT_NIET, Regio
from zvh_core.kernel import dates
from zvh_core.kernel.names import Namen
from zvh_core.kernel.read_models import BekendheidView
from zvh_core.meetings import voorbereiden
from zvh_core.meetings.live import Stand
from zvh_core.meetings.voorbereiden import (
    AntwoordConflict,
    Gepland,
    TeVoorbereiden,
    Voorbereiding,
    VoorbereidingItem,
)


class ComingLoaded(Loaded):
    value: list[TeVoorbereiden]


class VoorbereidingLoaded(Loaded):
    value: Voorbereiding


class VoorbereidenScreen(ZvhScreen):
    """The coming overleggen where this partner is expected; Enter opens one."""

    SCOPE = "voorbereiden"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings("voorbereiden"))

    def __init__(self) -> None:
        super().__init__()
        self.coming: list[TeVoorbereiden] = []

    def compose(self) -> ComposeResult:
        actor = self.zvh.actor
        org = self.zvh.regio.partner_label(actor.organisatie or "") if actor else ""
        yield Static(f"Voorbereiden · {org}", id="topbar")
        yield RowTable(id="coming")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#coming", DataTable)
        table.add_columns("Overleg", "Datum", "Meldingen", "Voorbereid", "")
        table.focus()
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        regio, today = self.zvh.regio, self.zvh.today()
        self.load(ComingLoaded, lambda s: voorbereiden.coming_overleggen(s, regio, today))

    def on_coming_loaded(self, message: ComingLoaded) -> None:
        self.coming = message.value
        table = self.query_one("#coming", DataTable)
        table.clear()
        for c in self.coming:
            table.add_row(
                c.type_naam,
                dates.long_date(c.datum),
                str(c.aantal),
                f"{c.voorbereid} van {c.aantal}",
                "LOOPT NU" if c.gestart else ("" if c.overleg_id is not None else "nog niet geopend"),
                key=f"{c.type}:{c.datum.isoformat()}",
            )
        if not self.coming:
            table.add_row("Geen komende overleggen waar uw organisatie wordt verwacht.", "", "", "", "")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_selected()

    def action_open_selected(self) -> None:
        table = self.query_one("#coming", DataTable)
        if self.coming and 0 <= table.cursor_row < len(self.coming):
            self.zvh.push_screen(PartnerOverlegScreen(self.coming[table.cursor_row].key))

    def action_back(self) -> None:
        self.zvh.pop_screen()


def lookup_panel(item: VoorbereidingItem, regio: Regio, *, privacy: bool) -> RenderableType:
    """The melding as far as the partner needs it to look the persons up (privacy mode masks it)."""
    head = Text()
    if item.urgent:
        head.append(" URGENT ", style="bold reverse red")
        head.append(" ")
    head.append(regio.soort_label(item.soort), style="bold")
    head.append(f"  ·  {dates.short_date(item.datum)}  ·  {item.gemeente}  ·  {item.extern_id}")
    persons: list[RenderableType] = [render.person_line(p, privacy=privacy) for p in item.personen] or [
        Text("Onbekende persoon", style="italic")
    ]
    parts: list[RenderableType] = [head, Text(""), *persons]
    if item.omschrijving:
        parts += [Text(""), Text(render.redact(item.omschrijving, item.personen, privacy=privacy))]
    return Group(*parts)


def answer_panel(answer: BekendheidView, regio: Regio, *, privacy: bool) -> RenderableType:
    line = Text()
    line.append(f"{regio.partner_label(answer.partner)}  ", style="bold cyan")
    line.append(regio.bekendheid_label(answer.code), style=render.BEKENDHEID_STYLE.get(answer.code, ""))
    notes = render.bekendheid_notes(answer, privacy=privacy)
    parts: list[RenderableType] = [line]
    if notes:
        parts.append(notes)
    if answer.beoordeling:
        parts.append(
            Text(f"voorzitter: {render.REVIEW_LABEL.get(answer.beoordeling, answer.beoordeling)}", style="dim")
        )
    return Group(*parts)


def item_panel(item: VoorbereidingItem, regio: Regio, *, live: bool, following: bool, privacy: bool) -> RenderableType:
    parts: list[RenderableType] = [lookup_panel(item, regio, privacy=privacy), Text("")]
    parts += [
        render.section_title("Uw antwoord (1: bekend/niet bekend · i: feit en oordeel · d: deelt niet)"),
        answer_panel(item.antwoord, regio, privacy=privacy),
        Text(""),
        render.section_title("Besluit"),
    ]
    if item.besluit is not None:
        besluit = Text(regio.route_label(item.besluit.route), style="bold")
        if item.besluit.toelichting:
            besluit.append(f" — {render.note(item.besluit.toelichting, privacy=privacy)}")
        parts.append(besluit)
    else:
        parts.append(Text("nog geen besluit", style="dim italic"))
    if live:
        parts += [
            Text(""),
            Text(
                "Volgt de voorzitter." if following else "U volgt de voorzitter niet (l: weer volgen).",
                style="green" if following else "yellow",
            ),
        ]
    return Group(*parts)


class PartnerOverlegScreen(LiveFollowing, ZvhScreen):
    """One overleg as this partner prepares and follows it."""

    SCOPE = "partner"
    BINDINGS: ClassVar[list[BindingType]] = list(bindings("partner"))

    def __init__(self, overleg: int | Gepland) -> None:
        super().__init__()
        self.overleg = overleg
        """The overleg's id, or the planned overleg the chair has not opened yet."""
        self.prep: Voorbereiding | None = None
        self.index: int | None = None
        self.following = True
        self.pending: dict[int, int] = {}
        """Own answers still being stored, per melding: how many."""
        self.shown: dict[int, BekendheidView] = {}
        """The answer on screen per melding, including changes still on their way (their versions claimed)."""
        self.logged: frozenset[voorbereiden.ShownKey] = frozenset()
        """Every (melding, person) this screen has shown, and logged, since it opened: reading them again to
        follow the meeting is the same view, not logged again."""
        self._reading = False
        self._read_again = False
        """One read at a time: a read that a newer one superseded would have logged its view unseen."""

    @property
    def overleg_id(self) -> int | None:
        """The overleg's id (None while the chair has not opened it)."""
        if self.prep is not None and self.prep.overleg.overleg_id is not None:
            return self.prep.overleg.overleg_id
        return self.overleg if isinstance(self.overleg, int) else None

    def compose(self) -> ComposeResult:
        yield Static("", id="topbar")
        with Horizontal(id="run-body"):
            yield RowTable(id="run-agenda", show_header=False)
            with VerticalScroll(id="run-center"):
                yield Static("", id="partner-detail")
        yield Static("", id="savebar")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#run-agenda", DataTable)
        table.can_focus = False
        table.add_column("", key="mark", width=1)
        table.add_column("#", key="nr", width=3)
        table.add_column("Melding", key="label", width=29)
        self.query_one("#run-center").focus()
        if isinstance(self.overleg, Gepland):
            self.start_following(None, planned=(self.overleg.type, self.overleg.datum))
        else:
            self.start_following(self.overleg)
        self.reload()

    def reload(self) -> None:
        if self._reading:  # read again when this one is in, with what it showed
            self._read_again = True
            return
        self._reading = True
        regio, today, overleg, logged = self.zvh.regio, self.zvh.today(), self.overleg, self.logged
        self.load(VoorbereidingLoaded, lambda s: voorbereiden.voorbereiding(s, regio, overleg, today, shown=logged))

    def live_changed(self, previous: Stand | None, stand: Stand) -> None:
        self.reload()

    def refresh_privacy(self) -> None:
        super().refresh_privacy()
        self._draw()

    # --- data -----------------------------------------------------------------------------------------
    @property
    def items(self) -> tuple[VoorbereidingItem, ...]:
        return self.prep.items if self.prep else ()

    @property
    def live(self) -> bool:
        return self.prep is not None and self.prep.overleg.gestart

    @property
    def current(self) -> VoorbereidingItem | None:
        if self.index is None or not 0 <= self.index < len(self.items):
            return None
        return self.items[self.index]

    def on_voorbereiding_loaded(self, message: VoorbereidingLoaded) -> None:
        previous = self.current.melding_id if self.current else None
        self.prep = message.value
        self.logged |= self.prep.getoond
        self._reading = False
        if self._read_again:
            self._read_again = False
            self.reload()
        for item in self.items:
            mine = self.shown.get(item.melding_id)
            if not self.pending.get(item.melding_id) or mine is None or item.antwoord.versie >= mine.versie:
                self.shown[item.melding_id] = item.antwoord
        ids = [i.melding_id for i in self.items]
        chair = self.prep.overleg.huidige_bespreking_id
        on_agenda = [i.bespreking_id for i in self.items]
        if self.live and self.following and chair is not None and chair in on_agenda:
            self.index = on_agenda.index(chair)
        elif previous in ids:
            self.index = ids.index(previous)
        else:
            self.index = 0 if ids else None
        self._draw()

    @property
    def _organisatie(self) -> str:
        actor = self.zvh.actor
        return (actor.organisatie or "") if actor else ""

    def answer_of(self, item: VoorbereidingItem) -> BekendheidView:
        return self.shown.get(item.melding_id, item.antwoord)

    # --- drawing --------------------------------------------------------------------------------------
    def _draw(self) -> None:
        if self.prep is None:
            return
        regio, o = self.zvh.regio, self.prep.overleg
        top = Text()
        top.append(f" {o.type_naam} · {dates.long_date(o.datum)} ", style="bold reverse")
        top.append(f"  {regio.partner_label(self._organisatie)}  ·  ")
        if o.gestart:
            top.append("LIVE: het overleg loopt", style="bold green")
        elif o.overleg_id is None:
            top.append("voorbereiden · nog niet geopend door de voorzitter (de agenda kan nog veranderen)")
        else:
            top.append("voorbereiden")
        self.query_one("#topbar", Static).update(top)
        table = self.query_one("#run-agenda", DataTable)
        table.clear()
        for n, item in enumerate(self.items, start=1):
            answered = self.answer_of(item).voorbereid_door is not None
            mark = Text("✓", style="green") if answered else Text("·", style="dim")
            if item.besluit is not None:
                mark = Text("■", style="bold")
            table.add_row(
                mark,
                str(n),
                f"{regio.soort_label(item.soort)} · {render.persons_text(_names(item), privacy=self.privacy)}",
                key=str(item.melding_id),
            )
        if self.index is not None:
            table.move_cursor(row=self.index, animate=False, scroll=True)
        detail = self.query_one("#partner-detail", Static)
        current = self.current
        if current is None:
            detail.update("Er staan (nog) geen meldingen op de agenda van dit overleg.")
        else:
            shown = replace(current, antwoord=self.answer_of(current))
            detail.update(item_panel(shown, regio, live=self.live, following=self.following, privacy=self.privacy))
        self._render_savebar()

    def _render_savebar(self) -> None:
        bar = self.query_one("#savebar", Static)
        bar.update("opslaan…" if any(self.pending.values()) else "✓ uw antwoorden zijn opgeslagen")

    # --- moving ---------------------------------------------------------------------------------------
    def _move(self, step: int) -> None:
        if self.index is None:
            return
        index = self.index + step
        if 0 <= index < len(self.items):
            self.index = index
            if self.live:
                self.following = False
            self._draw()

    def action_next(self) -> None:
        self._move(1)

    def action_previous(self) -> None:
        self._move(-1)

    def action_follow(self) -> None:
        self.following = True
        self.reload()

    def action_back(self) -> None:
        self.zvh.pop_screen()

    # --- answering ------------------------------------------------------------------------------------
    def _store_answer(
        self, item: VoorbereidingItem, seen: BekendheidView, changed: BekendheidView, **fields: object
    ) -> None:
        """Show ``changed`` at once and store it on ``seen``'s version (what the partner saw when it began:
        if the chair changed the answer meanwhile, the store refuses and shows the stored answer)."""
        melding_id, bespreking_id = item.melding_id, item.bespreking_id
        current = self.answer_of(item)
        if current.versie > seen.versie and self.pending.get(melding_id):
            seen = current  # our own earlier changes, still on their way (else: refused, stored answer shown)
        naam = self.zvh.actor.naam if self.zvh.actor else None
        self.shown[melding_id] = replace(changed, versie=seen.versie + 1, voorbereid_door=naam)
        self.pending[melding_id] = self.pending.get(melding_id, 0) + 1
        self._draw()
        store, regio, versie, today = self.zvh.store, self.zvh.regio, seen.versie, self.zvh.today()
        planned = self.overleg if isinstance(self.overleg, Gepland) else None
        if bespreking_id is None and planned is not None:  # not opened yet (when the screen last read it)

            def write() -> BekendheidView:
                return voorbereiden.answer_planned(
                    store, regio, planned, melding_id, expected_versie=versie, today=today, **fields
                )
        else:
            assert bespreking_id is not None

            def write() -> BekendheidView:
                return voorbereiden.answer(store, regio, bespreking_id, expected_versie=versie, **fields)

        self.save(Change.ANTWOORD, lambda: (melding_id, write()))

    def on_saved(self, message: Saved) -> None:
        if message.what is not Change.ANTWOORD:
            return
        melding_id, stored = message.value  # the melding answered, and its answer as stored
        self.pending[melding_id] = max(0, self.pending.get(melding_id, 0) - 1)
        if not self.pending[melding_id]:
            self.shown[melding_id] = stored
        self._draw()

    def on_store_failed(self, message: StoreFailed) -> None:
        if message.while_reading:
            self._reading = self._read_again = False  # nothing shown; the next change or key reads again
        conflict = message.error if isinstance(message.error, AntwoordConflict) else None
        if conflict is None:
            self.pending = {}
            return
        melding_id = conflict.melding_id
        if melding_id is None:  # pragma: no cover - every refusal of a partner's answer names its melding
            self.pending = {}
            return
        self.pending[melding_id] = 0
        self.shown[melding_id] = conflict.stored  # the stored answer, shown behind the dialog
        self._draw()

    def action_cycle(self) -> None:
        item = self.current
        if item is None:
            return
        cycle = self.zvh.regio.bekendheid_cycle
        answer = self.answer_of(item)
        code = cycle[(cycle.index(answer.code) + 1) % len(cycle)] if answer.code in cycle else cycle[0]
        self._store_answer(item, answer, replace(answer, code=code, reden=None), code=code)

    def action_note(self) -> None:
        item = self.current
        if item is None:
            return
        answer = self.answer_of(item)
        self.zvh.push_screen(
            NotesDialog(self.zvh.regio, (answer,), 0), callback=lambda notes: self._store_note(item, answer, notes)
        )

    def _store_note(self, item: VoorbereidingItem, seen: BekendheidView, notes: dict[str, Note] | None) -> None:
        note = (notes or {}).get(seen.partner)
        if note is None:
            return
        changed = replace(self.answer_of(item), notitie=note.feit or None, oordeel=note.oordeel or None)
        self._store_answer(item, seen, changed, notitie=note.feit, oordeel=note.oordeel)

    def action_deelt_niet(self) -> None:
        item = self.current
        if item is None or DEELT_NIET not in self.zvh.regio.bekendheid:
            return
        answer = self.answer_of(item)
        self.zvh.push_screen(
            PartnerReasonDialog(self.zvh.regio, (answer,), 0),
            callback=lambda choice: self._store_deelt_niet(item, answer, choice),
        )

    def _store_deelt_niet(self, item: VoorbereidingItem, seen: BekendheidView, choice: DeeltNiet | None) -> None:
        if choice is None:
            return
        changed = replace(self.answer_of(item), code=DEELT_NIET, reden=choice.reden)
        self._store_answer(item, seen, changed, code=DEELT_NIET, reden=choice.reden)


def _names(item: VoorbereidingItem) -> Namen:
    return Namen(p.naam for p in item.personen)

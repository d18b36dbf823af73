"""The meeting itself: one melding at a time, what each partner knows, the route, the actions.

Every change is written at once (in order, off the UI thread); the screen shows it immediately
and marks it stored when the store confirms. Moving on remembers the position, so a restarted
app resumes here. Each change carries the bespreking's version it was made on; when another chair
changed the bespreking meanwhile the change is refused and the stored state is shown instead."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Footer, Label, Static

from tui import render
from tui.keymap import bindings
from tui.live import LiveFollowing
from tui.screens.base import ZvhScreen
from tui.screens.dialogs import ConfirmDialog, TextPrompt
from tui.screens.run_dialogs import (
    ActieDialog,
    ActieRequest,
    CasusOpenDialog,
    DeeltNiet,
    GeheimhoudingDialog,
    Note,
    NotesDialog,
    PartnerReasonDialog,
    RouteChoice,
    RouteDialog,
)
from tui.workers import Loaded, Saved, StoreFailed
from zvh_core.casussen.procesregie import CasusRequest
from zvh_core.config.regio import DEELT_NIET
from zvh_core.kernel import clock
from zvh_core.kernel.read_models import (
    AgendaItem,
    BesluitView,
    BesprekingDetail,
    OverlegView,
)
from zvh_core.meetings import bespreking, overleggen
from zvh_core.meetings.agenda import agenda_items
from zvh_core.meetings.bespreking import ConcurrentChange
from zvh_core.meetings.live import Stand

if TYPE_CHECKING:
    from tui.app import ZvhApp


class RunLoaded(Loaded):
    value: tuple[OverlegView, list[AgendaItem]]


class DetailLoaded(Loaded):
    value: BesprekingDetail


class DetailPrefetched(Loaded):
    """A neighbour of the current melding, read ahead so that moving to it shows at once."""

    value: BesprekingDetail


class RunScreen(LiveFollowing, ZvhScreen):
    SCOPE = "run"
    BINDINGS = bindings("run")

    def __init__(self, overleg_id: int, start_at: int | None = None) -> None:
        super().__init__()
        self.overleg_id = overleg_id
        self.start_at = start_at
        self.overleg: OverlegView | None = None
        self.items: list[AgendaItem] = []
        self.index: int | None = None
        self.detail: BesprekingDetail | None = None
        self.selected_partner: int | None = None
        self.pending = 0
        self.conflict_shown = False
        self.cache: dict[int, BesprekingDetail] = {}
        """Details read ahead or shown before, by bespreking id; refreshed from the store on every visit."""
        self.live_behind = False
        """Someone else changed the overleg while own changes were on their way: read it once they are stored."""

    # --- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="run-top"):
            yield Static("", id="topbar")
            yield Static("", id="progress")
        with Horizontal(id="run-body"):
            yield DataTable(id="run-agenda", cursor_type="row", show_header=False)
            with VerticalScroll(id="run-center"):
                yield Static("", id="run-detail")
            with VerticalScroll(id="run-history"):
                yield Label("Eerder bekend", classes="section-title")
                yield Static("", id="run-history-body")
        yield Static("", id="savebar")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#run-agenda", DataTable)
        table.can_focus = False
        table.add_column("", key="mark", width=1)
        table.add_column("#", key="nr", width=3)
        table.add_column("Melding", key="label", width=29)
        self.query_one("#run-center").focus()
        store, overleg_id, start_at = self.app.store, self.overleg_id, self.start_at

        def start() -> int | None:
            current = overleggen.start(store, overleg_id)
            if start_at is not None and start_at != current:
                overleggen.set_current(store, overleg_id, start_at)
                return start_at
            return current

        self.save("started", start)
        self.start_following(overleg_id)

    def refresh_privacy(self) -> None:
        """Privacy mode changed: redraw the agenda labels and the melding now (a reload redraws only what
        changed in the store)."""
        super().refresh_privacy()
        self._render_agenda([])
        self._render_detail()

    def reload(self) -> None:
        self.conflict_shown = False
        self._load_run()
        if self.current_item is not None:
            self._load_detail()

    def _load_run(self) -> None:
        regio, overleg_id = self.app.regio, self.overleg_id
        self.load(
            RunLoaded, lambda s: (overleggen.get_overleg(s, regio, overleg_id), agenda_items(s, regio, overleg_id))
        )

    # --- data arriving ----------------------------------------------------------------------------
    def on_run_loaded(self, message: RunLoaded) -> None:
        overleg, items = message.value
        first_time = self.overleg is None
        self.overleg = overleg
        if first_time:
            self.refresh_bindings()  # the partner keys (check_action) depend on the overleg, which just arrived
        previous, self.items = self.items, items
        if first_time:
            ids = [i.bespreking_id for i in items]
            target = overleg.huidige_bespreking_id
            self.index = ids.index(target) if target in ids else (0 if items else None)
        elif self.index is not None and self.index >= len(items):
            self.index = len(items) - 1 if items else None
        self._render_agenda(previous)
        self._render_top()
        if first_time and self.current_item is not None:
            self._load_detail()
        elif not items:
            self._render_empty()

    def on_detail_loaded(self, message: DetailLoaded) -> None:
        detail = message.value
        current = self.current_item
        if current is None or detail.bespreking_id != current.bespreking_id:
            return  # the chair has moved on meanwhile
        moved_here = self.detail is None or self.detail.bespreking_id != detail.bespreking_id
        if moved_here:
            self.selected_partner = None
        elif self.pending and self.detail.versie > detail.versie:
            detail = replace(detail, versie=self.detail.versie)  # our own changes are still on their way
            detail = self._keep_claimed_answers(detail)
        elif detail == self.detail:
            return  # the read-ahead copy on screen was still right: no second paint
        self._show_detail(detail, scroll_home=moved_here)

    def on_detail_prefetched(self, message: DetailPrefetched) -> None:
        self.cache[message.value.bespreking_id] = message.value

    def on_store_failed(self, message: StoreFailed) -> None:
        # Textual also calls ZvhScreen.on_store_failed (handlers run along the MRO): it shows the dialog.
        self.pending = max(0, self.pending - 1)
        self._render_savebar()
        conflict = message.error if isinstance(message.error, ConcurrentChange) else None
        if conflict is None:
            return
        if (
            conflict.detail is not None
            and self.detail is not None
            and conflict.bespreking_id == self.detail.bespreking_id
        ):
            self.detail = conflict.detail  # the stored state, shown behind the dialog
            self._render_detail()
        if self.conflict_shown:
            message.prevent_default()  # later changes queued on the same stale version: one dialog is enough
        self.conflict_shown = True

    def on_saved(self, message: Saved) -> None:
        if message.what == "position":
            return
        self.pending = max(0, self.pending - 1)
        if not self.pending and self.live_behind:
            self.call_after_refresh(self._read_live)
        if message.what == "started":
            self.reload()
            return
        if message.what == "closed":
            self.app.show_besluitenlijst(self.overleg_id)
            return
        if message.what in ("actie", "actie_weg", "besluit_casus"):
            self._load_detail()
        self._load_run()
        self._render_savebar()

    # --- rendering -------------------------------------------------------------------------------
    @property
    def current_item(self) -> AgendaItem | None:
        if self.index is None or not self.items:
            return None
        return self.items[self.index]

    def _render_top(self) -> None:
        if self.overleg is None:
            return
        o, regio = self.overleg, self.app.regio
        self.query_one("#topbar", Static).update(render.overleg_topbar(o, regio))
        self.query_one("#progress", Static).update(render.progress_text(o, self.items, self.index, clock.now()))

    def _render_agenda(self, previous: list[AgendaItem]) -> None:
        """Redraw the agenda list: rebuilt when its rows changed, else only the marks that changed."""
        table = self.query_one("#run-agenda", DataTable)
        regio = self.app.regio
        if [i.bespreking_id for i in previous] != [i.bespreking_id for i in self.items]:
            table.clear()
            for n, item in enumerate(self.items, start=1):
                table.add_row(
                    render.status_mark(item),
                    str(n),
                    f"{'! ' if item.urgent else ''}{regio.soort_label(item.soort)} · {render.persons_text(item.personen)}",
                    key=str(item.bespreking_id),
                )
        else:
            for old, item in zip(previous, self.items, strict=True):
                if old.status != item.status:
                    table.update_cell(str(item.bespreking_id), "mark", render.status_mark(item))
        self._show_cursor()

    def _show_cursor(self) -> None:
        if self.index is not None:
            self.query_one("#run-agenda", DataTable).move_cursor(row=self.index, animate=False, scroll=True)

    def _render_empty(self) -> None:
        self.query_one("#run-detail", Static).update("De agenda is leeg. g: agenda (melding toevoegen) · s: sluiten")
        self.query_one("#run-history-body", Static).update("")

    def _show_detail(self, detail: BesprekingDetail, *, scroll_home: bool) -> None:
        self.detail = detail
        self._render_detail()
        if scroll_home:
            self.query_one("#run-center").scroll_home(animate=False)
            self.query_one("#run-history").scroll_home(animate=False)

    def _render_detail(self) -> None:
        detail, regio, today = self.detail, self.app.regio, self.app.today()
        if detail is None:
            return
        self.cache[detail.bespreking_id] = detail  # what is on screen, incl. changes still being stored
        self.query_one("#run-detail", Static).update(render.detail_panel(detail, regio, today, self.selected_partner))
        self.query_one("#run-history-body", Static).update(
            render.history_panel(detail.history, detail.melding.personen, regio, today)
        )

    def _render_bekendheid(self) -> None:
        """A partner's bekendheid changed: redraw the centre (one widget) and keep the cached copy current."""
        if self.detail is not None:
            self.cache[self.detail.bespreking_id] = self.detail
            self.query_one("#run-detail", Static).update(
                render.detail_panel(self.detail, self.app.regio, self.app.today(), self.selected_partner)
            )

    def _render_savebar(self) -> None:
        bar = self.query_one("#savebar", Static)
        if self.pending:
            bar.update("opslaan…")
        else:
            bar.update(f"✓ alles opgeslagen ({clock.local_time(clock.now()):%H:%M:%S})")

    # --- moving ----------------------------------------------------------------------------------
    def _load_detail(self) -> None:
        """Read the current melding; when a copy was read ahead, show it at once and refresh it after."""
        item = self.current_item
        if item is None:
            return
        cached = self.cache.get(item.bespreking_id)
        if cached is not None and (self.detail is None or self.detail.bespreking_id != item.bespreking_id):
            self.selected_partner = None
            self._show_detail(cached, scroll_home=True)
            # Read the fresh copy and the new neighbours once the copy is drawn: threads started now would
            # compete with that drawing.
            self.call_after_refresh(self._read_current_and_neighbours)
        else:
            self._read_current_and_neighbours()

    def _read_current_and_neighbours(self) -> None:
        item = self.current_item
        if item is None:
            return
        regio, today = self.app.regio, self.app.today()
        self.load(DetailLoaded, lambda s: bespreking.load_detail(s, regio, item.bespreking_id, today=today))
        self._prefetch_neighbours()

    def _prefetch_neighbours(self) -> None:
        """Read the next and previous melding ahead (while the chair talks), so moving shows them at once."""
        if self.index is None:
            return
        regio, today = self.app.regio, self.app.today()
        for step, group in ((1, "prefetch-next"), (-1, "prefetch-previous")):
            n = self.index + step
            if not 0 <= n < len(self.items) or self.items[n].bespreking_id in self.cache:
                continue
            bespreking_id = self.items[n].bespreking_id
            self.load(
                DetailPrefetched,
                lambda s, b=bespreking_id: bespreking.load_detail(s, regio, b, today=today),
                group=group,
            )

    def _move_to(self, index: int) -> None:
        if not self.items or index == self.index or not 0 <= index < len(self.items):
            return
        self.index = index
        self._show_cursor()
        self._render_top()
        self._load_detail()
        store, overleg_id, bespreking_id = self.app.store, self.overleg_id, self.items[index].bespreking_id
        # Not a decision: stored quietly (no 'opslaan…'), once the move is drawn.
        self.call_after_refresh(self.save, "position", lambda: overleggen.set_current(store, overleg_id, bespreking_id))

    def action_next(self) -> None:
        if self.index is not None:
            self._move_to(self.index + 1)

    def action_previous(self) -> None:
        if self.index is not None:
            self._move_to(self.index - 1)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self._move_to(event.cursor_row)

    # --- changes -----------------------------------------------------------------------------------
    def _store(self, what: str, write) -> None:
        self.pending += 1
        self._render_savebar()
        self.save(what, write)

    def _claim_versie(self, detail: BesprekingDetail, changes: int = 1) -> int:
        """The version a change to ``detail``'s bespreking is made on (counting changes still on their
        way); the screen's version moves on by ``changes``."""
        if self.detail is None or self.detail.bespreking_id != detail.bespreking_id:
            return detail.versie
        expected = self.detail.versie
        self.detail = replace(self.detail, versie=expected + changes)
        return expected

    def _ready_detail(self) -> BesprekingDetail | None:
        """The detail on screen, when it is the current item's (not while a move is loading)."""
        item = self.current_item
        if self.detail is None or item is None or self.detail.bespreking_id != item.bespreking_id:
            return None
        return self.detail

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cycle_bekendheid":
            count = len(self.overleg.partners) if self.overleg else 0
            return parameters[0] < count  # type: ignore[operator]
        if action == "hold" and self.overleg is not None:
            return self.app.regio.hold_route(self.overleg.type) is not None
        if action == "deelt_niet":
            return DEELT_NIET in self.app.regio.bekendheid
        return True

    def action_cycle_bekendheid(self, index: int) -> None:
        detail = self._ready_detail()
        if detail is None or index >= len(detail.bekendheid):
            return
        cycle = self.app.regio.bekendheid_cycle
        row = detail.bekendheid[index]
        code = cycle[(cycle.index(row.code) + 1) % len(cycle)] if row.code in cycle else cycle[0]
        rows = list(detail.bekendheid)
        rows[index] = replace(row, code=code)
        self.detail = replace(detail, bekendheid=tuple(rows))
        self.selected_partner = index
        self._render_bekendheid()
        store, regio, bespreking_id, partner = self.app.store, self.app.regio, detail.bespreking_id, row.partner
        versie, rij = self._claim_versie(detail), self._claim_answer(partner)
        self._store(
            "bekendheid",
            lambda: bespreking.set_bekendheid(
                store, regio, bespreking_id, partner, code=code, expected_versie=versie, expected_rij_versie=rij
            ),
        )

    def action_note(self) -> None:
        detail = self._ready_detail()
        if detail is None:
            return
        dialog = NotesDialog(self.app.regio, detail.bekendheid, self.selected_partner or 0)
        self.app.push_screen(dialog, callback=lambda notes: self._store_notes(detail, notes))

    def _store_notes(self, detail: BesprekingDetail, notes: dict[str, Note] | None) -> None:
        if not notes:
            return
        if self.detail is not None and self.detail.bespreking_id == detail.bespreking_id:
            self.detail = replace(
                self.detail,
                bekendheid=tuple(
                    replace(b, notitie=notes[b.partner].feit or None, oordeel=notes[b.partner].oordeel or None)
                    if b.partner in notes
                    else b
                    for b in self.detail.bekendheid
                ),
            )
            self._render_bekendheid()
        store, regio, bespreking_id = self.app.store, self.app.regio, detail.bespreking_id
        versie = self._claim_versie(detail, len(notes))
        # The versions of the answers as the dialog showed them: a partner that typed meanwhile is not overwritten.
        rij = {b.partner: b.versie for b in detail.bekendheid}
        for partner in notes:
            self._claim_answer(partner)

        def write() -> None:
            for n, (partner, note) in enumerate(notes.items()):
                bespreking.set_bekendheid(
                    store,
                    regio,
                    bespreking_id,
                    partner,
                    notitie=note.feit,
                    oordeel=note.oordeel,
                    expected_versie=versie + n,
                    expected_rij_versie=rij.get(partner),
                )

        self._store("notitie", write)

    def action_deelt_niet(self) -> None:
        detail = self._ready_detail()
        if detail is None or not detail.bekendheid:
            return
        dialog = PartnerReasonDialog(self.app.regio, detail.bekendheid, self.selected_partner or 0)
        self.app.push_screen(dialog, callback=lambda choice: self._store_deelt_niet(detail, choice))

    def _store_deelt_niet(self, detail: BesprekingDetail, choice: DeeltNiet | None) -> None:
        if choice is None:
            return
        if self.detail is not None and self.detail.bespreking_id == detail.bespreking_id:
            rows = [
                replace(b, code=DEELT_NIET, reden=choice.reden) if b.partner == choice.partner else b
                for b in self.detail.bekendheid
            ]
            self.selected_partner = [b.partner for b in rows].index(choice.partner)
            self.detail = replace(self.detail, bekendheid=tuple(rows))
            self._render_bekendheid()
        store, regio, bespreking_id = self.app.store, self.app.regio, detail.bespreking_id
        versie, rij = self._claim_versie(detail), self._claim_answer(choice.partner)
        self._store(
            "bekendheid",
            lambda: bespreking.set_bekendheid(
                store,
                regio,
                bespreking_id,
                choice.partner,
                code=DEELT_NIET,
                reden=choice.reden,
                expected_versie=versie,
                expected_rij_versie=rij,
            ),
        )

    def action_geheimhouding(self) -> None:
        if self.overleg is None:
            return
        dialog = GeheimhoudingDialog(self.app.regio.geheimhoudingsverklaring, self.overleg.geheimhouding_gelezen_op)
        self.app.push_screen(dialog, callback=self._store_geheimhouding)

    def _store_geheimhouding(self, gelezen: bool | None) -> None:
        if gelezen is None or self.overleg is None:
            return
        self.overleg = replace(self.overleg, geheimhouding_gelezen_op=clock.now() if gelezen else None)
        self._render_top()
        store, overleg_id = self.app.store, self.overleg_id
        self._store("geheimhouding", lambda: overleggen.set_geheimhouding(store, overleg_id, gelezen))

    def action_route(self) -> None:
        detail = self._ready_detail()
        if detail is None or self.overleg is None:
            return
        routes = self.app.regio.routes_of(self.overleg.type)
        current = detail.besluit
        dialog = RouteDialog(routes, current.route if current else None, current.toelichting if current else None)
        self.app.push_screen(dialog, callback=lambda choice: self._store_besluit(detail, choice))

    def action_hold(self) -> None:
        detail = self._ready_detail()
        hold = self.app.regio.hold_route(self.overleg.type) if self.overleg else None
        if detail is None or hold is None:
            return
        label = self.app.regio.route_label(hold)
        dialog = TextPrompt(f"{label} — reden (mag leeg)", placeholder="Bijv. eerst navragen bij school")
        self.app.push_screen(
            dialog,
            callback=lambda text: None if text is None else self._store_besluit(detail, RouteChoice(hold, text)),
        )

    def _store_besluit(self, detail: BesprekingDetail, choice: RouteChoice | None) -> None:
        if choice is None:
            return
        regio = self.app.regio
        route = regio.routes.get(choice.route)
        if route is not None and route.opent_casus:
            thema = regio.overlegtype(self.overleg.type).standaard_thema if self.overleg else None
            self.app.push_screen(
                CasusOpenDialog(regio, thema),
                callback=lambda request: None if request is None else self._write_besluit(detail, choice, request),
            )
            return
        self._write_besluit(detail, choice, None)

    def _write_besluit(self, detail: BesprekingDetail, choice: RouteChoice, casus: CasusRequest | None) -> None:
        if self.detail is not None and self.detail.bespreking_id == detail.bespreking_id:
            besluit = BesluitView(choice.route, choice.toelichting.strip() or None, clock.now())
            self.detail = replace(self.detail, besluit=besluit)
            self._render_detail()
        store, regio, bespreking_id = self.app.store, self.app.regio, detail.bespreking_id
        # A casus opened or dropped by this besluit shows after a fresh read.
        what = "besluit_casus" if casus is not None or (detail.besluit and detail.besluit.casus_id) else "besluit"
        versie = self._claim_versie(detail)
        self._store(
            what,
            lambda: bespreking.set_besluit(
                store, regio, bespreking_id, choice.route, choice.toelichting, casus, expected_versie=versie
            ),
        )

    def action_add_actie(self) -> None:
        detail = self._ready_detail()
        if detail is None or self.overleg is None:
            return
        regio = self.app.regio
        partners = [*self.overleg.partners, *[p for p in regio.partners if p not in self.overleg.partners]]
        route = regio.routes.get(detail.besluit.route) if detail.besluit else None
        owner = route.partner if route and route.partner in partners else partners[0]
        termijn = self.app.today() + timedelta(days=regio.actie_termijn_dagen)
        dialog = ActieDialog(regio, partners, owner, termijn)
        self.app.push_screen(dialog, callback=lambda request: self._store_actie(detail, request))

    def _store_actie(self, detail: BesprekingDetail, request: ActieRequest | None) -> None:
        if request is None:
            return
        store, regio, bespreking_id = self.app.store, self.app.regio, detail.bespreking_id
        versie = self._claim_versie(detail)
        self._store(
            "actie",
            lambda: bespreking.add_actie(
                store,
                regio,
                bespreking_id,
                request.eigenaar,
                request.omschrijving,
                request.termijn,
                expected_versie=versie,
            ),
        )

    def action_remove_actie(self) -> None:
        detail = self._ready_detail()
        if detail is None or not detail.acties:
            return
        last = detail.acties[-1]
        question = f"Actie verwijderen: {self.app.regio.partner_label(last.eigenaar)} — {last.omschrijving}?"

        def answer(yes: bool | None) -> None:
            if yes:
                store, versie = self.app.store, self._claim_versie(detail)
                self._store("actie_weg", lambda: bespreking.remove_actie(store, last.id, expected_versie=versie))

        self.app.push_screen(ConfirmDialog(question), callback=answer)

    # --- the live meeting: partners' answers and other chairs' changes, and prepared answers ----------
    def live_changed(self, previous: Stand | None, stand: Stand) -> None:
        """Someone changed this overleg: read the agenda and the current melding again (a dialog the chair
        is typing in stays as it is). The chair's own move alone needs no read; nor the first marker (this
        screen's own start is what reads everything)."""
        item = self.current_item
        if previous is None:
            return
        if previous._replace(huidige_bespreking_id=stand.huidige_bespreking_id) == stand and (
            item is None or stand.huidige_bespreking_id == item.bespreking_id
        ):
            return
        if self.pending:  # own changes on their way: read once they are stored, never show a half state
            self.live_behind = True
            return
        self._read_live()

    def _read_live(self) -> None:
        self.live_behind = False
        item = self.current_item
        current = item.bespreking_id if item is not None else None
        self.cache = {k: v for k, v in self.cache.items() if k == current}  # read-ahead copies may be stale
        self._load_run()
        if item is not None:
            self._read_current_and_neighbours()

    def _claim_answer(self, partner: str) -> int | None:
        """The version of ``partner``'s answer a change is made on; the screen's copy moves on by one."""
        if self.detail is None:
            return None
        rows = list(self.detail.bekendheid)
        for n, row in enumerate(rows):
            if row.partner == partner:
                rows[n] = replace(row, versie=row.versie + 1)
                self.detail = replace(self.detail, bekendheid=tuple(rows))
                return row.versie
        return None

    def _keep_claimed_answers(self, fresh: BesprekingDetail) -> BesprekingDetail:
        """While own changes are on their way, keep the answers' versions this screen has claimed."""
        if self.detail is None or self.detail.bespreking_id != fresh.bespreking_id:
            return fresh
        claimed = {b.partner: b.versie for b in self.detail.bekendheid}
        return replace(
            fresh,
            bekendheid=tuple(replace(b, versie=max(b.versie, claimed.get(b.partner, 0))) for b in fresh.bekendheid),
        )

    def _prepared_row(self) -> tuple[BesprekingDetail, list] | None:
        detail = self._ready_detail()
        if detail is None:
            return None
        rows = [b for b in detail.bekendheid if b.voorbereid_door]
        if self.selected_partner is not None and self.selected_partner < len(detail.bekendheid):
            rows = [r for r in rows if r.partner == detail.bekendheid[self.selected_partner].partner]
        if not rows:
            self.notify("Geen voorbereid antwoord (kies eerst de partner met 1–9).", severity="warning")
            return None
        return detail, rows

    def action_confirm_prepared(self) -> None:
        """Confirm the selected partner's prepared answer, or every prepared answer not yet reviewed."""
        found = self._prepared_row()
        if found is None:
            return
        detail, rows = found
        rows = [r for r in rows if self.selected_partner is not None or not r.beoordeling]
        self._review(detail, rows, keep=True)

    def action_clear_prepared(self) -> None:
        found = self._prepared_row()
        if found is None or self.selected_partner is None:
            if found is not None:
                self.notify("Kies eerst de partner (1–9) van wie u het antwoord wist.", severity="warning")
            return
        detail, rows = found
        self._review(detail, rows, keep=False)

    def _review(self, detail: BesprekingDetail, rows: list, *, keep: bool) -> None:
        if not rows:
            return
        shown = {
            r.partner: replace(r, beoordeling="bevestigd")
            if keep
            else replace(r, code="niet_nagevraagd", notitie=None, oordeel=None, reden=None, beoordeling="gewist")
            for r in rows
        }
        self.detail = replace(detail, bekendheid=tuple(shown.get(b.partner, b) for b in detail.bekendheid))
        self._render_bekendheid()
        app = cast("ZvhApp", self.app)
        store, regio, bespreking_id = app.store, app.regio, detail.bespreking_id
        versie = self._claim_versie(detail, len(rows))
        claims = {r.partner: self._claim_answer(r.partner) for r in rows}

        def write() -> None:
            for n, row in enumerate(rows):
                bespreking.review_prepared(
                    store,
                    regio,
                    bespreking_id,
                    row.partner,
                    keep=keep,
                    expected_versie=versie + n,
                    expected_rij_versie=claims[row.partner],
                )

        self._store("bekendheid", write)

    # --- leaving ---------------------------------------------------------------------------------
    def action_agenda(self) -> None:
        self.app.show_agenda(self.overleg_id)

    def action_home(self) -> None:
        self.app.go_home()

    def action_close_overleg(self) -> None:
        open_items = sum(1 for i in self.items if i.status in ("open", "bezig"))
        question = "Overleg sluiten en de besluitenlijst tonen?"
        if open_items:
            question += f"\n{open_items} melding(en) zonder besluit komen op het volgende overleg."

        def answer(yes: bool | None) -> None:
            if yes:
                store, overleg_id = self.app.store, self.overleg_id
                self._store("closed", lambda: overleggen.close_overleg(store, overleg_id))

        self.app.push_screen(ConfirmDialog(question), callback=answer)

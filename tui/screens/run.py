"""The meeting itself: one melding at a time, what each partner knows, the route, the actions.

Every change is written at once (in order, off the UI thread); the screen shows it immediately
and marks it stored when the store confirms. Moving on remembers the position, so a restarted
app resumes here. Each change carries the bespreking's version it was made on; when another chair
changed the bespreking meanwhile the change is refused and the stored state is shown instead.

Ctrl+Z takes back the chair's last change in this meeting (bekendheid, verrijking, route, aanhouden, actie),
newest first, through the core service (bespreking.undo_change): a change of its own, versioned and logged,
refused with the usual message when someone else changed that melding since."""

from __future__ import annotations

import time
import weakref
from collections.abc import Mapping
from dataclasses import replace
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING, NamedTuple, cast

from rich.text import Text
from textual import events
from textual.actions import parse as parse_action
from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.visual import VisualType
from textual.widgets import DataTable, Footer, Label, Static

from tui import render
from tui.keymap import REGISTRY, bindings
from tui.live import LiveFollowing
from tui.rendered_once import RenderedOnce, rendered_once
from tui.row_table import RowTable
from tui.screens.base import BADGE_WIDTH, PrivacyBadge, ZvhScreen
from tui.screens.dialogs import ConfirmDialog, TextPrompt, TypeAhead
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
from tui.workers import Change, Loaded, Saved, StoreFailed
from zvh_core.casussen.procesregie import CasusRequest
from zvh_core.config.regio import DEELT_NIET
from zvh_core.kernel import clock, dates
from zvh_core.kernel.read_models import (
    AgendaItem,
    BesluitView,
    BesprekingDetail,
    OverlegView,
)
from zvh_core.meetings import bespreking, overleggen
from zvh_core.meetings.agenda import agenda_items, undecided_status
from zvh_core.meetings.bespreking import BekendheidChange, ConcurrentChange, Undo
from zvh_core.meetings.live import Stand

if TYPE_CHECKING:
    from tui.app import ZvhApp


class RunLoaded(Loaded):
    value: tuple[OverlegView, list[AgendaItem]]


class DetailLoaded(Loaded):
    value: BesprekingDetail


class VersieChecked(Loaded):
    """The stored version of the bespreking whose read-ahead copy is on screen: (bespreking id, versie)."""

    value: tuple[int, int | None]


READ_AHEAD_DELAY = 0.25
"""Seconds after a move before the new neighbours are read: not while the chair is still pressing keys."""


class DetailPrefetched(Loaded):
    """A neighbour of the current melding, read ahead so that moving to it shows at once."""

    value: BesprekingDetail


NIET_NAGEVRAAGD, NIET_BEKEND = "niet_nagevraagd", "niet_bekend"
KEY_LABEL = {spec.id: spec.label.lower() for spec in REGISTRY["run"]}
PASS_WHILE_LOADING = {"ctrl+q", "ctrl+c", "f1", "f2", "ctrl+p", "ctrl+f"}
"""Keys that act at once even while the current melding is being read."""
NARROW = 130
"""Below this width the agenda list folds away (l shows it, in place of Eerder bekend) and a short key line
replaces the footer; the melding keeps at least ~50 columns."""
WIDE = 180
"""From this width the agenda list and Eerder bekend get their full widths."""


def default_owner(route, present: tuple[str, ...], detail: BesprekingDetail) -> str | None:
    """Who an action goes to by default: always a partner at the table. The route's partner when present;
    else a present partner of that kind (route GGZ-instelling: MET GGZ at the E33 table); else the first
    partner that knows the person; else None (the first partner at the table)."""
    wanted = route.partner if route is not None else None
    if wanted in present:
        return wanted
    if wanted:
        kin = [p for p in present if wanted in p]
        if kin:
            return kin[0]
    return next((b.partner for b in detail.bekendheid if b.code == "bekend" and b.partner in present), None)


class UndoRecorded(Message):
    """A change of this screen is stored: how to take it back (posted just before its Saved)."""

    def __init__(self, entries: tuple[Undo, ...]) -> None:
        super().__init__()
        self.entries = entries


_UNDO: weakref.WeakKeyDictionary[App, dict[int, list[Undo]]] = weakref.WeakKeyDictionary()
"""The chair's changes that Ctrl+Z can take back, per app and overleg: kept when the chair goes to the agenda or
the start screen and back (a new run screen), newest last."""


def undo_stack(app: App, overleg_id: int) -> list[Undo]:
    """This meeting's changes Ctrl+Z can take back (the run screen's and the agenda's), newest last."""
    return _UNDO.setdefault(app, {}).setdefault(overleg_id, [])


class OwnChange(NamedTuple):
    """What one of this screen's own bekendheid writes adds to the overleg's live marker (meetings.live.Stand)."""

    bespreking_versies: int
    new_answers: int
    answer_versies: int


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
        self._drawn_ahead: dict[int, tuple[tuple[object, ...], VisualType, VisualType]] = {}
        """The centre and Eerder bekend of a melding read ahead, rendered then (_draw_ahead), by bespreking id."""
        self.held_keys: list[events.Key] = []
        """Keys typed while the current melding was still being read (hold_key)."""
        self._replaying = False
        self._asking = 0
        """Dialogs pushed whose answer has not been handled yet (_ask)."""
        self.on_item_since = time.monotonic()
        """Since when the table is on the current melding (the timer in the header)."""
        self.list_shown: bool | None = None
        """The agenda list: None follows the width (folded when narrow), else the chair's choice (l)."""
        self.live_behind = False
        """Someone else changed the overleg while own changes were on their way: read it once they are stored."""
        self._live_seen: Stand | None = None
        """The live marker seen while own changes were on their way (compared once they are stored)."""
        self.undo_waiting = False
        """Ctrl+Z was pressed while own changes were on their way: it takes back the last once they are stored."""

    @property
    def undo_stack(self) -> list[Undo]:
        return undo_stack(self.app, self.overleg_id)

    # --- layout -------------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Horizontal(id="run-top"):
            yield Static("", id="topbar")
            yield Static("", id="progress")
        with Horizontal(id="run-body"):
            yield RowTable(id="run-agenda", show_header=False)
            with VerticalScroll(id="run-center"):
                yield Static("", id="run-detail")
            with VerticalScroll(id="run-history"):
                yield Label("Eerder bekend", classes="section-title")
                yield Static("", id="run-history-body")
        yield Static("", id="savebar")
        yield Static("", id="run-keys")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#run-agenda", DataTable)
        table.can_focus = False
        table.add_column("", key="mark", width=1)
        table.add_column("#", key="nr", width=3)
        table.add_column("Melding", key="label", width=29)
        self.query_one("#run-center").focus()
        self._fit_width()
        self.set_interval(15, self._render_top)  # the minutes on this melding, the end time
        store, overleg_id, start_at = self.zvh.store, self.overleg_id, self.start_at

        def start() -> int | None:
            current = overleggen.start(store, overleg_id)
            if start_at is not None and start_at != current:
                overleggen.set_current(store, overleg_id, start_at)
                return start_at
            return current

        self.save(Change.STARTED, start)
        self.start_following(overleg_id)

    # --- width ---------------------------------------------------------------------------------
    def on_resize(self) -> None:
        self._fit_width()

    def _fit_width(self) -> None:
        """Classes by width (-narrow, -medium, none for wide): app.tcss sizes the columns from them."""
        width = self.size.width or self.app.size.width
        narrow = width < NARROW
        if narrow != self.has_class("-narrow"):
            self.list_shown = None  # the chair's choice (l) held for one width class
        self.set_class(narrow, "-narrow")
        self.set_class(NARROW <= width < WIDE, "-medium")
        shown = (not narrow) if self.list_shown is None else self.list_shown
        self.set_class(not shown, "-list-folded")
        self.set_class(narrow and shown, "-list-over-history")  # narrow: the list takes Eerder bekend's place
        self._render_keys()

    def _place_badge(self) -> None:
        """The privacy badge sits at the end of the save line here, so the footer keeps its full width."""
        for badge in self.query(PrivacyBadge):
            badge.styles.offset = (max(0, self.size.width - BADGE_WIDTH), -1)

    def _render_keys(self) -> None:
        """The short key line of a narrow screen: the keys of every melding, and F1 for the rest."""
        count = len(self.overleg.partners) if self.overleg else 0
        keys = [
            ("n/v", "volgende"),
            (f"1-{min(count, 9)}" if count > 1 else "1", "bekend"),
            ("i", "verrijken"),
            ("r", "route"),
            ("a", "actie"),
            ("h", KEY_LABEL["run.hold"]),
            ("s", "sluiten"),
            ("l", "lijst"),
            ("F1", "help"),
        ]
        line = Text()
        for n, (key, label) in enumerate(keys):
            line.append("  " if n else "")
            line.append(key, style="bold")
            line.append(f" {label}")
        self.query_one("#run-keys", Static).update(line)

    def action_toggle_list(self) -> None:
        shown = not self.has_class("-list-folded")
        self.list_shown = not shown
        self._fit_width()
        if self.list_shown:
            self._show_cursor()

    def refresh_privacy(self) -> None:
        """Privacy mode changed: redraw what is on screen (badge, header, agenda labels, the melding) from what
        the screen holds, without reading the store: F2 while sharing the screen acts at once."""
        self.refresh_badges()
        self._render_top()
        self._render_agenda([])
        self._render_detail()

    def reload(self) -> None:
        self.conflict_shown = False
        self._load_run()
        if self.current_item is not None:
            self._load_detail()

    def _load_run(self) -> None:
        regio, overleg_id = self.zvh.regio, self.overleg_id
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
            self._render_keys()
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
        if self.detail is None or self.detail.bespreking_id != detail.bespreking_id:  # moved here
            self.selected_partner = None
            self._show_detail(detail, scroll_home=True)
            return
        if self.pending and self.detail.versie > detail.versie:
            detail = replace(detail, versie=self.detail.versie)  # our own changes are still on their way
            detail = self._keep_claimed_answers(detail)
        elif detail == self.detail:
            return  # the read-ahead copy on screen was still right: no second paint
        self._show_detail(detail, scroll_home=False)

    def on_detail_prefetched(self, message: DetailPrefetched) -> None:
        self.cache[message.value.bespreking_id] = message.value
        self._draw_ahead(message.value)

    def on_store_failed(self, message: StoreFailed) -> None:
        # Textual also calls ZvhScreen.on_store_failed (handlers run along the MRO): it shows the dialog.
        self.pending = max(0, self.pending - 1)
        self.held_keys = []  # typed for a melding that could not be read: not run on another one
        self.undo_waiting = False  # the change it meant was not stored: never take back an earlier one instead
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
        if message.what is Change.POSITION:
            return
        self.pending = max(0, self.pending - 1)
        if message.what is Change.BEKENDHEID and message.value[1] is not None:
            self._own_change_stored(message.value[1])
        if not self.pending and self.live_behind:
            if self._live_seen is not None and self._same_meeting(self._live_stand, self._live_seen):
                # What was seen while own changes were on their way is exactly those changes: nothing to read.
                self._live_stand, self._live_seen, self.live_behind = self._live_seen, None, False
            else:
                self.call_after_refresh(self._read_live)
        if message.what is Change.STARTED:
            self.reload()
            return
        if message.what is Change.UNDO:
            self._undo_stored(*message.value)
            return
        if message.what is Change.CLOSED:
            self.zvh.show_besluitenlijst(self.overleg_id)
            return
        if message.what is Change.BEKENDHEID:
            self._bekendheid_stored(message.value[0])  # the write hands back what it changed: no reload
            self._render_savebar()
            self._undo_if_waiting()
            return
        if message.what in (Change.ACTIE, Change.ACTIE_WEG, Change.BESLUIT_CASUS):
            self._load_detail()
        self._load_run()
        self._render_savebar()
        self._undo_if_waiting()

    def on_undo_recorded(self, message: UndoRecorded) -> None:
        self.undo_stack.extend(message.entries)

    def _bekendheid_stored(self, bespreking_id: int) -> None:
        """A bekendheid or note is stored: the item's status follows from the rows the screen holds (the
        copy on screen, with its own changes), the rule of agenda_items; nothing is read again."""
        detail = self.cache.get(bespreking_id)
        for n, item in enumerate(self.items):
            if item.bespreking_id != bespreking_id or detail is None or item.status not in ("open", "bezig"):
                continue
            status = undecided_status(detail.bekendheid)
            if status != item.status:
                self.items[n] = replace(item, status=status)
                table = self.query_one("#run-agenda", DataTable)
                table.update_cell(str(bespreking_id), "mark", render.status_mark(self.items[n]))
                self._render_top()

    # --- rendering -------------------------------------------------------------------------------
    @property
    def current_item(self) -> AgendaItem | None:
        if self.index is None or not self.items:
            return None
        return self.items[self.index]

    def _render_top(self) -> None:
        """Header: the overleg (wraps when narrow); on a second line how long the table has been on this
        melding, who is logged in and which melding comes next; on the right the progress and the end time
        (whole, never cut)."""
        if self.overleg is None:
            return
        o, regio = self.overleg, self.zvh.regio
        top = render.overleg_topbar(o, regio)
        second = []  # on a line of its own: the overleg line stays as it was
        if self.index is not None and self.items:
            second.append(f"op deze melding {int(time.monotonic() - self.on_item_since) // 60} min")
        if self.zvh.actor is not None and self.zvh.actor.gebruiker_id is not None:
            second.append(f"aangemeld: {self.zvh.actor.naam}")
        if self.index is not None and self.index + 1 < len(self.items):
            second.append(f"volgende: {render.persons_text(self.items[self.index + 1].personen, privacy=self.privacy)}")
        if second:
            top.append("\n" + " · ".join(second), style="dim")
        self.query_one("#topbar", Static).update(top)
        self.query_one("#progress", Static).update(
            render.progress_text(self.overleg, self.items, self.index, clock.now())
        )

    def _render_agenda(self, previous: list[AgendaItem]) -> None:
        """Redraw the agenda list: rebuilt when its rows changed, else only the marks that changed."""
        table = self.query_one("#run-agenda", DataTable)
        regio = self.zvh.regio
        if [i.bespreking_id for i in previous] != [i.bespreking_id for i in self.items]:
            table.clear()
            for n, item in enumerate(self.items, start=1):
                table.add_row(
                    render.status_mark(item),
                    str(n),
                    # Names first: a narrow column still shows who it is about.
                    f"{'! ' if item.urgent else ''}{render.persons_text(item.personen, privacy=self.privacy)} · {regio.soort_label(item.soort)}",
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
        self._replay_held()

    # --- keys typed while the melding loads -------------------------------------------------------
    def _ask(self, dialog, callback) -> None:
        """Push a dialog; until its answer is handled here, keys typed behind its closing key wait (hold_key):
        a key right after Enter acts on what the dialog stored, in the order typed."""
        self._asking += 1

        def answered(result) -> None:
            self._asking = max(0, self._asking - 1)
            try:
                callback(result)
            finally:
                self._replay_held()

        self.app.push_screen(dialog, callback=answered)

    def _stop_asking(self) -> None:
        if self._asking and self.app.screen is self:
            self._asking = 0
            self._replay_held()

    def hold_key(self, event: events.Key) -> bool:
        """Called by the app as it dispatches a key: while the current melding is still being read (or a
        dialog's answer is still on its way here), keys wait here (a digit, an i with the text behind it) and
        run, in order, once it is on screen: never lost, and never typed onto the screen while the dialog
        they meant could not open."""
        if event.key in PASS_WHILE_LOADING or self.app.screen is not self:
            return False
        if self._asking:
            if not self.held_keys:  # a dialog closed without its answer (popped, not dismissed): never held for ever
                self.set_timer(1.0, self._stop_asking)
            self.held_keys.append(event)
            return True
        if self.held_keys or (self.current_item is not None and self._ready_detail() is None):
            self.held_keys.append(event)
            return True
        return False

    def _replay_held(self) -> None:
        if self._replaying:
            return
        self._replaying = True
        try:
            while self.held_keys and (self.current_item is None or self._ready_detail() is not None):
                screen = self.app.screen
                if screen is not self:  # a held key opened a dialog: the rest is typed there
                    keys, self.held_keys = self.held_keys, []
                    if not (isinstance(screen, TypeAhead) and screen.hold_keys(keys)):
                        for key in keys:
                            self.app.post_message(key)
                    break
                if self._asking:  # a dialog's answer still on its way: the rest runs after it (_ask)
                    break
                self._run_key(self.held_keys.pop(0))
        finally:
            self._replaying = False

    def _run_key(self, event: events.Key) -> None:
        for binding in self._bindings.key_to_bindings.get(event.key, []):
            _, name, parameters = parse_action(binding.action)
            if self.check_action(name, parameters):
                getattr(self, f"action_{name}")(*parameters)
                return
        self.app.post_message(event)  # not a run key (help, lookup …)

    def _render_detail(self) -> None:
        detail = self.detail
        if detail is None:
            return
        self.cache[detail.bespreking_id] = detail  # what is on screen, incl. changes still being stored
        key, centre, history = self._drawn_ahead.pop(detail.bespreking_id, ((), None, None))
        if key != self._panel_key(detail, self.selected_partner) or centre is None or history is None:
            centre, history = self._centre(detail, self.selected_partner), self._history(detail)
        self.query_one("#run-detail", Static).update(centre)
        self.query_one("#run-history-body", Static).update(history)

    def _panel_key(self, detail: BesprekingDetail, selected: int | None) -> tuple[object, ...]:
        """What the two panels are drawn from."""
        return (detail, selected, self.privacy, self.zvh.today())

    # Each panel a visual rendered once (not for its size and again to draw it: rendered_once).
    def _centre(self, detail: BesprekingDetail, selected: int | None) -> VisualType:
        centre = self.query_one("#run-detail", Static)
        return rendered_once(
            centre, render.detail_panel(detail, self.zvh.regio, self.zvh.today(), selected, privacy=self.privacy)
        )

    def _history(self, detail: BesprekingDetail) -> VisualType:
        history = self.query_one("#run-history-body", Static)
        return rendered_once(
            history,
            render.history_panel(
                detail.history, detail.melding.personen, self.zvh.regio, self.zvh.today(), privacy=self.privacy
            ),
        )

    def _draw_ahead(self, detail: BesprekingDetail) -> None:
        """Render the panels of a melding read ahead now, while the table talks: moving to it then only has to
        place the lines. Kept for the neighbours of the current melding only."""
        if self.index is None or detail is self.detail:
            return
        near = {i.bespreking_id for i in self.items[max(0, self.index - 1) : self.index + 2]}
        if detail.bespreking_id not in near:
            return
        # As it is shown after a move: no partner selected.
        centre, history = self._centre(detail, None), self._history(detail)
        for visual in (centre, history):
            if isinstance(visual, RenderedOnce):
                visual.prepare()
        self._drawn_ahead = {k: v for k, v in self._drawn_ahead.items() if k in near}
        self._drawn_ahead[detail.bespreking_id] = (self._panel_key(detail, None), centre, history)

    def _render_bekendheid(self) -> None:
        """A partner's bekendheid changed: redraw the centre (one widget) and keep the cached copy current."""
        if self.detail is not None:
            self.cache[self.detail.bespreking_id] = self.detail
            self.query_one("#run-detail", Static).update(self._centre(self.detail, self.selected_partner))

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
            # Once the copy is drawn (threads started now would compete with that drawing): check that it is
            # still the stored version (one read; the full read only when it is not), and read the new
            # neighbours when the chair stops pressing keys.
            self.call_after_refresh(self._check_current, cached)
            self._read_ahead_later()
        else:
            self._read_current_and_neighbours()

    def _check_current(self, cached: BesprekingDetail) -> None:
        bespreking_id = cached.bespreking_id
        self.load(VersieChecked, lambda s: (bespreking_id, bespreking.versie_of(s, bespreking_id)))

    def on_versie_checked(self, message: VersieChecked) -> None:
        bespreking_id, versie = message.value
        current = self.current_item
        if current is None or current.bespreking_id != bespreking_id or self.detail is None:
            return
        if versie is None or (versie != self.detail.versie and not self.pending):
            self._read_current_and_neighbours()  # changed meanwhile: the full read (neighbours already cached)

    def _read_ahead_later(self) -> None:
        timer = getattr(self, "_read_ahead_timer", None)
        if timer is not None:
            timer.stop()
        self._read_ahead_timer = self.set_timer(READ_AHEAD_DELAY, self._prefetch_neighbours)

    def _read_current_and_neighbours(self) -> None:
        item = self.current_item
        if item is None:
            return
        regio, today = self.zvh.regio, self.zvh.today()
        self.load(DetailLoaded, lambda s: bespreking.load_detail(s, regio, item.bespreking_id, today=today))
        self._prefetch_neighbours()

    def _prefetch_neighbours(self) -> None:
        """Read the next and previous melding ahead (while the chair talks), so moving shows them at once."""
        if self.index is None:
            return
        regio, today = self.zvh.regio, self.zvh.today()
        for step, group in ((1, "prefetch-next"), (-1, "prefetch-previous")):
            n = self.index + step
            if not 0 <= n < len(self.items) or self.items[n].bespreking_id in self.cache:
                continue
            bespreking_id = self.items[n].bespreking_id
            self.load(
                DetailPrefetched,
                partial(bespreking.load_detail, regio=regio, bespreking_id=bespreking_id, today=today),
                group=group,
            )

    def _move_to(self, index: int) -> None:
        if not self.items or index == self.index or not 0 <= index < len(self.items):
            return
        self.index = index
        self.on_item_since = time.monotonic()
        self._show_cursor()
        self._render_top()
        self._load_detail()
        store, overleg_id, bespreking_id = self.zvh.store, self.overleg_id, self.items[index].bespreking_id
        # Not a decision: stored quietly (no 'opslaan…'), once the move is drawn.
        self.call_after_refresh(
            self.save, Change.POSITION, lambda: overleggen.set_current(store, overleg_id, bespreking_id)
        )

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
    def _store(self, what: Change, write, undo: list[Undo] | None = None) -> None:
        """Store a change (in order, off the UI thread). ``undo``: the list the write fills with how to take
        the change back; once stored it goes on the undo stack (before the Saved message is handled)."""
        self.pending += 1
        self._render_savebar()
        self.save(what, write if undo is None else self._recording(write, undo))

    def _recording(self, write, undo: list[Undo]):
        """``write``, and once it is stored the undo entries it filled go on the undo stack (posted before its
        Saved message, so Ctrl+Z right behind a change finds it), whether this screen or a dialog runs it."""

        def recorded():
            value = write()
            if undo:
                self.post_message(UndoRecorded(tuple(undo)))
            return value

        return recorded

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
        if action in ("cycle_bekendheid", "niet_bekend"):
            count = len(self.overleg.partners) if self.overleg else 0
            return parameters[0] < count  # type: ignore[operator]
        if action == "hold" and self.overleg is not None:
            return self.zvh.regio.hold_route(self.overleg.type) is not None
        if action == "deelt_niet":
            return DEELT_NIET in self.zvh.regio.bekendheid
        return True

    def action_cycle_bekendheid(self, index: int) -> None:
        detail = self._ready_detail()
        if detail is None or index >= len(detail.bekendheid):
            return
        cycle = self.zvh.regio.bekendheid_cycle
        row = detail.bekendheid[index]
        code = cycle[(cycle.index(row.code) + 1) % len(cycle)] if row.code in cycle else cycle[0]
        self._set_codes(detail, {index: code})

    def action_niet_bekend(self, index: int) -> None:
        """Shift+digit: that partner at once on 'niet bekend' (no cycling past 'bekend')."""
        detail = self._ready_detail()
        if detail is None or index >= len(detail.bekendheid):
            return
        if detail.bekendheid[index].code != NIET_BEKEND:
            self._set_codes(detail, {index: NIET_BEKEND})

    def action_rest_niet_bekend(self) -> None:
        """0: every partner not asked yet on 'niet bekend' (the rest of the table does not know them)."""
        detail = self._ready_detail()
        if detail is None:
            return
        rest = {n: NIET_BEKEND for n, b in enumerate(detail.bekendheid) if b.code == NIET_NAGEVRAAGD}
        if rest:
            self._set_codes(detail, rest)

    def action_take_over(self) -> None:
        """o: a held-over or referred melding takes over what each partner at the table answered last time
        (only for partners not asked yet now); the notes stay with that earlier meeting."""
        detail = self._ready_detail()
        if detail is None:
            return
        earlier = render.this_melding_earlier(detail.history)
        last = earlier.besprekingen[0] if earlier is not None and earlier.besprekingen else None
        if last is None:
            self.notify("Deze melding is niet eerder besproken: er is niets over te nemen.", severity="warning")
            return
        said = {k.partner: k for k in last.bekend_bij}
        codes = {
            n: (said[b.partner].code, said[b.partner].reden)
            for n, b in enumerate(detail.bekendheid)
            if b.code == NIET_NAGEVRAAGD and b.partner in said
        }
        if not codes:
            self.notify("Niets over te nemen: iedereen aan tafel heeft al geantwoord.", severity="information")
            return
        self._set_codes(detail, codes)
        when = f"{render.overleg_name(self.zvh.regio, last.overleg_type)} {dates.short_date(last.overleg_datum)}"
        self.notify(f"Bekendheid overgenomen van {when} ({len(codes)} partner(s)).")

    def _set_codes(self, detail: BesprekingDetail, codes: Mapping[int, str | tuple[str, str | None]]) -> None:
        """Show the new bekendheid at once and store it (one change per partner, in order). A value is a code,
        or (code, reden) for 'deelt niet'."""
        wanted = {n: (c, None) if isinstance(c, str) else c for n, c in codes.items()}
        rows = list(detail.bekendheid)
        for index, (code, reden) in wanted.items():
            rows[index] = replace(rows[index], code=code, reden=reden if code == DEELT_NIET else None)
        self.detail = replace(detail, bekendheid=tuple(rows))
        self.selected_partner = max(wanted)
        self._render_bekendheid()
        store, regio, bespreking_id = self.zvh.store, self.zvh.regio, detail.bespreking_id
        versie = self._claim_versie(detail)
        changes = [
            BekendheidChange(
                detail.bekendheid[index].partner,
                code=code,
                **({"reden": reden} if code == DEELT_NIET else {}),
                # the version of that partner's answer as shown: a partner that answered meanwhile is not overwritten
                expected_rij_versie=self._claim_answer(detail.bekendheid[index].partner),
            )
            for index, (code, reden) in wanted.items()
        ]
        own = OwnChange(1, sum(1 for c in changes if not c.expected_rij_versie), len(changes))
        undo: list[Undo] = []

        def write() -> tuple[int, OwnChange]:
            bespreking.set_bekendheden(store, regio, bespreking_id, changes, expected_versie=versie, undo=undo)
            return bespreking_id, own

        self._store(Change.BEKENDHEID, write, undo)

    def action_note(self) -> None:
        detail = self._ready_detail()
        if detail is None:
            return
        # Opens on the partner choice (digit, or type for the first partner): never on the partner whose
        # bekendheid was toggled last, who need not be the one speaking.
        dialog = NotesDialog(self.zvh.regio, detail.bekendheid)
        self._ask(dialog, lambda notes: self._store_notes(detail, notes))

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
        store, regio, bespreking_id = self.zvh.store, self.zvh.regio, detail.bespreking_id
        versie = self._claim_versie(detail)
        # The versions of the answers as the dialog showed them: a partner that typed meanwhile is not overwritten.
        rij = {b.partner: b.versie for b in detail.bekendheid}
        for partner in notes:
            self._claim_answer(partner)
        changes = [
            BekendheidChange(p, notitie=note.feit, oordeel=note.oordeel, expected_rij_versie=rij.get(p))
            for p, note in notes.items()
        ]
        own = OwnChange(1, sum(1 for c in changes if not c.expected_rij_versie), len(changes))
        undo: list[Undo] = []

        # All partners' notes in one transaction: all stored, or (refused) none; the write hands back which
        # bespreking changed (no reload).
        def write() -> tuple[int, OwnChange]:
            bespreking.set_bekendheden(store, regio, bespreking_id, changes, expected_versie=versie, undo=undo)
            return bespreking_id, own

        self._store(Change.BEKENDHEID, write, undo)

    def action_deelt_niet(self) -> None:
        detail = self._ready_detail()
        if detail is None or not detail.bekendheid:
            return
        dialog = PartnerReasonDialog(self.zvh.regio, detail.bekendheid, self.selected_partner or 0)
        self._ask(dialog, lambda choice: self._store_deelt_niet(detail, choice))

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
        store, regio, bespreking_id = self.zvh.store, self.zvh.regio, detail.bespreking_id
        versie, rij = self._claim_versie(detail), self._claim_answer(choice.partner)
        own = OwnChange(1, 0 if rij else 1, 1) if rij is not None else None
        undo: list[Undo] = []

        def write() -> tuple[int, OwnChange | None]:
            bespreking.set_bekendheid(
                store,
                regio,
                bespreking_id,
                choice.partner,
                code=DEELT_NIET,
                reden=choice.reden,
                expected_versie=versie,
                expected_rij_versie=rij,
                undo=undo,
            )
            return bespreking_id, own

        self._store(Change.BEKENDHEID, write, undo)

    def action_geheimhouding(self) -> None:
        if self.overleg is None:
            return
        dialog = GeheimhoudingDialog(self.zvh.regio.geheimhoudingsverklaring, self.overleg.geheimhouding_gelezen_op)
        self._ask(dialog, self._store_geheimhouding)

    def _store_geheimhouding(self, gelezen: bool | None) -> None:
        if gelezen is None or self.overleg is None:
            return
        self.overleg = replace(self.overleg, geheimhouding_gelezen_op=clock.now() if gelezen else None)
        self._render_top()
        store, overleg_id = self.zvh.store, self.overleg_id
        self._store(Change.GEHEIMHOUDING, lambda: overleggen.set_geheimhouding(store, overleg_id, gelezen))

    def action_route(self) -> None:
        detail = self._ready_detail()
        if detail is None or self.overleg is None:
            return
        routes = self.zvh.regio.routes_of(self.overleg.type)
        current = detail.besluit
        dialog = RouteDialog(routes, current.route if current else None, current.toelichting if current else None)
        self._ask(dialog, lambda choice: self._store_besluit(detail, choice))

    def action_hold(self) -> None:
        detail = self._ready_detail()
        hold = self.zvh.regio.hold_route(self.overleg.type) if self.overleg else None
        if detail is None or hold is None:
            return
        label = self.zvh.regio.route_label(hold)
        dialog = TextPrompt(f"{label} — reden (mag leeg)", placeholder="Bijv. eerst navragen bij school")
        self._ask(
            dialog,
            lambda text: None if text is None else self._store_besluit(detail, RouteChoice(hold, text)),
        )

    def _store_besluit(self, detail: BesprekingDetail, choice: RouteChoice | None) -> None:
        if choice is None:
            return
        regio = self.zvh.regio
        route = regio.routes.get(choice.route)
        if route is not None and route.opent_casus:
            # The casus dialog stores the besluit itself: a refusal keeps thema, procesregisseur and toelichting.
            thema = regio.overlegtype(self.overleg.type).standaard_thema if self.overleg else None
            dialog = CasusOpenDialog(
                regio, thema, write=lambda request: self._besluit_write(detail, choice, request)[1],
                refused=lambda message: self._dialog_refused(detail, message),
            )  # fmt: skip
            self._ask(dialog, lambda value: self._dialog_stored(Change.BESLUIT_CASUS, value))
            return
        self._store(*self._besluit_write(detail, choice, None, pending=False))

    def _besluit_write(
        self, detail: BesprekingDetail, choice: RouteChoice, casus: CasusRequest | None, *, pending: bool = True
    ):
        """(what, write) of this besluit: shown at once, on the version claimed now. ``pending``: the write is
        run by a dialog (counted as on its way here; ``_dialog_stored`` or ``_dialog_refused`` ends it)."""
        if self.detail is not None and self.detail.bespreking_id == detail.bespreking_id:
            besluit = BesluitView(choice.route, choice.toelichting.strip() or None, clock.now())
            self.detail = replace(self.detail, besluit=besluit)
            self._render_detail()
        store, regio, bespreking_id = self.zvh.store, self.zvh.regio, detail.bespreking_id
        # A casus opened or dropped by this besluit shows after a fresh read.
        what = (
            Change.BESLUIT_CASUS
            if casus is not None or (detail.besluit and detail.besluit.casus_id)
            else Change.BESLUIT
        )
        versie = self._claim_versie(detail)
        if pending:
            self.pending += 1
            self._render_savebar()
        undo: list[Undo] = []
        return what, self._recording(
            lambda: bespreking.set_besluit(
                store, regio, bespreking_id, choice.route, choice.toelichting, casus, expected_versie=versie, undo=undo
            ),
            undo,
        )

    def _dialog_stored(self, what: Change, value: object) -> None:
        """A dialog stored its change (it counted as on its way): as if this screen had saved it."""
        if value is not None:
            self.post_message(Saved(what, value))

    def _dialog_refused(self, detail: BesprekingDetail, message: StoreFailed) -> None:
        """A dialog's write was refused (the dialog shows why, with the form kept): nothing is on its way any
        more, and the stored state is read again (the version claimed, a besluit shown before it was stored)."""
        self.pending = max(0, self.pending - 1)
        self._render_savebar()
        conflict = message.error if isinstance(message.error, ConcurrentChange) else None
        if conflict is not None and conflict.detail is not None and conflict.bespreking_id == detail.bespreking_id:
            if self.detail is not None and self.detail.bespreking_id == detail.bespreking_id:
                self.detail = conflict.detail
                self._render_detail()
            return
        self._load_detail()

    def action_add_actie(self) -> None:
        detail = self._ready_detail()
        if detail is None or self.overleg is None:
            return
        regio = self.zvh.regio
        partners = [*self.overleg.partners, *[p for p in regio.partners if p not in self.overleg.partners]]
        route = regio.routes.get(detail.besluit.route) if detail.besluit else None
        owner = default_owner(route, self.overleg.partners, detail) or partners[0]
        termijn = self.zvh.today() + timedelta(days=regio.actie_termijn_dagen)
        dialog = ActieDialog(
            regio, partners, owner, termijn, write=lambda request: self._actie_write(detail, request),
            refused=lambda message: self._dialog_refused(detail, message),
        )  # fmt: skip
        self._ask(dialog, lambda value: self._dialog_stored(Change.ACTIE, value))

    def _actie_write(self, detail: BesprekingDetail, request: ActieRequest):
        """The dialog's write of a new action, on the version claimed now (counted as on its way)."""
        store, regio, bespreking_id = self.zvh.store, self.zvh.regio, detail.bespreking_id
        versie = self._claim_versie(detail)
        self.pending += 1
        self._render_savebar()
        undo: list[Undo] = []
        return self._recording(
            lambda: bespreking.add_actie(
                store, regio, bespreking_id, request.eigenaar, request.omschrijving, request.termijn,
                expected_versie=versie, undo=undo,
            ),
            undo,
        )  # fmt: skip

    def action_remove_actie(self) -> None:
        detail = self._ready_detail()
        if detail is None or not detail.acties:
            return
        last = detail.acties[-1]
        question = f"Actie verwijderen: {self.zvh.regio.partner_label(last.eigenaar)} — {last.omschrijving}?"

        def answer(yes: bool | None) -> None:
            if yes:
                app = cast("ZvhApp", self.app)
                store, regio, versie = app.store, app.regio, self._claim_versie(detail)
                undo: list[Undo] = []
                self._store(
                    Change.ACTIE_WEG,
                    lambda: bespreking.remove_actie(store, last.id, expected_versie=versie, undo=undo, regio=regio),
                    undo,
                )

        self._ask(ConfirmDialog(question), answer)

    # --- undo (Ctrl+Z) -------------------------------------------------------------------------------
    def action_undo(self) -> None:
        """Take back the chair's last change in this meeting. While changes are on their way, once they are
        stored (so it is the last one the chair made); on another melding, after moving there (the chair sees
        what is taken back)."""
        if self.pending:
            self.undo_waiting = True
            return
        stack = self.undo_stack
        if not stack:
            self.notify("Er is in dit overleg nog niets om ongedaan te maken.", severity="information")
            return
        entry = stack[-1]
        ids = [i.bespreking_id for i in self.items]
        app = cast("ZvhApp", self.app)
        if entry.terug_op_agenda:  # taken off on the agenda screen: back in its place
            stack.pop()
            store, regio = app.store, app.regio
            self._store(Change.UNDO, lambda: (entry, bespreking.undo_change(store, regio, entry)))
            return
        if entry.bespreking_id not in ids:
            stack.pop()
            self.notify("Die melding staat niet meer op de agenda; er is niets ongedaan gemaakt.", severity="warning")
            return
        index = ids.index(entry.bespreking_id)
        if index != self.index:
            self.cache.pop(entry.bespreking_id, None)  # show the stored state there, not an older copy
            self._move_to(index)
            if self._ready_detail() is None:
                self.held_keys.append(events.Key("ctrl+z", None))  # runs once that melding is on screen
                return
        detail = self._ready_detail()
        if detail is None:
            return
        stack.pop()
        self._show_undone(detail, entry)
        store, regio = app.store, app.regio
        self._store(Change.UNDO, lambda: (entry, bespreking.undo_change(store, regio, entry)))

    def _show_undone(self, detail: BesprekingDetail, entry: Undo) -> None:
        """Show the state the change replaced at once (as every change shows before it is stored), and move
        the screen's versions on by what the undo writes."""
        before = {a.partner: a for a in entry.antwoorden}
        rows = tuple(
            replace(
                b,
                code=before[b.partner].code,
                notitie=before[b.partner].notitie,
                oordeel=before[b.partner].oordeel,
                reden=before[b.partner].reden,
                beoordeling=before[b.partner].beoordeling,
                versie=before[b.partner].versie_na + 1,
            )
            if b.partner in before
            else b
            for b in detail.bekendheid
        )
        besluit = detail.besluit
        if entry.besluit:
            voor = entry.besluit_voor
            besluit = (
                None if voor is None else BesluitView(voor.route, voor.toelichting, voor.genomen_op, voor.casus_id)
            )
        acties = tuple(a for a in detail.acties if a.id != entry.actie_toegevoegd)
        self.detail = replace(detail, bekendheid=rows, besluit=besluit, acties=acties, versie=entry.versie + 1)
        self._render_detail()

    def _undo_stored(self, entry: Undo, versie: int) -> None:
        stack = self.undo_stack
        for n in range(len(stack) - 1, -1, -1):  # the change before it on that melding can be taken back next
            if stack[n].bespreking_id == entry.bespreking_id:
                stack[n] = bespreking.after_undo(stack[n], entry, versie)
                break
        number = next((k for k, i in enumerate(self.items, start=1) if i.bespreking_id == entry.bespreking_id), None)
        self.notify(f"Ongedaan gemaakt: {entry.wat}" + (f" (melding {number})." if number else "."))
        self.cache.pop(entry.bespreking_id, None)
        self._load_run()  # the item's status may have changed (a decision taken back)
        current = self.current_item
        if current is not None and current.bespreking_id == entry.bespreking_id:
            self._read_current_and_neighbours()  # the stored state (a put-back action, a casus)
        self._render_savebar()
        self._undo_if_waiting()

    def _undo_if_waiting(self) -> None:
        if self.undo_waiting and not self.pending:
            self.undo_waiting = False
            self.action_undo()

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
            # Keep comparing with the marker before them (each stored own change moves it on); what was seen
            # is judged when they are all stored.
            self._live_seen, self._live_stand = stand, previous
            self.live_behind = True
            return
        self._read_live()

    @staticmethod
    def _same_meeting(a: Stand | None, b: Stand | None) -> bool:
        """Equal apart from the melding on screen (the chair's own move needs no read)."""
        return a is not None and b is not None and a._replace(huidige_bespreking_id=b.huidige_bespreking_id) == b

    def _own_change_stored(self, own: OwnChange) -> None:
        """This screen's own stored change moved the live marker by exactly ``own``: move the marker this screen
        compares with too, so its own keys never make it read everything again. Anyone else's change still
        shows as a difference (a wrong guess only costs one read, never a missed change)."""
        stand = self._live_stand
        if stand is None:
            return
        count, versions, off = stand.besprekingen
        answers, answer_versions = stand.antwoorden
        self._live_stand = stand._replace(
            besprekingen=(count, versions + own.bespreking_versies, off),
            antwoorden=(answers + own.new_answers, answer_versions + own.answer_versies),
        )

    def _read_live(self) -> None:
        self.live_behind = False
        self._live_seen = None
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
        versie = self._claim_versie(detail)
        claims = {r.partner: self._claim_answer(r.partner) for r in rows}

        undo: list[Undo] = []  # Ctrl+Z gives the prepared answers back as they were (a w is never final)

        def write() -> tuple[int, OwnChange]:  # one transaction, one new versie, for every partner reviewed
            bespreking.review_prepared_answers(
                store, regio, bespreking_id, claims, keep=keep, expected_versie=versie, undo=undo
            )
            return bespreking_id, OwnChange(1, 0, len(rows))  # what changed (no reload)

        self._store(Change.BEKENDHEID, write, undo)

    # --- leaving ---------------------------------------------------------------------------------
    def action_agenda(self) -> None:
        self.zvh.show_agenda(self.overleg_id)

    def action_home(self) -> None:
        self.zvh.go_home()

    def action_close_overleg(self) -> None:
        open_items = sum(1 for i in self.items if i.status in ("open", "bezig"))
        question = "Overleg sluiten en de besluitenlijst tonen?"
        if open_items:
            question += f"\n{open_items} melding(en) zonder besluit komen op het volgende overleg."

        def answer(yes: bool | None) -> None:
            if yes:
                store, overleg_id = self.zvh.store, self.overleg_id
                self._store(Change.CLOSED, lambda: overleggen.close_overleg(store, overleg_id))

        self._ask(ConfirmDialog(question), answer)

"""Start screen: today's date, per type the open overleg (whatever its date: a meeting that ran past
midnight is resumed, never replaced by a new one) or else the overleg of today or the next one, and the
recent overleggen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, cast

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.keymap import bindings
from tui.row_table import RowTable, row_id
from tui.screens.base import ZvhScreen
from tui.screens.start_dialog import StartDialog, StartRequest
from tui.workers import Change, Loaded, Saved
from zvh_core.access.rights import Recht, allowed
from zvh_core.kernel import dates
from zvh_core.kernel.read_models import OverlegView
from zvh_core.meetings import overleggen

if TYPE_CHECKING:
    from tui.app import ZvhApp


@dataclass(frozen=True)
class TypeRow:
    type_code: str
    datum: date
    overleg: OverlegView | None
    last_voorzitter: str


ACTION_RIGHTS: dict[str, tuple[Recht, ...]] = {
    "start_other_date": (Recht.OVERLEG_VOEREN,),
    "casussen": (Recht.CASUS_LEZEN,),
    "acties": (Recht.ACTIE_LEZEN,),
    "wachtend": (Recht.OVERLEG_VOEREN, Recht.CASUS_WIJZIGEN),
    "rapportage": (Recht.RAPPORT,),
}
"""The rights a home-screen key needs (any of them), as the services behind it require."""


class HomeLoaded(Loaded):
    value: tuple[list[TypeRow], list[OverlegView]]


def read_home(session, regio, today: date, account: str | None = None):
    """Per overlegtype one row: its open overleg when there is one (the latest, if several), else the one
    of its scheduled date (today or the next). ``last_voorzitter``: the chair this account used last,
    else the account's own name."""
    recent = overleggen.recent_overleggen(session, regio, limit=15)
    open_by_type = {o.type: o for o in overleggen.open_overleggen(session, regio)}  # oldest first: latest wins
    own = (overleggen.voorzitter_of_account(session, account) if account else None) or account or ""
    rows = []
    for code in regio.overlegtypen:
        overleg = open_by_type.get(code)
        if overleg is not None:
            rows.append(TypeRow(code, overleg.datum, overleg, own))
            continue
        datum = overleggen.scheduled_date(regio, code, today)
        rows.append(TypeRow(code, datum, overleggen.find_overleg(session, regio, code, datum), own))
    return rows, recent


class HomeScreen(ZvhScreen):
    SCOPE = "home"
    BINDINGS = bindings("home")

    def __init__(self) -> None:
        super().__init__()
        self.type_rows: list[TypeRow] = []
        self.recent: list[OverlegView] = []

    def compose(self) -> ComposeResult:
        regio = self.zvh.regio
        actor = self.zvh.actor
        who = f" · aangemeld: {actor.naam} ({actor.rol})" if actor is not None and actor.gebruiker_id else ""
        yield Static(f"ZVH Overleg · {regio.naam}{who}", id="topbar")
        with Vertical(id="home"):
            yield Label(dates.long_date(self.zvh.today()).capitalize(), id="today")
            preparing = allowed(actor, Recht.VOORBEREIDEN) and not allowed(actor, Recht.OVERLEG_VOEREN)
            yield Label(
                "Overleggen · Enter: voorbereiden en meekijken" if preparing else "Overleg starten of hervatten",
                classes="section-title",
            )
            yield OptionList(id="types")
            yield Label("Recente overleggen", classes="section-title")
            yield RowTable(id="recent", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#recent", DataTable)
        table.add_columns("Overleg", "Datum", "Voorzitter", "Status", "Voortgang")
        self.query_one("#types", OptionList).focus()
        self.reload()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        regio, today = self.zvh.regio, self.zvh.today()
        account = self.zvh.actor.naam if self.zvh.actor is not None and self.zvh.actor.gebruiker_id else None
        self.load(HomeLoaded, lambda session: read_home(session, regio, today, account))

    def on_home_loaded(self, message: HomeLoaded) -> None:
        self.type_rows, self.recent = message.value
        today = self.zvh.today()
        options = self.query_one("#types", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        for row in self.type_rows:
            options.add_option(Option(self._type_label(row, today), id=row.type_code))
        options.highlighted = highlighted if highlighted is not None else 0
        table = self.query_one("#recent", DataTable)
        table.clear()
        for o in self.recent:
            table.add_row(
                o.type_naam,
                dates.short_date(o.datum),
                o.voorzitter,
                "open" if o.is_open else "gesloten",
                f"{o.besloten} / {o.aantal}",
                key=str(o.id),
            )

    def _type_label(self, row: TypeRow, today: date) -> str:
        name = self.zvh.regio.overlegtype(row.type_code).naam
        if row.overleg is not None and row.overleg.is_open and row.datum != today:
            o = row.overleg  # open from an earlier (or later) day: resumed with Enter, never a new one
            return (
                f"{name} van {dates.WEEKDAGEN[o.datum.weekday()][:2]} {o.datum:%d-%m} — open, {o.besloten} / {o.aantal} "
                "besloten — hervatten"
            )
        when = "vandaag" if row.datum == today else dates.long_date(row.datum)
        if row.overleg is None:
            state = "nog niet gestart"
        elif row.overleg.is_open:
            state = f"open, {row.overleg.besloten} / {row.overleg.aantal} besloten — hervatten"
        else:
            state = "gesloten"
        return f"{name} — {when} · {state}"

    # --- opening ----------------------------------------------------------------------------
    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open_type(event.option_index, ask=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if not self.may(Recht.OVERLEG_LEZEN):
            self.notify("Agenda's en besluitenlijsten inzien hoort niet bij uw rol.", severity="warning")
            return
        self.open_overleg(row_id(event.row_key))

    def action_open_selected(self) -> None:
        if self.focused is self.query_one("#recent", DataTable):
            table = self.query_one("#recent", DataTable)
            if self.recent:
                if not self.may(Recht.OVERLEG_LEZEN):
                    self.notify("Agenda's en besluitenlijsten inzien hoort niet bij uw rol.", severity="warning")
                    return
                self.open_overleg(self.recent[table.cursor_row].id)
        else:
            self._open_type(self.query_one("#types", OptionList).highlighted, ask=False)

    # --- what this role may do ----------------------------------------------------------------
    def may(self, recht: Recht, *alternatives: Recht) -> bool:
        actor = self.zvh.actor
        return actor is None or any(allowed(actor, r) for r in (recht, *alternatives))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Only the keys this role may use are offered (footer, palette, help); the services refuse the
        rest anyway."""
        if action == "voorbereiden":
            return allowed(cast("ZvhApp", self.app).actor, Recht.VOORBEREIDEN)  # only partners prepare
        needed = ACTION_RIGHTS.get(action)
        if needed is None:
            return True
        return self.may(*needed)

    def action_start_other_date(self) -> None:
        self._open_type(self.query_one("#types", OptionList).highlighted, ask=True)

    def action_refresh(self) -> None:
        self.reload()

    def action_casussen(self) -> None:
        self.zvh.show_casussen()

    def action_acties(self) -> None:
        self.zvh.show_acties()

    def action_wachtend(self) -> None:
        self.zvh.show_wachtend()

    def action_rapportage(self) -> None:
        self.zvh.show_rapportage()

    def action_voorbereiden(self) -> None:
        cast("ZvhApp", self.app).show_voorbereiden()

    def _open_type(self, index: int | None, *, ask: bool) -> None:
        if index is None or index >= len(self.type_rows):
            return
        row = self.type_rows[index]
        actor = cast("ZvhApp", self.app).actor
        if not allowed(actor, Recht.OVERLEG_VOEREN) and allowed(actor, Recht.VOORBEREIDEN):
            self.action_voorbereiden()  # a partner: prepares the coming overleggen and follows the running one
            return
        if row.overleg is not None and not ask:
            if not self.may(Recht.OVERLEG_LEZEN):
                self.notify("Agenda's en besluitenlijsten inzien hoort niet bij uw rol.", severity="warning")
                return
            self.open_overleg(row.overleg.id)
            return
        if not self.may(Recht.OVERLEG_VOEREN):
            self.notify("Een overleg starten hoort niet bij uw rol.", severity="warning")
            return
        datum = row.datum
        if row.overleg is not None and row.overleg.is_open:  # d beside an open one: a new one on its own day
            datum = overleggen.scheduled_date(self.zvh.regio, row.type_code, self.zvh.today())
        dialog = StartDialog(self.zvh.regio, row.type_code, datum, row.last_voorzitter)
        self.app.push_screen(dialog, callback=self._start)

    def _start(self, request: StartRequest | None) -> None:
        if request is None:
            return
        store, regio = self.zvh.store, self.zvh.regio
        self.save(
            Change.OPENED,
            lambda: overleggen.open_overleg(
                store, regio, request.type_code, request.datum, request.voorzitter, request.partners, request.afgemeld
            ),
        )

    def on_saved(self, message: Saved) -> None:
        if message.what is Change.OPENED:
            self.open_overleg(message.value)

    def open_overleg(self, overleg_id: int) -> None:
        self.zvh.open_overleg(overleg_id)

"""The besluitenlijst of an overleg (shown on closing); `e` writes it as a Markdown file."""

from __future__ import annotations

from rich.markdown import Markdown
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from tui import render
from tui.keymap import bindings
from tui.screens.base import ZvhScreen
from tui.workers import Change, Loaded, Saved
from zvh_core.meetings.besluitenlijst import (
    Besluitenlijst,
    build_besluitenlijst,
    export_markdown,
    export_per_partner,
    to_markdown,
)


class LijstLoaded(Loaded):
    value: Besluitenlijst


class BesluitenlijstScreen(ZvhScreen):
    SCOPE = "besluitenlijst"
    BINDINGS = bindings("besluitenlijst")

    def __init__(self, overleg_id: int) -> None:
        super().__init__()
        self.overleg_id = overleg_id
        self.lijst: Besluitenlijst | None = None

    def compose(self) -> ComposeResult:
        yield Static("Besluitenlijst · e: exporteren als Markdown · p: per partner · Esc: terug", id="topbar")
        with VerticalScroll(id="lijst-scroll"):
            yield Static("", id="lijst")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#lijst-scroll").focus()
        self.reload()

    def reload(self) -> None:
        regio, overleg_id = self.zvh.regio, self.overleg_id
        self.load(LijstLoaded, lambda s: build_besluitenlijst(s, regio, overleg_id))

    def on_lijst_loaded(self, message: LijstLoaded) -> None:
        self.lijst = message.value
        # The same Markdown that `e` exports, rendered by Rich (synchronous, also for long lists).
        self.query_one("#lijst", Static).update(
            Markdown(to_markdown(render.masked_lijst(self.lijst, privacy=self.privacy), self.zvh.regio))
        )

    def action_export(self) -> None:
        if self.lijst is None:
            return
        store, lijst, regio, folder = self.zvh.store, self.lijst, self.zvh.regio, self.zvh.export_dir
        self.save(Change.EXPORT, lambda: export_markdown(store, lijst, regio, folder))

    def action_export_partners(self) -> None:
        if self.lijst is None:
            return
        store, lijst, regio, folder = self.zvh.store, self.lijst, self.zvh.regio, self.zvh.export_dir
        self.save(Change.EXPORT_PARTNERS, lambda: export_per_partner(store, lijst, regio, folder))

    def on_saved(self, message: Saved) -> None:
        if message.what is Change.EXPORT:
            self.notify(f"Besluitenlijst geschreven naar {message.value}", timeout=8)
        elif message.what is Change.EXPORT_PARTNERS:
            folder = message.value[0].parent if message.value else self.zvh.export_dir
            self.notify(f"{len(message.value)} besluitenlijsten per partner geschreven naar {folder}", timeout=8)

    def action_back(self) -> None:
        self.zvh.go_home()

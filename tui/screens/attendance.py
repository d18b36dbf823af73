"""Who is at the table: per partner aanwezig, afgemeld (sent apologies) or not expected."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from zvh_core.config.regio import Regio
from zvh_core.meetings.overleggen import AANWEZIG, AFGEMELD

AFWEZIG = ""
CYCLE = (AANWEZIG, AFGEMELD, AFWEZIG)
MARK = {
    AANWEZIG: ("✓ aanwezig       ", "bold green"),
    AFGEMELD: ("✗ afgemeld       ", "bold yellow"),
    AFWEZIG: ("· niet verwacht  ", "dim"),
}


class AttendanceList(OptionList):
    """One line per partner; space cycles aanwezig → afgemeld → niet verwacht."""

    BINDINGS = [
        Binding(
            "space",
            "cycle",
            "Aanwezig/afgemeld",
            id="attendance.cycle",
            tooltip="Wissel: aanwezig, afgemeld, niet verwacht.",
        ),
    ]

    def __init__(self, regio: Regio, order: list[str], present: list[str], afgemeld: list[str], **kwargs) -> None:
        self.regio = regio
        self.codes = order
        self.state = {c: AANWEZIG if c in present else AFGEMELD if c in afgemeld else AFWEZIG for c in order}
        super().__init__(*[Option(self._prompt(c), id=c) for c in order], **kwargs)

    def _prompt(self, code: str) -> Text:
        partner = self.regio.partners[code]
        mark, style = MARK[self.state[code]]
        return Text.assemble((mark, style), f"{partner.kort} — {partner.naam}")

    def action_cycle(self) -> None:
        index = self.highlighted
        if index is None:
            return
        code = self.codes[index]
        self.state[code] = CYCLE[(CYCLE.index(self.state[code]) + 1) % len(CYCLE)]
        self.replace_option_prompt_at_index(index, self._prompt(code))

    @property
    def present(self) -> list[str]:
        return [c for c in self.codes if self.state[c] == AANWEZIG]

    @property
    def afgemeld(self) -> list[str]:
        return [c for c in self.codes if self.state[c] == AFGEMELD]

"""Small steps of meetings for service tests: open, find an item, decide, close."""

from __future__ import annotations

from datetime import date

from zvh_core.meetings import bespreking, overleggen
from zvh_core.meetings.agenda import agenda_items

MONDAY = date(2026, 11, 23)
TUESDAY = date(2026, 11, 24)
WEDNESDAY = date(2026, 11, 25)
THURSDAY = date(2026, 11, 26)
RT_PARTNERS = ["vt", "zvh", "cjg", "amw"]
TRIAGE_PARTNERS = ["zvh", "politie", "reclassering", "om"]
E33_PARTNERS = ["zvh", "vvg", "met_ggz", "amw", "oggz"]


def open_type(store, regio, type_code: str, day: date, partners=None, afgemeld=()) -> int:
    default = {"routeertafel": RT_PARTNERS, "triage": TRIAGE_PARTNERS, "e33_screening": E33_PARTNERS}
    return overleggen.open_overleg(store, regio, type_code, day, "Voorzitter", partners or default[type_code], afgemeld)


def items(store, regio, overleg_id: int):
    with store.read() as s:
        return agenda_items(s, regio, overleg_id)


def item_of(store, regio, overleg_id: int, melding_id: int):
    return next(i for i in items(store, regio, overleg_id) if i.melding_id == melding_id)


def detail(store, regio, bespreking_id: int, today: date = THURSDAY):
    with store.read() as s:
        return bespreking.load_detail(s, regio, bespreking_id, today=today)

"""Names are handed to the TUI with their parts: the read models carry a ``Naam`` (or a line of ``Namen``) that is
the text it shows and knows its voornamen, tussenvoegsel, achternaam and whether any is known, so privacy mode
masks from the parts and never parses a shown name back (nor takes a person called 'onbekend' for nobody)."""

from __future__ import annotations

import pickle
from datetime import date

from tests.factories import add_melding, add_persoon
from tui import render
from zvh_core.kernel.names import Naam, Namen
from zvh_core.meetings import bespreking, overleggen
from zvh_core.meetings.agenda import agenda_items

MONDAY = date(2026, 11, 23)


def test_a_name_is_its_text_and_its_parts():
    full = Naam.volledig("Berg", "van den", "Jan Pieter")
    assert full == "Jan Pieter van den Berg" and (full.voornamen, full.tussenvoegsel, full.achternaam) == (
        "Jan Pieter",
        "van den",
        "Berg",
    )
    assert full.initialen == "J.P.v.d.B."
    short = Naam.kort("Jan Pieter", "de", "Vries")
    assert short == "J. de Vries" and short.initialen == "J.d.V."  # the short form shows one initial
    assert Naam.volledig("van der Berg", None, "Els").initialen == "E.v.d.B."  # tussenvoegsel in the achternaam
    assert Naam.volledig("Berg", "van der", "Els").woorden == ("Els", "Berg")
    assert Naam.volledig("van der Berg", None, "Els").woorden == ("Els", "Berg")


def test_nobody_is_a_flag_not_a_text():
    nobody, short_nobody = Naam.volledig(None, " ", None), Naam.kort(None, None, None)
    assert (nobody, short_nobody) == ("Onbekende persoon", "onbekend")
    assert nobody.onbekend and short_nobody.onbekend and nobody.initialen == "Onbekende persoon"
    called_onbekend = Naam.kort(None, None, "onbekend")  # a person whose surname happens to be the word
    assert called_onbekend == "onbekend" and not called_onbekend.onbekend
    assert render.person_name(called_onbekend, privacy=True) == "o."  # masked, where the text check let it through
    assert render.person_name(short_nobody, privacy=True) == "onbekend"


def test_a_line_of_names():
    line = Namen([Naam.kort("Jan", "de", "Vries"), Naam.kort("Mo", None, "Bakker")])
    assert line == "J. de Vries, M. Bakker" and [n.achternaam for n in line.namen] == ["Vries", "Bakker"]
    assert render.persons_text(line, privacy=True) == "J.d.V., M.B."
    assert render.persons_text(line, privacy=False) is line
    assert Namen() == "onbekend" and Namen().initialen == "onbekend"
    assert Namen((), "") == "" and render.persons_text(Namen((), ""), privacy=True) == ""
    again = pickle.loads(pickle.dumps(line))
    assert again == line and again.namen[0].tussenvoegsel == "de" and again.namen[1].alleen_voorletter


def test_the_agenda_and_the_detail_carry_the_parts(store, regio):
    with store.write() as s:
        jan = add_persoon(s, achternaam="Vries", tussenvoegsel="de", voornamen="Jan", geboortedatum=date(1990, 12, 1))
        nobody = add_persoon(s, achternaam=None, voornamen=None)
        add_melding(s, datum=date(2026, 11, 20), personen=[jan, nobody])
    overleg_id = overleggen.open_overleg(store, regio, "routeertafel", MONDAY, "Anna", ["vt", "zvh"])
    with store.read() as s:
        (item,) = agenda_items(s, regio, overleg_id)
        detail = bespreking.load_detail(s, regio, item.bespreking_id, today=MONDAY)
    assert item.personen == "J. de Vries, onbekend"  # the text as before
    assert [(n.achternaam, n.onbekend) for n in item.personen.namen] == [("Vries", False), (None, True)]
    assert render.persons_text(item.personen, privacy=True) == "J.d.V., onbekend"
    names = {p.naam: p.naam for p in detail.melding.personen}
    assert set(names) == {"Jan de Vries", "Onbekende persoon"}
    assert names["Jan de Vries"].voornamen == "Jan" and names["Onbekende persoon"].onbekend

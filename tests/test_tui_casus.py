"""The casus screen as a working file, with real key presses: persons through the one lookup (and a new one
whose invalid BSN keeps the form), a melding found by a person's name, the plan, the journal, an evaluation,
a hand-over, closing with a coded reason and the open actions named, read-only while closed, reopening that
keeps the history; a voorzitter is not offered the edit keys; Mijn casussen."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.factories import add_melding, add_persoon
from tests.tui_helpers import make_app, press, screen_text, settle, type_text
from tui.render import HIDDEN
from tui.screens.casus import CasusScreen
from tui.screens.casus_dialogs import CasusLookupScreen, MeldingChoiceDialog
from tui.screens.casus_forms import FormDialog
from tui.screens.casussen import CasussenScreen, MijnCasussenScreen
from tui.screens.help import HelpScreen
from zvh_core.access import accounts
from zvh_core.access.rights import Actor
from zvh_core.casussen import journaal, perioden, plan, procesregie
from zvh_core.kernel.models import Casus, CasusDoel, CasusEvaluatie, CasusJournaal, CasusOverdracht, CasusPeriode

THURSDAY = date(2026, 11, 26)
SIZE = (160, 90)
PASSWORD = "Procesregie-2026-lang!"


def rows(store, model, *where):
    with store.read() as s:
        return s.exec(select(model).where(*where)).scalars().all()


async def test_a_casus_is_opened_filled_planned_journalled_closed_and_reopened(store, regio, tmp_path):
    with store.write() as s:
        add_persoon(s, achternaam="Vries", tussenvoegsel="de", voornamen="Jan", geboortedatum=date(1990, 12, 1))
        ria = add_persoon(s, achternaam="Smit", voornamen="Ria", geboortedatum=date(1980, 5, 5))
        add_melding(s, extern_id="PI-555", soort="detentie", gemeente="Weert", personen=[ria])
    app = make_app(store, regio, tmp_path, today=THURSDAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "c", "n")
        await press(pilot, "tab", "tab", "enter")  # thema: open the list
        await type_text(pilot, "Nazorg")
        await press(pilot, "enter", "tab", "tab")  # past the regisseur to the date
        field = app.screen.query_one("#form-geopend")
        field.value = ""
        await type_text(pilot, "01-12-2026")  # in the future
        await press(pilot, "enter")
        shown = screen_text(app)
        assert "Geopend: De datum van openen (01-12-2026) ligt in de toekomst" in shown, "shown beside the form"
        assert app.screen.query_one("#form-geopend").value == "01-12-2026", "what was typed stays"
        field = app.screen.query_one("#form-geopend")
        field.value = ""
        await type_text(pilot, "23-11-2026")
        await press(pilot, "enter")
        # The new casus opens with the one lookup to add persons.
        assert isinstance(app.screen, CasusLookupScreen) and "Persoon toevoegen aan de casus" in screen_text(app)
        await type_text(pilot, "jan de vries")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, CasusScreen)
        # A new person with an address; an invalid BSN is shown beside its field and nothing typed is lost.
        await press(pilot, "p", "ctrl+n")
        assert isinstance(app.screen, FormDialog)
        await type_text(pilot, "Mo")
        await press(pilot, "tab", "tab")
        await type_text(pilot, "Vries")
        await press(pilot, "tab")
        await type_text(pilot, "01-02-2015")
        await press(pilot, "tab")
        await type_text(pilot, "123456789")
        await press(pilot, "tab")
        await type_text(pilot, "Markt 1")
        await press(pilot, "tab")
        await type_text(pilot, "6001 AA")
        await press(pilot, "enter")
        assert isinstance(app.screen, FormDialog) and "Ongeldig BSN '123456789'" in screen_text(app)
        assert (
            app.screen.query_one("#f-adres").value == "Markt 1" and app.screen.query_one("#f-voornamen").value == "Mo"
        )
        app.screen.query_one("#f-bsn").value = ""
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, CasusScreen)
        # A melding linked by the name of its person (the lookup), not only by its number.
        await press(pilot, "m")
        await type_text(pilot, "ria smit")
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, MeldingChoiceDialog) and "PI-555" in screen_text(app)
        await press(pilot, "enter")
        shown = screen_text(app)
        for text in ("Jan de Vries", "Mo Vries", "Ria Smit", "PI-555", "Markt 1"):
            assert text in shown
        # The plan: a goal on a nazorg leefgebied, then its status changed.
        await press(pilot, "d", "enter")
        await type_text(pilot, "Onderdak")
        await press(pilot, "enter", "tab")
        await type_text(pilot, "Plek in de opvang")
        await press(pilot, "enter")
        assert "Onderdak" in screen_text(app) and "Plek in de opvang" in screen_text(app)
        await press(pilot, "w", "tab", "tab", "enter")  # status
        await type_text(pilot, "bezig")
        await press(pilot, "enter", "ctrl+s")
        (doel,) = rows(store, CasusDoel)
        assert (doel.leefgebied, doel.status, doel.versie) == ("onderdak", "bezig", 2)
        # The journal: fact apart from opinion.
        await press(pilot, "j")  # the dialog opens on the fact
        await type_text(pilot, "Huisbezoek afgelegd")
        await press(pilot, "tab")
        await type_text(pilot, "Gemotiveerd")
        await press(pilot, "enter")
        shown = screen_text(app)
        assert "Journaal" in shown and "Feit: Huisbezoek afgelegd · Oordeel: Gemotiveerd" in shown
        # An evaluation, and an action left open.
        await press(pilot, "v")  # the dialog opens on the summary
        await type_text(pilot, "Loopt volgens plan")
        await press(pilot, "enter")
        assert "Evaluatie · volgende 07-01-2027" in screen_text(app)
        await press(pilot, "a")
        await type_text(pilot, "Uitkering aanvragen")
        await press(pilot, "enter")
        # Closing: a coded reason, the result per goal, and the open action named.
        await press(pilot, "s")
        shown = screen_text(app)
        assert "Nog open acties" in shown and "Uitkering aanvragen" in shown
        await press(pilot, "enter")
        await type_text(pilot, "Overgedragen")
        await press(pilot, "enter", "tab", "tab")
        await type_text(pilot, "Aan wijkteam")
        await press(pilot, "ctrl+s")
        shown = screen_text(app)
        assert "gesloten 26-11-2026 · alleen-lezen" in shown and "Gesloten 26-11-2026: Overgedragen" in shown
        assert "Deze casus is alleen-lezen" in shown
        footer = shown.splitlines()[-1]
        assert "Doel +" not in footer and "Heropenen" in footer, "a closed casus offers only reopening"
        await press(pilot, "d")
        assert isinstance(app.screen, CasusScreen), "no goal form on a closed casus"
        # Reopening asks a reason and keeps the closed period.
        await press(pilot, "o")
        await type_text(pilot, "Nieuwe detentiemelding")
        await press(pilot, "enter")
        shown = screen_text(app)
        assert "Heropend" in shown and "Nieuwe detentiemelding" in shown
        assert "Perioden: 23-11-2026 – 26-11-2026 (Overgedragen) · 26-11-2026 – open" in shown
        await press(pilot, "escape")
        assert isinstance(app.screen, CasussenScreen) and "1 open casussen" in screen_text(app)
    (casus,) = rows(store, Casus)
    periods = rows(store, CasusPeriode)
    assert [(p.van, p.tot, p.reden_sluiting, p.sluiting_notitie) for p in periods] == [
        (date(2026, 11, 23), THURSDAY, "overgedragen", "Aan wijkteam"),
        (THURSDAY, None, None, None),
    ]
    assert (casus.geopend, casus.gesloten, casus.thema) == (date(2026, 11, 23), None, "nazorg")
    assert periods[0].doel_resultaten == {str(doel.id): "bezig"}
    (entry,) = rows(store, CasusJournaal)
    assert (entry.feit, entry.oordeel) == ("Huisbezoek afgelegd", "Gemotiveerd")
    assert len(rows(store, CasusEvaluatie)) == 1


async def test_hand_over_and_mijn_casussen(store, regio, tmp_path):
    eva = accounts.add_user(store, regio, "Eva Regie", "procesregisseur", PASSWORD)
    piet = accounts.add_user(store, regio, "Piet Regie", "procesregisseur", PASSWORD)
    as_eva = store.as_user(Actor("Eva Regie", "procesregisseur", gebruiker_id=eva))
    with store.write() as s:
        jan = add_persoon(s, achternaam="Vries", tussenvoegsel="de", voornamen="Jan")
    procesregie.open_casus(
        as_eva,
        regio,
        thema="pga",
        gemeente="Weert",
        geopend=date(2026, 10, 1),
        procesregisseur="Eva Regie",
        persoon_ids=[jan.id],
        today=THURSDAY,
    )
    app = make_app(as_eva, regio, tmp_path, today=THURSDAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "c", "i")
        assert isinstance(app.screen, MijnCasussenScreen)
        shown = screen_text(app)
        assert "1 open casussen · 1 evaluatie(s) binnen een week of te laat" in shown
        assert "29-10-2026 te laat" in shown and "J. de Vries" in shown
        await press(pilot, "enter")
        assert isinstance(app.screen, CasusScreen)
        await press(pilot, "h", "tab", "tab")
        await type_text(pilot, "Eva met verlof")
        await press(pilot, "enter")
        shown = screen_text(app)
        assert "procesregisseur Piet Regie" in shown and "Overgedragen van Eva Regie aan Piet Regie" in shown
        await press(pilot, "escape")
        assert isinstance(app.screen, MijnCasussenScreen) and "0 open casussen" in screen_text(app)
    (handed,) = rows(store, CasusOverdracht)
    assert (handed.naar_regisseur, handed.notitie, handed.door) == ("Piet Regie", "Eva met verlof", "Eva Regie")
    assert rows(store, Casus)[0].procesregisseur_id == piet


async def test_editing_the_casus_never_swaps_its_procesregisseur_a_hand_over_does(store, regio, tmp_path):
    eva = accounts.add_user(store, regio, "Eva Regie", "procesregisseur", PASSWORD)
    accounts.add_user(store, regio, "Piet Regie", "procesregisseur", PASSWORD)
    as_eva = store.as_user(Actor("Eva Regie", "procesregisseur", gebruiker_id=eva))
    casus_id = procesregie.open_casus(as_eva, regio, thema="pga", gemeente="Weert", geopend=date(2026, 10, 1),
                                      procesregisseur="Eva Regie", today=THURSDAY)  # fmt: skip
    app = make_app(as_eva, regio, tmp_path, today=THURSDAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.show_casus(casus_id)
        await settle(pilot)
        await press(pilot, "e")
        shown = screen_text(app)
        assert "Procesregisseur: Eva Regie · wisselen gaat met h (overdragen)" in shown
        assert not app.screen.query("#form-regisseur"), "no choice of another procesregisseur in an edit"
        await press(pilot, "tab", "enter", "down", "enter", "ctrl+s")  # thema: the next one
        await settle(pilot)
        assert isinstance(app.screen, CasusScreen)
    (casus,) = rows(store, Casus)
    assert casus.thema != "pga" and (casus.procesregisseur, casus.procesregisseur_id) == ("Eva Regie", eva)
    assert rows(store, CasusOverdracht) == [], "an edit is no hand-over"


async def test_a_voorzitter_sees_the_casus_without_edit_keys(store, regio, tmp_path):
    casus_id = procesregie.open_casus(store, regio, thema="pga", gemeente="Weert", geopend=date(2026, 10, 1),
                                      today=THURSDAY)  # fmt: skip
    perioden.close_casus(store, regio, casus_id, reden="verhuisd", gesloten=THURSDAY, today=THURSDAY)
    vera = store.as_user(Actor("Vera", "voorzitter"))
    app = make_app(vera, regio, tmp_path, today=THURSDAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        assert isinstance(app.screen, CasussenScreen)
        assert "Nieuwe casus" not in screen_text(app).splitlines()[-1], "a voorzitter opens no casus"
        await press(pilot, "n")
        assert isinstance(app.screen, CasussenScreen), "the key does nothing"
        app.show_casus(casus_id)
        await settle(pilot)
        shown = screen_text(app)
        assert "Gesloten 26-11-2026: Verhuisd" in shown and "(o: heropenen)" not in shown
        for label in ("Persoon +", "Doel +", "Journaal", "Sluiten", "Heropenen"):
            assert label not in shown.splitlines()[-1], f"{label} offered to a voorzitter"
        await press(pilot, "o", "p", "j")
        assert isinstance(app.screen, CasusScreen), "the keys do nothing"
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        help_text = screen_text(app)
        assert "Terug naar de lijst met casussen" in help_text and "Heropenen" not in help_text
        assert "Doel +" not in help_text


async def test_privacy_mode_masks_the_journal_and_the_plan(store, regio, tmp_path):
    with store.write() as s:
        jan = add_persoon(s, achternaam="Vries", tussenvoegsel="de", voornamen="Jan", geboortedatum=date(1990, 12, 1))
    casus_id = procesregie.open_casus(store, regio, thema="nazorg", gemeente="Weert", geopend=date(2026, 10, 1),
                                      persoon_ids=[jan.id], today=THURSDAY)  # fmt: skip
    journaal.add_journaal(store, regio, casus_id, datum=THURSDAY, feit="Woont bij zijn zus in Roermond",
                          oordeel="Terugval waarschijnlijk", today=THURSDAY)  # fmt: skip
    plan.add_doel(store, regio, casus_id, leefgebied="schulden", tekst="Schuld bij de Belastingdienst",
                  eigenaar="gemeente", termijn=None, today=THURSDAY)  # fmt: skip
    app = make_app(store, regio, tmp_path, today=THURSDAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.show_casus(casus_id)
        await settle(pilot)
        shown = screen_text(app)
        assert "Woont bij zijn zus" in shown and "Schuld bij de Belastingdienst" in shown and "Jan de Vries" in shown
        await press(pilot, "f2")
        shown = screen_text(app)
        assert "Woont bij zijn zus" not in shown and "Terugval" not in shown and "Belastingdienst" not in shown
        assert "Jan de Vries" not in shown and "J.d.V." in shown and HIDDEN in shown


async def test_a_result_recorded_at_closing_is_corrected_on_the_closed_casus(store, regio, tmp_path):
    casus_id = procesregie.open_casus(store, regio, thema="nazorg", gemeente="Weert", geopend=date(2026, 11, 2),
                                      today=THURSDAY)  # fmt: skip
    g1, g2 = (plan.add_doel(store, regio, casus_id, leefgebied=lg, tekst=text, eigenaar="zvh", termijn=None,
                            today=THURSDAY).id for lg, text in (("onderdak", "Plek in de opvang"),
                                                                ("id_bewijs", "ID-kaart aanvragen")))  # fmt: skip
    perioden.close_casus(store, regio, casus_id, reden="doelen_bereikt", gesloten=date(2026, 11, 20), today=THURSDAY,
                         doel_resultaten={g1: "bereikt", g2: "niet_haalbaar"})  # fmt: skip
    app = make_app(store, regio, tmp_path, today=THURSDAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.show_casus(casus_id)
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Resultaat corrigeren" in footer and "Doel +" not in footer, "offered while closed"
        await press(pilot, "u")
        shown = screen_text(app)
        assert "Welk resultaat corrigeren?" in shown
        assert "Sluiting 20-11-2026 · ID-bewijs — ID-kaart aanvragen: niet haalbaar" in shown
        await press(pilot, "2")  # the second: ID-bewijs
        assert isinstance(app.screen, FormDialog)
        intro = str(app.screen.query_one("#form-intro").render())
        assert "ID-kaart aanvragen (nu: niet haalbaar). De periode zelf blijft zoals ze is." in intro
        await press(pilot, "tab", "enter")  # a correction needs a reason: refused beside it, the choice kept
        assert isinstance(app.screen, FormDialog) and "Vul in: reden van de correctie." in screen_text(app)
        await press(pilot, "shift+tab", "enter")
        await type_text(pilot, "bereikt")
        await press(pilot, "enter", "tab")
        await type_text(pilot, "Kaart was al aangevraagd")
        await press(pilot, "enter")
        assert isinstance(app.screen, CasusScreen)
        shown = screen_text(app)
        assert "alleen-lezen" in shown, "still closed"
        assert "Doel ID-bewijs resultaat bij sluiten gecorrigeerd: bereikt" in shown
        assert (
            "Resultaat bij sluiten (20-11-2026) gecorrigeerd voor doel 'ID-kaart aanvragen': niet haalbaar →" in shown
        )
    (period,) = rows(store, CasusPeriode)
    assert (period.tot, period.reden_sluiting) == (date(2026, 11, 20), "doelen_bereikt")
    assert period.doel_resultaten == {str(g1): "bereikt", str(g2): "bereikt"}
    assert [d.status for d in rows(store, CasusDoel)] == ["bereikt", "bereikt"]
    assert rows(store, CasusJournaal)[-1].feit.endswith("niet haalbaar → bereikt: Kaart was al aangevraagd")


async def test_keys_typed_fast_behind_the_enter_that_opens_a_list_choose_in_that_list(store, regio, tmp_path):
    """Enter ↓ ↓ Enter typed in one burst: the list opens a moment after the Enter (Textual moves the focus
    later), and the arrows and the second Enter still choose in it instead of being lost."""
    from tests.test_tui_chair import burst

    casus_id = procesregie.open_casus(store, regio, thema="pga", gemeente="Weert", geopend=date(2026, 11, 2),
                                      today=THURSDAY)  # fmt: skip
    app = make_app(store, regio, tmp_path, today=THURSDAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.show_casus(casus_id)
        await settle(pilot)
        await press(pilot, "d")
        assert isinstance(app.screen, FormDialog)
        # Leefgebied: the third of the general list; owner: typed to search; status: one down.
        burst(app, "enter", "down", "down", "enter", "tab", *"Zorg regelen", "tab", "enter", *"amw", "enter",
              "tab", "enter", "down", "enter", "ctrl+s")  # fmt: skip
        await settle(pilot)
        assert isinstance(app.screen, CasusScreen), screen_text(app)
    (doel,) = rows(store, CasusDoel)
    assert (doel.leefgebied, doel.tekst, doel.eigenaar, doel.status) == ("zorg", "Zorg regelen", "amw", "bezig")


async def test_keys_typed_behind_the_key_that_opens_a_dialog_go_into_the_dialog(store, regio, tmp_path):
    """d and the whole goal typed in one go on the casus screen: the form opens before the keys behind the d
    are dispatched, so they fill it instead of moving the table behind it."""
    from tests.test_tui_chair import burst

    casus_id = procesregie.open_casus(store, regio, thema="pga", gemeente="Weert", geopend=date(2026, 11, 2),
                                      today=THURSDAY)  # fmt: skip
    app = make_app(store, regio, tmp_path, today=THURSDAY)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.show_casus(casus_id)
        await settle(pilot)
        burst(app, "d", "enter", "down", "enter", "tab", *"Schulden in beeld", "enter")
        await settle(pilot)
        assert isinstance(app.screen, CasusScreen), screen_text(app)
    (doel,) = rows(store, CasusDoel)
    assert (doel.leefgebied, doel.tekst) == ("financien", "Schulden in beeld")


async def test_home_and_end_go_to_the_first_and_last_casus_of_the_list(store, regio, tmp_path):
    gemeenten = ("Weert", "Leudal", "Roermond", "Maasgouw")
    for n, gemeente in enumerate(gemeenten):
        procesregie.open_casus(
            store, regio, thema="pga", gemeente=gemeente, geopend=date(2026, 10, 1 + n), today=THURSDAY
        )
    app = make_app(store, regio, tmp_path, today=THURSDAY)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await press(pilot, "c")
        assert isinstance(app.screen, CasussenScreen)
        table = app.screen.query_one("#list-table")
        assert table.cursor_row == 0
        await press(pilot, "end")
        assert table.cursor_row == len(gemeenten) - 1
        await press(pilot, "enter")  # the last row is the one that opens
        assert isinstance(app.screen, CasusScreen)
        last = app.screen.casus_id
        await press(pilot, "escape", "home")
        assert app.screen.query_one("#list-table").cursor_row == 0
        await press(pilot, "enter")
        assert isinstance(app.screen, CasusScreen) and app.screen.casus_id != last

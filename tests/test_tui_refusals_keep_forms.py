"""A refusal by the core keeps the form, with real key presses: the triage's casus dialog (a procesregisseur
account gone meanwhile), the follow-up action dialog (on the run screen and on a casus closed meanwhile) and
finishing an action on a date in the future. Each time the Dutch message names the field beside it, that field
has the focus, everything typed stays, and the corrected form stores exactly what was typed."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from tests.factories import add_melding, add_persoon
from tests.meeting_helpers import WEDNESDAY, open_type
from tests.regisseurs import add_regisseurs
from tests.tui_helpers import make_app, press, screen_text, settle, type_text
from tui.screens.acties import ActiesScreen
from tui.screens.casus import CasusScreen
from tui.screens.casus_dialogs import DatedTextDialog
from tui.screens.run import RunScreen
from tui.screens.run_dialogs import ActieDialog, CasusOpenDialog
from zvh_core.acties import followup
from zvh_core.casussen import perioden, procesregie
from zvh_core.kernel.models import Actie, Besluit, Casus, Gebruiker
from zvh_core.meetings import overleggen

SIZE = (160, 48)


def rows(store, model, *where):
    with store.read() as s:
        return s.exec(select(model).where(*where)).scalars().all()


async def to_triage_run(pilot) -> None:
    """Home → the open triage overleg (the third type) → its agenda → b: the first melding."""
    await settle(pilot)
    await press(pilot, "down", "down", "enter", "b")
    assert isinstance(pilot.app.screen, RunScreen)


async def test_the_triage_casus_dialog_keeps_its_choices_when_the_account_is_refused(store, regio, tmp_path):
    ids = add_regisseurs(store, "Eva Regie", "Piet Regie")
    with store.write() as s:
        jan = add_persoon(s, achternaam="Vries", voornamen="Jan")
        add_melding(s, soort="detentie", gemeente="Weert", personen=[jan], extern_id="PI-1")
    open_type(store, regio, "triage", WEDNESDAY)
    app = make_app(store, regio, tmp_path, today=WEDNESDAY)
    async with app.run_test(size=SIZE) as pilot:
        await to_triage_run(pilot)
        await press(pilot, "r", "1")  # casus openen
        await type_text(pilot, "Gezinsplan nodig")
        await press(pilot, "enter")
        assert isinstance(app.screen, CasusOpenDialog)
        await press(pilot, "shift+tab", "enter")  # thema: open the list
        await type_text(pilot, "Nazorg")
        await press(pilot, "enter", "tab", "enter")  # procesregisseur: open the list
        await type_text(pilot, "Eva")
        await press(pilot, "enter")
        with store.write() as s:  # meanwhile the beheerder deactivates Eva's account
            s.get(Gebruiker, ids["Eva Regie"]).actief = False
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, CasusOpenDialog), "the form stays"
        shown = screen_text(app)
        assert "Procesregisseur: 'Eva Regie' is geen actief account van een procesregisseur" in shown
        assert "(kies uit: Piet Regie)" in str(app.screen.query_one("#casus-regisseur-error").render())
        assert app.screen.focused.id == "casus-regisseur", "the field named has the focus"
        assert app.screen.query_one("#casus-thema").value == "nazorg", "the thema chosen stays"
        assert rows(store, Casus) == [] and rows(store, Besluit) == [], "nothing stored"
        await press(pilot, "enter")
        await type_text(pilot, "Piet")
        await press(pilot, "enter", "ctrl+s")
        assert isinstance(app.screen, RunScreen)
        assert "Route: Casus openen — Gezinsplan nodig  (casus #1 geopend)" in screen_text(app)
        assert app.screen.pending == 0
    (casus,) = rows(store, Casus)
    assert (casus.thema, casus.procesregisseur, casus.procesregisseur_id) == ("nazorg", "Piet Regie", ids["Piet Regie"])
    (besluit,) = rows(store, Besluit)
    assert (besluit.route, besluit.toelichting, besluit.casus_id) == ("casus_openen", "Gezinsplan nodig", casus.id)


async def test_the_actie_dialog_on_the_run_screen_keeps_what_was_typed_when_refused(store, regio, tmp_path):
    with store.write() as s:
        add_melding(s, soort="detentie", gemeente="Weert", personen=[add_persoon(s)], extern_id="PI-2")
    overleg_id = open_type(store, regio, "triage", WEDNESDAY)
    app = make_app(store, regio, tmp_path, today=WEDNESDAY)
    async with app.run_test(size=SIZE) as pilot:
        await to_triage_run(pilot)
        await press(pilot, "a")
        assert isinstance(app.screen, ActieDialog)
        await type_text(pilot, "Huisbezoek plannen")
        overleggen.close_overleg(store, overleg_id)  # another chair closed the overleg meanwhile
        await press(pilot, "enter")
        assert isinstance(app.screen, ActieDialog), "the form stays"
        assert "Dit overleg is gesloten; er kan niets meer worden gewijzigd." in screen_text(app)
        assert app.screen.query_one("#actie-omschrijving").value == "Huisbezoek plannen"
        await press(pilot, "escape")
        assert isinstance(app.screen, RunScreen) and app.screen.pending == 0
    assert rows(store, Actie) == []


async def test_the_actie_dialog_of_a_casus_closed_meanwhile_and_a_done_date_in_the_future(store, regio, tmp_path):
    today = date(2026, 11, 26)
    casus_id = procesregie.open_casus(store, regio, thema="pga", gemeente="Weert", geopend=date(2026, 11, 2))
    app = make_app(store, regio, tmp_path, today=today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.show_casus(casus_id)
        await settle(pilot)
        assert isinstance(app.screen, CasusScreen)
        await press(pilot, "a")
        assert isinstance(app.screen, ActieDialog)
        await type_text(pilot, "Gesprek met school")
        perioden.close_casus(store, regio, casus_id, reden="doelen_bereikt", gesloten=today, today=today)
        await press(pilot, "enter")
        assert isinstance(app.screen, ActieDialog), "the form stays"
        assert "Deze casus is gesloten (sinds 26-11-2026)" in screen_text(app)
        assert app.screen.query_one("#actie-omschrijving").value == "Gesprek met school"
        await press(pilot, "escape")
    assert rows(store, Actie) == []
    # Finishing an action: a date in the future is refused beside the date, the terugkoppeling kept.
    perioden.reopen_casus(store, casus_id, reden="Nieuwe melding", on=today, today=today)
    actie_id = procesregie.add_casus_actie(store, regio, casus_id, "zvh", "Gesprek met school", date(2026, 12, 3))
    app = make_app(store, regio, tmp_path, today=today)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        assert isinstance(app.screen, ActiesScreen)
        await press(pilot, "enter")
        assert isinstance(app.screen, DatedTextDialog)
        await type_text(pilot, "School werkt mee")
        await press(pilot, "tab", *["backspace"] * 10)
        await type_text(pilot, "27-11-2026")
        await press(pilot, "enter")
        assert isinstance(app.screen, DatedTextDialog), "the form stays"
        assert "Afgerond op 27-11-2026 ligt in de toekomst; vandaag is het 26-11-2026." in screen_text(app)
        assert app.screen.focused.id == "dated-datum"
        assert app.screen.query_one("#dated-text").value == "School werkt mee"
        await press(pilot, *["backspace"] * 10)
        await type_text(pilot, "25-11-2026")
        await press(pilot, "enter")
        assert isinstance(app.screen, ActiesScreen)
    with store.read() as s:
        actie = s.get(Actie, actie_id)
        assert (actie.afgerond_op, actie.terugkoppeling, actie.status) == (date(2026, 11, 25), "School werkt mee",
                                                                         followup.GEDAAN)  # fmt: skip


async def test_a_procesregisseur_from_before_accounts_is_shown_kept_and_replaced_by_an_account(store, regio, tmp_path):
    ids = add_regisseurs(store, "Eva Regie")
    casus_id = procesregie.open_casus(store, regio, thema="pga", gemeente="Weert", geopend=date(2026, 11, 2))
    with store.write() as s:  # an old store: the name typed before the procesregisseur was an account
        s.get(Casus, casus_id).procesregisseur = "M. Jansen"
    app = make_app(store, regio, tmp_path, today=date(2026, 11, 26))
    async with app.run_test(size=(160, 60)) as pilot:
        await settle(pilot)
        app.show_casus(casus_id)
        await settle(pilot)
        assert "procesregisseur M. Jansen (geen account)" in screen_text(app)
        await press(pilot, "e")
        assert "Procesregisseur: M. Jansen · wisselen gaat met h (overdragen)" in screen_text(app)
        await press(pilot, "tab", "enter")  # thema: open the list
        await type_text(pilot, "Nazorg")
        await press(pilot, "enter", "ctrl+s")
        assert isinstance(app.screen, CasusScreen)
        shown = screen_text(app)
        assert "Nazorg ex-gedetineerden" in shown and "procesregisseur M. Jansen (geen account)" in shown
        await press(pilot, "h", "tab", "tab")  # the account takes over by a hand-over, with its note
        await type_text(pilot, "M. Jansen is vertrokken")
        await press(pilot, "enter")
        assert isinstance(app.screen, CasusScreen)
        assert "procesregisseur Eva Regie" in screen_text(app) and "(geen account)" not in screen_text(app)
        assert "Overgedragen van M. Jansen aan Eva Regie" in screen_text(app)
    (casus,) = rows(store, Casus)
    assert (casus.thema, casus.procesregisseur, casus.procesregisseur_id) == ("nazorg", "Eva Regie", ids["Eva Regie"])

"""The casus as a working file: plan van aanpak (goals per leefgebied, versioned), journal, timeline,
evaluations, hand-overs between procesregisseur accounts, "Mijn casussen", roles in the family system."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from rich.console import Console
from sqlalchemy import func, select

from tests.factories import add_melding, add_persoon
from tests.meeting_helpers import MONDAY, WEDNESDAY, item_of, open_type
from tui import render
from zvh_core.access import accounts
from zvh_core.access.rights import Actor
from zvh_core.casussen import journaal, perioden, plan, procesregie, regie
from zvh_core.casussen.common import CasusError
from zvh_core.casussen.plan import DoelChanged
from zvh_core.casussen.procesregie import CasusRequest
from zvh_core.meetings import bespreking
from zvh_core.persons import dossier
from zvh_core.privacy import inzage, retention

PASSWORD = "Procesregie-2026-lang!"


@pytest.fixture
def regisseurs(store, regio):
    """Two procesregisseur accounts; (id, store bound to that account) each."""
    result = {}
    for naam in ("Eva Regie", "Piet Regie"):
        gebruiker_id = accounts.add_user(store, regio, naam, "procesregisseur", PASSWORD)
        result[naam] = (gebruiker_id, store.as_user(Actor(naam, "procesregisseur", gebruiker_id=gebruiker_id)))
    return result


@pytest.fixture
def triage_casus(store, regio, regisseurs):
    """Monday's referral (a detentie melding about Jan), opened as a nazorg casus at Wednesday's triage."""
    with store.write() as s:
        jan = add_persoon(s, achternaam="Vries", tussenvoegsel="de", voornamen="Jan", geboortedatum=date(1990, 12, 1))
        melding = add_melding(s, soort="detentie", bron="penitentiaire_inrichting", gemeente="Weert", datum=MONDAY,
                              personen=[jan])  # fmt: skip
    overleg_id = open_type(store, regio, "triage", WEDNESDAY)
    item = item_of(store, regio, overleg_id, melding.id)
    stored = bespreking.set_besluit(
        store, regio, item.bespreking_id, "casus_openen", "Procesregie nodig, gezinsplan",
        CasusRequest("nazorg", "eva regie"),
    )  # fmt: skip
    return stored.casus_id, jan.id


def test_a_casus_worked_for_weeks_shows_every_step_on_its_timeline(store, regio, regisseurs, triage_casus):
    """The issue's 'done when': planned, journalled over weeks, handed over, evaluated, closed, reopened, closed."""
    casus_id, _jan = triage_casus
    eva_id, eva = regisseurs["Eva Regie"]
    piet_id, piet = regisseurs["Piet Regie"]
    with store.read() as s:
        dossier = regie.werkdossier(s, regio, casus_id)
    assert dossier.procesregisseur_id == eva_id, "the name chosen at triage is the account's"
    assert dossier.toelichting == "Procesregie nodig, gezinsplan"
    assert dossier.evaluatie_op == WEDNESDAY + timedelta(days=42), "nazorg evaluates after 42 days"

    day = WEDNESDAY
    goals = [
        plan.add_doel(
            eva, regio, casus_id, leefgebied=lg, tekst=t, eigenaar=o, termijn=day + timedelta(days=30), today=day
        )
        for lg, t, o in [
            ("id_bewijs", "ID-kaart aanvragen", "gemeente"),
            ("onderdak", "Plek in de maatschappelijke opvang", "zvh"),
            ("inkomen_werk", "Uitkering aanvragen", "gemeente"),
        ]
    ]
    with pytest.raises(CasusError, match="hoort niet bij thema") as refused:
        plan.add_doel(eva, regio, casus_id, leefgebied="veiligheid", tekst="x", eigenaar="zvh", termijn=None, today=day)
    assert refused.value.veld == "leefgebied"
    for week in (1, 2, 3):
        day = WEDNESDAY + timedelta(weeks=week)  # the clock moves on
        journaal.add_journaal(eva, regio, casus_id, datum=day, feit=f"Week {week}: gesprek gevoerd",
                              oordeel="Gemotiveerd" if week == 2 else None, bron_partner="reclassering", today=day)  # fmt: skip
    plan.update_doel(eva, regio, goals[0].id, expected_versie=1, tekst=goals[0].tekst, eigenaar="gemeente",
                     status="bereikt", termijn=goals[0].termijn, today=day)  # fmt: skip
    day += timedelta(days=2)
    handed = regie.draag_over(eva, casus_id, naar_gebruiker_id=piet_id, notitie="Eva met verlof; Jan is op de hoogte",
                              datum=day, today=day)  # fmt: skip
    assert (handed.van_regisseur, handed.naar_regisseur) == ("Eva Regie", "Piet Regie")
    day += timedelta(days=10)
    evaluation = regie.evalueer(piet, regio, casus_id, datum=day, samenvatting="ID geregeld, onderdak loopt", today=day)
    assert evaluation.volgende_op == day + timedelta(days=42)
    closed_on = day + timedelta(days=1)
    period, open_acties = perioden.close_casus(
        piet, regio, casus_id, reden="doelen_bereikt", gesloten=closed_on, today=closed_on,
        notitie="Overgedragen aan wijkteam", samenvatting="Twee van drie doelen bereikt",
        doel_resultaten={goals[0].id: "bereikt", goals[1].id: "bereikt", goals[2].id: "niet_haalbaar"},
    )  # fmt: skip
    assert open_acties == () and period.doel_resultaten == {
        str(goals[0].id): "bereikt", str(goals[1].id): "bereikt", str(goals[2].id): "niet_haalbaar",
    }  # fmt: skip
    reopened_on = closed_on + timedelta(days=20)
    perioden.reopen_casus(piet, casus_id, reden="Opnieuw dakloos", on=reopened_on, today=reopened_on)
    perioden.close_casus(piet, regio, casus_id, reden="overgedragen", gesloten=reopened_on + timedelta(days=5),
                         today=reopened_on + timedelta(days=5))  # fmt: skip

    with store.read() as s:
        line = [(i.datum, i.soort, i.tekst, i.notitie, i.door) for i in journaal.tijdlijn(s, regio, casus_id)]
        first, *_ = journaal.journaal(s, regio, casus_id)
    assert (first.id, first.datum, first.oordeel) == (None, WEDNESDAY, "Procesregie nodig, gezinsplan")
    assert first.feit.startswith("Besluit Triage"), "the decision that opened it is the journal's first entry"
    from_opening = [x for x in line if x[0] >= WEDNESDAY]
    assert from_opening[0][1] == "besluit" and from_opening[0][3] == "Procesregie nodig, gezinsplan"
    assert from_opening[1][2] == "Geopend"
    kinds = [x[1] for x in line]
    assert kinds.count("journaal") == 3 and kinds.count("evaluatie") == 1 and kinds.count("overdracht") == 1
    assert kinds.count("doel") == 3 + 1 + 3, "three new, one change, three results at the first closing"
    assert [x[2] for x in line if x[1] in ("periode", "sluiting")] == [
        "Geopend", "Gesloten: Doelen bereikt (doelen: bereikt 2, niet haalbaar 1)", "Heropend", "Gesloten: Overgedragen",
    ]  # fmt: skip
    assert any(x[1] == "melding" and x[0] == MONDAY for x in line), "Monday's referral is on the timeline"
    assert ("Feit: Week 2: gesprek gevoerd · Oordeel: Gemotiveerd") in [x[3] for x in line]
    assert [x[4] for x in line if x[1] == "journaal"] == ["Eva Regie"] * 3, "the author is the account"
    assert [x[0] for x in line] == sorted(x[0] for x in line), "oldest first"
    with store.read() as s:  # and every step is in the person's inzage
        text = inzage.build_inzage(s, regio, _jan, today=reopened_on + timedelta(days=5))
    assert text.count("(Eva Regie, bron ") == 3, "the three journal entries"
    for fragment in (
        f"geopend {WEDNESDAY:%d-%m-%Y}; gesloten {closed_on:%d-%m-%Y}: Doelen bereikt — Overgedragen aan wijkteam",
        f"heropend {reopened_on:%d-%m-%Y} (reden: Opnieuw dakloos); gesloten",
        "Overdracht", "Eva met verlof; Jan is op de hoogte", "ID geregeld, onderdak loopt",
        "resultaat bij sluiten: ID-bewijs — ID-kaart aanvragen (bereikt;", "Week 3: gesprek gevoerd",
    ):  # fmt: skip
        assert fragment in text, fragment


def test_goal_changes_are_versioned_and_a_lost_update_is_refused(store, regio, regisseurs, triage_casus):
    casus_id, _ = triage_casus
    _, eva = regisseurs["Eva Regie"]
    doel = plan.add_doel(eva, regio, casus_id, leefgebied="schulden", tekst="Schuldhulp", eigenaar="gemeente",
                         termijn=date(2026, 12, 31), today=WEDNESDAY)  # fmt: skip
    mine = plan.update_doel(eva, regio, doel.id, expected_versie=1, tekst="Schuldhulp via wijkteam",
                            eigenaar="gemeente", status="bezig", termijn=doel.termijn, today=WEDNESDAY)  # fmt: skip
    assert (mine.versie, mine.status) == (2, "bezig")
    with pytest.raises(DoelChanged) as refused:  # a second screen still shows version 1
        plan.update_doel(eva, regio, doel.id, expected_versie=1, tekst="Anders", eigenaar="zvh", status="bereikt",
                         termijn=None, today=WEDNESDAY)  # fmt: skip
    assert refused.value.doel == mine
    with pytest.raises(CasusError, match="Beschrijf het doel"):
        plan.update_doel(eva, regio, doel.id, expected_versie=2, tekst=" ", eigenaar="zvh", status="bezig",
                         termijn=None, today=WEDNESDAY)  # fmt: skip
    with store.read() as s:
        versions = [(w.versie, w.wat, w.tekst, w.status) for w in plan.wijzigingen(s, casus_id)]
    assert versions == [
        (1, "aangemaakt", "Schuldhulp", "nog_niet_gestart"), (2, "gewijzigd", "Schuldhulp via wijkteam", "bezig"),
    ]  # fmt: skip


def test_journal_keeps_fact_apart_from_opinion_and_refuses_the_future(store, regio, triage_casus):
    casus_id, _ = triage_casus
    with pytest.raises(CasusError, match="feit of een oordeel"):
        journaal.add_journaal(store, regio, casus_id, datum=WEDNESDAY, feit=" ", oordeel="", today=WEDNESDAY)
    with pytest.raises(CasusError, match="toekomst"):
        journaal.add_journaal(store, regio, casus_id, datum=WEDNESDAY + timedelta(1), feit="x", today=WEDNESDAY)
    with pytest.raises(CasusError, match="Onbekende partner"):
        journaal.add_journaal(store, regio, casus_id, datum=WEDNESDAY, feit="x", bron_partner="nasa", today=WEDNESDAY)
    entry = journaal.add_journaal(store, regio, casus_id, datum=WEDNESDAY, feit=" Huisbezoek ", oordeel=" Zorgelijk ",
                                  bron_partner="politie", today=WEDNESDAY)  # fmt: skip
    assert (entry.feit, entry.oordeel, entry.bron_partner) == ("Huisbezoek", "Zorgelijk", "politie")


def test_hand_over_needs_a_procesregisseur_account_and_a_note(store, regio, regisseurs, triage_casus):
    casus_id, _ = triage_casus
    eva_id, _ = regisseurs["Eva Regie"]
    piet_id, _ = regisseurs["Piet Regie"]
    voorzitter = accounts.add_user(store, regio, "Vera Voorzitter", "voorzitter", PASSWORD)
    with pytest.raises(CasusError, match="overdrachtsnotitie"):
        regie.draag_over(store, casus_id, naar_gebruiker_id=piet_id, notitie="", datum=THURSDAY_, today=THURSDAY_)
    with pytest.raises(CasusError, match="actief account van een procesregisseur"):
        regie.draag_over(store, casus_id, naar_gebruiker_id=voorzitter, notitie="x", datum=THURSDAY_, today=THURSDAY_)
    with pytest.raises(CasusError, match="is al de procesregisseur"):
        regie.draag_over(store, casus_id, naar_gebruiker_id=eva_id, notitie="x", datum=THURSDAY_, today=THURSDAY_)
    with store.read() as s:
        assert [n for _, n in regie.regisseur_accounts(s)] == ["Eva Regie", "Piet Regie"]


THURSDAY_ = WEDNESDAY + timedelta(days=1)


def test_mijn_casussen_lists_the_logged_in_regisseur_s_open_casussen_due_first(store, regio, regisseurs):
    _, eva = regisseurs["Eva Regie"]
    today = date(2026, 11, 30)
    early = procesregie.open_casus(eva, regio, thema="pga", gemeente="Weert", geopend=date(2026, 9, 1),
                                   procesregisseur="Eva Regie", today=today)  # fmt: skip
    later = procesregie.open_casus(eva, regio, thema="top_x", gemeente="Weert", geopend=date(2026, 11, 1),
                                   procesregisseur="Eva Regie", today=today)  # fmt: skip
    due = procesregie.open_casus(eva, regio, thema="nazorg", gemeente="Weert", geopend=date(2026, 10, 20),
                                 procesregisseur="Eva Regie", today=today)  # fmt: skip
    procesregie.open_casus(eva, regio, thema="pga", gemeente="Weert", geopend=date(2026, 9, 1),
                           procesregisseur="Piet Regie", today=today)  # someone else's  # fmt: skip
    regie.evalueer(eva, regio, early, datum=date(2026, 11, 2), samenvatting="loopt", today=today)  # next 30-11
    plan.add_doel(eva, regio, later, leefgebied="wonen", tekst="Woning", eigenaar="zvh", termijn=date(2026, 11, 15),
                  today=today)  # fmt: skip
    procesregie.add_casus_actie(eva, regio, later, "politie", "Buurtonderzoek", date(2026, 11, 20))
    journaal.add_journaal(eva, regio, later, datum=date(2026, 11, 23), feit="Gesprek", today=today)
    with eva.read() as s:
        rows = regie.mijn_casussen(s, today)
    assert [r.id for r in rows] == [early, due, later], "evaluations due this week first"
    assert [(r.evaluatie_op, r.doelen_over_termijn, r.acties_over_termijn, r.dagen_sinds_journaal) for r in rows] == [
        (date(2026, 11, 30), 0, 0, None),
        (date(2026, 12, 1), 0, 0, None),
        (date(2026, 12, 27), 1, 1, 7),
    ]


def test_persons_have_a_role_and_a_new_person_an_address(store, regio, triage_casus):
    casus_id, jan = triage_casus
    with pytest.raises(CasusError, match="Onbekende rol"):
        procesregie.set_rol(store, regio, casus_id, jan, "buurman")
    procesregie.set_rol(store, regio, casus_id, jan, "ouder")
    kind, _ = procesregie.new_persoon(
        store, regio=regio, achternaam="Vries", tussenvoegsel="de", voornamen="Mo", geboortedatum=date(2015, 4, 4),
        adres="Markt 1", postcode="6001 AA", woonplaats="Weert", casus_id=casus_id, rol="kind",
    )  # fmt: skip
    with pytest.raises(CasusError, match="Ongeldig BSN") as refused:
        procesregie.new_persoon(store, achternaam="X", bsn="123456789", casus_id=casus_id)
    assert refused.value.veld == "bsn"
    with store.read() as s:
        roles = procesregie.rollen(s, casus_id)
        person = procesregie.get_casus(s, regio, casus_id, WEDNESDAY).personen
        melding_rows = procesregie.meldingen_van(s, jan)
    assert roles == {jan: "ouder", kind: "kind"}
    assert next(p for p in person if p.id == kind).adres.startswith("Markt 1")
    assert [m.soort for m in melding_rows] == ["detentie"]


def perioden_of(store, casus_id):
    with store.read() as s:
        return perioden.perioden(s, casus_id)


def test_the_inzage_holds_the_working_file_and_retention_removes_it_with_the_casus(store, regio, triage_casus):
    casus_id, jan = triage_casus
    procesregie.set_rol(store, regio, casus_id, jan, "ouder")
    doel = plan.add_doel(store, regio, casus_id, leefgebied="schulden", tekst="Schuldhulp", eigenaar="gemeente",
                         termijn=None, today=WEDNESDAY)  # fmt: skip
    journaal.add_journaal(store, regio, casus_id, datum=WEDNESDAY, feit="Intake", oordeel="Zorgelijk", today=WEDNESDAY)
    regie.evalueer(store, regio, casus_id, datum=WEDNESDAY, samenvatting="Start gemaakt", today=WEDNESDAY)
    perioden.close_casus(store, regio, casus_id, reden="verhuisd", gesloten=WEDNESDAY, today=WEDNESDAY,
                         notitie="Naar Utrecht", doel_resultaten={doel.id: "niet_haalbaar"})  # fmt: skip
    perioden.reopen_casus(store, casus_id, reden="Terug in Weert", on=WEDNESDAY, today=WEDNESDAY)
    (closed, _) = perioden_of(store, casus_id)
    perioden.correct_resultaat(store, casus_id, closed.id, doel.id, status="bezig", reden="Loopt nog in Utrecht",
                               today=WEDNESDAY)  # fmt: skip
    with store.read() as s:
        text = inzage.build_inzage(s, regio, jan, today=WEDNESDAY)
    for line in (
        "- Rol in het gezinssysteem: ouder",
        "  - geopend 25-11-2026; gesloten 25-11-2026: Verhuisd — Naar Utrecht; resultaat per doel: Schuldhulp bezig",
        "  - heropend 25-11-2026 (reden: Terug in Weert); loopt",
        f"  - 25-11-2026 nieuw: Schulden — Schuldhulp (nog niet gestart; {regio.partner_label('gemeente')}",
        "  - 25-11-2026 resultaat bij sluiten: Schulden — Schuldhulp (niet haalbaar;",
        "  - 25-11-2026 resultaat bij sluiten gecorrigeerd: Schulden — Schuldhulp (bezig;",
        "niet haalbaar → bezig: Loopt nog in Utrecht",
        "- Evaluatie 25-11-2026 (test): Start gemaakt",
    ):
        assert line in text, line
    assert "feit: Intake; oordeel: Zorgelijk" in text
    # Retention: the casus closed long ago goes with its whole working file.
    perioden.close_casus(store, regio, casus_id, reden="verhuisd", gesloten=WEDNESDAY, today=WEDNESDAY)
    later = WEDNESDAY.replace(year=WEDNESDAY.year + regio.privacy.bewaartermijnen.casus_na_sluiting_jaren + 1)
    with store.read() as s:
        assert casus_id in retention.due(s, regio, later).casussen
    retention.execute(store, regio, later)
    with store.read() as s:
        for model in retention.PROCESREGIE:
            assert s.exec(select(func.count()).select_from(model)).one()[0] == 0, model.__name__


def test_the_dossier_shows_the_periods_plan_and_journal_of_each_casus(store, regio, triage_casus):
    casus_id, jan = triage_casus
    plan.add_doel(store, regio, casus_id, leefgebied="onderdak", tekst="Opvang", eigenaar="zvh", termijn=None,
                  today=WEDNESDAY)  # fmt: skip
    journaal.add_journaal(store, regio, casus_id, datum=WEDNESDAY, feit="Intakegesprek", today=WEDNESDAY)
    perioden.close_casus(store, regio, casus_id, reden="overgedragen", gesloten=WEDNESDAY, today=WEDNESDAY)
    perioden.reopen_casus(store, casus_id, reden="Terug", on=WEDNESDAY, today=WEDNESDAY)
    with store.read() as s:
        loaded = dossier.load_dossier(s, jan, today=WEDNESDAY)
    ((cid, werk),) = loaded.casus_werk
    assert cid == casus_id
    assert werk.perioden == ((WEDNESDAY, WEDNESDAY, "overgedragen"), (WEDNESDAY, None, None))
    assert (werk.doelen, werk.journaal, werk.laatste_feit) == ((("onderdak", "nog_niet_gestart"),), 1, "Intakegesprek")
    shown = Console(width=200, record=True)
    shown.print(render.dossier_panel(loaded, regio, WEDNESDAY, privacy=False))
    text = shown.export_text()
    assert "perioden: 25-11-2026 – 25-11-2026 (Overgedragen) · 25-11-2026 – open" in text
    assert "plan van aanpak: Onderdak nog niet gestart" in text
    assert "journaal: 1 aantekening(en), laatste 25-11-2026: Intakegesprek" in text


def test_one_days_timeline_is_in_the_order_it_was_recorded(store, regio, regisseurs, triage_casus):
    """Newest first on the screen, so oldest first here: a goal change, then a journal entry; an evaluation,
    then the closing with the goal results it recorded (the closing after its results)."""
    casus_id, _jan = triage_casus
    day = WEDNESDAY + timedelta(days=14)
    goal = plan.add_doel(store, regio, casus_id, leefgebied="onderdak", tekst="Plek in de opvang", eigenaar="zvh",
                         termijn=None, today=day)  # fmt: skip
    journaal.add_journaal(store, regio, casus_id, datum=day, feit="Gesprek gevoerd", oordeel=None, bron_partner=None,
                          today=day)  # fmt: skip
    regie.evalueer(store, regio, casus_id, datum=day, samenvatting="Loopt", volgende_op=None, today=day)
    perioden.close_casus(store, regio, casus_id, reden="doelen_bereikt", gesloten=day, today=day,
                         doel_resultaten={goal.id: "bereikt"})  # fmt: skip
    with store.read() as s:
        that_day = [(i.soort, i.tekst) for i in journaal.tijdlijn(s, regio, casus_id) if i.datum == day]
    assert [kind for kind, _ in that_day] == ["doel", "journaal", "evaluatie", "doel", "sluiting"], that_day

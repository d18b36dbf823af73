"""Periods of a casus: closing keeps its coded reason, reopening adds a period and never erases one, dates of
events never lie in the future, and the reports count a casus by its periods (domain.md §5 "ran in P")."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import add_melding, add_persoon
from tests.meeting_helpers import WEDNESDAY, item_of, open_type
from zvh_core.acties import followup
from zvh_core.acties.followup import ActieError
from zvh_core.casussen import perioden, plan, procesregie
from zvh_core.casussen.common import CasusError
from zvh_core.casussen.procesregie import CasusRequest
from zvh_core.config.rapport_definitie import Cijfer
from zvh_core.kernel.models import (
    Actie,
    Casus,
    CasusDoel,
    CasusDoelWijziging,
    CasusJournaal,
    CasusPeriode,
    Toegangslog,
)
from zvh_core.meetings import bespreking
from zvh_core.reports import maten
from zvh_core.reports.export import to_csv
from zvh_core.reports.periode import Periode, quarters
from zvh_core.reports.tabel import build_rapport

TODAY = date(2026, 12, 4)
YEAR_2026 = Periode(date(2026, 1, 1), date(2026, 12, 31))
Q1, Q2, Q3, Q4 = (k.periode for k in quarters(YEAR_2026))
SCREENING = Cijfer(label="c", maat="casussen", thema="screening")
PERSONEN = Cijfer(label="p", maat="personen", thema="screening")


def figures(store, cijfer=SCREENING, perioden_=(Q1, Q2, Q3, Q4, YEAR_2026)) -> tuple[int, ...]:
    with store.read() as s:
        return maten.count(s, cijfer, ("Roermond",), list(perioden_)).get("Roermond", (0,) * len(perioden_))


def opened(store, regio, geopend=date(2026, 1, 15), thema="screening") -> int:
    return procesregie.open_casus(store, regio, thema=thema, gemeente="Roermond", geopend=geopend, today=TODAY)


def close(store, regio, casus_id, on, reden="doelen_bereikt", **kw):
    return perioden.close_casus(store, regio, casus_id, reden=reden, gesloten=on, today=TODAY, **kw)


def reopen(store, casus_id, on, reden="Nieuwe melding van de wijkagent"):
    return perioden.reopen_casus(store, casus_id, reden=reden, on=on, today=TODAY)


def test_reopening_keeps_the_closure_and_the_delivered_quarter(store, regio):
    """The issue's case: closed 10-05-2026, reopened later; Q3 2026 'Screening cases' stays 0."""
    casus_id = opened(store, regio)
    close(store, regio, casus_id, date(2026, 5, 10), notitie="Overgedragen aan wijkteam")
    assert figures(store) == (1, 1, 0, 0, 1)
    with store.read() as s:
        before = build_rapport(s, regio, "ml-tabel-1", Periode(date(2025, 10, 1), date(2026, 9, 30)))
    reopen(store, casus_id, date(2026, 11, 2))
    assert figures(store) == (1, 1, 0, 1, 1), "Q3 unchanged, Q4 counts the new period, the year counts it once"
    with store.read() as s:
        after = build_rapport(s, regio, "ml-tabel-1", Periode(date(2025, 10, 1), date(2026, 9, 30)))
        rows = [
            (p.van, p.tot, p.heropend, p.reden_sluiting, p.sluiting_notitie) for p in perioden.perioden(s, casus_id)
        ]
        casus = s.get(Casus, casus_id)
    assert to_csv(after) == to_csv(before), "a delivered report year does not change"
    assert rows == [
        (date(2026, 1, 15), date(2026, 5, 10), False, "doelen_bereikt", "Overgedragen aan wijkteam"),
        (date(2026, 11, 2), None, True, None, None),
    ]
    assert (casus.gesloten, casus.reden_sluiting, casus.heropend_op) == (None, None, date(2026, 11, 2))
    close(store, regio, casus_id, date(2026, 12, 1), reden="overgedragen")
    with store.read() as s:
        closings = [(p.tot, p.reden_sluiting) for p in perioden.perioden(s, casus_id)]
        casus = s.get(Casus, casus_id)
    assert closings == [(date(2026, 5, 10), "doelen_bereikt"), (date(2026, 12, 1), "overgedragen")]
    assert (casus.gesloten, casus.reden_sluiting) == (date(2026, 12, 1), "overgedragen")


def test_two_periods_in_one_quarter_count_once_and_each_boundary_holds(store, regio):
    with store.write() as s:
        a, b = add_persoon(s, voornamen="A"), add_persoon(s, voornamen="B", achternaam="Bos")
    casus_id = opened(store, regio, geopend=date(2026, 4, 1))
    procesregie.add_persoon(store, casus_id, a.id)
    procesregie.add_persoon(store, casus_id, b.id)
    close(store, regio, casus_id, date(2026, 4, 30))
    reopen(store, casus_id, date(2026, 6, 1))
    close(store, regio, casus_id, date(2026, 6, 30))  # last day of Q2
    reopen(store, casus_id, date(2026, 10, 1))  # first day of Q4
    assert figures(store) == (0, 1, 0, 1, 1)
    assert figures(store, PERSONEN) == (0, 2, 0, 2, 2), "persons once, however many periods"
    day = Periode(date(2026, 5, 15), date(2026, 5, 31))  # between two periods of Q2
    edges = [Periode(date(2026, 4, 30), date(2026, 4, 30)), Periode(date(2026, 6, 1), date(2026, 6, 1)), day]
    assert figures(store, perioden_=edges) == (1, 1, 0)
    nieuw = Cijfer(label="n", maat="nieuwe_casussen", thema="screening")
    assert figures(store, nieuw) == (0, 1, 0, 0, 1), "nieuwe_casussen keeps the first opening"


def test_dates_of_events_are_never_in_the_future_nor_out_of_order(store, regio):
    with pytest.raises(CasusError, match="toekomst") as refused:
        opened(store, regio, geopend=date(2026, 12, 5))
    assert refused.value.veld == "geopend"
    casus_id = opened(store, regio, geopend=date(2026, 6, 1))
    with pytest.raises(CasusError, match="toekomst"):
        close(store, regio, casus_id, date(2026, 12, 5))
    with pytest.raises(CasusError, match="vóór de datum waarop hij geopend") as refused:
        close(store, regio, casus_id, date(2026, 5, 31))
    assert refused.value.veld == "datum"
    with pytest.raises(CasusError, match="Kies een reden"):
        close(store, regio, casus_id, date(2026, 7, 1), reden="Doel bereikt")  # free text is not a code
    close(store, regio, casus_id, date(2026, 7, 1))
    with pytest.raises(CasusError, match="alleen worden ingezien"):
        close(store, regio, casus_id, date(2026, 7, 2))
    with pytest.raises(CasusError, match="vóór de datum van sluiten"):
        reopen(store, casus_id, date(2026, 6, 30))
    with pytest.raises(CasusError, match="toekomst"):
        reopen(store, casus_id, date(2026, 12, 5))
    with pytest.raises(CasusError, match="reden"):
        reopen(store, casus_id, date(2026, 8, 1), reden=" ")
    reopen(store, casus_id, date(2026, 8, 1))
    with pytest.raises(CasusError, match="vóór de datum waarop hij heropend"):
        close(store, regio, casus_id, date(2026, 7, 15))
    with pytest.raises(CasusError, match="niet gesloten"):
        reopen(store, casus_id, date(2026, 8, 2))


def test_a_closed_casus_is_read_only_until_reopened(store, regio):
    with store.write() as s:
        a = add_persoon(s, voornamen="A")
        melding = add_melding(s, personen=[a])
    casus_id = opened(store, regio, geopend=date(2026, 6, 1))
    procesregie.add_casus_actie(store, regio, casus_id, "zvh", "Huisbezoek", date(2026, 12, 20))
    period, open_acties = close(store, regio, casus_id, date(2026, 7, 1))
    assert period.tot == date(2026, 7, 1) and len(open_acties) == 1 and "Huisbezoek" in open_acties[0]
    for write in (
        lambda: procesregie.add_persoon(store, casus_id, a.id),
        lambda: procesregie.add_melding(store, casus_id, melding.id),
        lambda: procesregie.add_casus_actie(store, regio, casus_id, "zvh", "Nog iets", date(2026, 12, 20)),
        lambda: procesregie.update_casus(store, regio, casus_id, thema="pga", gemeente="Weert", procesregisseur=None),
    ):
        with pytest.raises(CasusError, match=r"gesloten .* alleen worden ingezien"):
            write()
    reopen(store, casus_id, date(2026, 8, 1))
    procesregie.add_persoon(store, casus_id, a.id)


def test_a_casus_opened_at_a_triage_started_early_gets_today(store, regio):
    """A triage opened for next Wednesday and decided today: the casus opens today, not in the future."""
    with store.write() as s:
        melding = add_melding(s, soort="detentie", gemeente="Weert", personen=[add_persoon(s, voornamen="J")])
    overleg_id = open_type(store, regio, "triage", WEDNESDAY)
    item = item_of(store, regio, overleg_id, melding.id)
    with store.write() as s:  # the overleg's date is later than the day of the decision
        procesregie_casus = procesregie.create_for_melding(
            s, regio, melding.id, CasusRequest("nazorg"), date(2026, 12, 9), today=TODAY
        )
        assert s.get(Casus, procesregie_casus).geopend == TODAY
    stored = bespreking.set_besluit(store, regio, item.bespreking_id, "casus_openen", "Gezinsplan", CasusRequest("pga"))
    with store.read() as s:
        casus = s.get(Casus, stored.casus_id)
        (period,) = perioden.perioden(s, stored.casus_id)
    assert casus.geopend == period.van == WEDNESDAY  # not after today: the overleg's own date
    assert casus.evaluatie_op == date(2026, 12, 23), "pga evaluates after 28 days (regio file)"


def test_geopend_can_be_corrected_logged_in_the_journal(store, regio):
    casus_id = opened(store, regio, geopend=date(2026, 6, 10))
    with pytest.raises(CasusError, match="waarom"):
        perioden.correct_geopend(store, casus_id, date(2026, 6, 1), today=TODAY, reden="")
    with pytest.raises(CasusError, match="toekomst"):
        perioden.correct_geopend(store, casus_id, date(2026, 12, 10), today=TODAY, reden="typfout")
    perioden.correct_geopend(store, casus_id, date(2026, 6, 1), today=TODAY, reden="aanmelding was op 1 juni")
    close(store, regio, casus_id, date(2026, 7, 1))
    with pytest.raises(CasusError, match="na de eerste sluiting"):
        perioden.correct_geopend(store, casus_id, date(2026, 7, 2), today=TODAY, reden="x")
    with store.read() as s:
        casus = s.get(Casus, casus_id)
        first = s.exec(CasusPeriode.__table__.select().where(CasusPeriode.casus_id == casus_id)).first()
        (entry,) = s.exec(CasusJournaal.__table__.select().where(CasusJournaal.casus_id == casus_id)).all()
    assert casus.geopend == first.van == date(2026, 6, 1)
    assert "10-06-2026 naar 01-06-2026: aanmelding was op 1 juni" in entry.feit


def test_an_action_is_not_done_in_the_future(store, regio):
    casus_id = opened(store, regio, geopend=date(2026, 6, 1))
    actie_id = procesregie.add_casus_actie(store, regio, casus_id, "zvh", "Huisbezoek", date(2026, 12, 20))
    with pytest.raises(ActieError, match="toekomst"):
        followup.complete_actie(store, actie_id, date(2026, 12, 5), "gedaan", today=TODAY)
    followup.complete_actie(store, actie_id, TODAY, "gedaan", today=TODAY)
    with store.read() as s:
        assert s.get(Actie, actie_id).afgerond_op == TODAY


def test_casussen_overzicht_counted_by_hand_with_reopenings_across_quarters(store, regio):
    """Q3 2026, thema pga. Roermond: A opened 01-02, closed 10-07 (goals bereikt + niet haalbaar), reopened
    01-08, closed 29-09 (both bereikt); B opened 15-07, open; C closed 30-06 and reopened 01-10 (outside Q3).
    Weert: D opened 01-09, closed 11-09 (its goal niet haalbaar)."""

    def pga(gemeente, geopend):
        return procesregie.open_casus(store, regio, thema="pga", gemeente=gemeente, geopend=geopend, today=TODAY)

    def goal(casus_id, leefgebied):
        return plan.add_doel(store, regio, casus_id, leefgebied=leefgebied, tekst="Doel", eigenaar="zvh",
                             termijn=None, today=TODAY).id  # fmt: skip

    a = pga("Roermond", date(2026, 2, 1))
    g1, g2 = goal(a, "wonen"), goal(a, "zorg")
    close(store, regio, a, date(2026, 7, 10), doel_resultaten={g1: "bereikt", g2: "niet_haalbaar"})
    reopen(store, a, date(2026, 8, 1))
    close(store, regio, a, date(2026, 9, 29), doel_resultaten={g1: "bereikt", g2: "bereikt"})
    pga("Roermond", date(2026, 7, 15))
    c = pga("Roermond", date(2026, 3, 1))
    close(store, regio, c, date(2026, 6, 30))
    reopen(store, c, date(2026, 10, 1))
    d = pga("Weert", date(2026, 9, 1))
    close(
        store, regio, d, date(2026, 9, 11), doel_resultaten={goal_id: "niet_haalbaar" for goal_id in [goal(d, "wonen")]}
    )
    with store.read() as s:
        rapport = build_rapport(s, regio, "casussen-overzicht", Q3)
    labels = ["lopend", "nieuw", "gesloten", "heropend", "gem. duur gesloten (dagen)", "doelen bereikt (%)"]
    columns = [rapport.kolommen.index(f"PGA {label}") for label in labels]
    rows = {r.kop[0]: tuple(r.waarden[i] for i in columns) for r in rapport.rijen}
    assert rows["Roermond"] == (2, 1, 1, 1, (159 + 59) // 2, 75)
    assert rows["Weert"] == (1, 1, 1, 0, 10, 0)
    assert rows["Totaal"] == (3, 2, 2, 1, (159 + 59 + 10) // 3, 60), "mean and share over all gemeenten, not summed"
    assert rows["Leudal"] == (0, 0, 0, 0, 0, 0)


REPORT_YEAR_2026 = Periode(date(2025, 10, 1), date(2026, 9, 30))
"""The report year 2026 (domain.md §5): 2025 K4 … 2026 K3."""
MEASURES = ["lopend", "nieuw", "gesloten", "heropend", "gem. duur gesloten (dagen)", "doelen bereikt (%)"]


def test_casussen_per_quarter_of_the_report_year_counted_by_hand(store, regio):
    """Nazorg over the report year 2026. Roermond: A opened 10-11-2025, closed 20-02-2026 (goals bereikt +
    bezig: 102 days), reopened 14-05, closed 14-08 (both bereikt: 92 days); B opened 01-01-2026, open;
    C opened 30-09-2025 (before the year), closed 01-10-2025 (its first day: 1 day, no goals); D opened
    30-09-2026 (its last day). Weert: E opened 31-03, closed 01-04 (across K1/K2: 1 day, goal niet haalbaar)."""
    today = date(2026, 10, 5)

    def nazorg(gemeente, geopend):
        return procesregie.open_casus(store, regio, thema="nazorg", gemeente=gemeente, geopend=geopend, today=today)

    def goal(casus_id):
        return plan.add_doel(store, regio, casus_id, leefgebied="onderdak", tekst="Doel", eigenaar="zvh",
                             termijn=None, today=today).id  # fmt: skip

    def shut(casus_id, on, results=None):
        perioden.close_casus(store, regio, casus_id, reden="doelen_bereikt", gesloten=on, today=today,
                             doel_resultaten=results)  # fmt: skip

    a = nazorg("Roermond", date(2025, 11, 10))
    g1, g2 = goal(a), goal(a)
    shut(a, date(2026, 2, 20), {g1: "bereikt", g2: "bezig"})
    perioden.reopen_casus(store, a, reden="Terugval", on=date(2026, 5, 14), today=today)
    shut(a, date(2026, 8, 14), {g1: "bereikt", g2: "bereikt"})
    nazorg("Roermond", date(2026, 1, 1))
    shut(nazorg("Roermond", date(2025, 9, 30)), date(2025, 10, 1))
    nazorg("Roermond", date(2026, 9, 30))
    e = nazorg("Weert", date(2026, 3, 31))
    shut(e, date(2026, 4, 1), {goal(e): "niet_haalbaar"})
    with store.read() as s:
        rapport = build_rapport(s, regio, "casussen-kwartalen", REPORT_YEAR_2026)
    assert rapport.kop == ("gemeente", "jaar", "kwartaal")
    columns = [rapport.kolommen.index(f"Nazorg ex-gedetineerden {label}") for label in MEASURES]
    rows = {r.kop: tuple(r.waarden[i] for i in columns) for r in rapport.rijen}
    #                                  lopend nieuw gesloten heropend duur doelen%
    assert rows[("Roermond", "2025", "4")] == (2, 1, 1, 0, 1, 0)  # A, C (closed on the first day)
    assert rows[("Roermond", "2026", "1")] == (2, 1, 1, 0, 102, 50)  # A's first period, B
    assert rows[("Roermond", "2026", "2")] == (2, 0, 0, 1, 0, 0)  # A reopened, B
    assert rows[("Roermond", "2026", "3")] == (3, 1, 1, 0, 92, 100)  # A, B, D (opened on the last day)
    assert rows[("Roermond", "Totaal", "")] == (4, 3, 2, 1, (1 + 102 + 92) // 3, 75), "A once, C not new"
    assert rows[("Weert", "2026", "1")] == (1, 1, 0, 0, 0, 0)
    assert rows[("Weert", "2026", "2")] == (1, 0, 1, 0, 1, 0)
    assert rows[("Weert", "Totaal", "")] == (1, 1, 1, 0, 1, 0)
    assert rows[("Leudal", "Totaal", "")] == (0, 0, 0, 0, 0, 0)
    assert rows[("Totaal", "", "")] == (5, 4, 3, 1, (1 + 102 + 92 + 1) // 4, 60), "mean and share over the regio"
    assert [k.label for k in rapport.kwartalen] == ["2025 K4", "2026 K1", "2026 K2", "2026 K3"]


def test_casussen_overzicht_has_a_column_group_per_thema_of_the_regio(store, tmp_path):
    from tests.regio_files import default_text, write_regio
    from zvh_core.config.regio import parse_regio

    text = default_text().replace('regieteam = "Regieteam"\n', 'regieteam = "Regieteam"\njeugd = "Jeugdgroep"\n', 1)
    own = (
        '\n[rapporten.eigen-casussen]\ntitel = "Alleen PGA en jeugd"\nindeling = "gemeenten"\n'
        'themas = ["pga", "jeugd"]\n\n[[rapporten.eigen-casussen.cijfers]]\nlabel = "lopend"\nmaat = "casussen"\n'
        'thema = "*"\n'
    )
    regio = parse_regio(write_regio(tmp_path, text + own))
    overzicht = regio.alle_rapporten["casussen-overzicht"]
    assert [c.label for c in overzicht.cijfers] == [f"{label} {m}" for label in regio.themas.values() for m in MEASURES]
    assert "Jeugdgroep lopend" in [c.label for c in overzicht.cijfers], "a thema of the regio file, not a fixed set"
    assert [(c.label, c.thema) for c in regio.alle_rapporten["eigen-casussen"].cijfers] == [
        ("PGA lopend", "pga"), ("Jeugdgroep lopend", "jeugd"),
    ]  # fmt: skip
    procesregie.open_casus(store, regio, thema="jeugd", gemeente="Weert", geopend=date(2026, 2, 2), today=TODAY)
    with store.read() as s:
        rapport = build_rapport(s, regio, "casussen-overzicht", YEAR_2026)
    weert = next(r for r in rapport.rijen if r.kop == ("Weert",))
    assert weert.waarden[rapport.kolommen.index("Jeugdgroep lopend")] == 1
    assert weert.waarden[rapport.kolommen.index("Jeugdgroep nieuw")] == 1
    bad = own.replace('["pga", "jeugd"]', '["pga", "onzin"]')
    with pytest.raises(ValueError, match=r"rapporten\.eigen-casussen\.themas: onbekend thema 'onzin'"):
        parse_regio(write_regio(tmp_path, text + bad, "bad.toml"))


def test_a_result_recorded_at_closing_is_corrected_versioned_logged_and_counted(store, regio):
    """PGA in Roermond, Q3 2026: closed 10-07 with goal 1 bereikt and goal 2 niet haalbaar (50 %); the second
    result was a mistake and is corrected to bereikt while the casus stays closed (100 %)."""
    casus_id = opened(store, regio, date(2026, 2, 1), thema="pga")
    g1, g2 = (plan.add_doel(store, regio, casus_id, leefgebied=lg, tekst=f"Doel {lg}", eigenaar="zvh", termijn=None,
                            today=TODAY).id for lg in ("wonen", "zorg"))  # fmt: skip
    (period, _) = close(store, regio, casus_id, date(2026, 7, 10), doel_resultaten={g1: "bereikt", g2: "niet_haalbaar"})
    cijfer = Cijfer(label="d", maat="doelen_bereikt", thema="pga")
    assert figures(store, cijfer, (Q3,)) == (50,)
    with pytest.raises(CasusError, match="Geef aan waarom") as refused:
        perioden.correct_resultaat(store, casus_id, period.id, g2, status="bereikt", reden=" ", today=TODAY)
    assert refused.value.veld == "reden"
    with pytest.raises(CasusError, match="al 'niet haalbaar'"):
        perioden.correct_resultaat(store, casus_id, period.id, g2, status="niet_haalbaar", reden="x", today=TODAY)
    perioden.correct_resultaat(store, casus_id, period.id, g2, status="bereikt", reden="Woning toch rond",
                               today=TODAY)  # fmt: skip
    assert figures(store, cijfer, (Q3,)) == (100,), "the corrected result counts, not the one it corrects"
    with store.read() as s:
        (stored,) = s.exec(select(CasusPeriode)).scalars().all()
        assert (stored.van, stored.tot, stored.reden_sluiting) == (
            date(2026, 2, 1),
            date(2026, 7, 10),
            "doelen_bereikt",
        )
        assert stored.doel_resultaten == {str(g1): "bereikt", str(g2): "bereikt"}
        doel = s.get(CasusDoel, g2)
        assert (doel.status, doel.versie) == ("bereikt", 3)
        versions = s.exec(select(CasusDoelWijziging).where(CasusDoelWijziging.doel_id == g2)).scalars().all()
        assert [(v.versie, v.wat, v.status, v.datum) for v in versions] == [
            (1, "aangemaakt", "nog_niet_gestart", TODAY), (2, "sluiting", "niet_haalbaar", date(2026, 7, 10)),
            (3, "resultaat_gecorrigeerd", "bereikt", date(2026, 7, 10)),
        ]  # fmt: skip
        assert s.get(Casus, casus_id).gesloten == date(2026, 7, 10), "still closed"
        entry = s.exec(select(CasusJournaal).where(CasusJournaal.casus_id == casus_id)).scalars().all()[-1]
        assert entry.feit == (
            "Resultaat bij sluiten (10-07-2026) gecorrigeerd voor doel 'Doel zorg': niet haalbaar → bereikt: "
            "Woning toch rond"
        )
        logged = [json.loads(row.details) for row in s.exec(select(Toegangslog)).scalars() if row.details]
        assert {"wat": "resultaat", "doel": g2, "periode": period.id, "was": "niet_haalbaar", "wordt": "bereikt"} in [
            {k: d.get(k) for k in ("wat", "doel", "periode", "was", "wordt")} for d in logged
        ]
    # Reopened: correcting the earlier closing keeps the goal's current state (it moved on since).
    reopen(store, casus_id, date(2026, 8, 1))
    plan.update_doel(store, regio, g1, expected_versie=2, tekst="Doel wonen", eigenaar="zvh", status="bezig",
                     termijn=None, today=TODAY)  # fmt: skip
    perioden.correct_resultaat(store, casus_id, period.id, g1, status="niet_haalbaar", reden="Verkeerd gekozen",
                               today=TODAY)  # fmt: skip
    with store.read() as s:
        assert s.get(CasusDoel, g1).status == "bezig"
    assert figures(store, cijfer, (Q3,)) == (50,)
    with store.read() as s:
        current = perioden.perioden(s, casus_id)[-1]
    with pytest.raises(CasusError, match="gesloten periode"):
        perioden.correct_resultaat(store, casus_id, current.id, g1, status="bereikt", reden="x", today=TODAY)

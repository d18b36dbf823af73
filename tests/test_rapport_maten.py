"""The four measures of domain.md §5 on small datasets counted by hand, and the periods they run over."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import add_casus, add_melding, add_persoon
from zvh_core.config.rapport_definitie import Cijfer, RapportError
from zvh_core.reports import maten
from zvh_core.reports.periode import (
    Periode,
    current_report_year,
    of_kind,
    quarters,
    report_year_of,
    shift,
)
from zvh_core.reports.tabel import build_rapport

GEMEENTEN = ("Roermond", "Weert", "Leudal")
YEAR_2026 = Periode(date(2026, 1, 1), date(2026, 12, 31))
Q = [k.periode for k in quarters(YEAR_2026)]
PERIODS_2026 = [*Q, YEAR_2026]
"""Q1, Q2, Q3, Q4 and the whole year: the counts below read (Q1, Q2, Q3, Q4, year)."""


# --- periods ---------------------------------------------------------------------------------------
def test_quarters_follow_the_calendar():
    ks = quarters(Periode(date(2025, 10, 1), date(2026, 9, 30)))
    assert [(k.jaar, k.nummer) for k in ks] == [(2025, 4), (2026, 1), (2026, 2), (2026, 3)]
    assert [(k.periode.van, k.periode.tot) for k in ks] == [
        (date(2025, 10, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 9, 30)),
    ]


def test_a_period_off_the_quarters_clips_its_first_and_last_quarter():
    ks = quarters(Periode(date(2026, 2, 15), date(2026, 8, 15)))
    assert [(k.label, k.periode.van, k.periode.tot) for k in ks] == [
        ("2026 K1", date(2026, 2, 15), date(2026, 3, 31)),
        ("2026 K2", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026 K3", date(2026, 7, 1), date(2026, 8, 15)),
    ]
    single_day = quarters(Periode(date(2026, 5, 5), date(2026, 5, 5)))
    assert [(k.label, k.periode.van, k.periode.tot) for k in single_day] == [
        ("2026 K2", date(2026, 5, 5), date(2026, 5, 5))
    ]


@pytest.mark.parametrize(
    "today",
    [date(2026, 1, 1), date(2026, 9, 30), date(2026, 10, 1), date(2026, 11, 26), date(2026, 12, 31)],
)
def test_current_report_year_is_q4_of_last_year_to_q3_of_this_year(today):
    assert current_report_year(today) == Periode(date(2025, 10, 1), date(2026, 9, 30))


def test_report_year_quarter_and_year_containing_a_day_and_shifting():
    assert report_year_of(date(2026, 9, 30)) == Periode(date(2025, 10, 1), date(2026, 9, 30))
    assert report_year_of(date(2026, 10, 1)) == Periode(date(2026, 10, 1), date(2027, 9, 30))
    assert of_kind("kwartaal", date(2026, 11, 26)) == Periode(date(2026, 10, 1), date(2026, 12, 31))
    assert of_kind("jaar", date(2026, 11, 26)) == YEAR_2026
    assert shift("kwartaal", Periode(date(2026, 1, 1), date(2026, 3, 31)), -1) == Periode(
        date(2025, 10, 1), date(2025, 12, 31)
    )
    assert shift("kwartaal", Periode(date(2026, 10, 1), date(2026, 12, 31)), 1) == Periode(
        date(2027, 1, 1), date(2027, 3, 31)
    )
    assert shift("rapportagejaar", Periode(date(2025, 10, 1), date(2026, 9, 30)), -1) == Periode(
        date(2024, 10, 1), date(2025, 9, 30)
    )
    assert shift("jaar", YEAR_2026, 2) == Periode(date(2028, 1, 1), date(2028, 12, 31))


def test_a_period_that_ends_before_it_starts_is_refused_in_dutch():
    with pytest.raises(RapportError, match="ligt na"):
        Periode(date(2026, 2, 1), date(2026, 1, 31))


# --- measures ---------------------------------------------------------------------------------------
def count(store, cijfer: Cijfer, perioden=PERIODS_2026) -> dict[str, tuple[int, ...]]:
    with store.read() as session:
        return maten.count(session, cijfer, GEMEENTEN, perioden)


@pytest.fixture
def meldingen(store):
    with store.write() as s:
        for soort, datum, gemeente in [
            ("overlast", date(2025, 12, 31), "Roermond"),  # the day before the year
            ("overlast", date(2026, 1, 1), "Roermond"),  # first day of Q1
            ("crimineel", date(2026, 3, 31), "Roermond"),  # last day of Q1
            ("overlast", date(2026, 4, 1), "Roermond"),  # Q2
            ("verward_gedrag", date(2026, 6, 15), "Roermond"),  # another soort
            ("overlast", date(2026, 12, 31), "Roermond"),  # last day of Q4
            ("overlast", date(2027, 1, 1), "Roermond"),  # the day after
            ("overlast", date(2026, 5, 5), "Weert"),
            ("crimineel", date(2026, 5, 6), "Maasgouw"),  # not asked for
        ]:
            add_melding(s, soort=soort, datum=datum, gemeente=gemeente)


def test_meldingen_counts_soorten_by_date_and_gemeente(store, meldingen):
    got = count(store, Cijfer(label="m", maat="meldingen", soorten=("overlast", "crimineel")))
    assert got == {"Roermond": (2, 1, 0, 1, 4), "Weert": (0, 1, 0, 0, 1)}
    assert count(store, Cijfer(label="m", maat="meldingen", soorten=("verward_gedrag",))) == {
        "Roermond": (0, 1, 0, 0, 1)
    }


def test_meldingen_over_a_clipped_period(store, meldingen):
    periode = Periode(date(2026, 2, 15), date(2026, 8, 15))
    got = count(
        store,
        Cijfer(label="m", maat="meldingen", soorten=("overlast", "crimineel")),
        [*(k.periode for k in quarters(periode)), periode],
    )
    assert got == {"Roermond": (1, 1, 0, 2), "Weert": (0, 1, 0, 1)}


@pytest.fixture
def casussen(store):
    """PGA casussen in Roermond (and one in Weert) with their persons; per casus the quarters of 2026 it ran in."""
    with store.write() as s:
        p = [None, *(add_persoon(s, achternaam=f"Persoon{n}", geboortedatum=date(1970, 1, n)) for n in range(1, 7))]
        add_casus(s, thema="pga", geopend=date(2025, 6, 1), gesloten=date(2025, 12, 31), personen=[p[5]])  # A: none
        add_casus(
            s, thema="pga", geopend=date(2025, 11, 1), gesloten=date(2026, 1, 1), personen=[p[1]]
        )  # B: Q1 (closed on its first day)
        add_casus(
            s, thema="pga", geopend=date(2026, 2, 10), gesloten=date(2026, 6, 30), personen=[p[1], p[2]]
        )  # C: Q1 Q2 (closed on the last day)
        add_casus(s, thema="pga", geopend=date(2026, 3, 31), gesloten=date(2026, 7, 1), personen=[p[3]])  # D: Q1 Q2 Q3
        add_casus(s, thema="pga", geopend=date(2026, 10, 1), gesloten=None, personen=[p[4]])  # E: Q4, still open
        add_casus(s, thema="pga", geopend=date(2024, 1, 1), gesloten=None, personen=[p[3]])  # F: all year, still open
        add_casus(s, thema="pga", geopend=date(2027, 1, 1), gesloten=None, personen=[p[6]])  # G: after the year
        add_casus(s, thema="triage", geopend=date(2026, 5, 1), gesloten=None, personen=[p[6]])  # H: another thema
        add_casus(s, thema="pga", geopend=date(2026, 5, 1), gesloten=None)  # J: Q2 Q3 Q4, nobody linked
        add_casus(
            s, thema="pga", gemeente="Weert", geopend=date(2026, 8, 1), gesloten=date(2026, 9, 30), personen=[p[1]]
        )  # I


def test_casussen_counts_every_casus_that_ran_in_each_quarter_and_once_in_the_year(store, casussen):
    got = count(store, Cijfer(label="c", maat="casussen", thema="pga"))
    # Q1: B C D F · Q2: C D F J · Q3: D F J · Q4: E F J · year: B C D E F J (not 4+4+3+3 = 14)
    assert got == {"Roermond": (4, 4, 3, 3, 6), "Weert": (0, 0, 1, 0, 1)}
    assert count(store, Cijfer(label="c", maat="casussen", thema="triage")) == {"Roermond": (0, 1, 1, 1, 1)}


def test_casussen_over_a_clipped_period(store, casussen):
    periode = Periode(date(2026, 2, 15), date(2026, 8, 15))
    got = count(
        store, Cijfer(label="c", maat="casussen", thema="pga"), [*(k.periode for k in quarters(periode)), periode]
    )
    # K1 (15-02 … 31-03): C D F (B closed 01-01) · K2: C D F J · K3 (01-07 … 15-08): D F J · all: C D F J
    assert got == {"Roermond": (3, 4, 3, 4), "Weert": (0, 0, 1, 1)}


def test_nieuwe_casussen_counts_casussen_opened_in_the_period(store, casussen):
    got = count(store, Cijfer(label="n", maat="nieuwe_casussen", thema="pga"))
    # Q1: C (10-02), D (31-03) · Q2: J · Q4: E
    assert got == {"Roermond": (2, 1, 0, 1, 4), "Weert": (0, 0, 1, 0, 1)}


def test_personen_counts_distinct_persons_of_the_casussen(store, casussen):
    got = count(store, Cijfer(label="p", maat="personen", thema="pga"))
    # Q1: B{1} C{1,2} D{3} F{3} = 3 · Q2: C{1,2} D{3} F{3} = 3 · Q3: D{3} F{3} = 1 · Q4: E{4} F{3} = 2 · year: {1,2,3,4}
    assert got == {"Roermond": (3, 3, 1, 2, 4), "Weert": (0, 0, 1, 0, 1)}


def test_the_distinct_totaal_in_a_report(store, regio, casussen):
    with store.read() as session:
        rapport = build_rapport(session, regio, "ml-tabel-2", YEAR_2026)
    column = rapport.kolommen.index("PGA cases")
    rows = {rij.kop: rij.waarden[column] for rij in rapport.rijen}
    assert [rows[("Roermond", "2026", str(n))] for n in (1, 2, 3, 4)] == [4, 4, 3, 3]
    assert rows[("Roermond", "Totaal", "")] == 6  # distinct: not 14
    assert rows[("Weert", "Totaal", "")] == 1
    assert rows[("Totaal", "", "")] == 7  # the sum of the gemeenten


def test_a_casus_running_three_quarters_counts_once_in_the_totaal(store, regio):
    with store.write() as s:
        person = add_persoon(s)
        add_casus(
            s,
            thema="nazorg",
            gemeente="Leudal",
            geopend=date(2025, 11, 3),
            gesloten=date(2026, 5, 20),
            personen=[person],
        )
    with store.read() as session:
        rapport = build_rapport(session, regio, "ml-personen", Periode(date(2025, 10, 1), date(2026, 9, 30)))
        quarterly = build_rapport(session, regio, "ml-tabel-2", Periode(date(2025, 10, 1), date(2026, 9, 30)))
    leudal = next(r for r in rapport.rijen if r.kop == ("Leudal",))
    assert leudal.waarden[1:3] == (1, 1)  # Nazorg cases, Nazorg unieke personen
    nazorg = quarterly.kolommen.index("Nazorg cases")
    per_quarter = [r.waarden[nazorg] for r in quarterly.rijen if r.kop[0] == "Leudal"]
    assert per_quarter == [1, 1, 1, 0, 1]  # 2025 K4, 2026 K1, K2, K3, Totaal

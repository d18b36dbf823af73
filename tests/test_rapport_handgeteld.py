"""Done-when of issue 5: the presets reproduce hand-counted figures cell for cell.

The dataset below was written out first, like a small registration (edge dates on purpose: first and last
days of quarters and of the report year, casussen closing on a quarter's first or last day, open casussen,
casussen of earlier years, soorten and themas no preset counts, persons in several casussen). The expected
tables were then counted by hand from it, per gemeente and quarter, and typed in; the code was not run to
produce them.

Report year 2025-10-01 … 2026-09-30: 2025 K4 = okt–dec, 2026 K1 = jan–mrt, K2 = apr–jun, K3 = jul–sep.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import add_casus, add_melding, add_persoon
from zvh_core.reports.export import to_csv
from zvh_core.reports.periode import Periode
from zvh_core.reports.tabel import build_rapport

MELDINGEN = """
M01 2025-09-30 overlast               Roermond
M02 2025-10-01 overlast               Roermond
M03 2025-10-15 huiselijk_geweld       Roermond
M04 2025-11-20 verward_gedrag         Roermond
M05 2025-12-31 crimineel              Weert
M06 2026-01-01 kindermishandeling     Weert
M07 2026-01-09 detentie               Roermond
M08 2026-02-14 verward_gedrag         Weert
M09 2026-02-28 overig                 Leudal
M10 2026-03-31 radicalisering         Roermond
M11 2026-04-01 top_x                  Roermond
M12 2026-04-02 verward_gedrag         Roermond
M13 2026-05-05 overlast               Leudal
M14 2026-05-06 mensenhandel           Leudal
M15 2026-06-30 detentie               Weert
M16 2026-07-01 wvggz                  Roermond
M17 2026-07-04 vt_informatie_uitvraag Echt-Susteren
M18 2026-08-08 huisverbod             Weert
M19 2026-08-09 detentie               Echt-Susteren
M20 2026-09-15 verward_gedrag         Echt-Susteren
M21 2026-09-30 crimineel              Roermond
M22 2026-10-01 overlast               Roermond
M23 2026-03-03 ghb                    Weert
M24 2026-06-06 radicalisering         Weert
"""

CASUSSEN = """
C01 screening      Roermond      2025-09-01 2025-09-30 P1
C02 screening      Roermond      2025-09-15 2025-10-01 P1
C03 screening      Roermond      2025-12-31 2026-01-01 P2
C04 screening      Weert         2026-02-01 -          P3
C05 verward_gedrag Roermond      2026-04-02 2026-06-30 P4
C06 verward_gedrag Echt-Susteren 2026-09-30 -          P5
C07 triage         Roermond      2025-06-01 -          -
C08 triage         Leudal        2026-10-01 -          -
C09 nazorg         Roermond      2026-01-10 2026-07-15 P6
C10 nazorg         Roermond      2026-03-01 2026-03-20 P6
C11 nazorg         Weert         2026-07-01 -          P7,P8
C12 radicalisering Roermond      2026-04-01 2026-09-30 P1
C13 pga            Roermond      2025-10-01 2026-03-31 P2,P3
C14 pga            Roermond      2026-03-31 2026-04-01 P3
C15 pga            Weert         2024-05-05 -          P8
C16 top_x          Roermond      2025-11-11 2026-02-02 P5
C17 regieteam      Echt-Susteren 2026-05-01 2026-08-31 P4
C18 huisverbod     Weert         2026-08-08 2026-08-18 P7
C19 wvggz          Roermond      2026-07-01 2026-07-02 P6
C20 radicalisering Weert         2025-08-01 2025-10-01 P2
"""

EXPECTED = {
    "ml-tabel-1": """\
gemeente;jaar;kwartaal;Screening meldingen (alle meldingen samen);Screening cases;Screening verward gedrag meldingen;Verward gedrag cases;Triage cases
Echt-Susteren;2025;4;0;0;0;0;0
Echt-Susteren;2026;1;0;0;0;0;0
Echt-Susteren;2026;2;0;0;0;0;0
Echt-Susteren;2026;3;1;0;1;1;0
Echt-Susteren;Totaal;;1;0;1;1;0
Leudal;2025;4;0;0;0;0;0
Leudal;2026;1;1;0;0;0;0
Leudal;2026;2;1;0;0;0;0
Leudal;2026;3;0;0;0;0;0
Leudal;Totaal;;2;0;0;0;0
Maasgouw;2025;4;0;0;0;0;0
Maasgouw;2026;1;0;0;0;0;0
Maasgouw;2026;2;0;0;0;0;0
Maasgouw;2026;3;0;0;0;0;0
Maasgouw;Totaal;;0;0;0;0;0
Nederweert;2025;4;0;0;0;0;0
Nederweert;2026;1;0;0;0;0;0
Nederweert;2026;2;0;0;0;0;0
Nederweert;2026;3;0;0;0;0;0
Nederweert;Totaal;;0;0;0;0;0
Roerdalen;2025;4;0;0;0;0;0
Roerdalen;2026;1;0;0;0;0;0
Roerdalen;2026;2;0;0;0;0;0
Roerdalen;2026;3;0;0;0;0;0
Roerdalen;Totaal;;0;0;0;0;0
Roermond;2025;4;3;2;1;0;1
Roermond;2026;1;0;1;0;0;1
Roermond;2026;2;1;0;1;1;1
Roermond;2026;3;1;0;0;0;1
Roermond;Totaal;;5;2;2;1;1
Weert;2025;4;1;0;0;0;0
Weert;2026;1;2;1;1;0;0
Weert;2026;2;0;1;0;0;0
Weert;2026;3;0;1;0;0;0
Weert;Totaal;;3;1;1;0;0
Totaal;;;11;3;4;2;1
""",
    "ml-tabel-2": """\
gemeente;jaar;kwartaal;Nazorg meldingen;Nazorg cases;Radicalisering meldingen;Radicalisering cases;PGA cases;Top-X meldingen;Top-X cases
Echt-Susteren;2025;4;0;0;0;0;0;0;0
Echt-Susteren;2026;1;0;0;0;0;0;0;0
Echt-Susteren;2026;2;0;0;0;0;0;0;0
Echt-Susteren;2026;3;1;0;0;0;0;0;0
Echt-Susteren;Totaal;;1;0;0;0;0;0;0
Leudal;2025;4;0;0;0;0;0;0;0
Leudal;2026;1;0;0;0;0;0;0;0
Leudal;2026;2;0;0;0;0;0;0;0
Leudal;2026;3;0;0;0;0;0;0;0
Leudal;Totaal;;0;0;0;0;0;0;0
Maasgouw;2025;4;0;0;0;0;0;0;0
Maasgouw;2026;1;0;0;0;0;0;0;0
Maasgouw;2026;2;0;0;0;0;0;0;0
Maasgouw;2026;3;0;0;0;0;0;0;0
Maasgouw;Totaal;;0;0;0;0;0;0;0
Nederweert;2025;4;0;0;0;0;0;0;0
Nederweert;2026;1;0;0;0;0;0;0;0
Nederweert;2026;2;0;0;0;0;0;0;0
Nederweert;2026;3;0;0;0;0;0;0;0
Nederweert;Totaal;;0;0;0;0;0;0;0
Roerdalen;2025;4;0;0;0;0;0;0;0
Roerdalen;2026;1;0;0;0;0;0;0;0
Roerdalen;2026;2;0;0;0;0;0;0;0
Roerdalen;2026;3;0;0;0;0;0;0;0
Roerdalen;Totaal;;0;0;0;0;0;0;0
Roermond;2025;4;0;0;0;0;1;0;1
Roermond;2026;1;1;2;1;0;2;0;1
Roermond;2026;2;0;1;0;1;1;1;0
Roermond;2026;3;0;1;0;1;0;0;0
Roermond;Totaal;;1;2;1;1;2;1;1
Weert;2025;4;0;0;0;1;1;0;0
Weert;2026;1;0;0;0;0;1;0;0
Weert;2026;2;1;0;1;0;1;0;0
Weert;2026;3;0;1;0;0;1;0;0
Weert;Totaal;;1;1;1;1;1;0;0
Totaal;;;3;3;2;2;3;1;1
""",
    "ml-personen": """\
gemeente;Nazorg meldingen;Nazorg cases;Nazorg unieke personen;Radicalisering meldingen;Radicalisering cases;Radicalisering unieke personen;PGA cases;PGA unieke personen
Echt-Susteren;1;0;0;0;0;0;0;0
Leudal;0;0;0;0;0;0;0;0
Maasgouw;0;0;0;0;0;0;0;0
Nederweert;0;0;0;0;0;0;0;0
Roerdalen;0;0;0;0;0;0;0;0
Roermond;1;2;1;1;1;1;2;2
Weert;1;1;2;1;1;1;1;1
Totaal;3;3;3;2;2;2;3;3
""",
    "wm-producten": """\
product;Echt-Susteren;Leudal;Maasgouw;Nederweert;Roerdalen;Roermond;Weert;Totaal
PGA behandeld;0;0;0;0;0;2;1;3
PGA aangemeld;0;0;0;0;0;2;0;2
Regieteam;1;0;0;0;0;0;0;1
Detentie meldingen;1;0;0;0;0;1;1;3
Radicalisering;0;0;0;0;0;1;1;2
Veilig Thuis informatie uitvraag;1;0;0;0;0;0;0;1
Huisverboden;0;0;0;0;0;0;1;1
WVGGZ meldingen;0;0;0;0;0;1;0;1
WVGGZ verkennende onderzoeken;0;0;0;0;0;1;0;1
""",
}


def _date(text: str) -> date | None:
    return None if text == "-" else date.fromisoformat(text)


@pytest.fixture
def registration(store):
    with store.write() as s:
        persons = {
            f"P{n}": add_persoon(s, achternaam=f"Achternaam{n}", geboortedatum=date(1980, n, n)) for n in range(1, 9)
        }
        for line in MELDINGEN.strip().splitlines():
            extern_id, datum, soort, gemeente = line.split()
            add_melding(s, extern_id=extern_id, datum=_date(datum), soort=soort, gemeente=gemeente)
        for line in CASUSSEN.strip().splitlines():
            extern_id, thema, gemeente, geopend, gesloten, who = line.split()
            add_casus(
                s,
                extern_id=extern_id,
                thema=thema,
                gemeente=gemeente,
                geopend=_date(geopend),
                gesloten=_date(gesloten),
                personen=[] if who == "-" else [persons[p] for p in who.split(",")],
            )


@pytest.mark.parametrize("code", list(EXPECTED))
def test_preset_reproduces_the_hand_counted_table(store, regio, registration, code):
    with store.read() as session:
        rapport = build_rapport(session, regio, code, Periode(date(2025, 10, 1), date(2026, 9, 30)))
    got = to_csv(rapport).splitlines()
    expected = EXPECTED[code].splitlines()
    assert len(got) == len(expected)
    for got_line, expected_line in zip(got, expected, strict=False):
        assert got_line == expected_line

"""The inzage is built on the history read model: a fixed number of statements whatever the number of meldingen,
besprekingen, answers and actions (it used to read each bespreking's answers and actions on their own), with
the same text as before (every section, every source, in date order)."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta

from sqlalchemy import event
from sqlmodel import select

from tests.factories import add_casus, add_melding, add_persoon
from zvh_core.kernel.models import GeplandAntwoord, Melding
from zvh_core.meetings import bespreking, overleggen
from zvh_core.meetings.agenda import agenda_items
from zvh_core.privacy import inzage

TODAY = date(2026, 11, 26)


@contextmanager
def counted(store):
    """The SELECT/INSERT/UPDATE/DELETE statements the store's engine runs inside the block."""
    statements: list[str] = []

    def before(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "DELETE")):
            statements.append(statement)

    event.listen(store.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        event.remove(store.engine, "before_cursor_execute", before)


def person_with(store, regio, meldingen: int, *, surname: str, day: date):
    """A person with ``meldingen`` meldingen, each discussed at two overleggen (answers with notes, a decision,
    an action), and one casus with an action."""
    with store.write() as s:
        p = add_persoon(s, achternaam=surname, voornamen="Ida", bsn=None, adres="Kerkstraat 1", woonplaats="Roermond")
        ids = [
            add_melding(
                s,
                datum=date(2026, 1, 5) + timedelta(days=7 * n),
                personen=[p],
                extern_id=f"{surname}-{n}",
                aanbrenger="politie",
                grondslag="Convenant",
            ).id
            for n in range(meldingen)
        ]
        casus = add_casus(s, personen=[p], extern_id=f"C-{surname}", aanbrenger="gemeente", grondslag="Wmo")
    for round_ in range(2):
        overleg = overleggen.open_overleg(
            store, regio, "routeertafel", day + timedelta(days=round_), "V", ["vt", "amw"]
        )
        with store.read() as s:
            items = [i for i in agenda_items(s, regio, overleg) if i.melding_id in ids]
        for n, item in enumerate(items):
            bespreking.set_bekendheid(store, regio, item.bespreking_id, "amw", code="bekend", notitie=f"Notitie {n}")
            bespreking.set_bekendheid(store, regio, item.bespreking_id, "vt", code="niet_bekend")
            bespreking.add_actie(store, regio, item.bespreking_id, "amw", f"Actie {n}", day + timedelta(days=14))
            if round_:
                bespreking.set_besluit(store, regio, item.bespreking_id, "amw", f"Besluit {n}")
        overleggen.close_overleg(store, overleg)
    from zvh_core.casussen import procesregie

    procesregie.add_casus_actie(store, regio, casus.id, "amw", "Casusactie", TODAY + timedelta(days=14))
    return p.id


def statements_for(store, regio, persoon_id) -> tuple[int, str]:
    with counted(store) as statements, store.read() as session:
        text = inzage.build_inzage(session, regio, persoon_id, today=TODAY)
    return len(statements), text


def test_the_inzage_costs_the_same_statements_for_one_melding_as_for_six(store, regio):
    one = person_with(store, regio, 1, surname="Een", day=date(2026, 6, 1))
    six = person_with(store, regio, 6, surname="Zes", day=date(2026, 7, 1))
    few, text_one = statements_for(store, regio, one)
    many, text_six = statements_for(store, regio, six)
    assert text_six.count("### Melding Zes-") == 6 and text_six.count("- Besproken in Routeertafel") == 12
    assert text_six.count("bekend bij AMW (bron: Algemeen Maatschappelijk Werk): Notitie") == 12
    assert text_six.count("- Actie voor AMW: Actie") == 12 and "Casusactie" in text_six
    assert "Casusactie" in text_one and text_one.count("- Besproken in") == 2
    assert many == few, "statements grow with the meldingen: read per bespreking again"
    assert few <= 20  # a fixed handful: the person, the history, provenance, the procesregie, merges, the log


def test_the_inzage_lists_answers_prepared_for_an_overleg_not_opened_yet(store, regio):
    """A partner's prepared answer waits in gepland_antwoord until the chair opens the overleg: it is about the
    person too, so the inzage names it (partner, answer, fact, reason), at no extra statement per melding."""
    persoon_id = person_with(store, regio, 1, surname="Gepland", day=date(2026, 6, 1))
    with store.read() as s:
        melding_id = s.exec(select(Melding.id).where(Melding.extern_id == "Gepland-0")).one()
    before, _ = statements_for(store, regio, persoon_id)
    with store.write() as s:
        s.add(
            GeplandAntwoord(
                overleg_type="routeertafel", datum=date(2026, 11, 30), melding_id=melding_id, partner="vt",
                code="bekend", notitie="Lopend VT-onderzoek", voorbereid_door="demo-vt",
            )
        )  # fmt: skip
        s.add(
            GeplandAntwoord(
                overleg_type="routeertafel", datum=date(2026, 11, 30), melding_id=melding_id, partner="amw",
                code="deelt_niet", reden_niet_delen="Geen toestemming cliënt", voorbereid_door="demo-amw",
            )
        )  # fmt: skip
    after, text = statements_for(store, regio, persoon_id)
    assert (
        "- Voorbereid voor Routeertafel van 30-11-2026 (nog niet geopend): bekend bij VT: Lopend VT-onderzoek" in text
    )
    assert "(nog niet geopend): deelt niet bij AMW (reden: Geen toestemming cliënt)" in text.replace(
        regio.bekendheid_label("deelt_niet"), "deelt niet"
    )
    assert after == before

"""The meeting record: attendance, the confidentiality statement, fact and opinion, 'deelt niet', the review
of the previous overleg's actions, the actions list, and the besluitenlijst per partner."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from tests.factories import add_melding, add_persoon
from tests.meeting_helpers import MONDAY, THURSDAY, detail, item_of, items, open_type
from zvh_core.acties import followup
from zvh_core.kernel.models import Actie, Bekendheid
from zvh_core.meetings import action_review, bespreking, overleggen
from zvh_core.meetings.besluitenlijst import (
    build_besluitenlijst,
    export_per_partner,
    to_markdown,
    to_partner_markdown,
)

NEXT_MONDAY = date(2026, 11, 30)


def view(store, regio, overleg_id):
    with store.read() as s:
        return overleggen.get_overleg(s, regio, overleg_id)


def test_attendance_present_and_apologies(store, regio):
    with store.write() as s:
        add_melding(s)
    overleg_id = open_type(store, regio, "routeertafel", MONDAY, ["vt", "zvh"], ["amw"])
    v = view(store, regio, overleg_id)
    assert (v.partners, v.afgemeld) == (("vt", "zvh"), ("amw",))
    (item,) = items(store, regio, overleg_id)
    assert [b.partner for b in detail(store, regio, item.bespreking_id).bekendheid] == ["vt", "zvh"]
    with pytest.raises(overleggen.MeetingError, match="niet aanwezig"):
        bespreking.set_bekendheid(store, regio, item.bespreking_id, "amw", code="bekend")
    with pytest.raises(overleggen.MeetingError, match="tegelijk aanwezig en afgemeld"):
        overleggen.set_partners(store, regio, overleg_id, ["vt", "amw"], ["amw"])
    overleggen.set_partners(store, regio, overleg_id, ["vt", "zvh", "amw"], ["cjg"])
    v = view(store, regio, overleg_id)
    assert (v.partners, v.afgemeld) == (("vt", "zvh", "amw"), ("cjg",))


def test_confidentiality_statement_read_and_shown_in_the_besluitenlijst(store, regio):
    overleg_id = open_type(store, regio, "routeertafel", MONDAY, afgemeld=["cjg"], partners=["vt", "zvh", "amw"])
    assert view(store, regio, overleg_id).geheimhouding_gelezen_op is None
    with store.read() as s:
        assert "- Geheimhoudingsverklaring: niet voorgelezen" in to_markdown(
            build_besluitenlijst(s, regio, overleg_id), regio
        )
    overleggen.set_geheimhouding(store, overleg_id, True)
    assert view(store, regio, overleg_id).geheimhouding_gelezen_op is not None
    with store.read() as s:
        text = to_markdown(build_besluitenlijst(s, regio, overleg_id), regio)
    assert "- Geheimhoudingsverklaring: voorgelezen om " in text and "- Afgemeld: CJG" in text
    overleggen.set_geheimhouding(store, overleg_id, False)
    assert view(store, regio, overleg_id).geheimhouding_gelezen_op is None


def test_fact_and_opinion_apart_and_deelt_niet_needs_a_reason(store, regio):
    with store.write() as s:
        add_melding(s)
    overleg_id = open_type(store, regio, "routeertafel", MONDAY)
    (item,) = items(store, regio, overleg_id)
    bespreking.set_bekendheid(
        store,
        regio,
        item.bespreking_id,
        "vt",
        code="bekend",
        notitie=" 2 meldingen in 2025 ",
        oordeel="Escalatie dreigt",
    )
    with pytest.raises(overleggen.MeetingError, match="Geef een reden"):
        bespreking.set_bekendheid(store, regio, item.bespreking_id, "amw", code="deelt_niet")
    bespreking.set_bekendheid(store, regio, item.bespreking_id, "amw", code="deelt_niet", reden="Beroepsgeheim")
    rows = {b.partner: b for b in detail(store, regio, item.bespreking_id).bekendheid}
    assert (rows["vt"].notitie, rows["vt"].oordeel) == ("2 meldingen in 2025", "Escalatie dreigt")
    assert (rows["amw"].code, rows["amw"].reden) == ("deelt_niet", "Beroepsgeheim")
    bespreking.set_bekendheid(store, regio, item.bespreking_id, "amw", code="bekend")
    with store.read() as s:
        amw = s.exec(select(Bekendheid).where(Bekendheid.partner == "amw")).scalars().one()
    assert (amw.code, amw.reden_niet_delen) == ("bekend", None)


def test_the_next_overleg_reviews_the_open_actions_of_the_previous_one(store, regio):
    with store.write() as s:
        a, b, c = (add_melding(s, extern_id=x) for x in ("A", "B", "C"))
    monday = open_type(store, regio, "routeertafel", MONDAY)
    ids = {}
    for melding, owner in ((a, "vt"), (b, "cjg"), (c, "amw")):
        bespreking_id = item_of(store, regio, monday, melding.id).bespreking_id
        bespreking.set_besluit(store, regio, bespreking_id, owner if owner != "vt" else "veilig_thuis", None)
        ids[melding.extern_id] = bespreking.add_actie(
            store, regio, bespreking_id, owner, f"Actie {melding.extern_id}", date(2026, 11, 25)
        )
    followup.complete_actie(store, ids["C"], date(2026, 11, 24), "Gebeld")  # done before Thursday: not reviewed
    overleggen.close_overleg(store, monday)

    thursday = open_type(store, regio, "routeertafel", THURSDAY)
    with store.read() as s:
        previous, rows = action_review.review_acties(s, regio, thursday)
    assert previous.datum == MONDAY
    assert [r.actie.omschrijving for r in rows] == ["Actie A", "Actie B"]
    action_review.set_review_status(store, ids["A"], thursday, "gedaan", THURSDAY)
    action_review.set_review_status(store, ids["B"], thursday, "niet_gedaan", THURSDAY)
    with store.read() as s:
        _, rows = action_review.review_acties(s, regio, thursday)
        stored = {x.id: x for x in s.exec(select(Actie)).scalars()}
        lijst = to_markdown(build_besluitenlijst(s, regio, thursday), regio)
    assert [(r.actie.status, r.actie.status_op) for r in rows] == [("gedaan", THURSDAY), ("niet_gedaan", THURSDAY)]
    assert stored[ids["A"]].afgerond_op == THURSDAY and stored[ids["B"]].afgerond_op is None
    assert "## Acties uit het vorige overleg (23-11-2026)" in lijst
    assert "| A | VT | Actie A | 25-11-2026 | gedaan (26-11-2026) |" in lijst
    overleggen.close_overleg(store, thursday)

    # Not done stays open and comes back; circumstances changed closes it.
    later = open_type(store, regio, "routeertafel", NEXT_MONDAY)
    with store.read() as s:
        _, rows = action_review.review_acties(s, regio, later)
    assert [r.actie.omschrijving for r in rows] == ["Actie B"]
    # It is asked again there: not counted as reviewed at this overleg, its earlier answer shown beside it.
    assert not rows[0].actie.reviewed_in(later) and rows[0].actie.reviewed_in(thursday)
    with store.read() as s:
        lijst = to_markdown(build_besluitenlijst(s, regio, later), regio)
    assert "| B | CJG | Actie B | 25-11-2026 | nog niet nagelopen (eerder niet gedaan, 26-11-2026) |" in lijst
    action_review.set_review_status(store, ids["B"], later, "omstandigheden_gewijzigd", NEXT_MONDAY)
    with store.read() as s:
        assert [r.actie.omschrijving for r in followup.open_acties(s, regio)] == []
    action_review.set_review_status(store, ids["B"], later, None, NEXT_MONDAY)  # undo
    with store.read() as s:
        assert [r.actie.omschrijving for r in followup.open_acties(s, regio)] == ["Actie B"]
    with pytest.raises(overleggen.MeetingError, match="gesloten"):
        action_review.set_review_status(store, ids["A"], thursday, "gedaan", THURSDAY)


def test_open_actions_by_owner_overdue_and_done_with_feedback(store, regio):
    with store.write() as s:
        p = add_persoon(s, achternaam="Bos", voornamen="Ria")
        m = add_melding(s, personen=[p], extern_id="M-1")
    monday = open_type(store, regio, "routeertafel", MONDAY)
    bespreking_id = item_of(store, regio, monday, m.id).bespreking_id
    late = bespreking.add_actie(store, regio, bespreking_id, "cjg", "Schoolgesprek", date(2026, 11, 20))
    bespreking.add_actie(store, regio, bespreking_id, "vt", "Huisbezoek", date(2026, 12, 7))
    bespreking.add_actie(store, regio, bespreking_id, "cjg", "Terugkoppelen", date(2026, 12, 1))
    with store.read() as s:
        rows = followup.open_acties(s, regio)
        only_cjg = followup.open_acties(s, regio, eigenaar="cjg")
    assert [(r.actie.eigenaar, r.actie.omschrijving) for r in rows] == [
        ("vt", "Huisbezoek"), ("cjg", "Schoolgesprek"), ("cjg", "Terugkoppelen"),
    ]  # fmt: skip
    assert (rows[1].overleg_type, rows[1].overleg_datum, rows[1].melding_extern_id, rows[1].personen) == (
        "routeertafel", MONDAY, "M-1", "R. Bos",
    )  # fmt: skip
    assert len(only_cjg) == 2
    followup.complete_actie(store, late, THURSDAY, " Gesprek gevoerd, gaat beter ")
    with store.read() as s:
        actie = s.get(Actie, late)
        assert [r.actie.omschrijving for r in followup.open_acties(s, regio, eigenaar="cjg")] == ["Terugkoppelen"]
    assert (actie.afgerond_op, actie.terugkoppeling, actie.status) == (
        THURSDAY,
        "Gesprek gevoerd, gaat beter",
        "gedaan",
    )


def test_the_run_screen_sees_open_actions_of_the_melding_and_its_persons(store, regio):
    with store.write() as s:
        p = add_persoon(s, achternaam="Bos", voornamen="Ria")
        earlier = add_melding(s, personen=[p], datum=date(2026, 10, 1))
        now = add_melding(s, personen=[p], datum=date(2026, 11, 20))
    monday = open_type(store, regio, "routeertafel", MONDAY)
    first = item_of(store, regio, monday, earlier.id).bespreking_id
    bespreking.add_actie(store, regio, first, "cjg", "Schoolgesprek", date(2026, 11, 20))
    done = bespreking.add_actie(store, regio, first, "vt", "Gebeld", date(2026, 11, 20))
    followup.complete_actie(store, done, MONDAY, None)
    second = item_of(store, regio, monday, now.id).bespreking_id
    bespreking.add_actie(store, regio, second, "amw", "Hier en nu", date(2026, 12, 20))
    (row,) = detail(store, regio, second).eerdere_acties
    assert (row.actie.omschrijving, row.melding_id) == ("Schoolgesprek", earlier.id)


@pytest.fixture
def routed(store, regio):
    """A routeertafel where meldingen went to AMW, to VT and to CJG, with notes and actions."""
    with store.write() as s:
        amw_p = add_persoon(s, achternaam="Amwpersoon", voornamen="Anna")
        vt_p = add_persoon(s, achternaam="Vtpersoon", voornamen="Victor")
        to_amw = add_melding(s, extern_id="NAAR-AMW", personen=[amw_p])
        to_vt = add_melding(s, extern_id="NAAR-VT", personen=[vt_p])
        to_cjg = add_melding(s, extern_id="NAAR-CJG")
    overleg_id = open_type(store, regio, "routeertafel", MONDAY)
    ids = {m.extern_id: item_of(store, regio, overleg_id, m.id).bespreking_id for m in (to_amw, to_vt, to_cjg)}
    bespreking.set_bekendheid(
        store, regio, ids["NAAR-VT"], "vt", code="bekend", notitie="VT-DOSSIER-GEHEIM", oordeel="VT-OORDEEL"
    )
    bespreking.set_bekendheid(store, regio, ids["NAAR-AMW"], "vt", code="bekend", notitie="VT-NOTITIE-BIJ-AMW-MELDING")
    bespreking.set_besluit(store, regio, ids["NAAR-AMW"], "amw", "AMW neemt contact op")
    bespreking.set_besluit(store, regio, ids["NAAR-VT"], "veilig_thuis", "VT-TOELICHTING")
    bespreking.set_besluit(store, regio, ids["NAAR-CJG"], "cjg", "CJG-TOELICHTING")
    bespreking.add_actie(store, regio, ids["NAAR-AMW"], "amw", "Huisbezoek Anna", date(2026, 12, 7))
    bespreking.add_actie(store, regio, ids["NAAR-VT"], "amw", "Schuldhulp aanbieden", date(2026, 12, 7))
    bespreking.add_actie(store, regio, ids["NAAR-VT"], "vt", "VT-ACTIE", date(2026, 12, 7))
    overleggen.close_overleg(store, overleg_id)
    with store.read() as s:
        return build_besluitenlijst(s, regio, overleg_id)


def test_amws_besluitenlijst_names_no_melding_that_went_elsewhere(routed, regio):
    text = to_partner_markdown(routed, regio, "amw")
    assert "**Voor AMW (Algemeen Maatschappelijk Werk).**" in text
    assert "| 1 | NAAR-AMW |" in text and "AMW neemt contact op" in text
    assert "Huisbezoek Anna" in text
    assert "| 2 | — | V. Vtpersoon | Schuldhulp aanbieden | 07-12-2026 |" in text, "its own action, the melding unnamed"
    for elsewhere in ("NAAR-VT", "NAAR-CJG", "VT-TOELICHTING", "CJG-TOELICHTING", "VT-ACTIE", "Veilig Thuis |"):
        assert elsewhere not in text
    for note in ("VT-DOSSIER-GEHEIM", "VT-OORDEEL", "VT-NOTITIE-BIJ-AMW-MELDING"):
        assert note not in text, "never another partner's notes"


def test_one_private_file_per_partner_present(store, routed, regio, tmp_path):
    paths = export_per_partner(store, routed, regio, tmp_path / "exports")
    assert [p.name for p in paths] == [
        f"besluitenlijst-routeertafel-2026-11-23-{c}.md" for c in ("vt", "zvh", "cjg", "amw")
    ]
    assert all(p.stat().st_mode & 0o777 == 0o600 for p in paths)
    zvh = paths[1].read_text(encoding="utf-8")
    assert "Geen meldingen naar deze partner." in zvh and "Geen acties voor deze partner." in zvh
    assert "NAAR-" not in zvh
    assert "VT-ACTIE" in paths[0].read_text(encoding="utf-8")

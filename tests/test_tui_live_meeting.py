"""Partners at the table, driven with real keys: VT prepares on Wednesday; on Thursday the chair's screen
shows its answer marked; during the meeting the partners' screens follow the chair, an answer typed on a
partner's screen appears on the chair's without a key, a half-typed answer survives the chair moving on,
and a partner never sees another partner's notes. The chair and the partners are separate apps on one store."""

from __future__ import annotations

import time
from datetime import date

from sqlalchemy import event, select

from db.engine import QUIET_OPTION, WRITE_OPTION
from tests.factories import add_melding, add_persoon
from tests.meeting_helpers import THURSDAY, items, open_type
from tests.tui_helpers import make_app, press, screen_text, settle, type_text
from tui.screens.partner import PartnerOverlegScreen, VoorbereidenScreen
from tui.screens.run import RunScreen
from zvh_core.access.rights import Actor
from zvh_core.kernel.models import Bekendheid, GeplandAntwoord, Toegangslog
from zvh_core.meetings import bespreking, overleggen, voorbereiden

SIZE = (160, 48)
WEDNESDAY = date(2026, 11, 25)
VT = Actor("vt-els", "partner", organisatie="vt")
AMW = Actor("amw-joop", "partner", organisatie="amw")


def seed_thursday(store, regio) -> tuple[int, list[int]]:
    with store.write() as s:
        for n, (achternaam, voornaam) in enumerate([("Aalders", "Anna"), ("Bosch", "Bob"), ("Claes", "Carla")]):
            person = add_persoon(s, achternaam=achternaam, voornamen=voornaam, geboortedatum=date(1980 + n, 1, 2))
            add_melding(s, datum=date(2026, 11, 20 + n), personen=[person], extern_id=f"L-{n}")
    overleg_id = open_type(store, regio, "routeertafel", THURSDAY)
    return overleg_id, [i.bespreking_id for i in items(store, regio, overleg_id)]


async def until(pilots, condition, timeout: float = 8.0) -> None:
    """Let the apps run (their change feeds poll every 250 ms) until ``condition()`` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the screens did not follow in time"
        for pilot in pilots:
            await pilot.pause(0.05)
            await settle(pilot, rounds=5)


def answer_row(store, bespreking_id: int, partner: str) -> Bekendheid | None:
    with store.read() as s:
        return (
            s.exec(select(Bekendheid).where(Bekendheid.bespreking_id == bespreking_id, Bekendheid.partner == partner))
            .scalars()
            .first()
        )


async def test_vt_prepares_on_wednesday_with_keys_and_the_chair_sees_it_marked_on_thursday(
    raw_store, store, regio, tmp_path
):
    overleg_id, (first, _, _) = seed_thursday(store, regio)
    partner_app = make_app(raw_store.as_user(VT), regio, tmp_path / "vt", today=WEDNESDAY)
    async with partner_app.run_test(size=SIZE) as pilot:
        partner_app.show_voorbereiden()
        await settle(pilot)
        assert isinstance(partner_app.screen, VoorbereidenScreen)
        assert "Routeertafel" in screen_text(partner_app) and "0 van 3" in screen_text(partner_app)
        await press(pilot, "enter")
        screen = partner_app.screen
        assert isinstance(screen, PartnerOverlegScreen) and screen.current.bespreking_id == first
        shown = screen_text(partner_app)
        assert "Anna Aalders" in shown and "voorbereiden" in shown
        await press(pilot, "1")  # bekend
        await press(pilot, "i")
        await type_text(pilot, "Melding 2025 bekend")
        await press(pilot, "enter")
        await settle(pilot)
        assert "Melding 2025 bekend" in screen_text(partner_app)
        assert not partner_app.privacy  # its own app's state: the chair's mode is not the partner's
        await press(pilot, "f2")  # privacy mode on the partner's screen too
        assert "Anna Aalders" not in screen_text(partner_app) and "Melding 2025 bekend" not in screen_text(partner_app)
    row = answer_row(store, first, "vt")
    assert (row.code, row.notitie, row.voorbereid_door, row.versie) == ("bekend", "Melding 2025 bekend", "vt-els", 2)

    chair_app = make_app(store, regio, tmp_path / "chair")
    async with chair_app.run_test(size=SIZE) as pilot:
        chair_app.show_agenda(overleg_id)
        await settle(pilot)
        assert "VT ✓ ZVH – CJG – AMW –" in screen_text(chair_app)  # who prepared, per melding
        await press(pilot, "b")
        assert isinstance(chair_app.screen, RunScreen)
        shown = screen_text(chair_app)
        assert "Melding 2025 bekend" in shown and "voorbereid door VT, " in shown, shown
        await press(pilot, "1")  # select VT (and cycle its code: a change of the prepared answer)
        await press(pilot, "j")
        await settle(pilot)
    row = answer_row(store, first, "vt")
    assert row.beoordeling == "bevestigd" and row.code == "niet_bekend"


async def test_partners_follow_the_chair_and_an_answer_typed_by_a_partner_appears_on_the_chairs_screen(
    raw_store, store, regio, tmp_path
):
    overleg_id, (first, second, third) = seed_thursday(store, regio)
    voorbereiden.answer(
        raw_store.as_user(VT), regio, first, code="bekend", notitie="VT: gezin bekend", expected_versie=0
    )
    chair_app = make_app(store, regio, tmp_path / "chair")
    amw_app = make_app(raw_store.as_user(AMW), regio, tmp_path / "amw")
    vt_app = make_app(raw_store.as_user(VT), regio, tmp_path / "vt")
    async with (
        chair_app.run_test(size=SIZE) as chair,
        amw_app.run_test(size=SIZE) as amw,
        vt_app.run_test(size=SIZE) as vt,
    ):
        pilots = (chair, amw, vt)
        # Each app runs in its own context (as its own process would): calls from the test run in its loop.
        chair_app.call_later(chair_app.start_run, overleg_id)
        for app in (amw_app, vt_app):
            app.call_later(app.push_screen, PartnerOverlegScreen(overleg_id))
        for pilot in pilots:
            await settle(pilot)
        run, amw_screen, vt_screen = chair_app.screen, amw_app.screen, vt_app.screen
        assert isinstance(run, RunScreen)
        await until(pilots, lambda: amw_screen.live and vt_screen.live)
        assert amw_screen.current.bespreking_id == first
        assert "VT: gezin bekend" not in screen_text(amw_app)  # never another partner's notes

        # The chair moves on: both partners' screens follow without a key.
        started = time.monotonic()
        await press(chair, "n")
        await until(pilots, lambda: amw_screen.current.bespreking_id == second == vt_screen.current.bespreking_id)
        assert time.monotonic() - started < 3

        # AMW types a fact on its own screen: it appears on the chair's screen without a key.
        await press(amw, "i")
        await type_text(amw, "Schuldhulp loopt sinds mei")
        await press(amw, "enter")
        await until(pilots, lambda: "Schuldhulp loopt sinds mei" in screen_text(chair_app))
        assert "voorbereid door AMW" in screen_text(chair_app)
        assert "Schuldhulp loopt sinds mei" not in screen_text(vt_app)

        # VT is half-way typing when the chair moves on: the field keeps its text, the screen underneath
        # follows, and the answer is stored for the melding VT was typing about.
        await press(vt, "i")
        await type_text(vt, "Half getypt")
        await press(chair, "n")
        await until(pilots, lambda: vt_screen.current.bespreking_id == third)
        assert "Half getypt" in screen_text(vt_app)
        await type_text(vt, " en af")
        await press(vt, "enter")
        await settle(vt)
        # Both partners answered at once: nothing lost, nothing refused.
        await press(amw, "1")
        await press(vt, "1")
        await until(pilots, lambda: answer_row(store, third, "amw") is not None and answer_row(store, third, "vt"))
    assert answer_row(store, second, "vt").notitie == "Half getypt en af"
    assert answer_row(store, second, "amw").notitie == "Schuldhulp loopt sinds mei"
    assert answer_row(store, third, "amw").code == answer_row(store, third, "vt").code == "bekend"
    with store.read() as s:
        assert overleggen.get_overleg(s, regio, overleg_id).huidige_bespreking_id == third


async def test_a_screen_whose_feed_connection_broke_opens_a_new_one_and_follows_again(
    raw_store, store, regio, tmp_path
):
    overleg_id, (first, second, _) = seed_thursday(store, regio)
    overleggen.start(store, overleg_id)
    app = make_app(raw_store.as_user(AMW), regio, tmp_path / "amw")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(PartnerOverlegScreen(overleg_id))
        await settle(pilot)
        screen = app.screen
        await until([pilot], lambda: screen.current is not None and screen.current.bespreking_id == first)
        screen._live_feed._connection.close()  # the server restarted, the network dropped …
        overleggen.set_current(store, overleg_id, second)
        await until([pilot], lambda: screen.current.bespreking_id == second)
        assert screen._live_feed is not None and not screen._live_feed.closed


async def test_a_partners_answer_on_a_version_the_chair_changed_meanwhile_is_refused_showing_the_stored_one(
    raw_store, store, regio, tmp_path
):
    from tui.screens.dialogs import ErrorDialog
    from zvh_core.meetings import bespreking

    overleg_id, (first, _, _) = seed_thursday(store, regio)
    app = make_app(raw_store.as_user(VT), regio, tmp_path / "vt")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(PartnerOverlegScreen(overleg_id))
        await settle(pilot)
        screen = app.screen
        await press(pilot, "i")
        await type_text(pilot, "Mijn versie")
        # Meanwhile the chair fills in VT's answer as VT said it aloud.
        bespreking.set_bekendheid(store, regio, first, "vt", code="niet_bekend", notitie="Zoals gezegd: onbekend")
        await press(pilot, "enter")
        await settle(pilot)
        assert isinstance(app.screen, ErrorDialog)
        assert "Dit antwoord is intussen gewijzigd" in screen_text(app)
        await press(pilot, "escape")
        await until([pilot], lambda: "Zoals gezegd: onbekend" in screen_text(app))
        assert screen.answer_of(screen.current).notitie == "Zoals gezegd: onbekend"
    assert answer_row(store, first, "vt").notitie == "Zoals gezegd: onbekend"


async def test_a_second_chairs_decision_appears_on_the_first_chairs_screen_without_a_key(
    store, db_url, regio, tmp_path
):
    from zvh_core.access.systeem import as_system
    from zvh_core.meetings import bespreking
    from zvh_core.store import open_store

    overleg_id, (first, _, _) = seed_thursday(store, regio)
    app = make_app(store, regio, tmp_path / "chair")
    second_chair = as_system(open_store(db_url), "tweede voorzitter")  # another workstation
    try:
        async with app.run_test(size=SIZE) as pilot:
            app.start_run(overleg_id)
            await settle(pilot)
            run = app.screen
            assert isinstance(run, RunScreen) and run.current_item.bespreking_id == first
            versie = run.detail.versie
            bespreking.set_besluit(second_chair, regio, first, "amw", "AMW kent het gezin", expected_versie=versie)
            await until([pilot], lambda: "Route: AMW — AMW kent het gezin" in screen_text(app))
            assert run.detail.versie == versie + 1  # the chair's next change is made on the fresh version
            await press(pilot, "1")
            assert "Iemand anders" not in screen_text(app)
    finally:
        second_chair.dispose()
    assert answer_row(store, first, "vt").code == "bekend"


async def test_j_confirms_every_prepared_answer_in_one_transaction(raw_store, store, regio, tmp_path, monkeypatch):
    """j without a partner chosen confirms every prepared answer not yet reviewed: one write, one versie."""
    monkeypatch.setattr("tui.screens.run.READ_AHEAD_DELAY", 3600)  # no neighbour read ahead in the count
    overleg_id, (first, _, _) = seed_thursday(store, regio)
    voorbereiden.answer(raw_store.as_user(VT), regio, first, code="bekend", notitie="VT kent", expected_versie=0)
    voorbereiden.answer(raw_store.as_user(AMW), regio, first, code="niet_bekend", expected_versie=0)
    writes: list[object] = []

    def on_commit(connection) -> None:
        options = connection.get_execution_options()
        if options.get(WRITE_OPTION) and not options.get(QUIET_OPTION):  # not the access log's view entries
            writes.append(connection)

    app = make_app(store, regio, tmp_path / "chair")
    async with app.run_test(size=SIZE) as pilot:
        app.start_run(overleg_id)
        await settle(pilot)
        run = app.screen
        assert isinstance(run, RunScreen) and run.current_item.bespreking_id == first
        versie = run.detail.versie
        event.listen(store.engine, "commit", on_commit)
        try:
            await press(pilot, "j")
            await until([pilot], lambda: run.pending == 0)
            await pilot.pause(0.4)  # the live feed sees the own commit and reads the marker only
            await settle(pilot)
        finally:
            event.remove(store.engine, "commit", on_commit)
        assert "Iemand anders" not in screen_text(app)
    assert len(writes) == 1, f"{len(writes)} write transactions for one j"
    assert answer_row(store, first, "vt").beoordeling == answer_row(store, first, "amw").beoordeling == "bevestigd"
    with store.read() as s:
        assert bespreking.versie_of(s, first) == versie + 1


def seed_unopened(store) -> None:
    """Three meldingen waiting for the routeertafel; the chair has not opened Thursday's yet."""
    with store.write() as s:
        for n, (achternaam, voornaam) in enumerate([("Aalders", "Anna"), ("Bosch", "Bob"), ("Claes", "Carla")]):
            person = add_persoon(s, achternaam=achternaam, voornamen=voornaam, geboortedatum=date(1980 + n, 1, 2))
            add_melding(s, datum=date(2026, 11, 20 + n), personen=[person], extern_id=f"L-{n}")


async def test_vt_and_amw_prepare_thursday_before_the_chair_opens_it_and_the_chair_finds_it_marked(
    raw_store, store, regio, tmp_path
):
    seed_unopened(store)
    vt_app = make_app(raw_store.as_user(VT), regio, tmp_path / "vt", today=WEDNESDAY)
    amw_app = make_app(raw_store.as_user(AMW), regio, tmp_path / "amw", today=WEDNESDAY)
    async with vt_app.run_test(size=SIZE) as vt, amw_app.run_test(size=SIZE) as amw:
        for app, pilot in ((vt_app, vt), (amw_app, amw)):
            app.call_later(app.show_voorbereiden)
            await settle(pilot)
            assert isinstance(app.screen, VoorbereidenScreen)
            listed = screen_text(app)
            assert "Routeertafel" in listed and "nog niet geopend" in listed and "0 van 3" in listed, listed
            await press(pilot, "enter")
            assert isinstance(app.screen, PartnerOverlegScreen) and app.screen.current.bespreking_id is None
            assert "nog niet geopend door de voorzitter" in screen_text(app)
        vt_screen, amw_screen = vt_app.screen, amw_app.screen
        await press(vt, "1")  # bekend
        await press(vt, "i")
        await type_text(vt, "VT: gezin bekend sinds 2023")
        await press(vt, "enter")
        await press(amw, "n")  # AMW answers on the second melding
        await press(amw, "i")
        await type_text(amw, "AMW: schuldhulp")
        await press(amw, "enter")
        await until((vt, amw), lambda: not any(vt_screen.pending.values()) and not any(amw_screen.pending.values()))
        assert "AMW: schuldhulp" not in screen_text(vt_app) and "VT: gezin" not in screen_text(amw_app)
        with store.read() as s:
            waiting = s.exec(select(GeplandAntwoord.partner, GeplandAntwoord.notitie)).all()
        assert sorted(waiting) == [("amw", "AMW: schuldhulp"), ("vt", "VT: gezin bekend sinds 2023")]

        # Thursday morning the chair opens the routeertafel; VT's screen notices and follows it from then on.
        overleg_id = open_type(store, regio, "routeertafel", THURSDAY)
        await until((vt, amw), lambda: vt_screen.prep.overleg.overleg_id == overleg_id)
        assert "nog niet geopend" not in screen_text(vt_app) and "VT: gezin bekend sinds 2023" in screen_text(vt_app)
        await press(vt, "n")  # VT also answers the second melding, now on the opened overleg
        await press(vt, "1")
        await until((vt,), lambda: not any(vt_screen.pending.values()))
    first, second, _ = (i.bespreking_id for i in items(store, regio, overleg_id))
    assert answer_row(store, first, "vt").notitie == "VT: gezin bekend sinds 2023"
    assert answer_row(store, second, "amw").notitie == "AMW: schuldhulp"
    assert answer_row(store, second, "vt").code == "bekend"

    chair_app = make_app(store, regio, tmp_path / "chair")
    async with chair_app.run_test(size=SIZE) as pilot:
        chair_app.show_agenda(overleg_id)
        await settle(pilot)
        assert "VT ✓ ZVH – CJG – AMW –" in screen_text(chair_app)
        assert "VT ✓ ZVH – CJG – AMW ✓" in screen_text(chair_app)
        await press(pilot, "b")
        shown = screen_text(chair_app)
        assert "VT: gezin bekend sinds 2023" in shown and "voorbereid door VT, " in shown, shown


def views_by(store, account: str) -> list[tuple[str | None, int | None]]:
    with store.read() as s:
        rows = s.exec(
            select(Toegangslog.object_id, Toegangslog.persoon_id).where(
                Toegangslog.gebruiker == account,
                Toegangslog.actie == "bekeken",
                Toegangslog.object_type == "melding",
            )
        ).all()
    return [tuple(r) for r in rows]


async def test_a_live_partner_screen_logs_each_person_once_however_often_it_follows(
    raw_store, store, regio, tmp_path, monkeypatch
):
    """The rule: a view of a person is logged when it is shown; the same open screen reading the same
    persons again to follow the meeting is the same view. Measured without the minute's de-duplication."""
    from zvh_core.access import audit

    monkeypatch.setattr(audit, "VIEW_REPEAT_SECONDS", 0)
    overleg_id, (first, second, third) = seed_thursday(store, regio)
    overleggen.start(store, overleg_id)
    app = make_app(raw_store.as_user(VT), regio, tmp_path / "vt")
    async with app.run_test(size=SIZE) as pilot:
        app.push_screen(PartnerOverlegScreen(overleg_id))
        await settle(pilot)
        screen = app.screen
        await until([pilot], lambda: screen.live and screen.current.bespreking_id == first)
        assert len(views_by(store, "vt-els")) == 3  # the agenda's three persons, shown once
        reads = []
        monkeypatch.setattr(screen, "reload", lambda wrapped=screen.reload: (reads.append(1), wrapped())[1])
        for target in (second, third, first):  # the chair moves; AMW answers on its own screen
            overleggen.set_current(store, overleg_id, target)
            await until([pilot], lambda t=target: screen.current.bespreking_id == t)
        voorbereiden.answer(raw_store.as_user(AMW), regio, first, code="bekend", expected_versie=0)
        await until([pilot], lambda: len(reads) >= 4)
        assert len(views_by(store, "vt-els")) == 3, "following the meeting re-logged persons already shown"
        # A melding put on the agenda now shows a new person: that view is logged, once.
        with store.write() as s:
            dirk = add_persoon(s, achternaam="Dekker", voornamen="Dirk")
            late = add_melding(s, datum=date(2026, 11, 24), personen=[dirk], extern_id="L-9")
            dirk_id, late_id = dirk.id, late.id
        overleggen.add_to_agenda(store, overleg_id, late_id)
        await until([pilot], lambda: len(screen.items) == 4)
        overleggen.set_current(store, overleg_id, second)
        await until([pilot], lambda: screen.current.bespreking_id == second)
        logged = views_by(store, "vt-els")
        assert len(logged) == 4 and logged[-1] == (str(late_id), dirk_id)
        await press(pilot, "escape")  # leaving and opening the screen again is a new view of each
        app.push_screen(PartnerOverlegScreen(overleg_id))
        await settle(pilot)
        await until([pilot], lambda: app.screen.prep is not None)
    assert len(views_by(store, "vt-els")) == 8

"""The run screen with a second chair on the same store: the chair's own quick changes never trip the
version check; a change on an item someone else changed is refused, and the stored state is shown."""

from __future__ import annotations

from sqlalchemy import select

from tests.test_tui_routeertafel import SIZE, seed, start_today
from tests.tui_helpers import make_app, press, screen_text
from tui.screens.dialogs import ErrorDialog
from tui.screens.run import RunScreen
from zvh_core.kernel.models import Bekendheid, Besluit, Bespreking
from zvh_core.meetings import bespreking


async def test_own_quick_changes_pass_and_a_stale_one_is_refused_showing_the_other_chairs_decision(
    store, regio, tmp_path
):
    seed(store, 2)
    app = make_app(store, regio, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await start_today(pilot)
        await press(pilot, "b")
        screen = app.screen
        assert isinstance(screen, RunScreen)
        # Many changes in a row, each queued before the previous one is stored: none is refused.
        await pilot.press("1", "1", "2", "2", "2")
        await press(pilot, "r", "1", "enter")
        assert not isinstance(app.screen, ErrorDialog), screen_text(app)
        item = screen.current_item.bespreking_id
        with store.read() as s:
            assert s.scalar(select(Besluit.route).where(Besluit.bespreking_id == item)) == "veilig_thuis"
            codes = dict(
                s.execute(select(Bekendheid.partner, Bekendheid.code).where(Bekendheid.bespreking_id == item)).all()
            )
            versie = s.scalar(select(Bespreking.versie).where(Bespreking.id == item))
        assert codes == {"vt": "niet_bekend", "zvh": "niet_nagevraagd"}

        # The other chair (ZVH, another workstation) decides this melding differently meanwhile.
        bespreking.set_besluit(store, regio, item, "amw", "AMW kent het gezin", expected_versie=versie)
        await press(pilot, "1")

        assert isinstance(app.screen, ErrorDialog)
        shown = screen_text(app)
        assert "Iemand anders heeft deze melding intussen gewijzigd" in shown
        assert screen.detail.besluit.route == "amw"  # the fresh state is on the screen behind the dialog
        await press(pilot, "escape")
        assert isinstance(app.screen, RunScreen)
        shown = screen_text(app)
        assert "Route: AMW — AMW kent het gezin" in shown
        assert "1 VT     niet bekend" in shown
        # Now on the fresh version, the chair's change goes through.
        await press(pilot, "1")
        assert not isinstance(app.screen, ErrorDialog)
        assert "1 VT     niet nagevraagd" in screen_text(app)
    with store.read() as s:
        assert s.scalar(select(Besluit.route).where(Besluit.bespreking_id == item)) == "amw"
        assert (
            s.scalar(select(Bekendheid.code).where(Bekendheid.bespreking_id == item, Bekendheid.partner == "vt"))
            == "niet_nagevraagd"
        )

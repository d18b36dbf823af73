"""Demo data: complete, believable, deterministic, and it leaves a realistic agenda open."""

from __future__ import annotations

import importlib.util
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import func, select
from stdnum.nl import bsn
from typer.testing import CliRunner

from tests.stores import fresh_url
from zvh_core.access.systeem import as_system
from zvh_core.config import settings
from zvh_core.config.regio import Regio
from zvh_core.demo.fill import DemoSummary, bsn_for, fill_demo, split_surname
from zvh_core.kernel.models import (
    Actie,
    Bekendheid,
    Besluit,
    Bespreking,
    Casus,
    CasusDoel,
    CasusEvaluatie,
    CasusJournaal,
    CasusMelding,
    CasusOverdracht,
    CasusPeriode,
    CasusPersoon,
    Melding,
    MeldingPersoon,
    Overleg,
    OverlegPartner,
    Persoon,
)
from zvh_core.store import Store, open_store

TODAY = date(2026, 3, 16)  # a Monday: the routeertafel meets today
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> tuple[Store, DemoSummary]:
    from zvh_core.config.regio import load_regio

    store = as_system(open_store(fresh_url(tmp_path_factory.mktemp("demo"))))
    summary = fill_demo(store, load_regio(), today=TODAY)
    yield store, summary
    store.dispose()


def agenda_counts(store: Store, regio: Regio) -> Counter:
    """Undecided meldingen per overlegtype, by the agenda rule (latest besluit decides)."""
    with store.read() as s:
        rows = s.exec(
            select(Bespreking.melding_id, Overleg.type, Besluit.route, Besluit.genomen_op)
            .join(Overleg, Overleg.id == Bespreking.overleg_id)
            .join(Besluit, Besluit.bespreking_id == Bespreking.id)
        ).all()
        meldingen = s.exec(select(Melding.id, Melding.soort)).all()
    latest: dict[int, tuple] = {}
    for melding_id, otype, route, when in rows:
        if melding_id not in latest or when > latest[melding_id][0]:
            latest[melding_id] = (when, otype, route)
    counts: Counter = Counter()
    for melding_id, soort in meldingen:
        if melding_id in latest:
            _, otype, route = latest[melding_id]
            target = regio.route_target(route, otype)
        else:
            target = next((code for code, t in regio.overlegtypen.items() if soort in t.soorten), None)
        if target:
            counts[target] += 1
    return counts


def test_every_soort_and_gemeente(demo, regio):
    store, summary = demo
    with store.read() as s:
        soorten = Counter(s.exec(select(Melding.soort)).all())
        gemeenten = set(s.exec(select(Melding.gemeente)).all())
        bronnen = set(s.exec(select(Melding.bron)).all())
        days = s.exec(select(func.min(Melding.datum), func.max(Melding.datum))).one()
    assert set(soorten) == set(regio.soorten)
    assert min(soorten.values()) >= 2
    for common in ("overlast", "crimineel", "huiselijk_geweld", "verward_gedrag"):
        assert soorten[common] > soorten["detentie"]
    assert gemeenten == set(regio.gemeenten)
    assert bronnen <= set(regio.bronnen)
    assert days[1] < TODAY
    assert summary.meldingen == sum(soorten.values())


def test_persons_households_and_recurrence(demo):
    store, _ = demo
    with store.read() as s:
        per_melding = Counter(s.exec(select(MeldingPersoon.melding_id)).all())
        per_person = Counter(s.exec(select(MeldingPersoon.persoon_id)).all())
        persons = {p.id: p for p in s.exec(select(Persoon)).all()}
        dates = dict(s.exec(select(Melding.id, Melding.datum)).all())
        links = s.exec(select(MeldingPersoon)).all()
        soorten = dict(s.exec(select(Melding.id, Melding.soort)).all())
    multi = [m for m, n in per_melding.items() if n >= 2]
    assert 0.15 < len(multi) / len(per_melding) < 0.4
    assert max(per_melding.values()) <= 4
    recurring = [p for p, n in per_person.items() if n >= 3]
    assert len(recurring) >= 5
    old = {link.persoon_id for link in links if dates[link.melding_id] < TODAY - timedelta(90)}
    recent = {link.persoon_id for link in links if dates[link.melding_id] >= TODAY - timedelta(35)}
    assert len(old & recent) >= 5, "some persons were known months before"
    unknown = [p for p in persons.values() if not p.achternaam and not p.voornamen]
    assert unknown
    with_bsn = [p.bsn for p in persons.values() if p.bsn]
    assert len(with_bsn) > 20
    assert all(bsn.is_valid(x) for x in with_bsn)
    assert len(set(with_bsn)) == len(with_bsn)
    named = [p for p in persons.values() if p.achternaam and p.geboortedatum]
    assert all(p.match_sleutel for p in named)
    children = [p for p in named if p.geboortedatum > TODAY - timedelta(18 * 365)]
    assert children
    for melding_id in multi:  # a household about huiselijk geweld shares its address
        if soorten[melding_id] == "huiselijk_geweld":
            assert len({persons[link.persoon_id].adres for link in links if link.melding_id == melding_id}) == 1


def test_past_overleggen_are_closed_and_complete(demo, regio):
    store, _ = demo
    with store.read() as s:
        overleggen = s.exec(select(Overleg)).all()
        partners = Counter(s.exec(select(OverlegPartner.overleg_id)).all())
        afgemeld = dict(
            s.exec(
                select(OverlegPartner.overleg_id, OverlegPartner.partner).where(
                    OverlegPartner.aanwezigheid == "afgemeld"
                )
            ).all()
        )
        deelt_niet = s.exec(select(Bekendheid).where(Bekendheid.code == "deelt_niet")).all()
        rows = s.exec(
            select(Overleg.type, Overleg.datum, Besluit.route, Bespreking.id, Overleg.id)
            .join(Bespreking, Bespreking.overleg_id == Overleg.id)
            .join(Besluit, Besluit.bespreking_id == Bespreking.id)
        ).all()
        bekendheid = Counter(s.exec(select(Bekendheid.bespreking_id)).all())
        notes = s.exec(select(Bekendheid.notitie).where(Bekendheid.notitie.is_not(None))).all()
        besprekingen = s.exec(select(func.count()).select_from(Bespreking)).one()
        acties = s.exec(
            select(Actie, Overleg.datum)
            .join(Bespreking, Bespreking.id == Actie.bespreking_id)
            .join(Overleg, Overleg.id == Bespreking.overleg_id)
        ).all()
    assert {o.type for o in overleggen} == set(regio.overlegtypen)
    assert all(o.datum < TODAY and o.status == "gesloten" and o.gesloten_op for o in overleggen)
    assert all(o.datum.weekday() in regio.overlegtypen[o.type].dagen for o in overleggen)
    assert all(partners[o.id] == len(regio.overlegtypen[o.type].partners) for o in overleggen)
    assert len(rows) == besprekingen, "every bespreking has a besluit"
    assert all(o.geheimhouding_gelezen_op for o in overleggen)
    assert 0 < len(afgemeld) < len(overleggen) / 3 and "zvh" not in afgemeld.values()
    for otype, _, route, bespreking_id, overleg_id in rows:
        assert route in regio.overlegtypen[otype].routes
        present = len(regio.overlegtypen[otype].partners) - (overleg_id in afgemeld)
        assert bekendheid[bespreking_id] == present, "a bekendheid for every partner present, none for apologies"
    assert deelt_niet and all(b.reden_niet_delen for b in deelt_niet)
    routes = Counter(route for _, _, route, _, _ in rows)
    assert routes["aanhouden"] >= 3 and routes["zvh_triage"] >= 3 and routes["casus_openen"] == 1
    assert any("sinds" in n for n in notes)
    assert all(a.termijn == datum + timedelta(regio.actie_termijn_dagen) for a, datum in acties)
    assert all(a.eigenaar in regio.partners for a, _ in acties)
    done = [a for a, _ in acties if a.afgerond_op]
    overdue = [a for a, _ in acties if not a.afgerond_op and a.termijn < TODAY]
    pending = [a for a, _ in acties if not a.afgerond_op and a.termijn >= TODAY]
    assert done and overdue and pending
    assert all(a.terugkoppeling for a in done)
    # The next overleg of the type reviewed them: done ones gedaan, others niet gedaan or changed.
    reviewed = Counter(a.status for a, _ in acties if a.status)
    assert reviewed["gedaan"] and reviewed["niet_gedaan"] and reviewed["omstandigheden_gewijzigd"]
    assert all(a.afgerond_op and a.afgerond_op <= a.status_op for a, _ in acties if a.status == "gedaan")
    assert all(a.status_op > datum and a.status_overleg_id for a, datum in acties if a.status)


def test_undecided_agenda_for_the_next_overleggen(demo, regio):
    store, summary = demo
    counts = agenda_counts(store, regio)
    assert 15 <= counts["routeertafel"] <= 25
    assert 5 <= counts["e33_screening"] <= 10
    assert 2 <= counts["triage"] <= 15
    assert dict(counts) == {k: v for k, v in summary.agenda.items() if v}
    with store.read() as s:
        assert not s.exec(select(Overleg).where(Overleg.datum == TODAY)).all()


def test_casussen(demo, regio):
    store, _ = demo
    with store.read() as s:
        casussen = s.exec(select(Casus)).all()
        persons = Counter(s.exec(select(CasusPersoon.casus_id)).all())
        meldingen = Counter(s.exec(select(CasusMelding.casus_id)).all())
        opened = s.exec(
            select(Casus, Overleg.datum)
            .join(CasusMelding, CasusMelding.casus_id == Casus.id)
            .join(Bespreking, Bespreking.melding_id == CasusMelding.melding_id)
            .join(Besluit, Besluit.bespreking_id == Bespreking.id)
            .join(Overleg, Overleg.id == Bespreking.overleg_id)
            .where(Besluit.route == "casus_openen")
        ).all()
    assert len(casussen) >= 6
    assert len({c.thema for c in casussen}) >= 4 and all(c.thema in regio.themas for c in casussen)
    assert any(c.gesloten for c in casussen) and any(c.gesloten is None for c in casussen)
    assert all(c.gesloten is None or c.gesloten > c.geopend for c in casussen)
    assert len({c.procesregisseur for c in casussen}) >= 2
    assert all(persons[c.id] >= 1 for c in casussen)
    assert sum(1 for c in casussen if meldingen[c.id]) >= 4
    assert len(opened) == 1 and opened[0][0].geopend == opened[0][1]


def test_deterministic_per_seed_and_day(tmp_path, demo, regio):
    def names(store: Store) -> list:
        with store.read() as s:
            return s.exec(select(Persoon.achternaam, Persoon.voornamen, Persoon.bsn).order_by(Persoon.id)).all()

    again = as_system(open_store(fresh_url(tmp_path, "again")))
    other = as_system(open_store(fresh_url(tmp_path, "other")))
    try:
        fill_demo(again, regio, today=TODAY)
        fill_demo(other, regio, today=TODAY, seed=7)
        assert names(again) == names(demo[0])
        assert names(other) != names(demo[0])
    finally:
        again.dispose()
        other.dispose()


@pytest.mark.parametrize("today", [date(2026, 3, 19), date(2026, 3, 18), date(2026, 3, 22)])
def test_other_days_leave_a_believable_agenda(tmp_path, regio, today):
    store = as_system(open_store(fresh_url(tmp_path)))
    try:
        fill_demo(store, regio, today=today)
        counts = agenda_counts(store, regio)
        assert 15 <= counts["routeertafel"] <= 25 and 5 <= counts["e33_screening"] <= 10
        assert counts["triage"] >= 2
        with store.read() as s:
            assert s.exec(select(func.max(Overleg.datum))).one() < today
    finally:
        store.dispose()


def test_building_blocks():
    keys = range(0, 200_000, 7)
    numbers = [bsn_for(k, 2026) for k in keys]
    assert all(bsn.is_valid(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)
    assert split_surname("van der Berg") == ("van der", "Berg")
    assert split_surname("Berg, van der") == ("van der", "Berg")
    assert split_surname("Jansen") == (None, "Jansen")


# --- the command line -------------------------------------------------------------------------
@pytest.fixture
def cli_env(db_url, monkeypatch):
    monkeypatch.setenv("ZVH_DATABASE_URL", db_url)
    settings.get_settings.cache_clear()
    yield db_url
    settings.get_settings.cache_clear()


def test_cli_demo_fills_an_empty_store_once(cli_env):
    from tui.cli.main import app

    runner = CliRunner()
    first = runner.invoke(app, ["demo"])
    assert first.exit_code == 0, first.output
    assert "meldingen" in first.output and "Routeertafel" in first.output
    store = as_system(open_store(cli_env))
    try:
        with store.read() as s:
            count = s.exec(select(func.count()).select_from(Melding)).one()
    finally:
        store.dispose()
    assert count > 200

    again = runner.invoke(app, ["--gebruiker", "demo-beheerder", "demo"], env={"ZVH_WACHTWOORD": "alleen-voor-demo"})
    assert again.exit_code == 1
    assert "De database bevat al gegevens; demodata wordt alleen in een lege database gezet." in again.output

    quiet = runner.invoke(app, ["demo", "--als-leeg"])
    assert quiet.exit_code == 0 and quiet.output == ""


def test_cli_demo_als_leeg_fills_an_empty_store(cli_env):
    from tui.cli.main import app

    result = CliRunner().invoke(app, ["demo", "--als-leeg"])
    assert result.exit_code == 0 and "Demodata toegevoegd" in result.output


# --- the benchmark generators -------------------------------------------------------------------
def load_bench(name: str):
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_generate_small(tmp_path, regio):
    url = fresh_url(tmp_path, "bench")
    counts = load_bench("generate").generate(
        url, meldingen=2000, personen=600, casussen=150, overleggen_weken=8, jaren=2, today=TODAY, regio=regio
    )
    assert counts["melding"] == 2000
    assert 150 - 5 <= counts["casus"] <= 150
    store = as_system(open_store(url))
    try:
        with store.read() as s:
            for model in (
                Persoon,
                Melding,
                MeldingPersoon,
                Bespreking,
                Besluit,
                Bekendheid,
                Casus,
                CasusPersoon,
                CasusMelding,
                Actie,
                Overleg,
            ):
                assert s.exec(select(func.count()).select_from(model)).one() == counts[model.__tablename__]
            named = s.exec(select(func.count()).select_from(Persoon).where(Persoon.achternaam.is_not(None))).one()
            per_person = Counter(s.exec(select(MeldingPersoon.persoon_id)).all())
            bsns = s.exec(select(Persoon.bsn).where(Persoon.bsn.is_not(None))).all()
            years = s.exec(select(func.min(Melding.datum), func.max(Melding.datum))).one()
            open_overleg = s.exec(select(func.count()).select_from(Overleg).where(Overleg.status != "gesloten")).one()
            with_history = s.exec(
                select(func.count()).select_from(Bekendheid).where(Bekendheid.notitie.is_not(None))
            ).one()
        assert named == 600
        assert max(per_person.values()) >= 10, "some persons come back often"
        assert all(bsn.is_valid(x) for x in bsns) and len(set(bsns)) == len(bsns)
        assert years[0] < TODAY - timedelta(365) and years[1] < TODAY
        assert open_overleg == 0 and with_history > 0
        agenda = agenda_counts(store, regio)
        assert agenda["routeertafel"] == 25 and agenda["e33_screening"] == 8 and agenda["triage"] == 4
    finally:
        store.dispose()


def test_bench_make_csv(tmp_path, regio):
    path = tmp_path / "meldingen.csv"
    meldingen = load_bench("make_csv").write_csv(path, 500, today=TODAY, regio=regio)
    lines = path.read_text(encoding="utf-8").splitlines()
    import csv

    rows = list(csv.DictReader(lines, delimiter=";"))
    assert lines[0] == (
        "extern_id;bron;soort;datum;gemeente;achternaam;tussenvoegsel;voornamen;geboortedatum;"
        "bsn;adres;postcode;woonplaats;omschrijving"
    )
    assert len(rows) == 500
    records: dict[tuple, tuple] = {}
    for row in rows:
        assert row["soort"] in regio.soorten and row["bron"] in regio.bronnen
        assert row["gemeente"] in regio.gemeenten
        assert date.fromisoformat(row["datum"]) < TODAY
        assert not row["bsn"] or bsn.is_valid(row["bsn"])
        record = (row["soort"], row["datum"], row["gemeente"], row["omschrijving"])
        assert records.setdefault((row["bron"], row["extern_id"]), record) == record
    assert len(records) == meldingen < 500
    assert any(not row["achternaam"] and not row["voornamen"] for row in rows)


def test_the_demo_casussen_have_a_working_file(demo, regio):
    store, _ = demo
    with store.read() as s:
        casussen = s.exec(select(Casus)).all()
        periods = s.exec(select(CasusPeriode)).all()
        goals = s.exec(select(CasusDoel)).all()
        journal = s.exec(select(CasusJournaal)).all()
        evaluations = s.exec(select(CasusEvaluatie)).all()
        handovers = s.exec(select(CasusOverdracht)).all()
    per_casus = Counter(p.casus_id for p in periods)
    assert set(per_casus) == {c.id for c in casussen}, "every casus has its periods"
    (reopened,) = [c for c in casussen if per_casus[c.id] == 2]
    assert reopened.gesloten is None and reopened.heropend_op is not None
    closed = [p for p in periods if p.tot is not None]
    assert closed and all(p.reden_sluiting in regio.procesregie.sluitredenen for p in closed), "coded reasons"
    assert all(c.reden_sluiting in (None, *regio.procesregie.sluitredenen) for c in casussen)
    assert all(g.leefgebied in regio.procesregie.leefgebieden_van(t) for g in goals for t in [
        next(c.thema for c in casussen if c.id == g.casus_id)])  # fmt: skip
    assert {g.casus_id for g in goals} == {c.id for c in casussen}
    assert len(journal) >= 2 * len(casussen) and evaluations and handovers
    assert any(c.procesregisseur == "demo-regisseur" and c.gesloten is None for c in casussen)

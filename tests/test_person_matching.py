"""One person stays one person whatever the notation of the tussenvoegsel (domain.md §4): in both importers,
in "Nieuwe persoon", for stored persons (`zvh personen dubbelen`, the migration that recomputes the keys),
with property tests over the notations."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from alembic import command
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import func, select, text, update
from typer.testing import CliRunner

from db import migrate
from db.engine import make_engine
from tests.encrypted import connect_store, run_key
from tests.factories import add_casus
from tests.tui_helpers import make_app, press, screen_text, settle, type_text
from zvh_core.casussen import procesregie
from zvh_core.config.settings import get_settings
from zvh_core.imports.casussen import import_casussen
from zvh_core.imports.meldingen import import_meldingen
from zvh_core.kernel.models import CasusPersoon, Melding, MeldingPersoon, Persoon
from zvh_core.kernel.names import match_key, same_surname, surname_parts
from zvh_core.persons import dubbelen
from zvh_core.persons.history import history_for
from zvh_core.store import open_store

TODAY = date(2026, 11, 26)
BORN = date(1987, 3, 14)
MELDINGEN = "extern_id;bron;soort;datum;gemeente;achternaam;tussenvoegsel;voornamen;geboortedatum\n"
CASUSSEN = "extern_id;thema;gemeente;geopend;achternaam;tussenvoegsel;voornamen;geboortedatum\n"


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def persons_of(store, extern_ids: list[str]) -> list[int]:
    with store.read() as s:
        rows = s.execute(
            select(Melding.extern_id, MeldingPersoon.persoon_id)
            .join(MeldingPersoon, MeldingPersoon.melding_id == Melding.id)
            .where(Melding.extern_id.in_(extern_ids))
        ).all()
    by_id = dict(rows)
    return [by_id[e] for e in extern_ids]


# --- the importers ----------------------------------------------------------------------------------------------
def test_berg_vd_and_van_der_berg_are_one_person_and_eerder_bekend_shows_the_first(store, regio, tmp_path):
    first = write(tmp_path, "a.csv", MELDINGEN + "M-1;politie;overlast;2026-10-01;Roermond;Berg;v.d.;Jan;14-03-1987\n")
    second = write(
        tmp_path, "b.csv", MELDINGEN + "M-2;politie;overlast;2026-10-08;Roermond;van der Berg;;Jan;1987-03-14\n"
    )

    assert import_meldingen(store, regio, first, today=TODAY).persons_new == 1
    result = import_meldingen(store, regio, second, today=TODAY)

    assert (result.persons_new, result.persons_recognised) == (0, 1)
    assert "Personen: 0 nieuw, 1 herkend" in " ".join(result.summary_lines())
    one, same = persons_of(store, ["M-1", "M-2"])
    assert one == same
    with store.read() as s:
        melding = s.scalar(select(Melding.id).where(Melding.extern_id == "M-2"))
        earlier = history_for(s, melding, [one], None)
    assert [m.extern_id for m in earlier.meldingen] == ["M-1"]


def test_rows_that_write_a_person_alike_are_one_person_unless_nothing_can_recognise_them(store, regio, tmp_path):
    # Rows written alike share one checked person object; the matcher remembers what it resolved that to,
    # but a person without BSN and birth date (no match key) is never recognised: each row its own person.
    rows = [
        "M-1;politie;overlast;2026-10-01;Roermond;Berg;;Jan;14-03-1987",
        "M-2;politie;overlast;2026-10-02;Roermond;Berg;;Jan;14-03-1987",
        "M-3;politie;overlast;2026-10-03;Roermond;Berg;;Jan;14-03-1987",
        "M-4;politie;overlast;2026-10-04;Roermond;Zonderdatum;;Piet;",
        "M-5;politie;overlast;2026-10-05;Roermond;Zonderdatum;;Piet;",
    ]
    result = import_meldingen(store, regio, write(tmp_path, "a.csv", MELDINGEN + "\n".join(rows) + "\n"), today=TODAY)

    assert (result.persons_new, result.persons_recognised) == (3, 2)
    one, two, three, four, five = persons_of(store, ["M-1", "M-2", "M-3", "M-4", "M-5"])
    assert one == two == three
    assert len({one, four, five}) == 3


def test_in_one_file_every_notation_of_van_der_is_one_person_and_de_or_van_den_are_others(store, regio, tmp_path):
    rows = [
        ("N-1", "Berg", "van der"),
        ("N-2", "van der Berg", ""),
        ("N-3", "Berg", "V.D."),
        ("N-4", "Berg", "vd"),
        ("N-5", "VAN DER BERG", ""),
        ("N-6", "Berg", "de"),  # 'v.d.' never matches 'de' alone
        ("N-7", "Berg", "van den"),  # another tussenvoegsel written in full is another surname
    ]
    lines = "".join(f"{i};politie;overlast;2026-10-01;Roermond;{a};{t};Jan;1987-03-14\n" for i, a, t in rows)
    result = import_meldingen(store, regio, write(tmp_path, "m.csv", MELDINGEN + lines), today=TODAY)

    assert result.ok and result.persons_new == 3, " ".join(result.summary_lines())
    ids = persons_of(store, [r[0] for r in rows])
    assert len(set(ids[:5])) == 1
    assert len({ids[0], ids[5], ids[6]}) == 3


def test_glued_comma_and_van_d_notations_are_the_same_person_and_other_names_keep_their_letters(store, regio, tmp_path):
    rows = [
        ("G-1", "van der Berg", ""),
        ("G-2", "vdBerg", ""),  # the abbreviation glued to the surname (spaces are folded)
        ("G-3", "VDBERG", ""),
        ("G-4", "Berg, van der", ""),  # the surname first, the tussenvoegsel behind a comma
        ("G-5", "Berg, v.d.", ""),
        ("G-6", "Berg", "van d."),  # van with an abbreviated der
        ("G-7", "van d. Berg", ""),
        ("G-8", "Berg, de", ""),  # 'de' alone is another surname, also behind a comma
        ("G-9", "Berg, Jan", ""),  # not a tussenvoegsel behind the comma: the name as written
    ]
    lines = "".join(f"{i};politie;overlast;2026-10-01;Roermond;{a};{t};Jan;1987-03-14\n" for i, a, t in rows)
    result = import_meldingen(store, regio, write(tmp_path, "m.csv", MELDINGEN + lines), today=TODAY)

    assert result.ok and result.persons_new == 3, " ".join(result.summary_lines())
    ids = persons_of(store, [r[0] for r in rows])
    assert len(set(ids[:7])) == 1
    assert len({ids[0], ids[7], ids[8]}) == 3


def test_the_casussen_import_recognises_a_melding_person_in_another_notation(store, regio, tmp_path):
    melding = MELDINGEN + "M-9;politie;overlast;2026-10-01;Roermond;van den Bosch;;Ayla;02-05-1990\n"
    assert import_meldingen(store, regio, write(tmp_path, "m.csv", melding), today=TODAY).ok
    casus = CASUSSEN + "C-9;pga;Roermond;2023-01-10;Bosch;v.d.;A.;1990-05-02\n"

    result = import_casussen(store, regio, write(tmp_path, "c.csv", casus), today=TODAY)

    assert result.ok and (result.persons_new, result.persons_recognised) == (0, 1), " ".join(result.summary_lines())
    with store.read() as s:
        assert s.scalar(select(func.count()).select_from(Persoon)) == 1


def test_nieuwe_persoon_is_recognised_in_another_notation(store):
    stored, recognised = procesregie.new_persoon(store, achternaam="van der Berg", voornamen="Jan", geboortedatum=BORN)
    assert not recognised
    same, recognised = procesregie.new_persoon(
        store, achternaam="Berg", tussenvoegsel="v.d.", voornamen="J.", geboortedatum=BORN
    )
    assert (same, recognised) == (stored, True)
    other, recognised = procesregie.new_persoon(
        store, achternaam="Berg", tussenvoegsel="de", voornamen="Jan", geboortedatum=BORN
    )
    assert other != stored and not recognised


# --- stored persons: the migration and `zvh personen dubbelen` ---------------------------------------------------
def add_person(store, achternaam: str, tussenvoegsel: str | None, voornamen: str = "Jan", **extra) -> int:
    """A person stored as an earlier version did: its key with the tussenvoegsel as typed."""
    old_key = "|".join(
        (
            "".join(ch for ch in achternaam.lower() if ch.isalnum()),
            "".join(ch for ch in (tussenvoegsel or "").lower() if ch.isalnum()),
            BORN.isoformat(),
            voornamen[0].lower(),
        )
    )
    with store.write() as s:
        person = Persoon(
            achternaam=achternaam,
            tussenvoegsel=tussenvoegsel,
            voornamen=voornamen,
            geboortedatum=BORN,
            match_sleutel=old_key,
            **extra,
        )
        s.add(person)
        s.flush()
        return person.id


@pytest.mark.sqlite_only  # the store is reopened as a file of the previous schema
def test_the_upgrade_recomputes_the_keys_of_stored_persons(store, db_url, regio, tmp_path):
    berg = add_person(store, "van der Berg", None)
    with store.write() as s:
        s.execute(update(Persoon).where(Persoon.id == berg).values(match_sleutel="vanderberg|1987-03-14|j"))
    store.dispose()
    engine = make_engine(db_url, key=run_key())
    try:  # back to the schema before 0160 (the later migrations undone too), as an older store would be
        config = migrate.alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "aanbrenger")
    finally:
        engine.dispose()

    upgraded = open_store(db_url)
    try:
        with upgraded.read() as s:
            assert s.scalar(select(Persoon.match_sleutel).where(Persoon.id == berg)) == "berg|vd|1987-03-14|j"
            assert s.scalar(text("SELECT version_num FROM alembic_version")) == migrate.head_revision()
    finally:
        upgraded.dispose()


@pytest.mark.sqlite_only  # the store is reopened as a file of the previous schema
def test_the_upgrade_recomputes_the_keys_of_glued_comma_and_van_d_notations(store, db_url):
    glued = add_person(store, "vdBerg", None)
    comma = add_person(store, "Berg, van den", None)
    van_d = add_person(store, "Berg", "van d.")
    plain = add_person(store, "Jansen", None)
    engine = make_engine(db_url, key=run_key())
    try:  # back to the schema before 0161, as an older store would be: the keys by the rule before
        config = migrate.alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0121_gepland_antwoord")
    finally:
        engine.dispose()
    store.dispose()
    raw = connect_store(Path(db_url.removeprefix("sqlite:///")))
    old = dict(raw.execute("SELECT id, match_sleutel FROM persoon").fetchall())
    raw.close()
    assert old == {
        glued: "vdberg||1987-03-14|j",
        comma: "bergvanden||1987-03-14|j",
        van_d: "dberg|v|1987-03-14|j",
        plain: "jansen||1987-03-14|j",
    }

    upgraded = open_store(db_url)
    try:
        with upgraded.read() as s:
            keys = dict(s.execute(select(Persoon.id, Persoon.match_sleutel)).all())
    finally:
        upgraded.dispose()
    assert keys == {
        glued: "berg|vd|1987-03-14|j",
        comma: "berg|vd|1987-03-14|j",
        van_d: "berg|vd|1987-03-14|j",
        plain: "jansen||1987-03-14|j",
    }


@pytest.fixture
def cli(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("ZVH_DATABASE_URL", db_url)
    monkeypatch.setenv("ZVH_BACKUP_DIR", str(tmp_path / "backups"))
    get_settings.cache_clear()
    from tui.cli.main import app

    runner = CliRunner()
    yield lambda *args, input=None: runner.invoke(app, list(args), input=input)
    get_settings.cache_clear()


def rekey(store) -> None:
    """What the upgrade does to stored persons: the key by the current rule."""
    with store.write() as s:
        for person in s.exec(select(Persoon)).scalars():
            key = match_key(person.achternaam, person.tussenvoegsel, person.geboortedatum, person.voornamen)
            s.execute(update(Persoon).where(Persoon.id == person.id).values(match_sleutel=key))


def test_personen_dubbelen_lists_the_pairs_and_merges_only_what_is_confirmed(store, cli):
    a = add_person(store, "van der Berg", None)
    b = add_person(store, "Berg", "v.d.")
    c = add_person(store, "Berg", "vd")
    d = add_person(store, "Berg", "de")  # not the same surname
    e = add_person(store, "Jansen", None, bsn="111222333")
    f = add_person(store, "Janssen", None, voornamen="Piet", bsn="111222333")  # one BSN: one person
    rekey(store)
    with store.read() as s:
        pairs = dubbelen.matching_pairs(s)
    assert [(p.behouden.id, p.vervallen.id) for p in pairs] == [(a, b), (a, c), (b, c), (e, f)]

    listed = cli("personen", "dubbelen")
    assert listed.exit_code == 0, listed.output
    assert f"1. #{a} Jan van der Berg (14-03-1987, 0 meldingen)\n   = #{b} Jan v.d. Berg" in listed.output
    assert f"#{d} " not in listed.output and "4 paar/paren." in listed.output

    merged = cli("personen", "dubbelen", "--samenvoegen", input="j\nn\nn\n")

    assert merged.exit_code == 0, merged.output
    assert "1 paar/paren samengevoegd." in merged.output
    with store.read() as s:
        left = set(s.exec(select(Persoon.id)).scalars())
    assert left == {a, c, d, e, f}, "only the confirmed pair is merged; (b, c) is skipped once b is gone"
    again = cli("personen", "dubbelen")
    assert "2 paar/paren." in again.output


# --- property tests over the notations --------------------------------------------------------------------------
CORE = st.sampled_from(["Berg", "Bosch", "Heuvel", "Wijngaard", "Özgür", "Hout", "El Amrani", "Velde"])
WITH_V_D = st.sampled_from(["van de", "van den", "van der"])


def cased(draw, word: str) -> str:
    return draw(st.sampled_from([word, word.upper(), word.title(), word.capitalize()]))


@st.composite
def notation_of_v_d(draw, full: str) -> tuple[str, str]:
    """(tussenvoegsel, achternaam-prefix) for 'van de(n/r)': in full or abbreviated, in its column or in front."""
    written = draw(st.sampled_from([full, "v.d.", "vd", "v. d.", "v/d", "V.D.", "vd."]))
    return cased(draw, written), ""


@st.composite
def placed(draw, tussenvoegsel: str, core: str) -> tuple[str, str]:
    """The same name with its tussenvoegsel in its own column or in front of the achternaam."""
    if draw(st.booleans()):
        return cased(draw, core), tussenvoegsel
    spaces = draw(st.sampled_from([" ", "  "]))
    return f"{tussenvoegsel}{spaces}{cased(draw, core)}".strip(), ""


@given(CORE, WITH_V_D, st.data())
def test_every_notation_of_van_de_n_r_matches_the_full_form(core, full, data):
    written, _ = data.draw(notation_of_v_d(full))
    a = data.draw(placed(full, core))
    b = data.draw(placed(written, core))
    assert same_surname(a[0], a[1], b[0], b[1]), (a, b)
    assert match_key(a[0], a[1], BORN, "Jan") == match_key(b[0], b[1], BORN, "jan")


@given(CORE, st.sampled_from(["van", "v.", "V.", "v"]), st.data())
def test_v_is_van(core, written, data):
    a = data.draw(placed("van", core))
    b = data.draw(placed(written, core))
    assert same_surname(a[0], a[1], b[0], b[1]), (a, b)


@given(CORE, st.sampled_from(["v.d.", "vd", "V.D.", "van de", "van der", "van den"]), st.data())
def test_v_d_or_van_de_never_matches_de_alone(core, written, data):
    a = data.draw(placed(written, core))
    b = data.draw(placed(data.draw(st.sampled_from(["de", "De", "der", "den"])), core))
    assert not same_surname(a[0], a[1], b[0], b[1]), (a, b)


@given(CORE, st.sampled_from([("van de", "van der"), ("van den", "van der"), ("van", "van der"), ("de", "ter")]))
def test_different_tussenvoegsels_in_full_are_different_surnames(core, pair):
    assert not same_surname(core, pair[0], core, pair[1])


@given(CORE, st.sampled_from(["", "van", "de", "van der", "ter", "v.d."]), st.data())
def test_the_column_of_the_tussenvoegsel_does_not_matter(core, tussenvoegsel, data):
    a = data.draw(placed(tussenvoegsel, core))
    assert surname_parts(a[0], a[1]) == surname_parts(core, tussenvoegsel)


FIRST_NAMES = st.sampled_from(["Jan", "Ayla", "Mohammed", "Kim"])
NOT_AN_ABBREVIATION = st.sampled_from(["Visser", "Vos", "Dekker", "Veen", "Damen", "Verbeek"])


@given(CORE, WITH_V_D, st.data())
def test_vd_glued_to_the_surname_is_vd_in_front_of_it(core, full, data):
    glued = data.draw(st.sampled_from(["vd", "Vd", "VD", "vD"])) + cased(data.draw, core).replace(" ", "")
    a = data.draw(placed(full, core))
    assert same_surname(glued, None, a[0], a[1]), (glued, a)
    assert match_key(glued, None, BORN, "Jan") == match_key(a[0], a[1], BORN, "Jan")
    assert not same_surname(glued, None, core, data.draw(st.sampled_from(["de", "der", "van"])))


@given(CORE, st.sampled_from(["", "van", "de", "van der", "van den", "ter", "v.d.", "vd", "v.", "van d."]), st.data())
def test_the_tussenvoegsel_behind_a_comma_is_the_tussenvoegsel(core, tussenvoegsel, data):
    written = cased(data.draw, tussenvoegsel)
    comma = f"{cased(data.draw, core)},{data.draw(st.sampled_from(['', ' ', '  ']))}{written}"
    assert surname_parts(comma, None) == surname_parts(core, tussenvoegsel), comma


@given(CORE, FIRST_NAMES)
def test_a_comma_before_anything_else_than_a_tussenvoegsel_keeps_the_name_as_written(core, first):
    assert surname_parts(f"{core}, {first}", None) != surname_parts(core, None)
    assert not same_surname(f"{core}, {first}", None, core, None)


@given(CORE, WITH_V_D, st.sampled_from(["van d.", "van d", "Van D.", "VAN D", "van  d."]), st.data())
def test_van_d_is_van_de_n_r_and_never_van_or_de_alone(core, full, written, data):
    a = data.draw(placed(written, core))
    b = data.draw(placed(full, core))
    assert same_surname(a[0], a[1], b[0], b[1]), (a, b)
    assert match_key(a[0], a[1], BORN, "Jan") == match_key(b[0], b[1], BORN, "Jan")
    other = data.draw(placed(data.draw(st.sampled_from(["van", "de", "den", "der", "v."])), core))
    assert not same_surname(a[0], a[1], other[0], other[1]), (a, other)


@given(NOT_AN_ABBREVIATION, st.data())
def test_a_surname_that_starts_with_v_or_d_keeps_it(name, data):
    written = cased(data.draw, name)
    _prefix, core = surname_parts(written, None)
    assert core.endswith(name.lower()[2:]) and len(core) >= len(name) - 2
    assert not same_surname(written, None, name[1:], data.draw(st.sampled_from(["v.", "van", "v"])))


# --- "Nieuwe persoon" in the app: a likely match is offered before a new person is made ---------------------------
async def _new_person_on_a_casus(store, regio, tmp_path, achternaam: str, tussenvoegsel: str):
    """On a casus: p, Ctrl+N, fill in Jan <tussenvoegsel> <achternaam> born 14-03-1987 and save; returns the app
    and pilot (still running) and the screen's text after the first save."""
    with store.write() as s:
        casus = add_casus(s, thema="nazorg")
    app = make_app(store, regio, tmp_path)
    return app, casus.id


async def _fill_and_save(pilot, achternaam: str, tussenvoegsel: str) -> None:
    await press(pilot, "p", "ctrl+n")
    for value in ("Jan", tussenvoegsel, achternaam, "14-03-1987"):
        if value:
            await type_text(pilot, value)
        await press(pilot, "tab")
    await press(pilot, "ctrl+s")


def _persons(store) -> list[tuple[str, str | None]]:
    with store.read() as s:
        return sorted((p.achternaam, p.tussenvoegsel) for p in s.exec(select(Persoon)).scalars())


async def test_nieuwe_persoon_offers_the_person_it_recognises(store, regio, tmp_path):
    stored, _ = procesregie.new_persoon(store, achternaam="van der Berg", voornamen="Jan", geboortedatum=BORN)
    app, casus_id = await _new_person_on_a_casus(store, regio, tmp_path, "Berg", "v.d.")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.show_casus(casus_id)
        await settle(pilot)
        await _fill_and_save(pilot, "Berg", "v.d.")
        shown = screen_text(app)
        assert "Deze persoon lijkt al bekend: Jan van der Berg (14-03-1987): herkend" in shown
        assert len(_persons(store)) == 1, "nothing made yet"
        await press(pilot, "ctrl+s")  # saving again: the rule takes the stored person, no new one
    with store.read() as s:
        linked = [p.persoon_id for p in s.exec(select(CasusPersoon).where(CasusPersoon.casus_id == casus_id)).scalars()]
    assert linked == [stored] and len(_persons(store)) == 1


async def test_nieuwe_persoon_offers_a_likely_one_and_can_still_make_a_new_person(store, regio, tmp_path):
    procesregie.new_persoon(store, achternaam="Bergh", voornamen="Jan", geboortedatum=BORN)
    app, casus_id = await _new_person_on_a_casus(store, regio, tmp_path, "Berg", "")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.show_casus(casus_id)
        await settle(pilot)
        await _fill_and_save(pilot, "Berg", "")
        shown = screen_text(app)
        assert "Deze persoon lijkt al bekend: Jan Bergh (14-03-1987): lijkende naam, zelfde" in shown
        assert len(_persons(store)) == 1, "nothing made before the user confirms"
        await press(pilot, "ctrl+s")
    assert sorted(a for a, _ in _persons(store)) == ["Berg", "Bergh"]


async def test_nieuwe_persoon_without_a_likely_match_makes_the_new_person_at_once(store, regio, tmp_path):
    procesregie.new_persoon(store, achternaam="Jansen", voornamen="Piet", geboortedatum=date(1950, 1, 1))
    app, casus_id = await _new_person_on_a_casus(store, regio, tmp_path, "Berg", "")
    async with app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        app.show_casus(casus_id)
        await settle(pilot)
        await _fill_and_save(pilot, "Berg", "")
        assert "lijkt al bekend" not in screen_text(app)
    assert sorted(a for a, _ in _persons(store)) == ["Berg", "Jansen"]

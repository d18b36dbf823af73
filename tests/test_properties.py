"""Property tests (hypothesis): the meldingen import takes any file and either stores all of it or refuses
it with reasons, never crashing and never storing part; names normalise and persons match as domain.md §4
says, whatever the notation."""

from __future__ import annotations

import csv
import io
import itertools
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from zvh_core.imports.meldingen import REQUIRED_COLUMNS, import_meldingen
from zvh_core.kernel.models import Melding, MeldingPersoon, Persoon
from zvh_core.kernel.names import match_key, normalise

TODAY = date(2026, 11, 26)
SHARED_STORE = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
_files = itertools.count()


def counts(store) -> tuple[int, int, int]:
    with store.read() as session:
        return tuple(session.scalar(select(func.count()).select_from(m)) for m in (Melding, Persoon, MeldingPersoon))


def elfproef_bsn(eight: int) -> str | None:
    digits = f"{eight:08d}"
    check = sum((9 - i) * int(d) for i, d in enumerate(digits)) % 11
    return digits + str(check) if check < 10 and digits != "00000000" else None


# --- the importer on any bytes -------------------------------------------------------------------------
@SHARED_STORE
@given(
    data=st.one_of(st.binary(max_size=3000), st.text(max_size=600).map(lambda t: t.encode("utf-8", "surrogatepass")))
)
def test_any_bytes_are_stored_entirely_or_refused_with_reasons(store, regio, tmp_path, data):
    path = tmp_path / f"bytes-{next(_files)}.csv"
    path.write_bytes(data)
    before = counts(store)

    result = import_meldingen(store, regio, path, today=TODAY)

    if result.ok:
        assert counts(store)[0] == before[0] + result.meldingen_new
    else:
        assert all(e.regel >= 1 and e.reden for e in result.errors)
        assert counts(store) == before


# --- the importer on contract-like files -----------------------------------------------------------------
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéëïöüçñ"
TEXT = st.text(alphabet=LETTERS + "0123456789 ';,\"-.\n", min_size=1, max_size=30).map(str.strip).filter(bool)
NAME = (
    st.text(alphabet=LETTERS + " '-", min_size=1, max_size=20)
    .map(str.strip)
    .filter(lambda s: any(c.isalpha() for c in s))
)
DAY = st.dates(date(1990, 1, 1), date(2026, 11, 1))


def date_text(day: date, dutch: bool) -> str:
    return day.strftime("%d-%m-%Y") if dutch else day.isoformat()


@dataclass
class Row:
    values: dict[str, str]
    expected: dict[str, object]
    bad: str | None = None
    """The column made invalid in this row, if any."""


@st.composite
def rows(draw, regio, n: int, prefix: str) -> Row:
    soort = draw(st.sampled_from(sorted(regio.soorten)))
    bron = draw(st.sampled_from(sorted(regio.bronnen)))
    gemeente = draw(st.sampled_from(sorted(regio.gemeenten)))
    day = draw(DAY)
    values = {
        "extern_id": f"{prefix}-{n}-{draw(TEXT)}"[:100].strip(),
        "bron": draw(st.sampled_from([bron, bron.upper()])),
        "soort": draw(st.sampled_from([soort, soort.upper(), soort.title()])),
        "datum": date_text(day, draw(st.booleans())),
        "gemeente": draw(st.sampled_from([gemeente, gemeente.upper(), gemeente.lower()])),
        "omschrijving": draw(st.one_of(st.just(""), TEXT)),
    }
    if draw(st.booleans()):
        values.update(
            achternaam=draw(NAME), voornamen=draw(NAME), geboortedatum=date_text(draw(DAY), draw(st.booleans()))
        )
    expected = {"bron": bron, "soort": soort, "gemeente": gemeente, "datum": day}
    bad = draw(st.sampled_from([None] * 8 + ["gemeente", "datum", "soort", "bsn", "extern_id", "geboortedatum"]))
    broken = {
        "gemeente": "Amsterdam",
        "datum": "31-02-2024",
        "soort": "onbekend",
        "bsn": "123456789",
        "extern_id": "",
        "geboortedatum": "2099-01-01",
    }
    if bad is not None:
        values[bad] = broken[bad]
    return Row(values, expected, bad)


@st.composite
def contract_files(draw, regio):
    prefix = f"F{next(_files)}"
    records = [draw(rows(regio, n, prefix)) for n in range(draw(st.integers(0, 12)))]
    columns = [*REQUIRED_COLUMNS, "omschrijving", "achternaam", "voornamen", "geboortedatum", "bsn", "extra kolom"]
    columns = draw(st.permutations(columns))
    dropped = draw(st.sets(st.sampled_from(columns), max_size=2)) if draw(st.integers(0, 4)) == 0 else set()
    columns = [c for c in columns if c not in dropped]
    delimiter = draw(st.sampled_from([";", ","]))
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]))
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator=newline)
    writer.writerow(columns)
    lines = []
    for record in records:
        lines.append(out.getvalue().count("\n") + 1)
        writer.writerow([record.values.get(c, "x" if c == "extra kolom" else "") for c in columns])
    return out.getvalue().encode(encoding), records, columns, lines, prefix


@SHARED_STORE
@given(data=st.data())
def test_contract_files_in_any_notation_are_stored_entirely_or_refused_row_by_row(store, regio, tmp_path, data):
    raw, records, columns, lines, prefix = data.draw(contract_files(regio))
    missing = set(REQUIRED_COLUMNS) - set(columns)
    path = tmp_path / f"{prefix}.csv"
    path.write_bytes(raw)
    before = counts(store)

    result = import_meldingen(store, regio, path, today=TODAY)

    bad_lines = {line for line, r in zip(lines, records, strict=True) if r.bad in columns}
    event("opgeslagen" if result.ok else "geweigerd")
    if missing:
        assert not result.ok
        assert {e.kolom for e in result.errors if e.regel == 1} >= missing
    elif bad_lines:
        assert not result.ok
        assert bad_lines <= {e.regel for e in result.errors}, result.errors
    else:
        assert result.ok, [str(e) for e in result.errors]
    if not result.ok:
        assert counts(store) == before, "a refused file stores nothing"
        return
    with store.read() as session:
        stored = {m.extern_id: m for m in session.scalars(select(Melding).where(Melding.extern_id.like(f"{prefix}-%")))}
    assert len(stored) == len(records) == result.meldingen_new
    for record in records:
        melding = stored[record.values["extern_id"]]
        assert {k: getattr(melding, k) for k in record.expected} == record.expected
    assert counts(store)[0] == before[0] + len(records)


# --- names ----------------------------------------------------------------------------------------------------
NAMES = st.text(alphabet=LETTERS + "ÉÖÜ '-.ĳ", max_size=25)
PUNCTUATION = st.sampled_from([" ", "-", "'", ".", "  "])


@given(NAMES)
def test_normalise_gives_lower_ascii_letters_and_digits_and_is_idempotent(name):
    folded = normalise(name)
    assert all(c in "abcdefghijklmnopqrstuvwxyz0123456789" for c in folded)
    assert "ij" not in folded
    assert normalise(folded) == folded


@given(NAMES, NAMES, PUNCTUATION)
def test_normalise_ignores_case_spaces_and_punctuation(left, right, mark):
    assert normalise(left + mark + right) == normalise(left + right)
    assert normalise((left + right).upper()) == normalise(left + right)


@given(NAMES)
def test_normalise_folds_diacritics_and_ij_y(name):
    plain = name.translate(str.maketrans("éëïöüçñÉÖÜ", "eeioucnEOU"))
    assert normalise(name) == normalise(plain)
    assert normalise(name.replace("y", "ij")) == normalise(name)


@given(NAMES, NAMES, st.one_of(st.none(), DAY), NAMES)
def test_match_key_decides_only_with_a_surname_and_a_birth_date(achternaam, tussenvoegsel, geboortedatum, voornamen):
    key = match_key(achternaam, tussenvoegsel, geboortedatum, voornamen)
    assert (key is None) == (not normalise(achternaam) or geboortedatum is None)


# --- person matching, end to end -----------------------------------------------------------------------------
SURNAMES = ["Jansen", "de Vries", "van den Berg", "Özdemir", "Bakker", "Wijnands", "El Idrissi", "Smit"]


@dataclass(frozen=True)
class Person:
    achternaam: str
    voornamen: str
    geboortedatum: date
    bsn: str | None


def spelled(draw, text: str) -> str:
    """The same name as another clerk might type it."""
    variant = draw(st.sampled_from(["zelfde", "hoofdletters", "klein", "zonder accent", "ij-y", "spaties"]))
    if variant == "hoofdletters":
        return text.upper()
    if variant == "klein":
        return text.lower()
    if variant == "zonder accent":
        return text.replace("Ö", "O").replace("ö", "o")
    if variant == "ij-y":
        return text.replace("ij", "y")
    if variant == "spaties":
        return text.replace(" ", "")
    return text


@st.composite
def populations(draw, family: str):
    """Persons with distinct match keys (some with a BSN), plus 'twins': same key, each their own BSN.
    ``family`` makes the names new to the store (which earlier examples filled)."""
    count = draw(st.integers(1, 6))
    start = 20_000_000 + 200 * next(_files)
    bsns = iter(b for b in (elfproef_bsn(n) for n in range(start, start + 200)) if b)
    persons = []
    for i in range(count):
        born = date(1960, 1, 1) + timedelta(days=draw(st.integers(0, 15000)))
        person = Person(
            f"{SURNAMES[i % len(SURNAMES)]}-{family}", "Anna Maria", born, next(bsns) if draw(st.booleans()) else None
        )
        persons.append(person)
        if person.bsn and draw(st.integers(0, 3)) == 0:
            persons.append(Person(person.achternaam, "Arend", born, next(bsns)))  # same key, another BSN
    return persons


@SHARED_STORE
@given(data=st.data())
def test_each_person_becomes_one_persoon_whatever_the_notation_and_file(store, regio, tmp_path, data):
    prefix = f"P{next(_files)}"
    persons = data.draw(populations("".join("abcdefghij"[int(d)] for d in prefix[1:])))
    mentions = data.draw(st.lists(st.sampled_from(range(len(persons))), min_size=1, max_size=15))
    mentions = sorted(set(range(len(persons)))) + mentions  # every person at least once
    split = data.draw(st.integers(0, len(mentions)))
    twins = {p.achternaam for p in persons if sum(q.achternaam == p.achternaam for q in persons) > 1}
    files = []
    for part, chunk in enumerate((mentions[:split], mentions[split:])):
        lines = ["extern_id;bron;soort;datum;gemeente;achternaam;voornamen;geboortedatum;bsn"]
        for n, index in enumerate(chunk):
            p = persons[index]
            with_bsn = p.bsn is not None and (p.achternaam in twins or data.draw(st.booleans()))
            birth = date_text(p.geboortedatum, data.draw(st.booleans()))
            lines.append(
                f"{prefix}-{part}-{n};politie;overlast;2026-10-01;Roermond;{spelled(data.draw, p.achternaam)};"
                f"{spelled(data.draw, p.voornamen)};{birth};{p.bsn if with_bsn else ''}"
            )
        path = tmp_path / f"{prefix}-{part}.csv"
        path.write_text("\n".join(lines) + "\n", encoding=data.draw(st.sampled_from(["utf-8", "cp1252"])))
        files.append(path)
    before = counts(store)

    for path in files:
        result = import_meldingen(store, regio, path, today=TODAY)
        assert result.ok, [str(e) for e in result.errors]

    with store.read() as session:
        linked = session.execute(
            select(Melding.extern_id, MeldingPersoon.persoon_id)
            .join(MeldingPersoon, MeldingPersoon.melding_id == Melding.id)
            .where(Melding.extern_id.like(f"{prefix}-%"))
        ).all()
    persoon_of = dict(linked)
    # Mentions of one person share one Persoon; different persons never do.
    by_person: dict[int, set[int]] = {}
    for part, chunk in enumerate((mentions[:split], mentions[split:])):
        for n, index in enumerate(chunk):
            by_person.setdefault(index, set()).add(persoon_of[f"{prefix}-{part}-{n}"])
    assert all(len(ids) == 1 for ids in by_person.values()), by_person
    assert len({next(iter(ids)) for ids in by_person.values()}) == len(persons)
    assert counts(store)[1] == before[1] + len(persons)


@pytest.mark.parametrize("name", ["IJsselstein", "Ijsselstein", "Ysselstein", "ijssel stein"])
def test_ij_spellings_share_one_key(name):
    assert match_key(name, None, date(1980, 1, 1), "Jan") == match_key("Ysselstein", None, date(1980, 1, 1), "J.")

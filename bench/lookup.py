"""Bench: how fast the lookup answers and a dossier opens, on a big store.

    python bench/generate.py --url sqlite:////tmp/zvh-1m.sqlite3 --meldingen 1000000 --personen 250000
    python bench/lookup.py --url sqlite:////tmp/zvh-1m.sqlite3
    python bench/lookup.py --klein      # a small generated store, a few queries (CI)

bench/generate.py writes with Core bulk inserts, around the services, so the search index is built
here first when it is empty (``--herindexeren`` rebuilds it anyway; the time is printed).

Prints, for 50 realistic queries built from stored persons (name forms, typos, prefixes, dates, BSN,
postcode + huisnummer, extern_id): the median and 95th percentile of one lookup (a fresh read session
and ``lookup.search``, as the app's worker runs it) over three rounds after a warm-up, and of the
second step that marks likely duplicates among the rows (the app shows the rows before it); how often the
intended person was in the list and first; the time to load a dossier (``dossier.load_dossier``) for
20 persons including the one with the most meldingen; and the round trip in the headless app from a
change of the search text until the new rows are in the table. Beside the service, the floor: per query
one plain indexed SQL statement on the raw driver connection that fetches the same kind of candidates
(the persons with the query's keys, at most CANDIDATE_CAP, with their columns) and the ratio to it.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path
from random import Random

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchkit import add_options, bench_store, ensure_search_index, parse, record, store_url
from sqlalchemy import func, select

from tests.tui_helpers import workers_done  # one way to wait for the app's workers, shared with the tests
from tui.app import ZvhApp
from tui.screens.lookup import LookupScreen
from zvh_core.config.regio import load_regio
from zvh_core.kernel import (
    clock,
    dates,
)
from zvh_core.kernel.models import Melding, MeldingPersoon, Persoon
from zvh_core.kernel.names import normalise
from zvh_core.persons import dossier, lookup
from zvh_core.store import search_index

SERVICE_P95_MS = 20
APP_P95_MS = 80
DEFAULT_SEED = 4
FIRST_BEFORE = 22
"""The intended person first for 22 of the 50 default queries (DEFAULT_SEED) on a 1M-melding store, with the
ranking of before issue 13 (commit 7bc4772~1, on a store its own bench/generate.py made); the ranking since
(exact spelling first, street keys) must not put fewer first. Compared only for that setting: the figure
belongs to those queries on a store of that size."""
BASELINE_MELDINGEN = 1_000_000

KINDS = (
    "achternaam",
    "achternaam, tv",
    "vd-vorm",
    "voornaam achternaam",
    "typo: verwisseld",
    "typo: letter weg",
    "typo: andere letter",
    "geboortedatum",
    "naam + geboortedatum",
    "bsn",
    "postcode + huisnummer",
    "meldingnummer",
    "begin van de naam",
    "voorletter + naam",
    "zonder accenten",
)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms" if seconds < 0.001 else f"{seconds * 1000:.1f} ms"


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def report(name: str, samples: list[float]) -> None:
    print(
        f"{name:<40} mediaan {ms(statistics.median(samples)):>9}   p95 {ms(percentile(samples, 95)):>9}"
        f"   traagste {ms(max(samples)):>9}   (n={len(samples)})"
    )


def surname(p) -> str:
    return f"{p.tussenvoegsel} {p.achternaam}" if p.tussenvoegsel else p.achternaam


def typo(word: str, kind: str, rng: Random) -> str:
    if len(word) < 4:
        return word + "e"
    i = rng.randrange(1, len(word) - 2)
    if kind == "typo: verwisseld":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "typo: letter weg":
        return word[:i] + word[i + 1 :]
    return word[:i] + rng.choice("aeiouklmnrst".replace(word[i].lower(), "")) + word[i + 1 :]


def make_queries(store, count: int, seed: int) -> list[tuple[str, str, int]]:
    """(kind, query, intended person id) for ``count`` stored persons with a name and meldingen."""
    rng = Random(seed)
    with store.read() as s:
        top = s.execute(select(func.max(Persoon.id))).scalar_one()
        chosen = []
        while len(chosen) < count:
            person = s.get(Persoon, rng.randint(1, top))
            if person is None or not person.achternaam or not person.voornamen or not person.geboortedatum:
                continue
            extern_id = s.execute(
                select(Melding.extern_id)
                .join(MeldingPersoon, MeldingPersoon.melding_id == Melding.id)
                .where(MeldingPersoon.persoon_id == person.id)
                .limit(1)
            ).scalar()
            if extern_id is None:
                continue
            chosen.append((person, extern_id))
    queries = []
    for n, (p, extern_id) in enumerate(chosen):
        kind = KINDS[n % len(KINDS)]
        first = p.voornamen.split()[0]
        born = dates.short_date(p.geboortedatum)
        if kind == "achternaam":
            text = surname(p)
        elif kind == "achternaam, tv":
            text = f"{p.achternaam}, {p.tussenvoegsel}" if p.tussenvoegsel else p.achternaam.upper()
        elif kind == "vd-vorm":
            tv = (p.tussenvoegsel or "").lower()
            text = f"vd {p.achternaam.lower()}" if tv.startswith("van d") else f"{first} {surname(p)}".lower()
        elif kind == "voornaam achternaam":
            text = f"{first} {surname(p)}"
        elif kind.startswith("typo"):
            text = f"{first} {typo(p.achternaam, kind, rng)}"
        elif kind == "geboortedatum":
            text = born
        elif kind == "naam + geboortedatum":
            text = f"{p.achternaam} {born}"
        elif kind == "bsn":
            text = p.bsn or f"{p.achternaam} {born}"
        elif kind == "postcode + huisnummer":
            number = search_index.house_number(p.adres)
            text = f"{p.postcode} {number[0]}" if p.postcode and number else f"{first} {p.achternaam}"
        elif kind == "meldingnummer":
            text = extern_id
        elif kind == "begin van de naam":
            text = f"{first} {p.achternaam[:4]}"
        elif kind == "voorletter + naam":
            text = f"{first[0]}. {surname(p)}"
        else:
            text = f"{normalise(first)} {normalise(p.achternaam)}"
        queries.append((kind, text, p.id))
    return queries


def floor_statement(store, text: str, today) -> tuple[str, list[str]]:
    """The plain SQL that fetches this query's candidates: persons with all its structured keys, or with
    every name token as typed; their columns, at most CANDIDATE_CAP, most recent record first."""
    query = lookup.parse(text, today)
    groups = [list(g) for g in query.structured_keys] or [[search_index.NAME + w] for w in query.names]
    groups = groups or [[text]]
    mark = "?" if store.dialect == "sqlite" else "%s"
    joins = "".join(
        f" JOIN persoon_zoeksleutel k{i} ON k{i}.persoon_id = p.id AND k{i}.sleutel IN ({', '.join([mark] * len(g))})"
        for i, g in enumerate(groups)
    )
    sql = (
        "SELECT DISTINCT p.id, p.achternaam, p.tussenvoegsel, p.voornamen, p.geboortedatum, p.bsn, p.adres,"
        f" p.postcode, p.woonplaats FROM persoon p{joins} ORDER BY p.id DESC LIMIT {lookup.CANDIDATE_CAP}"
    )
    return sql, [key for g in groups for key in g]


def floor_times(store, queries: list[str], rounds: int, today) -> list[float]:
    statements = [floor_statement(store, text, today) for text in queries]
    samples = []
    with store.engine.connect() as connection:
        raw = connection.connection.driver_connection
        for _ in range(rounds + 1):  # the first round warms the caches, as for the service
            times = []
            for sql, params in statements:
                start = time.perf_counter()
                cursor = raw.cursor()
                cursor.execute(sql, params)
                cursor.fetchall()
                cursor.close()
                times.append(time.perf_counter() - start)
            samples.append(times)
    return [t for times in samples[1:] for t in times]


def printed_forms(store, count: int, seed: int) -> list[tuple[str, str, int]]:
    """(kind, query, intended person): a BSN as printed on a pass, a street with its house number."""
    rng = Random(seed + 1)
    with store.read() as s:
        top = s.execute(select(func.max(Persoon.id))).scalar_one()
        out: list[tuple[str, str, int]] = []
        tries = 0
        while len(out) < 2 * count and tries < 50 * count:
            tries += 1
            p = s.get(Persoon, rng.randint(1, top))
            if p is None:
                continue
            if p.bsn and len(p.bsn) == 9 and sum(k == "bsn zoals op een pas" for k, _, _ in out) < count:
                out.append(("bsn zoals op een pas", f"{p.bsn[:3]} {p.bsn[3:6]} {p.bsn[6:]}", p.id))
            elif p.adres and sum(k == "straat + huisnummer" for k, _, _ in out) < count:
                out.append(("straat + huisnummer", p.adres, p.id))
    return out


def heavy_person(store) -> int:
    with store.read() as s:
        return s.execute(
            select(MeldingPersoon.persoon_id).group_by(MeldingPersoon.persoon_id).order_by(func.count().desc()).limit(1)
        ).scalar_one()


async def bench_app(store, regio, queries: list[str]) -> list[float]:
    """Round trip in the headless app: new search text → its rows in the table."""
    shown: dict[str, asyncio.Event] = {}
    original = LookupScreen._show

    def show(screen, result) -> None:
        original(screen, result)
        if result.query in shown:
            shown[result.query].set()

    LookupScreen._show = show  # type: ignore[method-assign]
    app = ZvhApp(store, regio, export_dir=Path(tempfile.mkdtemp()))
    times = []
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        app.action_lookup()
        await pilot.pause()
        field = app.screen.query_one("#lookup-input")
        for text in queries:
            shown[text] = asyncio.Event()
            start = time.perf_counter()
            field.value = text  # what typing the last letter does
            await asyncio.wait_for(shown[text].wait(), 10)
            times.append(time.perf_counter() - start)
            await workers_done(app)
    LookupScreen._show = original  # type: ignore[method-assign]
    return times


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_options(parser)
    parser.add_argument("--zoekvragen", type=int, default=50)
    parser.add_argument("--rondes", type=int, default=3)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--herindexeren", action="store_true", help="de zoekindex eerst opnieuw opbouwen")
    args = parse(parser, argv)
    app_queries = 20
    if args.klein:
        args.zoekvragen, args.rondes, app_queries = min(args.zoekvragen, 15), 1, 5

    regio = load_regio()
    store = bench_store(store_url(args))
    with store.read() as s:
        n_meldingen = s.execute(select(func.count()).select_from(Melding)).scalar_one()
        n_personen = s.execute(select(func.count()).select_from(Persoon)).scalar_one()
    print(f"Store: {n_meldingen:_} meldingen, {n_personen:_} personen ({store.dialect})".replace("_", "."))
    start = time.perf_counter()
    keys = search_index.rebuild(store) if args.herindexeren else ensure_search_index(store)
    if keys is not None:
        print(
            f"{'Zoekindex opbouwen':<40} {time.perf_counter() - start:>8.1f} s   ({keys:_} sleutels)".replace("_", ".")
        )

    queries = make_queries(store, args.zoekvragen, args.seed)
    today = clock.today()
    for _, text, _ in queries:  # warm-up: caches of the database and of the OS
        with store.read() as s:
            lookup.search(s, text, today=today)
    samples, marking = [], []
    found = first = in_best = 0
    slowest = ("", 0.0)
    for round_ in range(args.rondes):
        for _kind, text, intended in queries:
            start = time.perf_counter()
            with store.read() as s:
                result = lookup.search(s, text, today=today)
            took = time.perf_counter() - start
            samples.append(took)
            start = time.perf_counter()
            with store.read() as s:
                lookup.mark_duplicates(s, result)
            marking.append(time.perf_counter() - start)
            if took > slowest[1]:
                slowest = (text, took)
            if round_ == 0:
                ids = [r.persoon_id for r in result.rows]
                found += intended in ids
                first += ids[:1] == [intended]
                # Namesakes that fit as well (same match, same words) come first when seen more recently.
                best = [r for r in result.rows if r.match == result.rows[0].match and r.naam == result.rows[0].naam]
                in_best += intended in [r.persoon_id for r in best]
    print(f"Zoekvragen: {len(queries)} ({', '.join(KINDS[:6])} …), {args.rondes} rondes")
    report("Zoeken (lookup.search)", samples)
    floor = floor_times(store, [text for _, text, _ in queries], args.rondes, today)
    report("  vloer: één geïndexeerde SQL-query", floor)
    ratio = percentile(samples, 95) / percentile(floor, 95)
    print(f"{'  verhouding zoeken / vloer (p95)':<40} {ratio:.1f}×")
    report("Daarna: dubbelen markeren (2e stap)", marking)
    print(f"{'  traagste zoekvraag':<40} {slowest[0]!r} {ms(slowest[1])}")
    n = len(queries)
    print(
        f"{'  bedoelde persoon gevonden':<40} {found}/{n} in de lijst, {first}/{n} bovenaan, {in_best}/{n} bovenaan "
        "of alleen na even goed passende naamgenoten met recenter contact"
    )
    print(f"{'':<40} (niet in de lijst: een veelvoorkomende achternaam alleen, meer dan 30 recentere naamgenoten)")

    forms = printed_forms(store, 5 if args.klein else 20, args.seed)
    for kind in dict.fromkeys(k for k, _, _ in forms):
        asked = [(text, intended) for k, text, intended in forms if k == kind]
        hits = top = 0
        for text, intended in asked:
            with store.read() as s:
                ids = [r.persoon_id for r in lookup.search(s, text, today=today).rows]
            hits += intended in ids
            top += ids[:1] == [intended]
        shared = " (huisgenoten delen het adres en passen even goed)" if kind.startswith("straat") else ""
        print(f"{'  ' + kind:<40} {hits}/{len(asked)} in de lijst, {top}/{len(asked)} bovenaan{shared}")
        record(args, f"  {kind}: bedoelde persoon gevonden", "—", f"{hits}/{len(asked)}", None)

    heavy = heavy_person(store)
    dossier_ids = [heavy, *(intended for _, _, intended in queries[:19])]
    dossier_times = []
    for persoon_id in dossier_ids:
        start = time.perf_counter()
        with store.read() as s:
            d = dossier.load_dossier(s, persoon_id, today=today)
        dossier_times.append(time.perf_counter() - start)
        if persoon_id == heavy:
            heavy_line = (
                f"{'  zwaarste dossier':<40} {len(d.history.meldingen)} meldingen, "
                f"{len(d.history.casussen)} casussen: {ms(dossier_times[-1])}"
            )
    report("Dossier openen (load_dossier)", dossier_times)
    print(heavy_line)

    app_times = asyncio.run(bench_app(store, regio, [text for _, text, _ in queries[:app_queries]]))
    report("In de app: tekst → resultaten getoond", app_times)

    service_p95, app_p95 = percentile(samples, 95) * 1000, percentile(app_times, 95) * 1000
    record(
        args, "Zoeken, service (p95)", f"< {SERVICE_P95_MS} ms", f"{service_p95:.1f} ms", service_p95 < SERVICE_P95_MS
    )
    record(
        args,
        "  vloer: geïndexeerde SQL (p95), verhouding",
        "—",
        f"{ms(percentile(floor, 95))}, {ratio:.1f}×",
        None,
    )
    record(args, "Zoeken, getypt → getoond (p95)", f"< {APP_P95_MS} ms", f"{app_p95:.1f} ms", app_p95 < APP_P95_MS)
    comparable = n == 50 and args.seed == DEFAULT_SEED and n_meldingen >= BASELINE_MELDINGEN
    record(
        args,
        "  bedoelde persoon bovenaan",
        f">= {FIRST_BEFORE}/50 (vóór)" if comparable else "niet minder",
        f"{first}/{n} ({in_best}/{n} bij naamgenoten)",
        first >= FIRST_BEFORE if comparable else None,
    )
    store.dispose()


if __name__ == "__main__":
    main()

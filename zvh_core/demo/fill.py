"""Demo data: a believable store for a new user, and the building blocks the benchmarks reuse.

``fill_demo`` writes about five weeks of meldingen and the overleggen that handled them, up to the
day before ``today``: what arrived since the last overleg of each type is left undecided, so the app
opens on a realistic agenda. Everything is invented (Faker, nl_NL) and deterministic per seed and day.

``DemoFactory`` holds the pieces that ``bench/generate.py`` and ``bench/make_csv.py`` use as well:
households of persons, meldingen with a bron, extern_id and omschrijving per soort, decisions,
notes and actions.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from itertools import accumulate
from random import Random
from string import Formatter

from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from zvh_core.access import audit
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import Recht, require
from zvh_core.acties.followup import GEDAAN, GEWIJZIGD, NIET_GEDAAN
from zvh_core.casussen import perioden
from zvh_core.config.regio import ANY_SOORT, DEELT_NIET, Regio
from zvh_core.demo import material as data
from zvh_core.demo import procesregie as demo_procesregie
from zvh_core.kernel.errors import InvalidInput
from zvh_core.kernel.models import (
    Actie,
    Bekendheid,
    Besluit,
    Bespreking,
    Casus,
    CasusMelding,
    CasusPersoon,
    Melding,
    MeldingPersoon,
    Overleg,
    OverlegPartner,
    Persoon,
    Toegangslog,
    stored_id,
)
from zvh_core.kernel.names import match_key
from zvh_core.meetings.overleggen import AANWEZIG, AFGEMELD
from zvh_core.store import Store

DEMO_DAYS = 35
"""How far back the demo's recent meldingen and overleggen go."""
OVERLEG_START = time(8, 30)
"""When an overleg starts (UTC); decisions follow at a few minutes each."""


# --- small helpers ------------------------------------------------------------------------------
def bsn_for(key: int, seed: int = 0) -> str:
    """A BSN that passes the elfproef, different for every ``key`` below 9,000,000 (for one seed)."""
    prefix = 1_000_000 + ((key + seed * 7919) * 7_654_321) % 9_000_000
    digits = [int(c) for c in str(prefix)]
    s7 = sum(w * d for w, d in zip((9, 8, 7, 6, 5, 4, 3), digits, strict=True))
    for d8 in range(10):
        d9 = (s7 + 2 * d8) % 11
        if d9 <= 9:
            return f"{prefix}{d8}{d9}"
    raise AssertionError("unreachable: some eighth digit always fits")


def poisson(rng: Random, lam: float) -> int:
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def type_for_soort(regio: Regio, soort: str) -> str | None:
    """The overlegtype a new melding of ``soort`` goes to (an explicit soort wins over '*')."""
    for code, otype in regio.overlegtypen.items():
        if soort in otype.soorten:
            return code
    for code, otype in regio.overlegtypen.items():
        if ANY_SOORT in otype.soorten:
            return code
    return None


def overleg_days(regio: Regio, type_code: str) -> tuple[int, ...]:
    return regio.overlegtypen[type_code].dagen or (0,)


def overleg_dates(regio: Regio, type_code: str, start: date, end: date) -> list[date]:
    """The dates in [start, end) on which an overleg of this type is held."""
    days = overleg_days(regio, type_code)
    return [start + timedelta(n) for n in range((end - start).days) if (start + timedelta(n)).weekday() in days]


def next_overleg_date(regio: Regio, type_code: str, after: date) -> date:
    """The first overleg date of this type strictly after ``after``."""
    days = overleg_days(regio, type_code)
    day = after + timedelta(1)
    while day.weekday() not in days:
        day += timedelta(1)
    return day


def at(day: date, clock: time = OVERLEG_START) -> datetime:
    return datetime.combine(day, clock, tzinfo=UTC)


def spread(total: int, start: date, end: date) -> Iterator[tuple[date, int]]:
    """(day, count) for the days in [start, end): ``total`` in all, weekends quieter."""
    days = [start + timedelta(n) for n in range((end - start).days)]
    weights = list(accumulate(0.6 if d.weekday() >= 5 else 1.15 for d in days))
    done = 0
    for day, cum in zip(days, weights, strict=True):
        upto = round(total * cum / weights[-1])
        yield day, upto - done
        done = upto


class Zipf:
    """Draws 0 … n-1 with a heavy head: low numbers come back often, most only now and then.

    A continuous Zipf (s = 1) shifted by n/``flatness``: the first number is drawn about
    ``flatness`` / ln(flatness) times as often as the average one.
    """

    def __init__(self, n: int, flatness: float = 50) -> None:
        self.n = n
        self.k = max(1.0, n / flatness)
        self.ratio = (n + self.k) / self.k

    def __call__(self, rng: Random, head: float = 1.0) -> int:
        """A draw; ``head`` < 1 keeps to the frequent part (e.g. 0.2: the top fifth of the mass)."""
        return min(self.n - 1, int(self.k * self.ratio ** (rng.random() * head) - self.k))


def pick(rng: Random, items: Sequence):
    """``rng.choice``, several times faster (it matters for millions of draws)."""
    return items[int(rng.random() * len(items))]


def between(rng: Random, low: int, high: int) -> int:
    """``rng.randint``, faster."""
    return low + int(rng.random() * (high - low + 1))


@cache
def _placeholders(template: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in Formatter().parse(template) if name)


class WeightedChoice:
    """rng-driven choice with fixed weights, cheap enough for millions of draws."""

    def __init__(self, items: list, weights: list[float]) -> None:
        self.items = items
        self.cum = list(accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self, rng: Random):
        return self.items[bisect_right(self.cum, rng.random() * self.total)]


# --- persons -----------------------------------------------------------------------------------
@dataclass(slots=True)
class FakePerson:
    gemeente: str
    achternaam: str | None = None
    tussenvoegsel: str | None = None
    voornamen: str | None = None
    geboortedatum: date | None = None
    bsn: str | None = None
    adres: str | None = None
    postcode: str | None = None
    woonplaats: str | None = None

    @property
    def named(self) -> bool:
        return bool(self.achternaam or self.voornamen)

    def persoon_fields(self) -> dict:
        """The Persoon columns, match_sleutel included."""
        return {
            "achternaam": self.achternaam,
            "tussenvoegsel": self.tussenvoegsel,
            "voornamen": self.voornamen,
            "geboortedatum": self.geboortedatum,
            "bsn": self.bsn,
            "adres": self.adres,
            "postcode": self.postcode,
            "woonplaats": self.woonplaats,
            "match_sleutel": match_key(self.achternaam, self.tussenvoegsel, self.geboortedatum, self.voornamen),
        }


def split_surname(name: str) -> tuple[str | None, str]:
    """'van der Berg' -> ('van der', 'Berg'): the leading lower-case words are the tussenvoegsel.

    The inverted form 'Berg, van der' gives the same.
    """
    if ", " in name:
        achternaam, _, tussenvoegsel = name.partition(", ")
        return tussenvoegsel.strip() or None, achternaam.strip()
    words = name.split()
    lead = 0
    while lead < len(words) - 1 and words[lead][:1].islower():
        lead += 1
    return (" ".join(words[:lead]) or None), " ".join(words[lead:])


# --- the factory -------------------------------------------------------------------------------
class DemoFactory:
    """Invented persons, meldingen and decisions for one regio; deterministic per seed.

    Households are numbered: ``household(i)`` always gives the same people for the same seed, so a
    generator can write them once and a CSV writer can ask for them again.
    """

    def __init__(self, regio: Regio, *, seed: int, today: date, extern_id_step: int = 300) -> None:
        self.regio = regio
        self.seed = seed
        self.today = today
        self.extern_id_step = extern_id_step
        from faker import Faker  # here, not at import: the login screen imports this module for its hint

        fake = Faker("nl_NL")
        fake.seed_instance(seed)
        self.surnames = _unique(fake.last_name() for _ in range(900))
        self.male_names = _unique(fake.first_name_male() for _ in range(400))
        self.female_names = _unique(fake.first_name_female() for _ in range(400))
        self.staff = _unique(f"{fake.first_name()} {fake.last_name()}" for _ in range(12))
        self.gemeente_choice = WeightedChoice(
            list(regio.gemeenten), [data.INHABITANTS.get(g, data.DEFAULT_INHABITANTS) for g in regio.gemeenten]
        )
        soorten = list(regio.soorten)
        self.soort_weights = {s: data.SOORT_WEIGHTS.get(s, data.DEFAULT_SOORT_WEIGHT) for s in soorten}
        self.soort_choice = WeightedChoice(soorten, [self.soort_weights[s] for s in soorten])
        self.type_of_soort = {s: type_for_soort(regio, s) for s in soorten}
        self._bron_choice: dict[str, WeightedChoice] = {}
        self._route_choice: dict[tuple[str, str], WeightedChoice | None] = {}
        self._extern_counters: dict[tuple[str, int], int] = {}
        self._extern_rng = Random(seed + 1)

    # persons ---------------------------------------------------------------------------------
    def household(self, index: int, *, size: int | None = None, gemeente: str | None = None) -> list[FakePerson]:
        """Household ``index``: the adults first, then the children; one address, shared surname."""
        rng = Random(self.seed * 1_000_003 + index)
        if size is None:
            size = rng.choices((1, 2, 3, 4, 5), weights=(45, 20, 16, 12, 7))[0]
        gemeente = gemeente or self.gemeente_choice(rng)
        woonplaats, postcode = self._place(rng, gemeente)
        suffix = pick(rng, ("", "", "", "", "", "a", "b", " A01", " B"))
        adres = f"{pick(rng, data.STREETS)} {between(rng, 1, 180)}{suffix}"
        home = {"gemeente": gemeente, "adres": adres, "postcode": postcode, "woonplaats": woonplaats}
        tussenvoegsel, achternaam = split_surname(pick(rng, self.surnames))
        head_female = rng.random() < 0.45
        head_age = between(rng, 18, 82) if size == 1 else between(rng, 24, 52)
        members = [self._person(rng, index, 0, home, achternaam, tussenvoegsel, head_female, head_age)]
        if size > 1 and rng.random() < 0.7:  # a partner, often with an own surname
            own = rng.random() < 0.45
            t2, a2 = split_surname(pick(rng, self.surnames)) if own else (tussenvoegsel, achternaam)
            age = max(18, head_age + between(rng, -6, 6))
            members.append(self._person(rng, index, 1, home, a2, t2, not head_female, age))
        while len(members) < size:
            age = between(rng, 0, max(0, min(17, head_age - 19)))
            members.append(
                self._person(rng, index, len(members), home, achternaam, tussenvoegsel, rng.random() < 0.5, age)
            )
        return members

    def _person(self, rng, household, member, home, achternaam, tussenvoegsel, female, age) -> FakePerson:
        pool = self.female_names if female else self.male_names
        voornamen = pick(rng, pool)
        if rng.random() < 0.2:
            voornamen = f"{voornamen} {pick(rng, pool)}"
        born = date(self.today.year - age, 1, 1) + timedelta(between(rng, 0, 364))
        born = min(born, self.today - timedelta(between(rng, 1, 200)))
        bsn = bsn_for(household * 8 + member, self.seed) if rng.random() < (0.45 if age >= 18 else 0.3) else None
        return FakePerson(
            achternaam=achternaam,
            tussenvoegsel=tussenvoegsel,
            voornamen=voornamen,
            geboortedatum=born if rng.random() > 0.03 else None,
            bsn=bsn,
            **home,
        )

    def _place(self, rng: Random, gemeente: str) -> tuple[str, str]:
        woonplaats, low, high = pick(rng, data.PLACES.get(gemeente, ((gemeente, 1000, 9999),)))
        letters = "".join(pick(rng, data.POSTCODE_LETTERS) for _ in range(2))
        return woonplaats, f"{between(rng, low, high)} {letters}"

    def unknown_person(self, gemeente: str) -> FakePerson:
        """A person the melder could not name."""
        return FakePerson(gemeente=gemeente)

    @staticmethod
    def alive(household: list[FakePerson], on: date) -> list[FakePerson]:
        """The members born by ``on`` (at least the first)."""
        return [p for p in household if p.geboortedatum is None or p.geboortedatum <= on] or household[:1]

    def pick_persons(self, rng: Random, household: list[FakePerson], soort: str, on: date) -> list[FakePerson]:
        """Who of a household a melding of ``soort`` on ``on`` names: one adult, or 2-4 of them."""
        alive = self.alive(household, on)
        if len(alive) > 1 and self.wants_several(rng, soort):
            return alive[: between(rng, 2, min(4, len(alive)))]
        adults = [p for p in alive if p.geboortedatum is None or (on - p.geboortedatum).days >= 16 * 365]
        return [pick(rng, adults or alive)]

    def wants_several(self, rng: Random, soort: str) -> bool:
        return rng.random() < data.MULTI_PERSON_CHANCE.get(soort, 0.05)

    # meldingen --------------------------------------------------------------------------------
    def soort(self, rng: Random) -> str:
        return self.soort_choice(rng)

    def bron(self, rng: Random, soort: str) -> str:
        choice = self._bron_choice.get(soort)
        if choice is None:
            weights = {b: w for b, w in data.BRON_WEIGHTS.get(soort, {}).items() if b in self.regio.bronnen}
            weights = weights or {next(iter(self.regio.bronnen)): 1}
            choice = self._bron_choice[soort] = WeightedChoice(list(weights), list(weights.values()))
        return choice(rng)

    def extern_id(self, bron: str, datum: date) -> str:
        """A source-style number, unique per bron: '2026-112345' (politie), 'VT-2026-00042' …"""
        key = (bron, datum.year)
        rng = self._extern_rng
        if key not in self._extern_counters:
            self._extern_counters[key] = (100_000 if bron == "politie" else 0) + between(rng, 1, 500)
        step = self.extern_id_step if bron == "politie" else 3
        number = self._extern_counters[key] = self._extern_counters[key] + between(rng, 1, step)
        if bron == "politie":
            return f"{datum.year}-{number:06d}"
        prefix = {
            "veilig_thuis": "VT",
            "penitentiaire_inrichting": "PI",
            "ketenpartner": "KP",
            "gemeente": "GEM",
            "om": "OM",
            "overig": "OV",
        }.get(bron, bron.upper()[:4])
        return f"{prefix}-{datum.year}-{number:05d}"

    def omschrijving(self, rng: Random, soort: str, datum: date, persons: Sequence[FakePerson], gemeente: str) -> str:
        """A short police-style text; the place is the first person's, else one in ``gemeente``."""
        template = pick(rng, data.OMSCHRIJVINGEN.get(soort, data.DEFAULT_OMSCHRIJVINGEN))
        first = persons[0] if persons else None
        ages = [(datum - p.geboortedatum).days // 365 for p in persons if p.geboortedatum]
        children = sum(1 for a in ages if a < 18)
        values = {}
        for name in _placeholders(template):  # only what this template uses: millions of calls in the bench
            if name == "plaats":
                value = (
                    first.woonplaats
                    if first and first.woonplaats
                    else pick(rng, data.PLACES.get(gemeente, ((gemeente, 0, 0),)))[0]
                )
            elif name == "straat":
                value = first.adres.rsplit(" ", 1)[0] if first and first.adres else pick(rng, data.STREETS)
            elif name == "tijd":
                value = f"rond {between(rng, 0, 23):02d}.{pick(rng, (5, 10, 20, 35, 45, 50)):02d} uur"
            elif name == "leeftijd":
                value = ages[0] if ages else between(rng, 16, 60)
            elif name == "kindleeftijd":
                value = min(ages) if children else between(rng, 2, 15)
            elif name == "kinderen":
                value = (
                    f"{children} minderjarige kind{'eren' if children > 1 else ''} in de woning."
                    if children
                    else pick(rng, data.KINDEREN_ZINNEN)
                )
            elif name == "instelling":
                value = pick(rng, data.INSTELLINGEN)
            else:  # dagen
                value = between(rng, 3, 21)
            values[name] = value
        return template.format_map(values)

    def melding_fields(
        self, rng: Random, *, soort: str, datum: date, gemeente: str, persons: Sequence[FakePerson] = ()
    ) -> dict:
        """The Melding columns for a melding of ``soort`` on ``datum`` about ``persons`` (may be left out)."""
        bron = self.bron(rng, soort)
        return {
            "bron": bron,
            "extern_id": self.extern_id(bron, datum),
            "soort": soort,
            "datum": datum,
            "gemeente": gemeente,
            "omschrijving": self.omschrijving(rng, soort, datum, persons, gemeente),
            "urgent": soort in self.regio.urgente_soorten,
            "aanbrenger": self.regio.aanbrenger_for(bron),
            "grondslag": self.regio.privacy.grondslag,
            "ingelezen_op": at(datum, time(between(rng, 6, 17), between(rng, 0, 59))),
        }

    # decisions --------------------------------------------------------------------------------
    def route_kinds(self, type_code: str) -> tuple[list[str], list[str], list[str], list[str]]:
        """The type's routes as (final, hold, forward, casus): where each sends a melding next."""
        final, hold, forward, casus = [], [], [], []
        for code in self.regio.overlegtypen[type_code].routes:
            target = self.regio.route_target(code, type_code)
            if self.regio.routes[code].opent_casus:
                casus.append(code)
            elif target is None:
                final.append(code)
            elif target == type_code:
                hold.append(code)
            else:
                forward.append(code)
        return final, hold, forward, casus

    def final_route(self, rng: Random, type_code: str, soort: str) -> str | None:
        """A closing route of this type (no hold, no forward, no casus), weighted by soort."""
        key = (type_code, soort)
        if key not in self._route_choice:
            final = self.route_kinds(type_code)[0]
            boost = data.ROUTE_BOOST.get(soort, {})
            weights = [data.ROUTE_WEIGHTS.get(r, 5) * boost.get(r, 1) for r in final]
            self._route_choice[key] = WeightedChoice(final, weights) if final else None
        choice = self._route_choice[key]
        return choice(rng) if choice else None

    def toelichting(self, rng: Random, route: str) -> str:
        texts = data.TOELICHTINGEN.get(route)
        return pick(rng, texts) if texts else self.regio.route_label(route)

    def bekendheid(self, rng: Random, partner: str, datum: date, *, known: float = 0.3) -> tuple[str, str | None]:
        """(code, notitie) of one partner for one bespreking; ``known`` is the chance of 'bekend'."""
        draw = rng.random()
        if draw < known:
            if rng.random() < 0.6:
                jaar = datum.year - between(rng, 0, 6)
                text = pick(rng, data.BEKENDHEID_NOTITIES.get(partner, data.DEFAULT_NOTITIES))
                return "bekend", text.format(jaar=jaar, volgend_jaar=datum.year + 1)
            return "bekend", None
        if draw < known + (1 - known) * 0.8:
            return "niet_bekend", None
        return "niet_nagevraagd", None

    def actie(self, rng: Random, *, eigenaar: str, datum: date) -> dict:
        """An Actie's columns: due after the regio's termijn; done, open, or overdue as of today."""
        termijn = datum + timedelta(self.regio.actie_termijn_dagen)
        done_chance = 0.75 if termijn < self.today else 0.3
        afgerond_op = terugkoppeling = None
        if datum < self.today - timedelta(1) and rng.random() < done_chance:
            afgerond_op = min(
                datum + timedelta(between(rng, 2, self.regio.actie_termijn_dagen + 4)), self.today - timedelta(1)
            )
            terugkoppeling = pick(rng, data.TERUGKOPPELINGEN)
        return {
            "eigenaar": eigenaar,
            "omschrijving": pick(rng, data.ACTIES),
            "termijn": termijn,
            "afgerond_op": afgerond_op,
            "terugkoppeling": terugkoppeling,
            "aangemaakt_op": at(datum, time(11)),
        }

    def actie_owner(self, rng: Random, route: str, present: tuple[str, ...]) -> str:
        partner = self.regio.routes[route].partner
        return partner if partner in self.regio.partners else pick(rng, present or tuple(self.regio.partners))

    def casus_thema(self, rng: Random, soort: str) -> str:
        options = [t for t in data.THEMA_BY_SOORT.get(soort, ()) if t in self.regio.themas] or list(self.regio.themas)
        return rng.choices(options, weights=[len(options) - i + 1 for i in range(len(options))])[0]

    def sluiting(self, rng: Random, geopend: date, *, open_chance: float) -> tuple[date | None, str | None]:
        """(gesloten, reden) for a casus opened on ``geopend``; still open when that is before today."""
        gesloten = geopend + timedelta(between(rng, 45, 540))
        if gesloten >= self.today or rng.random() < open_chance:
            return None, None
        return gesloten, pick(rng, data.SLUITREDENEN)

    def voorzitter(self, type_code: str, datum: date) -> str:
        order = list(self.regio.overlegtypen).index(type_code)
        return self.staff[(order * 2 + datum.toordinal() // 7 % 2) % len(self.staff)]

    def procesregisseur(self, rng: Random) -> str:
        return pick(rng, self.staff[6:] or self.staff)


def _unique(items) -> list[str]:
    return list(dict.fromkeys(items))


# --- fill_demo ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoSummary:
    meldingen: int
    personen: int
    overleggen: int
    besprekingen: int
    bekendheden: int
    acties: int
    casussen: int
    agenda: dict[str, int] = field(default_factory=dict)
    """Undecided meldingen per overlegtype: what the next overleg of that type will see."""


NOT_EMPTY = "De database bevat al gegevens; demodata wordt alleen in een lege database gezet."
IGNORED_WHEN_EMPTY = frozenset({Toegangslog.__tablename__})
"""A store whose only rows are log entries (someone searched an empty store) is still empty."""


class StoreNotEmpty(InvalidInput):
    """Demo data goes only into a store that holds nothing: no accounts, meldingen, casussen, persons …"""


def _tables_with_rows(session: Session) -> list[str]:
    return [
        table.name
        for table in SQLModel.metadata.sorted_tables
        if table.name not in IGNORED_WHEN_EMPTY and session.execute(select(table.c[0]).limit(1)).first() is not None
    ]


def holds_anything(store: Store) -> bool:
    """Whether the store holds anything but log entries (then demo data is refused)."""
    with store.read() as session:
        require(session, Recht.DEMO)
        return bool(_tables_with_rows(session))


def fill_demo(store: Store, regio: Regio, *, today: date, seed: int = 2026) -> DemoSummary:
    """Fill ``store`` with demo data up to the day before ``today`` (see the module docstring); refused
    (StoreNotEmpty) when the store holds anything, checked in the same transaction that fills it."""
    builder = _DemoBuilder(regio, today=today, seed=seed)
    with store.write() as session:
        require(session, Recht.DEMO)
        if _tables_with_rows(session):
            raise StoreNotEmpty(NOT_EMPTY)
        summary = builder.write(session)
        audit.record(
            session,
            Handeling.AANGEMAAKT,
            object_type="demodata",
            details={"meldingen": summary.meldingen, "personen": summary.personen},
        )
        return summary


def _positions(household: int, members: list[FakePerson], chosen: list[FakePerson]) -> list[tuple]:
    """(household, member number, person) for the chosen members."""
    return [(household, next(i for i, m in enumerate(members) if m is x), x) for x in chosen]


@dataclass
class _Unit:
    """A household that keeps turning up, with the soorten its meldingen are about."""

    index: int
    members: list[FakePerson]
    profile: tuple[str, ...]


@dataclass
class _Planned:
    melding: Melding
    persons: list[Persoon]
    queue: str | None
    entered: date
    held: bool = False


@dataclass
class _Decision:
    bespreking: Bespreking
    planned: _Planned
    overleg: Overleg
    route: str
    known: float


RECURRING_FAMILY_PROFILE = (
    "huiselijk_geweld",
    "kindermishandeling",
    "vt_informatie_uitvraag",
    "huisverbod",
    "overlast",
)
RECURRING_SINGLE_PROFILES = (
    ("overlast", "verward_gedrag", "wvggz", "drang_dwang"),
    ("crimineel", "top_x", "detentie", "ghb"),
    ("overlast", "crimineel", "ghb"),
    ("verward_gedrag", "overlast", "overig"),
    ("radicalisering", "overlast"),
    ("mensenhandel", "crimineel"),
)
DAILY_MELDINGEN = 8.0
AGENDA_NEW = {"routeertafel": (16, 24), "e33_screening": (5, 10)}
"""Open agenda size per overlegtype, held-over meldingen included; other types get 2-4 new ones."""
FORCED_HOLDS = {"routeertafel": 2}
"""Meldingen held over at the last overleg of a type (default 1), so the next agenda has some."""
HOLD_CHANCE = 0.04
FORWARD_CHANCE = 0.04


class _DemoBuilder:
    def __init__(self, regio: Regio, *, today: date, seed: int) -> None:
        self.regio = regio
        self.today = today
        self.start = today - timedelta(DEMO_DAYS)
        self.rng = Random(seed)
        self.f = DemoFactory(regio, seed=seed, today=today)
        self.households = 0
        self.persons: dict[tuple[int, int], Persoon] = {}
        self.planned: list[_Planned] = []
        self.units: list[_Unit] = []
        self.unit_meldingen: dict[int, list[_Planned]] = {}
        self._seen: dict[int, int] = {}
        """How many meldingen name a Persoon (by object id)."""
        self.types = list(regio.overlegtypen)
        self.last = {t: max(overleg_dates(regio, t, self.start, today)) for t in self.types}
        self.forced_holds = {t: FORCED_HOLDS.get(t, 1) for t in self.types}

    # persons and meldingen -------------------------------------------------------------------
    def _new_household(self, **kwargs) -> tuple[int, list[FakePerson]]:
        index = self.households
        self.households += 1
        if index < len(self.regio.gemeenten):  # the first households cover every gemeente
            kwargs.setdefault("gemeente", self.regio.gemeenten[index])
        return index, self.f.household(index, **kwargs)

    def _persoon(self, household: int, member: int, fake: FakePerson, seen: datetime) -> Persoon:
        persoon = self.persons.get((household, member))
        if persoon is None:
            persoon = self.persons[(household, member)] = Persoon(**fake.persoon_fields(), aangemaakt_op=seen)
        persoon.aangemaakt_op = min(persoon.aangemaakt_op, seen)
        return persoon

    def _melding(self, soort: str, datum: date, *, unit: _Unit | None = None) -> _Planned:
        rng, f = self.rng, self.f
        if unit is None and rng.random() < 0.3:
            candidates = [u for u in self.units if soort in u.profile]
            unit = rng.choice(candidates) if candidates else None
        # picks: (household, member number, person); household None for an unknown person
        if unit is not None:
            picks = _positions(unit.index, unit.members, f.pick_persons(rng, unit.members, soort, datum))
        elif rng.random() < data.UNKNOWN_PERSON_CHANCE:
            picks = [(None, 0, f.unknown_person(f.gemeente_choice(rng)))]
        elif soort not in data.HOUSEHOLD_SOORTEN and f.wants_several(rng, soort):  # co-suspects, own addresses
            picks = [
                (index, 0, members[0])
                for index, members in (self._new_household(size=1) for _ in range(rng.randint(2, 3)))
            ]
        else:
            several = soort in data.HOUSEHOLD_SOORTEN and f.wants_several(rng, soort)
            index, members = self._new_household(size=rng.randint(2, 5) if several else 1)
            alive = f.alive(members, datum)
            several = several and len(alive) > 1
            picks = _positions(index, members, alive[: rng.randint(2, min(4, len(alive)))] if several else alive[:1])
        fakes = [x for _, _, x in picks]
        melding = Melding(**f.melding_fields(rng, soort=soort, datum=datum, gemeente=fakes[0].gemeente, persons=fakes))
        persons = [
            self._persoon(hh, n, x, melding.ingelezen_op)
            if hh is not None
            else Persoon(**x.persoon_fields(), aangemaakt_op=melding.ingelezen_op)
            for hh, n, x in picks
        ]
        planned = _Planned(melding, persons, f.type_of_soort[soort], datum)
        self.planned.append(planned)
        if unit is not None:
            self.unit_meldingen.setdefault(unit.index, []).append(planned)
        return planned

    def _plan_meldingen(self) -> None:
        rng, f = self.rng, self.f
        for n in range(18):  # households that turn up again and again
            family = n < 7
            index, members = self._new_household(size=rng.randint(3, 5) if family else 1)
            profile: tuple[str, ...] = (
                RECURRING_FAMILY_PROFILE if family else RECURRING_SINGLE_PROFILES[n % len(RECURRING_SINGLE_PROFILES)]
            )
            profile = tuple(s for s in profile if s in self.regio.soorten) or tuple(self.regio.soorten)
            self.units.append(_Unit(index, members, profile))
        for unit in self.units:  # their history, 3 to 11 months back
            for _ in range(rng.randint(1, 3)):
                self._melding(rng.choice(unit.profile), self.today - timedelta(rng.randint(92, 335)), unit=unit)

        by_type: dict[str | None, list[str]] = {}
        for soort in self.regio.soorten:
            by_type.setdefault(f.type_of_soort[soort], []).append(soort)
        total_weight = sum(f.soort_weights.values())
        choosers = {t: WeightedChoice(s, [f.soort_weights[x] for x in s]) for t, s in by_type.items()}
        for offset in range(DEMO_DAYS):  # the recent weeks, up to the last overleg of each type
            day = self.start + timedelta(offset)
            factor = 0.6 if day.weekday() >= 5 else 1.15
            for type_code, soorten in by_type.items():
                if type_code is not None and day >= self.last[type_code]:
                    continue
                rate = DAILY_MELDINGEN * factor * sum(f.soort_weights[s] for s in soorten) / total_weight
                for _ in range(poisson(rng, rate)):
                    self._melding(choosers[type_code](rng), day)
        counts = {s: 0 for s in self.regio.soorten}
        for p in self.planned:
            counts[p.melding.soort] += 1
        for soort, count in counts.items():  # a few of every soort
            type_code = f.type_of_soort[soort]
            span = ((self.last[type_code] if type_code else self.today) - self.start).days
            for _ in range(max(0, 2 - count)):
                self._melding(soort, self.start + timedelta(rng.randrange(max(1, span))))
        for type_code in self.types:  # since the last overleg: the agenda a new user finds
            if type_code not in by_type:
                continue
            if type_code in AGENDA_NEW:
                new = rng.randint(*AGENDA_NEW[type_code]) - self.forced_holds[type_code]
            else:
                new = rng.randint(2, 4)
            window = (self.today - self.last[type_code]).days
            for _ in range(new):
                day = self.last[type_code] + timedelta(rng.randrange(window))
                self._melding(choosers[type_code](rng), day)
        self.planned.sort(key=lambda p: (p.melding.datum, p.melding.ingelezen_op))

    # overleggen ------------------------------------------------------------------------------
    def _overleggen(self) -> list[Overleg]:
        dates = {(t, d) for t in self.types for d in overleg_dates(self.regio, t, self.start, self.today)}
        for p in self.planned:
            if p.queue and p.melding.datum < self.start:
                dates.add((p.queue, next_overleg_date(self.regio, p.queue, p.melding.datum)))
        overleggen = []
        for type_code, datum in sorted(dates, key=lambda td: (td[1], self.types.index(td[0]))):
            overleggen.append(
                Overleg(
                    type=type_code,
                    datum=datum,
                    voorzitter=self.f.voorzitter(type_code, datum),
                    status="gesloten",
                    gestart_op=at(datum),
                    aangemaakt_op=at(datum - timedelta(3), time(15)),
                )
            )
        return overleggen

    def _apologies(self, rng: Random, overleggen: list[Overleg]) -> dict[int, str]:
        """Now and then one partner (never the ZVH, which chairs) sends apologies; every past overleg had
        the confidentiality statement read at its start. Overleg id -> the partner that was afgemeld."""
        afgemeld = {}
        for o in overleggen:
            o.geheimhouding_gelezen_op = at(o.datum) + timedelta(minutes=1)
            others = [p for p in self.regio.overlegtypen[o.type].partners if p != "zvh"]
            if others and rng.random() < 0.15:
                afgemeld[stored_id(o)] = pick(rng, others)
        return afgemeld

    def _review(self, rng: Random, overleggen: list[Overleg], acties: list[tuple[Overleg, Actie]]) -> None:
        """Each overleg opened with the open actions of the previous one of its type: done ones were marked
        gedaan, most others niet gedaan or omstandigheden gewijzigd. The newest overleg's actions wait for
        the next one (the overleg a user opens today)."""
        following: dict[int, Overleg] = {}
        previous: dict[str, Overleg] = {}
        for o in sorted(overleggen, key=lambda o: o.datum):
            if o.type in previous:
                following[stored_id(previous[o.type])] = o
            previous[o.type] = o
        for overleg, actie in acties:
            review = following.get(stored_id(overleg))
            if review is None:
                continue
            status: str | None
            if actie.afgerond_op is not None and actie.afgerond_op <= review.datum:
                status = GEDAAN
            elif actie.afgerond_op is None:
                draw = rng.random()
                status = NIET_GEDAAN if draw < 0.55 else GEWIJZIGD if draw < 0.7 else None
            else:
                status = None  # done after that overleg: it was still open then, and nobody marked it
            if status is not None:
                actie.status, actie.status_op, actie.status_overleg_id = status, review.datum, review.id

    def _simulate(self, overleggen: list[Overleg]) -> list[_Decision]:
        rng, f = self.rng, self.f
        casus_type = next((t for t in self.types if f.route_kinds(t)[3]), None)
        casus_dates = [o.datum for o in overleggen if o.type == casus_type and o.datum >= self.start]
        casus_day = casus_dates[-2] if len(casus_dates) >= 2 else (casus_dates[-1] if casus_dates else None)
        decisions: list[_Decision] = []
        for overleg in overleggen:
            t, day = overleg.type, overleg.datum
            agenda = [p for p in self.planned if p.queue == t and p.entered < day]
            agenda.sort(key=lambda p: (not p.held, not p.melding.urgent, p.melding.datum))
            final, hold, forward, casus = f.route_kinds(t)
            recent = day >= self.start
            is_last = day == self.last[t]
            holds_left = self.forced_holds[t] if is_last else 0
            later_forward = [x for x in forward if day > self.last.get(self.regio.route_target(x, t) or "", day)]
            for n, p in enumerate(agenda):
                route = f.final_route(rng, t, p.melding.soort)
                if recent and casus and day == casus_day and n == 0:
                    route = casus[0]
                elif (
                    recent and hold and not p.held and (holds_left > 0 or (not is_last and rng.random() < HOLD_CHANCE))
                ):
                    route, holds_left = hold[0], holds_left - 1
                elif recent and later_forward and n == len(agenda) - 1:  # something waits for the next triage
                    route = later_forward[0]
                elif recent and forward and rng.random() < FORWARD_CHANCE:
                    route = rng.choice(forward)
                if route is None:
                    route = (final or hold or forward or casus)[0]
                bespreking = Bespreking(
                    overleg_id=stored_id(overleg),
                    melding_id=stored_id(p.melding),
                    volgorde=n,
                    gewijzigd_op=at(day) + timedelta(minutes=4 * n + 3),
                )
                known = 0.55 if any(self._seen.get(id(x), 0) > 1 for x in p.persons) else 0.25
                decisions.append(_Decision(bespreking, p, overleg, route, known))
                target = self.regio.route_target(route, t)
                p.held = p.held or target == t
                p.queue, p.entered = target, day
            overleg.gesloten_op = at(day) + timedelta(minutes=4 * len(agenda) + 10)
        return decisions

    def write(self, session: Session) -> DemoSummary:
        rng, f = self.rng, self.f
        self._plan_meldingen()
        persons = list({id(p): p for pl in self.planned for p in pl.persons}.values())
        session.add_all(persons)
        session.add_all(p.melding for p in self.planned)
        session.flush()
        for p in self.planned:
            for persoon in {id(x): x for x in p.persons}.values():
                session.add(MeldingPersoon(melding_id=stored_id(p.melding), persoon_id=stored_id(persoon)))
                self._seen[id(persoon)] = self._seen.get(id(persoon), 0) + 1

        overleggen = self._overleggen()
        session.add_all(overleggen)
        session.flush()
        # What a meeting records besides its decisions (apologies, the confidentiality statement, partners
        # that may not share, the review of earlier actions) draws from a stream of its own, so the rest of
        # the demo is the same for a seed with or without it.
        record_rng = Random(self.f.seed + 2)
        afgemeld = self._apologies(record_rng, overleggen)
        session.add_all(
            OverlegPartner(
                overleg_id=stored_id(o),
                partner=partner,
                volgorde=i,
                aanwezigheid=AFGEMELD if afgemeld.get(stored_id(o)) == partner else AANWEZIG,
            )
            for o in overleggen
            for i, partner in enumerate(self.regio.overlegtypen[o.type].partners)
        )
        decisions = self._simulate(overleggen)
        session.add_all(d.bespreking for d in decisions)
        session.flush()

        casussen = []
        acties: list[tuple[Overleg, Actie]] = []
        for d in decisions:
            day, present = d.overleg.datum, self.regio.overlegtypen[d.overleg.type].partners
            when = d.bespreking.gewijzigd_op
            for partner in present:
                code, notitie = f.bekendheid(rng, partner, day, known=d.known)
                if afgemeld.get(stored_id(d.overleg)) == partner:
                    continue  # not there: nobody asked what it knows
                reden = None
                if code != "bekend" and record_rng.random() < 0.03:
                    code, reden = DEELT_NIET, pick(record_rng, data.REDENEN_NIET_DELEN)
                session.add(
                    Bekendheid(
                        bespreking_id=stored_id(d.bespreking),
                        partner=partner,
                        code=code,
                        notitie=notitie,
                        reden_niet_delen=reden,
                        gewijzigd_op=when,
                    )
                )
            session.add(
                Besluit(
                    bespreking_id=stored_id(d.bespreking),
                    route=d.route,
                    toelichting=f.toelichting(rng, d.route),
                    genomen_op=when,
                )
            )
            has_partner = self.regio.routes[d.route].partner is not None
            if rng.random() < (0.6 if has_partner else 0.2):
                for _ in range(1 if rng.random() < 0.8 else 2):
                    owner = f.actie_owner(rng, d.route, present)
                    actie = Actie(bespreking_id=d.bespreking.id, **f.actie(rng, eigenaar=owner, datum=day))
                    session.add(actie)
                    acties.append((d.overleg, actie))
            if self.regio.routes[d.route].opent_casus:
                casussen.append(self._casus_from(d))
        self._review(record_rng, overleggen, acties)
        casussen.extend(self._older_casussen())
        for casus, persons_, _ in casussen:
            session.add(casus)
            session.add_all(persons_)
        session.flush()
        perioden.insert_first_periods(
            session, [(c.id, c.geopend, c.gesloten, c.reden_sluiting) for c, _, _ in casussen]
        )
        for casus, persons_, meldingen in casussen:
            session.add_all(
                CasusPersoon(casus_id=stored_id(casus), persoon_id=stored_id(x))
                for x in {id(x): x for x in persons_}.values()
            )
            session.add_all(CasusMelding(casus_id=stored_id(casus), melding_id=stored_id(m)) for m in meldingen)
            if casus.gesloten is None:
                for _ in range(rng.randint(1, 2)):
                    owner = rng.choice(("zvh", *self.regio.overlegtypen[self.types[-1]].partners))
                    start = max(casus.geopend, self.today - timedelta(30))
                    session.add(Actie(casus_id=casus.id, **f.actie(rng, eigenaar=owner, datum=start)))
        session.flush()
        demo_procesregie.fill(session, self.regio, [c for c, _, _ in casussen], today=self.today, seed=self.f.seed)

        def count(model) -> int:
            return session.exec(select(func.count()).select_from(model)).one()

        return DemoSummary(
            meldingen=count(Melding),
            personen=count(Persoon),
            overleggen=count(Overleg),
            besprekingen=count(Bespreking),
            bekendheden=count(Bekendheid),
            acties=count(Actie),
            casussen=count(Casus),
            agenda={t: sum(1 for p in self.planned if p.queue == t) for t in self.types},
        )

    # casussen --------------------------------------------------------------------------------
    def _casus_from(self, d: _Decision) -> tuple[Casus, list[Persoon], list[Melding]]:
        melding = d.planned.melding
        casus = Casus(
            thema=self.f.casus_thema(self.rng, melding.soort),
            gemeente=melding.gemeente,
            geopend=d.overleg.datum,
            procesregisseur=self.f.procesregisseur(self.rng),
            aanbrenger=melding.aanbrenger,
            grondslag=melding.grondslag,
            aangemaakt_op=d.bespreking.gewijzigd_op,
        )
        named = [p for p in d.planned.persons if p.achternaam or p.voornamen]
        return casus, named, [melding]

    def _older_casussen(self) -> list[tuple[Casus, list[Persoon], list[Melding]]]:
        rng, f = self.rng, self.f
        result = []
        for n in range(8):
            if n < 5:  # a recurring household, linked to its earlier meldingen
                unit = self.units[n * 3 % len(self.units)]
                history = sorted(
                    (p for p in self.unit_meldingen.get(unit.index, []) if p.melding.datum < self.start),
                    key=lambda p: p.melding.datum,
                )
                first = history[0].melding.datum if history else self.start - timedelta(200)
                geopend = first + timedelta(rng.randint(7, 30))
                meldingen = [p.melding for p in history if p.melding.datum <= geopend]
                persons = [self._persoon(unit.index, i, m, at(geopend)) for i, m in enumerate(unit.members)]
                thema = f.casus_thema(rng, unit.profile[n % len(unit.profile)])
                gesloten, reden = f.sluiting(rng, geopend, open_chance=0.5)
                gemeente = unit.members[0].gemeente
            else:  # from before the recent history
                index, members = self._new_household()
                geopend = self.today - timedelta(rng.randint(420, 1100))
                meldingen, persons = [], [self._persoon(index, i, m, at(geopend)) for i, m in enumerate(members)]
                thema = f.casus_thema(rng, rng.choice(("detentie", "radicalisering", "top_x", "huiselijk_geweld")))
                gesloten, reden = f.sluiting(rng, geopend, open_chance=0.0 if n < 7 else 1.0)
                gemeente = members[0].gemeente
            casus = Casus(
                extern_id=f"ZVH-{geopend.year}-{100 + n * 37:04d}",
                thema=thema,
                gemeente=gemeente,
                geopend=geopend,
                gesloten=gesloten,
                reden_sluiting=reden,
                procesregisseur=f.procesregisseur(rng),
                aangemaakt_op=at(geopend, time(10)),
                aanbrenger=meldingen[0].aanbrenger if meldingen else "politie",
                grondslag=self.regio.privacy.grondslag,
            )
            result.append((casus, persons, meldingen))
        return result

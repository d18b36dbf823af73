"""Lookup: "have we seen this person before?" — one query string, ranked persons.

A query mixes what people type: names in any form ("van den Berg", "Berg, van den", "vd berg",
"berg", with typos, diacritics and ij/y folded), a geboortedatum (12-03-1987), a BSN (also as printed
on a pass: "458 079 005", "1234.56.789"), a postcode (with huisnummer), a street with huisnummer
("Kerkstraat 12a"), a birth year, a melding's or casus' extern_id. Among persons that fit equally well,
the one spelled exactly as typed ("Özdemir", or "Ozdemir") comes first.

How it runs (bounded work whatever the store's size; see zvh_core/store/search_index.py for the index):
1. Parse the query into parts.
2. Candidates: persons with the structured keys (date, BSN, postcode, address) or the extern_ids;
   otherwise persons with the name tokens — each query token resolved to vocabulary words (exact,
   typo, prefix) and the tokens intersected in SQL, exact words first. At most ``CANDIDATE_CAP``.
3. Score every candidate in Python (rapidfuzz edit distances per name token, initials,
   tussenvoegsel, year, keys), fetch the last contact of the best groups and sort: exact matches
   first, then by match quality, most recent contact first within the same quality.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any

from rapidfuzz.distance import OSA
from sqlalchemy import and_, func, literal, select, union_all
from sqlmodel import Session, col

from zvh_core.access import audit
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import Recht, require
from zvh_core.kernel.models import (
    Casus,
    CasusPersoon,
    Melding,
    MeldingPersoon,
    Persoon,
    PersoonZoeksleutel,
    Zoekwoord,
)
from zvh_core.kernel.names import Naam, normalise
from zvh_core.kernel.read_models import LookupResult, LookupRow
from zvh_core.store.search_index import (
    ADDRESS,
    BIRTH,
    BSN,
    INITIAL,
    NAME,
    POSTCODE,
    TUSSENVOEGSELS,
    YEAR,
    address_keys,
    deletions,
    name_tokens,
    postcode_key,
    prefix_range,
    street_key,
    street_keys,
    surname_tokens,
    words,
)

LIMIT = 30
"""Rows a lookup returns by default."""
CANDIDATE_CAP = 300
"""Persons weighed at most per pass (a bare common name matches more: the most recently seen are kept)."""
CONTACT_CHECKS = 40
"""Best candidates whose last contact is looked up to order them (they arrive roughly recent first)."""
PREFIX_WORDS = 60
"""Vocabulary words a query token may stand for as a prefix (shortest first)."""
EXACT, CLOSE, PARTIAL = 3, 2, 1
MATCH_LABEL = {EXACT: "exact", CLOSE: "lijkt", PARTIAL: "deels"}
_CHUNK = 500

_DATE_DMY = re.compile(r"(?<![\d-])(\d{1,2})[-./](\d{1,2})[-./](\d{4}|\d{2})(?![\d-])")
_DATE_YMD = re.compile(r"(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])")
_DATE_COMPACT = re.compile(r"(?<!\d)(\d{2})(\d{2})(\d{4})(?!\d)")
_POSTCODE = re.compile(r"(?<![\w])(\d{4})\s?([a-z]{2})(?![a-z])(?:\s*(\d{1,5})\s*([a-z]?)(?![\w]))?", re.IGNORECASE)
_BSN = re.compile(r"(?<![\w-])(\d{8,9})(?![\w-])")
_BSN_GROUPED = re.compile(r"(?<![\w.-])(\d{3,4})[ .](\d{2,3})[ .](\d{3})(?![\w.-])")
"""A BSN as printed: '458 079 005', '111.222.333', '1234.56.789'."""
_HOUSE_NUMBER = re.compile(r"^(\d{1,5})([a-z]?)$", re.IGNORECASE)
STREET_WORDS = 3
"""At most this many words before a house number are tried as the street."""
_FOUR_DIGITS = re.compile(r"(?<![\w-])(\d{4})(?![\w-])")
_INITIALS = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]?$")


# --- parsing -------------------------------------------------------------------------------------
@dataclass
class Query:
    text: str
    names: list[str] = field(default_factory=list)
    tussenvoegsel: str = ""
    initials: list[str] = field(default_factory=list)
    dates: list[date] = field(default_factory=list)
    year: int | None = None
    bsns: list[str] = field(default_factory=list)
    postcodes: list[str] = field(default_factory=list)
    addresses: list[str] = field(default_factory=list)
    postcode_prefixes: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    """Candidate extern_ids: the whole query and every word with a digit."""
    street_options: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    """Possible 'street + huisnummer' readings: (key, the name words it would use up); see _confirm_street."""
    streets: list[str] = field(default_factory=list)
    """Street keys some stored person has (set by _confirm_street): a structured group."""
    spelled: list[str] = field(default_factory=list)
    """The name words as typed (case folded, diacritics kept): exact spelling ranks first at equal fit."""

    @property
    def structured_keys(self) -> list[list[str]]:
        """Key groups that must each match: one group per kind given."""
        groups = [
            [BIRTH + d.isoformat() for d in self.dates],
            [BSN + b for b in self.bsns],
            [ADDRESS + a for a in self.addresses] or [POSTCODE + p for p in self.postcodes],
            self.streets,
        ]
        return [g for g in groups if g]

    @property
    def is_empty(self) -> bool:
        return not (self.names or self.initials or self.structured_keys or self.ids or self.postcode_prefixes)


def _make_date(day: int, month: int, year: int, today: date) -> date | None:
    if year < 100:
        year += 2000 if year <= today.year % 100 else 1900
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse(text: str, today: date | None = None) -> Query:
    today = today or date.today()
    query = Query(text=text.strip())
    if not query.text:
        return query
    rest = query.text
    if any(ch.isdigit() for ch in rest):
        query.ids.append(rest)
    query.ids += [t for t in rest.split() if any(ch.isdigit() for ch in t) and len(t) >= 3 and t != rest]

    def take(pattern: re.Pattern, handle) -> None:
        nonlocal rest
        out, last = [], 0
        for match in pattern.finditer(rest):
            if handle(match):
                out.append(rest[last : match.start()] + " ")
                last = match.end()
        rest = "".join(out) + rest[last:]

    def as_date(match: re.Match, order: str) -> bool:
        parts = dict(zip(order, (int(g) for g in match.groups()), strict=True))
        found = _make_date(parts["d"], parts["m"], parts["y"], today)
        if found:
            query.dates.append(found)
        return found is not None

    take(_DATE_DMY, lambda m: as_date(m, "dmy"))
    take(_DATE_YMD, lambda m: as_date(m, "ymd"))

    def as_grouped_bsn(match: re.Match) -> bool:
        digits = "".join(match.groups())
        if len(digits) != 9:
            return False
        query.bsns.append(digits)
        return True

    take(_BSN_GROUPED, as_grouped_bsn)

    def as_postcode(match: re.Match) -> bool:
        digits, letters, number, suffix = match.groups()
        letters = letters.lower()
        separated = not match.group(0)[4:5].isalpha()
        if separated and letters in TUSSENVOEGSELS and 1900 <= int(digits) <= today.year:
            return False  # '1987 de Vries': a year and a tussenvoegsel
        query.postcodes.append(digits + letters)
        if number:
            query.addresses.append(digits + letters + number.lstrip("0") + (suffix or "").lower())
        return True

    take(_POSTCODE, as_postcode)

    def as_number(match: re.Match) -> bool:
        digits = match.group(1)
        if len(digits) == 9:
            query.bsns.append(digits)
            return True
        compact = _DATE_COMPACT.fullmatch(digits)
        found = compact and _make_date(int(compact[1]), int(compact[2]), int(compact[3]), today)
        if found:
            query.dates.append(found)
            return True
        return False

    take(_BSN, as_number)

    def as_four(match: re.Match) -> bool:
        number = int(match.group(1))
        if 1900 <= number <= today.year and query.year is None:
            query.year = number
        if number >= 1000:
            query.postcode_prefixes.append(match.group(1))
        return True

    query.street_options = _street_options(rest, today)
    take(_FOUR_DIGITS, as_four)

    tussen: list[str] = []
    for raw in re.split(r"[\s,;]+", rest):
        if not raw or any(ch.isdigit() for ch in raw):
            continue
        if _INITIALS.match(raw):
            query.initials += [normalise(ch) for ch in raw if ch.isalpha()]
            continue
        apostrophe = "'" in raw or "’" in raw
        query.spelled += [part for part in re.split(r"[-/]+", raw.casefold()) if part]
        for word in words(raw):
            if word in TUSSENVOEGSELS and (apostrophe or len(word) > 1):
                tussen.append(word)
            elif len(word) == 1:
                query.initials.append(word)
            else:
                query.names.append(word)
    query.tussenvoegsel = "".join(tussen)
    if not query.names and tussen:
        query.names.append(query.tussenvoegsel)  # 'van den' while typing: the start of 'vandenberg'
        query.tussenvoegsel = ""
    return query


def _street_options(text: str, today: date) -> list[tuple[str, tuple[str, ...]]]:
    """Every 'street + huisnummer' reading of ``text``: the one to three words before a house number
    ('Kerkstraat 12', '1e Kruisstraat 5 a', 'Van Goghlaan 3'), with the name words each reading uses up."""
    tokens = [t for t in re.split(r"[\s,;]+", text) if t]
    options = []
    for n, token in enumerate(tokens):
        number = _HOUSE_NUMBER.match(token)
        if number is None or n == 0 or (len(number[1]) == 4 and 1900 <= int(number[1]) <= today.year):
            continue
        letter = number[2]
        if not letter and n + 1 < len(tokens) and re.fullmatch(r"[a-z]", tokens[n + 1], re.IGNORECASE):
            letter = tokens[n + 1]
        for count in range(1, min(STREET_WORDS, n) + 1):
            street = tokens[n - count : n]
            if not any(ch.isalpha() for ch in "".join(street)):
                continue
            used = tuple(w for t in street for w in words(t))
            options.append((street_key(" ".join(street), number[1], letter), used))
            if letter:
                options.append((street_key(" ".join(street), number[1]), used))
    return options


def _confirm_street(session: Session, query: Query) -> Query:
    """Read the query as 'street + huisnummer' when a stored person has that address (one indexed read):
    the street's words then stop being name words. Otherwise the query stays as it was."""
    if not query.street_options or query.structured_keys:
        return query
    keys = sorted({key for key, _ in query.street_options})
    stored = set(
        session.execute(
            select(col(PersoonZoeksleutel.sleutel)).where(col(PersoonZoeksleutel.sleutel).in_(keys)).distinct()
        ).scalars()
    )
    if not stored:
        return query
    longest = max((used for key, used in query.street_options if key in stored), key=len)
    names = list(query.names)
    for word in longest:
        if word in names:
            names.remove(word)
    streets = sorted(key for key, used in query.street_options if key in stored and used == longest)
    return replace(query, names=names, streets=streets, initials=[], ids=[])


# --- matching one word -----------------------------------------------------------------------------
def max_edits(token: str) -> int:
    return 0 if len(token) <= 2 else 1 if len(token) <= 5 else 2


@lru_cache(maxsize=65536)
def similarity(token: str, word: str) -> float:
    """How well query token ``token`` matches the person's word: 1 exact, ~0.9 prefix, ≤0.75 typo, 0 none."""
    if token == word:
        return 1.0
    if len(token) >= 2 and word.startswith(token):
        return 0.8 + 0.15 * len(token) / len(word)
    edits = OSA.distance(token, word, score_cutoff=max_edits(token))
    if edits <= max_edits(token):
        return 0.85 - 0.1 * edits
    if len(token) >= 4 and len(word) > len(token) and OSA.distance(token, word[: len(token)], score_cutoff=1) <= 1:
        return 0.6  # a typo in what is being typed
    return 0.0


def _tussenvoegsel_fits(asked: str, person: str) -> bool:
    if asked == person:
        return True
    if asked == "vd":
        return person in ("vande", "vanden", "vander", "vd")
    if asked == "v":
        return person.startswith("van")
    return False


# --- the vocabulary: query tokens → stored words ---------------------------------------------------
def _expand(session: Session, tokens: list[str]) -> list[dict[str, float]]:
    """Per query token: the stored name words it may stand for, with their similarity."""
    variants_of = {
        t: {t} | deletions(t) | ({d2 for d in deletions(t) for d2 in deletions(d)} if len(t) >= 7 else set())
        for t in tokens
    }
    wanted = sorted(set().union(*variants_of.values())) if tokens else []
    hits: dict[str, set[str]] = defaultdict(set)
    for start in range(0, len(wanted), _CHUNK):
        for variant, word in session.execute(
            select(col(Zoekwoord.variant), col(Zoekwoord.woord)).where(
                col(Zoekwoord.variant).in_(wanted[start : start + _CHUNK])
            )
        ):
            hits[variant].add(word)
    prefixed = _prefixed_words(session, tokens)
    expansions = []
    for token in tokens:
        found: dict[str, float] = {}
        for variant in variants_of[token]:
            for word in hits.get(variant, ()):
                score = similarity(token, word)
                if score > 0:
                    found[word] = score
        for word in sorted(prefixed.get(token, ()), key=len)[:PREFIX_WORDS]:
            found.setdefault(word, similarity(token, word))
        expansions.append(found)
    return expansions


def _prefixed_words(session: Session, tokens: list[str]) -> dict[str, list[str]]:
    """Per token (2 letters or more): vocabulary words that start with it, in one round trip."""
    parts = [
        select(literal(token).label("token"), col(Zoekwoord.woord))
        .where(prefix_range(col(Zoekwoord.variant), token), col(Zoekwoord.variant) == col(Zoekwoord.woord))
        .limit(PREFIX_WORDS * 8)
        .subquery()
        for token in dict.fromkeys(tokens)
        if len(token) >= 2
    ]
    found: dict[str, list[str]] = defaultdict(list)
    if parts:
        statement = union_all(*(select(part.c.token, part.c.woord) for part in parts))
        for token, word in session.execute(statement):
            found[token].append(word)
    return found


# --- candidates ------------------------------------------------------------------------------------
def _persons_with_all(session: Session, key_sets: list[set[str]], cap: int, *, by_contact: bool = False) -> list[int]:
    """Persons that have a key of every set, at most ``cap``.

    ``by_contact``: most recently linked to a melding first (the highest melding id: one seek per person
    in the covering index (persoon_id, melding_id)); otherwise the newest records first.
    """
    aliases = [PersoonZoeksleutel.__table__.alias(f"k{i}") for i in range(len(key_sets))]  # type: ignore[attr-defined]
    first = aliases[0]
    person = first.c.persoon_id
    if by_contact:
        latest = func.coalesce(
            select(func.max(col(MeldingPersoon.melding_id)))
            .where(col(MeldingPersoon.persoon_id) == person)
            .scalar_subquery(),
            0,
        )
        statement = select(person, latest.label("latest")).order_by(latest.desc(), person.desc())
    else:
        statement = select(person).order_by(person.desc())
    statement = statement.where(first.c.sleutel.in_(sorted(key_sets[0])))
    for alias, keys in zip(aliases[1:], key_sets[1:], strict=True):
        statement = statement.join(alias, and_(alias.c.persoon_id == person, alias.c.sleutel.in_(sorted(keys))))
    return [row[0] for row in session.execute(statement.distinct().limit(cap))]


def _tussenvoegsel_forms(asked: str) -> tuple[str, ...]:
    if asked == "vd":
        return ("vande", "vanden", "vander", "vd")
    if asked == "v":
        return ("van", "vande", "vanden", "vander")
    return (asked,)


def _name_candidates(session: Session, query: Query, cap: int, enough: int) -> list[int]:
    """Persons for the name tokens, in passes until there are ``enough``: every token as typed (with the
    tussenvoegsel, then without), then each token as any word it may stand for (typos, prefixes), then
    persons that match only some tokens. Initials and birth year narrow every pass."""
    expansions = _expand(session, query.names)
    filters = [{INITIAL + i} for i in dict.fromkeys(query.initials)]
    if query.year is not None:
        filters.append({YEAR + str(query.year)})
    found: dict[int, None] = {}
    exact = [{NAME + w for w, s in e.items() if s == 1.0} for e in expansions]
    if exact and all(exact):  # these all match exactly: the most recently seen are the best
        recent = 4 * enough
        if query.tussenvoegsel:
            joined = {NAME + f + t for t in query.names for f in _tussenvoegsel_forms(query.tussenvoegsel)}
            found.update(dict.fromkeys(_persons_with_all(session, [*exact, joined, *filters], recent, by_contact=True)))
        if len(found) < enough:
            found.update(dict.fromkeys(_persons_with_all(session, [*exact, *filters], recent, by_contact=True)))
    every = [{NAME + w for w in e} for e in expansions if e]
    if every and len(found) < enough:
        found.update(dict.fromkeys(_persons_with_all(session, [*every, *filters], cap)))
    if len(found) < enough and len(every) + len(filters) > 1:
        for keys in every:
            found.update(dict.fromkeys(_persons_with_all(session, [keys], enough)))
    return list(found)


def _id_candidates(session: Session, ids: list[str]) -> dict[int, str]:
    """Persons of meldingen and casussen whose extern_id is one of ``ids``: person → 'melding X'."""
    wanted = sorted({i for raw in ids for i in (raw, raw.upper())})
    if not wanted:
        return {}
    meldingen = (
        select(literal("melding").label("soort"), col(MeldingPersoon.persoon_id), col(Melding.extern_id))
        .join(Melding, col(Melding.id) == col(MeldingPersoon.melding_id))
        .where(col(Melding.extern_id).in_(wanted))
    )
    casussen = (
        select(literal("casus").label("soort"), col(CasusPersoon.persoon_id), col(Casus.extern_id))
        .join(Casus, col(Casus.id) == col(CasusPersoon.casus_id))
        .where(col(Casus.extern_id).in_(wanted))
    )
    via: dict[int, str] = {}
    for kind, persoon_id, extern_id in session.execute(union_all(meldingen, casussen).limit(CANDIDATE_CAP)):
        via.setdefault(persoon_id, f"{kind} {extern_id}")
    return via


def _structured_candidates(session: Session, query: Query, cap: int) -> list[int]:
    groups = query.structured_keys
    if groups:
        found = _persons_with_all(session, [set(g) for g in groups], cap, by_contact=True)
        if found or len(groups) == 1:
            return found
        union: dict[int, None] = {}
        for group in groups:  # nobody has all of them: anyone with one
            union.update(dict.fromkeys(_persons_with_all(session, [set(group)], cap, by_contact=True)))
        return list(union)[:cap]
    if query.postcode_prefixes and not query.names:
        key = col(PersoonZoeksleutel.sleutel)
        by_prefix: dict[int, None] = {}
        for prefix in query.postcode_prefixes:
            by_prefix.update(
                dict.fromkeys(
                    session.execute(
                        select(col(PersoonZoeksleutel.persoon_id))
                        .where(prefix_range(key, POSTCODE + prefix))
                        .limit(cap)
                    ).scalars()
                )
            )
        return list(by_prefix)[:cap]
    return []


# --- scoring ---------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Scored:
    person: dict
    tier: int
    quality: float
    via: str | None
    last: date | None = None
    gemeente: str | None = None
    spelling: int = 0
    """Query name words spelled exactly as in the person's name (diacritics count): first at equal fit."""


_PERSON_COLUMNS: tuple[Any, ...] = (  # column attributes (their .key names the field)
    col(Persoon.id),
    col(Persoon.achternaam),
    col(Persoon.tussenvoegsel),
    col(Persoon.voornamen),
    col(Persoon.geboortedatum),
    col(Persoon.bsn),
    col(Persoon.adres),
    col(Persoon.postcode),
    col(Persoon.woonplaats),
)


_PERSON_NAMES = tuple(c.key for c in _PERSON_COLUMNS)


def load_persons(session: Session, ids: Iterable[int]) -> dict[int, dict]:
    """The persons' columns as dicts (plain tuples from the driver: hundreds per keystroke)."""
    ids = sorted(set(ids))
    rows: dict[int, dict] = {}
    for start in range(0, len(ids), _CHUNK):
        result = session.execute(select(*_PERSON_COLUMNS).where(col(Persoon.id).in_(ids[start : start + _CHUNK])))
        for values in result:
            rows[values[0]] = dict(zip(_PERSON_NAMES, values, strict=True))
    return rows


def _structured_keys(person: dict) -> set[str]:
    """The person's date, BSN, postcode and address keys (as person_keys makes them)."""
    keys = address_keys(person["postcode"], person["adres"])
    if person["geboortedatum"]:
        keys.add(BIRTH + person["geboortedatum"].isoformat())
    if person["bsn"]:
        keys.add(BSN + person["bsn"])
    code = postcode_key(person["postcode"])
    if code:
        keys.add(POSTCODE + code)
    return keys | street_keys(person["adres"])


def person_tussenvoegsel(person: dict) -> str:
    """The normalised tussenvoegsel, also when it was written inside the achternaam."""
    if person.get("tussenvoegsel"):
        return normalise(person["tussenvoegsel"])
    leading = []
    for word in words(person.get("achternaam")):
        if word not in TUSSENVOEGSELS:
            break
        leading.append(word)
    return "".join(leading)


def _key_label(query: Query) -> str | None:
    """What to show as 'gevonden via' for persons found by a key."""
    if query.bsns:
        return "BSN"
    if query.addresses or query.streets:
        return "adres"
    if query.postcodes or query.postcode_prefixes:
        return "postcode"
    return None


def _score(query: Query, person: dict) -> tuple[int, float]:
    """(tier, quality 0…1) of one person for this query; tier 0 means it does not match."""
    scores: list[float] = []
    person_words = name_tokens(person["achternaam"], person["tussenvoegsel"], person["voornamen"])
    for token in query.names:
        scores.append(max((similarity(token, w) for w in person_words), default=0.0))
    if query.initials:
        given = [w[0] for w in words(person.get("voornamen"))]
        for n, initial in enumerate(query.initials):
            scores.append(1.0 if given[n : n + 1] == [initial] else 0.8 if initial in given else 0.0)
    groups = query.structured_keys
    if groups:
        keys = _structured_keys(person)
        scores += [1.0 if keys.intersection(group) else 0.0 for group in groups]
    if query.year is not None and query.names:
        born = person.get("geboortedatum")
        scores.append(1.0 if born and born.year == query.year else 0.0)
    if query.postcode_prefixes and not query.names and not query.structured_keys:
        postcode = normalise(person.get("postcode"))
        scores.append(1.0 if any(postcode.startswith(p) for p in query.postcode_prefixes) else 0.0)
    if not scores:
        return 0, 0.0
    quality = sum(scores) / len(scores)
    fits = not query.tussenvoegsel or _tussenvoegsel_fits(query.tussenvoegsel, person_tussenvoegsel(person))
    if not fits:
        quality *= 0.9  # "van den Berg" puts the van den Bergs above the van der Bergs
    if all(s == 1.0 for s in scores) and fits:
        return EXACT, quality
    if all(s >= 0.6 for s in scores):
        return CLOSE, quality
    if any(s >= 0.6 for s in scores):
        return PARTIAL, quality
    return 0, 0.0


def last_contacts(session: Session, ids: Iterable[int]) -> dict[int, tuple[date, str]]:
    """Per person the date and gemeente of their latest melding or casus (opened or closed)."""
    ids = sorted(set(ids))
    last: dict[int, tuple[date, str]] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        meldingen = (
            select(col(MeldingPersoon.persoon_id), col(Melding.datum), col(Melding.gemeente))
            .join(Melding, col(Melding.id) == col(MeldingPersoon.melding_id))
            .where(col(MeldingPersoon.persoon_id).in_(chunk))
        )
        casussen = (
            select(
                col(CasusPersoon.persoon_id),
                func.coalesce(col(Casus.gesloten), col(Casus.geopend)),
                col(Casus.gemeente),
            )
            .join(Casus, col(Casus.id) == col(CasusPersoon.casus_id))
            .where(col(CasusPersoon.persoon_id).in_(chunk))
        )
        for pid, day, gemeente in session.execute(union_all(meldingen, casussen)):
            if pid not in last or day > last[pid][0]:
                last[pid] = (day, gemeente)
    return last


def _spelled_alike(query: Query, person: dict) -> int:
    """How many of the query's name words the person's name has exactly as typed (case aside)."""
    if not query.spelled:
        return 0
    raw = " ".join(person.get(c) or "" for c in ("achternaam", "tussenvoegsel", "voornamen")).casefold()
    own = set(re.split(r"[\s,;\-/]+", raw))
    return sum(1 for word in query.spelled if word in own)


def _rank_key(s: _Scored) -> tuple:
    return (
        -s.tier,
        -round(s.quality * 20),
        -s.spelling,
        -(s.last.toordinal() if s.last else 0),
        -s.person["id"],
    )


# --- the service -----------------------------------------------------------------------------------
def search(session: Session, text: str, *, limit: int = LIMIT, today: date | None = None) -> LookupResult:
    """The persons that fit ``text``, best first (see the module docstring). Likely duplicates are
    marked by ``mark_duplicates``, a second step the app runs once the rows are on screen.
    Needs persoon.zoeken; every search is in the access log (its text and the number of persons found)."""
    require(session, Recht.PERSOON_ZOEKEN)
    query = parse(text, today)
    if query.is_empty:
        return LookupResult(query=text)
    query = _confirm_street(session, query)
    id_hits = _id_candidates(session, query.ids) if query.ids else {}
    structured = _structured_candidates(session, query, CANDIDATE_CAP)
    candidates: dict[int, None] = dict.fromkeys([*id_hits, *structured])
    if query.names and not structured:
        candidates.update(dict.fromkeys(_name_candidates(session, query, CANDIDATE_CAP, enough=limit)))
    persons = load_persons(session, list(candidates)[: CANDIDATE_CAP + 2 * limit])
    key_label = _key_label(query)
    structured_ids = set(structured)

    scored = []
    for pid, person in persons.items():
        if pid in id_hits:
            scored.append(_Scored(person, EXACT, 1.0, id_hits[pid]))
            continue
        tier, quality = _score(query, person)
        if tier:
            scored.append(_Scored(person, tier, quality, key_label if pid in structured_ids else None))

    # Candidates arrive most recent first (roughly); the true last contact orders the best of them.
    position = {pid: n for n, pid in enumerate(candidates)}
    scored.sort(key=lambda s: (-s.tier, -round(s.quality * 20), position[s.person["id"]]))
    needed = scored[: max(CONTACT_CHECKS, limit + 10)]
    contacts = last_contacts(session, [s.person["id"] for s in needed])
    for s in needed:
        s.last, s.gemeente = contacts.get(s.person["id"], (None, s.person["woonplaats"]))
        s.spelling = _spelled_alike(query, s.person)
    top = sorted(needed, key=_rank_key)[:limit]
    rows = tuple(
        LookupRow(
            persoon_id=s.person["id"],
            naam=Naam.volledig(s.person["achternaam"], s.person["tussenvoegsel"], s.person["voornamen"]),
            geboortedatum=s.person["geboortedatum"],
            gemeente=s.gemeente or None,
            laatste_contact=s.last,
            match=MATCH_LABEL[s.tier],
            via=s.via,
        )
        for s in top
    )
    # One entry per person shown, so an inzage of that person names this search (and who made it).
    audit.record_persons(
        session,
        Handeling.GEZOCHT,
        [r.persoon_id for r in rows],
        object_type="persoon",
        details={"zoekterm": text, "gevonden": len(rows)},
    )
    return LookupResult(query=text, rows=rows, kandidaten=len(persons))


# --- likely duplicates -----------------------------------------------------------------------------
def _surname(person: dict) -> str:
    return "".join(surname_tokens(person.get("achternaam")))


def _first_name(person: dict) -> str:
    given = words(person.get("voornamen"))
    return given[0] if given else ""


def _address_keys(person: dict) -> set[str]:
    return address_keys(person["postcode"], person["adres"])


def _given_names_fit(x: str, y: str) -> bool:
    """'Jan' and 'J.' or 'Jan' and 'Jaan' may be one person; 'Jan' and 'Els' are not."""
    if len(x) == 1 or len(y) == 1:
        return x[0] == y[0]
    return x == y or OSA.normalized_similarity(x, y) >= 0.8


def duplicate_reason(a: dict, b: dict) -> str | None:
    """Why ``a`` and ``b`` are probably one person, or None."""
    if a["id"] == b["id"]:
        return None
    if a.get("bsn") and b.get("bsn"):
        return "zelfde BSN" if a["bsn"] == b["bsn"] else None
    surname_a, surname_b = _surname(a), _surname(b)
    if not surname_a or not surname_b:
        return None
    first_a, first_b = _first_name(a), _first_name(b)
    initials_fit = not first_a or not first_b or first_a[0] == first_b[0]
    close_surname = surname_a == surname_b or OSA.normalized_similarity(surname_a, surname_b) >= 0.8
    born_a, born_b = a.get("geboortedatum"), b.get("geboortedatum")
    if born_a and born_a == born_b and initials_fit:
        if surname_a == surname_b:
            return "zelfde naam en geboortedatum"
        if close_surname:
            return "lijkende naam, zelfde geboortedatum"
    if (
        _address_keys(a) & _address_keys(b)
        and close_surname
        and first_a
        and first_b
        and _given_names_fit(first_a, first_b)
        and (not born_a or not born_b or born_a == born_b)
    ):
        return "lijkende naam, zelfde adres"
    return None


def _related_keys(person: dict) -> set[str]:
    keys = _address_keys(person)
    if person.get("geboortedatum"):
        keys.add(BIRTH + person["geboortedatum"].isoformat())
    return keys


def duplicates_among(session: Session, persons: list[dict]) -> dict[int, list[tuple[dict, str]]]:
    """Per person: the stored persons that are probably the same person, with the reason."""
    wanted: dict[str, list[int]] = defaultdict(list)
    for person in persons:
        for key in _related_keys(person):
            wanted[key].append(person["id"])
    if not wanted:
        return {}
    sharing: dict[int, set[int]] = defaultdict(set)
    keys = sorted(wanted)
    for start in range(0, len(keys), _CHUNK):
        for key, other in session.execute(
            select(col(PersoonZoeksleutel.sleutel), col(PersoonZoeksleutel.persoon_id)).where(
                col(PersoonZoeksleutel.sleutel).in_(keys[start : start + _CHUNK])
            )
        ):
            for pid in wanted[key]:
                if other != pid:
                    sharing[pid].add(other)
    others = load_persons(session, {o for group in sharing.values() for o in group})
    found: dict[int, list[tuple[dict, str]]] = {}
    for person in persons:
        for other_id in sorted(sharing.get(person["id"], ())):
            other = others.get(other_id)
            reason = other and duplicate_reason(person, other)
            if other and reason:
                found.setdefault(person["id"], []).append((other, reason))
    return found


def mark_duplicates(session: Session, result: LookupResult) -> LookupResult:
    """The same result with ``mogelijk_dubbel`` set on rows of persons that are probably stored twice."""
    require(session, Recht.PERSOON_ZOEKEN)
    persons = load_persons(session, [r.persoon_id for r in result.rows])
    flagged = set(duplicates_among(session, list(persons.values())))
    return replace(result, rows=tuple(replace(r, mogelijk_dubbel=r.persoon_id in flagged) for r in result.rows))

"""The person search index: search keys per person and a vocabulary of name tokens for typos.

Design (what makes a lookup fast on 250,000 persons, on SQLite and PostgreSQL alike, with plain
B-tree indexes and no database extension):

- ``persoon_zoeksleutel`` (sleutel, persoon_id): every way a person can be looked up, as text keys
  queried by equality or by prefix (a range ``>= p AND < p'``, which both databases answer from the
  primary-key index in any collation): ``n:`` name tokens (the surname without tussenvoegsel, each
  part of a double surname, the surname written together with its tussenvoegsel, each voornaam),
  ``v:`` the initial of each voornaam, ``g:`` geboortedatum, ``j:`` birth year, ``b:`` BSN,
  ``p:`` postcode, ``a:`` postcode + huisnummer, ``s:`` straat + huisnummer (the address before the
  number, written together: 's:kerkstraat12'). Initials and year are keys so that "J. Jansen 1987"
  narrows in SQL, before any cap on the number of candidates.
- ``zoekwoord`` (variant, woord): each distinct name token once, with its one-letter deletions
  (a symmetric-delete index). A query token and its deletions meet a stored word or its deletions
  whenever they are one or two edits apart, so a typo is resolved to real words with one indexed
  IN query on a table as small as the vocabulary (not the number of persons).

Kept in step: the ORM hook below re-indexes every Persoon an ORM flush inserts or changes (person
creation and edits, the demo), imports call ``reindex`` after their bulk writes, merges call it for
both records, and ``rebuild`` re-creates everything (bench data written with Core inserts).
The migration ``person_search`` back-fills stores that existed before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from functools import lru_cache
from itertools import repeat

from sqlalchemy import Connection, delete, event, select
from sqlalchemy.orm import Session as OrmSession

from zvh_core.kernel.models import Persoon, PersoonZoeksleutel, Zoekwoord
from zvh_core.kernel.names import normalise

NAME = "n:"
INITIAL = "v:"
BIRTH = "g:"
YEAR = "j:"
BSN = "b:"
POSTCODE = "p:"
ADDRESS = "a:"
STREET = "s:"

TUSSENVOEGSELS = frozenset(
    {
        "van",
        "de",
        "den",
        "der",
        "het",
        "t",
        "te",
        "ten",
        "ter",
        "in",
        "op",
        "aan",
        "bij",
        "uit",
        "onder",
        "over",
        "voor",
        "la",
        "le",
        "l",
        "d",
        "du",
        "des",
        "di",
        "da",
        "del",
        "della",
        "dos",
        "el",
        "al",
        "von",
        "vom",
        "zu",
        "zum",
        "zur",
        "am",
        "im",
        "auf",
        "s",
        "vd",
        "vanden",
        "vander",
        "vande",
    }
)
"""Words (normalised) that are tussenvoegsels, also when written inside the achternaam."""

_WORD_SPLIT = re.compile(r"[\s\-/,]+")
_POSTCODE = re.compile(r"\d{4}[a-z]{2}")
_HOUSE_NUMBER = re.compile(r"(\d+)\s*-?\s*([a-z]?)(?![a-z])")
MIN_DELETION_LENGTH = 3
"""Words this long or longer get their one-letter deletions in the vocabulary."""
_CHUNK = 500


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in (normalise(part) for part in _WORD_SPLIT.split(text)) if w)


def words(text: str | None) -> list[str]:
    """The normalised words of a name: 'Van der Wijk-Özdemir' → ['van', 'der', 'wyk', 'ozdemir']."""
    return list(_words(text)) if text else []


def surname_tokens(achternaam: str | None) -> list[str]:
    """The surname's own words: tussenvoegsel words dropped (as long as one word is left)."""
    parts = words(achternaam)
    core = [w for w in parts if w not in TUSSENVOEGSELS]
    return core or parts[-1:]


@lru_cache(maxsize=65536)
def name_tokens(achternaam: str | None, tussenvoegsel: str | None, voornamen: str | None) -> frozenset[str]:
    """Every name token of a person (cached: names repeat a lot, lookups score hundreds per query)."""
    surname, whole = _surname_part(achternaam)
    tokens = surname | _first_names_part(voornamen)
    if whole:
        tokens |= {whole, _normalised(tussenvoegsel) + whole}
    return frozenset(t for t in tokens if t)


# The parts of a name, each cached on its own: a surname or voornamen recurs far more than a whole name.
@lru_cache(maxsize=65536)
def _surname_part(achternaam: str | None) -> tuple[frozenset[str], str]:
    return frozenset(surname_tokens(achternaam)), normalise(achternaam)


@lru_cache(maxsize=65536)
def _first_names_part(voornamen: str | None) -> frozenset[str]:
    return frozenset(words(voornamen))


_normalised = lru_cache(maxsize=4096)(normalise)


def postcode_key(postcode: str | None) -> str:
    """'6041 AB' → '6041ab'; '' when it is no Dutch postcode."""
    value = "".join(postcode.split()).casefold() if postcode else ""
    return value if _POSTCODE.fullmatch(value) else ""


@lru_cache(maxsize=65536)
def _split_address(adres: str) -> tuple[str, str, str] | None:
    """(text before the house number, number, letter) of a case-folded address; cached: housemates share one."""
    text = adres.casefold()
    found = list(_HOUSE_NUMBER.finditer(text))
    if not found:
        return None
    after_word = [m for m in found if m.start() > 0 and text[m.start() - 1].isspace()]
    match = (after_word or found)[0]
    return text[: match.start()], match.group(1), match.group(2)


def house_number(adres: str | None) -> tuple[str, str] | None:
    """The house number with its letter: the first number after a word ('Kerkstraat 12a' → ('12', 'a'),
    '1e Kruisstraat 5' → ('5', ''), 'Heerbaan 3 A01' → ('3', 'a'))."""
    parts = _split_address(adres) if adres else None
    if parts is None:
        return None
    return parts[1].lstrip("0") or "0", parts[2]


def street_key(street: str, number: str, letter: str = "") -> str:
    """'Kerk straat', '012', 'A' → 's:kerkstraat12a' (normalised: case, diacritics, spaces folded)."""
    return STREET + normalise(street) + (number.lstrip("0") or "0") + letter.casefold()


def street_keys(adres: str | None) -> set[str]:
    """'s:kerkstraat12' (and 's:kerkstraat12a' with a letter): the street as written before the house
    number; none without a street or number."""
    parts = _split_address(adres) if adres else None
    if parts is None or not normalise(parts[0]):
        return set()
    street, number, letter = parts
    keys = {street_key(street, number)}
    if letter:
        keys.add(street_key(street, number, letter))
    return keys


def address_keys(postcode: str | None, adres: str | None) -> set[str]:
    """'a:6041ab12' (and 'a:6041ab12a' with a letter); none without a postcode or number."""
    code = postcode_key(postcode)
    number = house_number(adres) if code else None
    if not number:
        return set()
    keys = {ADDRESS + code + number[0]}
    if number[1]:
        keys.add(ADDRESS + code + number[0] + number[1])
    return keys


def person_keys(values: Mapping[str, object]) -> set[str]:
    """Every search key of one person (``values``: the Persoon columns)."""
    return set().union(*_key_parts(values)[0])


_MAX_KEY = 120
_MAX_TOKEN = _MAX_KEY - len(NAME)
"""The longest name token that is a key (``n:`` + token)."""


@lru_cache(maxsize=65536)
def _name_keys(
    achternaam: str | None, tussenvoegsel: str | None, voornamen: str | None
) -> tuple[frozenset[str], frozenset[str]]:
    """The ``n:`` and ``v:`` keys of a name and its name tokens that are keys (cached: names recur)."""
    # name_tokens uncached: this cache already holds the name, and an import would fill the lookups' cache
    # of name_tokens with every name it writes (objects the collector then sweeps again and again).
    tokens = name_tokens.__wrapped__(achternaam, tussenvoegsel, voornamen)
    if any(len(t) > _MAX_TOKEN for t in tokens):
        tokens = frozenset(t for t in tokens if len(t) <= _MAX_TOKEN)
    return frozenset([NAME + t for t in tokens]) | _initial_keys(voornamen), tokens


@lru_cache(maxsize=65536)
def _initial_keys(voornamen: str | None) -> frozenset[str]:
    return frozenset(INITIAL + w[0] for w in words(voornamen))


@lru_cache(maxsize=65536)
def _place_keys(postcode: str | None, adres: str | None) -> frozenset[str]:
    """The ``p:``, ``a:`` and ``s:`` keys of an address (cached: housemates share one): ``address_keys`` and
    ``street_keys`` with the postcode and the address each taken apart once."""
    keys: list[str] = []
    code = postcode_key(postcode)
    if code:
        keys.append(POSTCODE + code)
    parts = _split_address(adres) if adres else None
    if parts is not None:
        before, digits, letter = parts  # case-folded: the letter as a key has it
        number = digits.lstrip("0") or "0"
        if code:
            keys.append(ADDRESS + code + number)
            if letter:
                keys.append(ADDRESS + code + number + letter)
        street = normalise(before)
        if street:
            keys.append(STREET + street + number)
            if letter:
                keys.append(STREET + street + number + letter)
    return frozenset(k for k in keys if len(k) <= _MAX_KEY)


def _key_parts(values: Mapping[str, object]) -> tuple[tuple[frozenset[str], ...], frozenset[str]]:
    """``person_keys`` in disjoint parts (each kind of key has its own prefix, so no key is in two), and
    the name tokens among them (the words of the ``zoekwoord`` vocabulary)."""
    names, tokens = _name_keys(values.get("achternaam"), values.get("tussenvoegsel"), values.get("voornamen"))
    parts = [names, _place_keys(values.get("postcode"), values.get("adres"))]
    geboortedatum = values.get("geboortedatum")
    if isinstance(geboortedatum, date):
        parts.append(_birth_keys(geboortedatum))
    bsn = str(values.get("bsn") or "")
    if not (bsn.isascii() and bsn.isdigit()):  # a stored BSN is nine digits: nothing to take out
        bsn = _NOT_DIGIT.sub("", bsn)
    if bsn and len(BSN) + len(bsn) <= _MAX_KEY:
        parts.append(frozenset((BSN + bsn,)))
    return tuple(parts), tokens


_NOT_DIGIT = re.compile(r"\D")


@lru_cache(maxsize=65536)
def _birth_keys(geboortedatum: date) -> frozenset[str]:
    return frozenset((BIRTH + geboortedatum.isoformat(), YEAR + str(geboortedatum.year)))


def deletions(word: str) -> set[str]:
    """Every string one letter shorter than ``word``."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def vocabulary_rows(word: str) -> Iterator[dict[str, str]]:
    yield {"variant": word, "woord": word}
    if len(word) >= MIN_DELETION_LENGTH:
        for variant in deletions(word):
            yield {"variant": variant, "woord": word}


def prefix_range(column, prefix: str):
    """``column`` starts with ``prefix`` (ASCII), as a range both databases answer from a B-tree index."""
    return (column >= prefix) & (column < prefix[:-1] + chr(ord(prefix[-1]) + 1))


# --- writing the index ---------------------------------------------------------------------------
_PERSON_COLUMNS = ("id", "achternaam", "tussenvoegsel", "voornamen", "geboortedatum", "bsn", "adres", "postcode")


def _insert_ignoring_duplicates(connection: Connection, table, columns: Sequence[str], rows: list[tuple]) -> None:
    """INSERT … ON CONFLICT DO NOTHING (both dialects spell it alike; concurrent writers share words).
    The rows are tuples of plain strings and integers in the order of ``columns``: handed to the driver's
    executemany as they are, without SQLAlchemy processing each parameter (a third of an import's time
    went there)."""
    if not rows:
        return
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join([mark] * len(columns))}) "
        "ON CONFLICT DO NOTHING"
    )
    for start in range(0, len(rows), 5000):
        connection.exec_driver_sql(sql, rows[start : start + 5000])


def write_keys(connection: Connection, persons: Iterable[Mapping[str, object]], *, fresh: bool = False) -> int:
    """Replace the search keys of ``persons`` (mappings with the Persoon columns and ``id``).

    ``fresh``: the persons have no keys yet (skip the delete). Returns the number of keys written.
    """
    key_table = PersoonZoeksleutel.__table__  # type: ignore[attr-defined]
    persons = list(persons)
    if not fresh:
        ids = [p["id"] for p in persons]
        for start in range(0, len(ids), _CHUNK):
            connection.execute(delete(key_table).where(key_table.c.persoon_id.in_(ids[start : start + _CHUNK])))
    rows: list[tuple[str, object]] = []
    new_words: set[str] = set()
    for person in persons:
        parts, tokens = _key_parts(person)
        person_id = person["id"]
        for keys in parts:
            rows.extend(zip(keys, repeat(person_id)))
        new_words |= tokens
    _insert_ignoring_duplicates(connection, key_table, ("sleutel", "persoon_id"), rows)
    _add_words(connection, new_words)
    return len(rows)


def _add_words(connection: Connection, new_words: set[str]) -> None:
    table = Zoekwoord.__table__  # type: ignore[attr-defined]
    wanted = sorted(w for w in new_words if len(w) <= 80)
    known: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        known.update(
            connection.execute(
                select(table.c.woord).where(table.c.variant.in_(chunk), table.c.variant == table.c.woord)
            ).scalars()
        )
    rows = [(row["variant"], row["woord"]) for word in wanted if word not in known for row in vocabulary_rows(word)]
    _insert_ignoring_duplicates(connection, table, ("variant", "woord"), rows)


def _person_rows(connection: Connection, ids: list[int]) -> list[dict]:
    table = Persoon.__table__  # type: ignore[attr-defined]
    columns = [table.c[c] for c in _PERSON_COLUMNS]
    rows: list[dict] = []
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        rows.extend(dict(r._mapping) for r in connection.execute(select(*columns).where(table.c.id.in_(chunk))))
    return rows


def reindex(session, person_ids: Iterable[int]) -> None:
    """Bring the keys of these persons in step with their stored columns (deleted persons lose theirs)."""
    ids = sorted(set(person_ids))
    if not ids:
        return
    connection = session.connection()
    persons = _person_rows(connection, ids)
    write_keys(connection, persons)
    gone = sorted(set(ids) - {p["id"] for p in persons})
    key_table = PersoonZoeksleutel.__table__  # type: ignore[attr-defined]
    for start in range(0, len(gone), _CHUNK):
        connection.execute(delete(key_table).where(key_table.c.persoon_id.in_(gone[start : start + _CHUNK])))


def rebuild(store, *, batch: int = 20_000) -> int:
    """Re-create the whole index from the persons (after data was written around the services)."""
    key_table = PersoonZoeksleutel.__table__  # type: ignore[attr-defined]
    person_table = Persoon.__table__  # type: ignore[attr-defined]
    written = 0
    with store.write() as session:
        connection = session.connection()
        connection.execute(delete(key_table))
        connection.execute(delete(Zoekwoord.__table__))  # type: ignore[attr-defined]
        last = 0
        columns = [person_table.c[c] for c in _PERSON_COLUMNS]
        while True:
            rows = [
                dict(r._mapping)
                for r in connection.execute(
                    select(*columns).where(person_table.c.id > last).order_by(person_table.c.id).limit(batch)
                )
            ]
            if not rows:
                break
            written += write_keys(connection, rows, fresh=True)
            last = rows[-1]["id"]
    return written


# --- ORM writes keep the index in step -------------------------------------------------------------
def _after_flush(session: OrmSession, _context) -> None:
    changed = [
        o
        for o in (*session.new, *session.dirty)
        if isinstance(o, Persoon) and o.id is not None and (o in session.new or session.is_modified(o))
    ]
    if changed:
        write_keys(session.connection(), [{c: getattr(o, c) for c in _PERSON_COLUMNS} for o in changed])


event.listen(OrmSession, "after_flush", _after_flush)

"""Recognising persons during an import, so that one person is one Persoon (domain.md §4).

A row matches a person with the same BSN; without a BSN match, one with the same match key (normalised
surname + the letters of the tussenvoegsel + geboortedatum + first initial, zvh_core.kernel.names) whose
tussenvoegsel is the same in any notation ('van der Berg' = 'Berg' + 'v.d.' = 'vdBerg' = 'Berg, van der' =
'van d. Berg'; 'v.d.' is never 'de')
and whose BSN does not contradict the row's.
Stored candidates are loaded in batches up front (``preload``); persons created earlier in the same import
are candidates too. A match fills what the person lacks (a BSN, a birth date, a name when there was none,
an address when there was none) and never overwrites a stored value. ``save`` writes it all in bulk.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select, update
from sqlmodel import Session, col

from zvh_core.kernel.bulk import chunked, insert_with_ids
from zvh_core.kernel.models import Persoon, utcnow
from zvh_core.kernel.names import match_key, same_surname
from zvh_core.kernel.person_fields import PERSON_COLUMNS, PersonFields
from zvh_core.persons.lookup import duplicates_among
from zvh_core.store.search_index import reindex, write_keys

_NAME_COLUMNS = ("achternaam", "tussenvoegsel", "voornamen")
_ADDRESS_COLUMNS = ("adres", "postcode", "woonplaats")


@dataclass(eq=False, slots=True)
class PersonEntry:
    """A person as the import sees it: stored (``id`` set) or new in this import (``id`` set by ``save``)."""

    values: dict[str, str | date | None]
    key: str | None
    id: int | None = None
    changed: set[str] = field(default_factory=set)

    @property
    def bsn(self) -> str | None:
        return self.values["bsn"]  # type: ignore[return-value]

    def fill(self, person: PersonFields) -> bool:
        """Take from ``person`` what this person lacks; never overwrite a value. True if it took anything."""
        v = self.values
        updates: dict[str, str | date | None] = {}
        # The row's fields read one by one (no dict of all of them: most rows give nothing new).
        for column in ("bsn", "geboortedatum"):
            if not v[column] and (value := getattr(person, column)):
                updates[column] = value
        # Names and addresses only as a whole, so that no mix of two spellings or two addresses arises.
        for first, second, third in (_NAME_COLUMNS, _ADDRESS_COLUMNS):
            if not (v[first] or v[second] or v[third]):  # no generator per row: most rows give nothing
                group = (first, second, third)
                offered = {c: value for c in group if (value := getattr(person, c))}
                updates.update(offered)
        if not updates:
            return False
        self.values.update(updates)
        self.changed.update(updates)
        key = match_key(v["achternaam"], v["tussenvoegsel"], v["geboortedatum"], v["voornamen"])  # type: ignore[arg-type]
        if key != self.key:
            self.key = key
            self.changed.add("match_sleutel")
        return True


class PersonMatcher:
    """Finds or creates the person of each row of one import, inside the import's write session."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.persons_new = 0
        self.persons_recognised = 0
        self._by_bsn: dict[str, PersonEntry] = {}
        self._by_key: dict[str, list[PersonEntry]] = {}
        self._stored: dict[int, PersonEntry] = {}
        self._new: list[PersonEntry] = []
        self._resolved: dict[int, tuple[PersonFields, PersonEntry]] = {}
        """The entry each PersonFields object was resolved to, by identity: an import's check hands the very
        same object for every row that writes a person alike (most rows), and resolving it again can only
        give that entry (what it offered was taken the first time; see ``resolve``). Rows without BSN and key
        are not noted: they are never recognised, so each makes a person of its own."""

    # --- candidates ---------------------------------------------------------------------------
    def preload(self, persons: Iterable[PersonFields]) -> None:
        """Load, in batches, every stored person that shares a BSN or a match key with ``persons``."""
        if self.session.execute(select(col(Persoon.id)).limit(1)).first() is None:
            return  # no person stored yet (a first import): no lookups in batches to do
        bsns: set[str] = set()
        keys: set[str] = set()
        for person in persons:
            if person.bsn:
                bsns.add(person.bsn)
            if person.key:
                keys.add(person.key)
        columns = (col(Persoon.id), col(Persoon.match_sleutel), *(getattr(Persoon, c) for c in PERSON_COLUMNS))
        found: dict[int, PersonEntry] = {}
        for column, wanted in ((col(Persoon.bsn), bsns), (col(Persoon.match_sleutel), keys)):
            for chunk in chunked(sorted(wanted)):
                for row in self.session.execute(select(*columns).where(column.in_(chunk))):
                    if row.id not in found and row.id not in self._stored:
                        values = {c: getattr(row, c) for c in PERSON_COLUMNS}
                        found[row.id] = PersonEntry(values, row.match_sleutel, row.id)
        for person_id in sorted(found):  # the oldest person wins where stored persons share a key
            entry = found[person_id]
            self._stored[person_id] = entry
            self._register(entry)

    def _register(self, entry: PersonEntry) -> None:
        if entry.bsn:
            self._by_bsn.setdefault(entry.bsn, entry)
        if entry.key:
            same_key = self._by_key.setdefault(entry.key, [])
            if entry not in same_key:
                same_key.append(entry)

    # --- matching -----------------------------------------------------------------------------
    def resolve(self, person: PersonFields) -> PersonEntry | None:
        """The person of this row (recognised or new); None for a row about an unknown person."""
        if person.is_unknown:
            return None
        seen = self._resolved.get(id(person))  # only persons with a BSN or key are noted (_note)
        if seen is not None and seen[0] is person:
            # The same row again: its entry is found first by its BSN or key (kept once registered) and
            # already holds whatever this row offered, so _find and fill would change nothing.
            self.persons_recognised += 1
            return seen[1]
        entry = self._find(person)
        if entry is None:
            entry = PersonEntry(person.values(), person.key)
            self._new.append(entry)
            self.persons_new += 1
        else:
            self.persons_recognised += 1
            if not entry.fill(person):
                self._note(person, entry)
                return entry  # registered already under the BSN and key it still has
        self._register(entry)
        self._note(person, entry)
        return entry

    def _note(self, person: PersonFields, entry: PersonEntry) -> None:
        # A row without BSN and key is never recognised (domain.md §4): each such row is a person of its own.
        if person.bsn or person.key:
            self._resolved[id(person)] = (person, entry)

    def find(self, person: PersonFields) -> PersonEntry | None:
        """The person ``resolve`` would take for this row (after ``preload``), without taking it."""
        return None if person.is_unknown else self._find(person)

    def _find(self, person: PersonFields) -> PersonEntry | None:
        if person.bsn:
            entry = self._by_bsn.get(person.bsn)
            if entry is not None:
                return entry
        if person.key is None:
            return None
        for entry in self._by_key.get(person.key, ()):
            if person.bsn and entry.bsn:  # a different BSN means a different person
                continue
            v = entry.values
            if same_surname(person.achternaam, person.tussenvoegsel, v["achternaam"], v["tussenvoegsel"]):  # type: ignore[arg-type]
                return entry
        return None

    # --- writing ------------------------------------------------------------------------------
    def save(self) -> None:
        """Write what was filled in on stored persons and insert the new ones (their ids are set); both get
        their search keys (zvh_core.store.search_index) in the same transaction."""
        touched = [e.id for e in self._stored.values() if e.changed and e.id is not None]
        by_columns: dict[tuple[str, ...], list[dict[str, object]]] = {}
        for entry in self._stored.values():
            if entry.changed:
                columns = tuple(sorted(entry.changed))
                values = {**entry.values, "match_sleutel": entry.key}
                by_columns.setdefault(columns, []).append({"id": entry.id, **{c: values[c] for c in columns}})
                entry.changed.clear()
        for rows in by_columns.values():
            self.session.execute(update(Persoon), rows)
        if not self._new:
            reindex(self.session, touched)
            return
        new_rows: list[dict[str, object]] = [{**e.values, "match_sleutel": e.key} for e in self._new]
        ids = insert_with_ids(self.session, Persoon, new_rows, same={"aangemaakt_op": utcnow()})
        for entry, person_id in zip(self._new, ids, strict=True):
            entry.id = person_id
            entry.changed.clear()
            self._stored[person_id] = entry
        self._new = []
        reindex(self.session, touched)
        # The new persons' keys from the rows just inserted (no read back, nothing to delete).
        for row, person_id in zip(new_rows, ids, strict=True):
            row["id"] = person_id  # these rows are this method's own: no copy
        write_keys(self.session.connection(), new_rows, fresh=True)


def likely_persons(session: Session, person: PersonFields, *, limit: int = 5) -> list[tuple[int, str]]:
    """Before "Nieuwe persoon" makes a person: the stored persons it probably is, with the reason, best
    first. The one the matching rule recognises (who the new person would become anyway) comes first; then
    likely duplicates (a name spelled a little differently with the same birth date, or the same address)."""
    found: list[tuple[int, str]] = []
    matcher = PersonMatcher(session)
    matcher.preload([person])
    recognised = matcher.find(person)
    if recognised is not None and recognised.id is not None:
        found.append((recognised.id, "herkend: zelfde BSN" if person.bsn and recognised.bsn else "herkend"))
    candidate = {"id": 0, **person.values()}
    for other, reason in duplicates_among(session, [candidate]).get(0, []):
        if all(other["id"] != known for known, _ in found):
            found.append((other["id"], reason))
    return found[:limit]

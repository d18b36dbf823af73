"""What every contract import shares: its result and summary, rows grouped per record, the all-or-nothing
write (rolled back for a dry run or when the store reveals a problem) and one write path for the new
records of a file (meldingen, casussen): their persons recognised or made, the records inserted, each
linked to its persons."""

from __future__ import annotations

import gc
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from sqlmodel import Session, SQLModel

from zvh_core.access import audit
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import Recht, require
from zvh_core.imports.csvfile import RowError, RowReader
from zvh_core.kernel.bulk import insert_rows, insert_with_ids
from zvh_core.kernel.person_fields import PersonFields
from zvh_core.persons.matching import PersonMatcher
from zvh_core.store import Store


def number(n: int) -> str:
    """1234 → '1.234'."""
    return f"{n:,}".replace(",", ".")


def count(n: int, singular: str, plural: str) -> str:
    return f"{number(n)} {singular if n == 1 else plural}"


@dataclass
class ImportResultBase:
    """What an import found and did (or, in a dry run, would do)."""

    errors: list[RowError] = field(default_factory=list)
    rows_read: int = 0
    persons_new: int = 0
    persons_recognised: int = 0
    """Rows whose person was already stored or came earlier in the file."""
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def invalid_lines(self) -> int:
        return len({e.regel for e in self.errors})

    def records_summary(self) -> str:
        """'Meldingen: 3 nieuw, 0 al aanwezig.' — per import."""
        raise NotImplementedError

    def summary_lines(self) -> list[str]:
        """The Dutch summary shown after the errors."""
        lines = [f"{count(self.rows_read, 'regel', 'regels')} gelezen."]
        if not self.ok:
            invalid = count(self.invalid_lines, "ongeldige regel", "ongeldige regels")
            return [*lines, f"Niets opgeslagen: {invalid}."]
        lines.append(
            f"{self.records_summary()} "
            f"Personen: {number(self.persons_new)} nieuw, {number(self.persons_recognised)} herkend."
        )
        if self.dry_run:
            lines.append("Proefimport: er is niets opgeslagen.")
        return lines


@dataclass(slots=True)
class RecordRows:
    """One record of the file (a melding, a casus): its first row's line and values, the persons of all its rows."""

    line: int
    values: dict[str, object]
    invalid: set[str]
    persons: list[PersonFields]


_Key = TypeVar("_Key", bound=Hashable)


class RecordGroups(Generic[_Key]):
    """Rows grouped per record key; a repeated row must repeat the record's ``columns`` alike."""

    def __init__(self, columns: Sequence[str], describe: Callable[[_Key], str]) -> None:
        self.columns = tuple(columns)
        self.describe = describe
        """The record in an error message, e.g. "melding (bron 'politie', extern_id 'P-1')"."""
        self.records: dict[_Key, RecordRows] = {}

    def add(self, key: _Key, row: RowReader, values: dict[str, object], person: PersonFields) -> RecordRows:
        record = self.records.get(key)
        if record is None:
            record = RecordRows(row.line, values, set(row.error_columns), [])
            self.records[key] = record
        else:
            for column in self.columns:
                if column in row.error_columns or column in record.invalid:
                    continue
                if values[column] != record.values[column]:
                    row.error(column, f"wijkt af van regel {record.line} voor dezelfde {self.describe(key)}")
        if not person.is_unknown:
            record.persons.append(person)
        return record

    def __iter__(self) -> Iterator[RecordRows]:
        return iter(self.records.values())


@contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage-collector sweeps while a file is checked and written: an import makes a few objects per
    row that all live until it ends, and the sweeps over them took a sixth of its time. Restored after
    (also when it was already off)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def store_records(
    session: Session,
    result: ImportResultBase,
    new: Sequence[RecordRows],
    model: type[SQLModel],
    rows: Sequence[Mapping[str, Any]],
    link_model: type[SQLModel],
    link_column: str,
    *,
    same: Mapping[str, Any] | None = None,
) -> list[int]:
    """The write path of every import: recognise or make the persons of the ``new`` records (one
    PersonMatcher, zvh_core.persons.matching), insert their ``rows`` into ``model``'s table and link each
    record to its persons in ``link_model``'s table (``link_column``: the record's id there). The new ids,
    in the order of ``new``. ``same``: values of further columns alike for every row (``insert_rows``)."""
    matcher = PersonMatcher(session)
    matcher.preload(p for record in new for p in record.persons)
    persons_per_record = [[matcher.resolve(p) for p in record.persons] for record in new]
    matcher.save()
    result.persons_new = matcher.persons_new
    result.persons_recognised = matcher.persons_recognised
    ids = insert_with_ids(session, model, rows, same=same)
    links = [
        {link_column: record_id, "persoon_id": person_id}
        for record_id, entries in zip(ids, persons_per_record, strict=True)
        for person_id in (
            # Most records name one person: no de-duplication to do.
            (entries[0].id,)
            if len(entries) == 1 and entries[0] is not None
            else dict.fromkeys(e.id for e in entries if e is not None)
        )
    ]
    insert_rows(session, link_model.__table__, links)  # type: ignore[attr-defined]
    return ids


class _Rollback(Exception):
    """Raised inside the write block so that the transaction rolls back."""


def require_import(store: Store) -> None:
    """Refuse an import before its file is read when the actor's role may not import."""
    with store.read() as session:
        require(session, Recht.MELDING_INLEZEN)


def write_all_or_nothing(
    store: Store, result: ImportResultBase, write: Callable[[Session], None], *, what: str = "import"
) -> None:
    """Run ``write(session)`` in one transaction; roll it back for a dry run or when it reported errors.
    A stored import is logged with its summary (counts only, never content)."""
    try:
        with store.write() as session:
            require(session, Recht.MELDING_INLEZEN)
            write(session)
            if result.dry_run or not result.ok:
                raise _Rollback
            audit.record(
                session,
                Handeling.INGELEZEN,
                object_type=what,
                details={"samenvatting": " ".join(result.summary_lines())},
            )
    except _Rollback:
        pass

"""What every contract import shares: its result and summary, rows grouped per record, and the
all-or-nothing write (rolled back for a dry run or when the store reveals a problem)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session

from zvh_core.access import audit
from zvh_core.access.audit import Handeling
from zvh_core.access.rights import Recht, require
from zvh_core.imports.csvfile import RowError, RowReader
from zvh_core.kernel.person_fields import PersonFields
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


class RecordGroups:
    """Rows grouped per record key; a repeated row must repeat the record's ``columns`` alike."""

    def __init__(self, columns: Sequence[str], describe: Callable[[Hashable], str]) -> None:
        self.columns = tuple(columns)
        self.describe = describe
        """The record in an error message, e.g. "melding (bron 'politie', extern_id 'P-1')"."""
        self.records: dict[Hashable, RecordRows] = {}

    def add(self, key: Hashable, row: RowReader, values: dict[str, object], person: PersonFields) -> RecordRows:
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

    def __iter__(self):
        return iter(self.records.values())


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

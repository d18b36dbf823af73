"""Importing meldingen.csv (domain.md §4): all-or-nothing, idempotent, fast on large files.

Every row is checked before anything is written; any problem means nothing is stored and every invalid
row is reported. Rows with the same (bron, extern_id) are one melding with several persons and must agree
on the melding's fields. A melding whose (bron, extern_id) is already stored is counted "al aanwezig" and
left alone. The rest is written in one transaction with bulk inserts; a dry run does the same and rolls
it back, so its counts are exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlalchemy import insert, select
from sqlmodel import Session

from zvh_core import audit
from zvh_core.access import P, require
from zvh_core.audit import A
from zvh_core.importing.bulk import chunked, insert_with_ids
from zvh_core.importing.csvfile import (
    PERSON_COLUMNS,
    CsvFileError,
    PersonFields,
    RowError,
    RowReader,
    open_table,
)
from zvh_core.importing.persons import PersonMatcher
from zvh_core.models import Melding, MeldingPersoon, utcnow
from zvh_core.regio import Regio
from zvh_core.store import Store

REQUIRED_COLUMNS = ("extern_id", "bron", "soort", "datum", "gemeente")
OPTIONAL_COLUMNS = (*PERSON_COLUMNS, "omschrijving")
RECORD_COLUMNS = ("soort", "datum", "gemeente", "omschrijving")
"""The melding's own fields, which every row of one melding must repeat alike."""
EXTERN_ID_MAX = 100


@dataclass
class ImportResult:
    """What an import found and did (or, in a dry run, would do)."""

    errors: list[RowError] = field(default_factory=list)
    rows_read: int = 0
    meldingen_new: int = 0
    meldingen_existing: int = 0
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

    def summary_lines(self) -> list[str]:
        """The Dutch summary shown after the errors."""
        lines = [f"{_count(self.rows_read, 'regel', 'regels')} gelezen."]
        if not self.ok:
            invalid = _count(self.invalid_lines, "ongeldige regel", "ongeldige regels")
            return [*lines, f"Niets opgeslagen: {invalid}."]
        lines.append(
            f"Meldingen: {_number(self.meldingen_new)} nieuw, {_number(self.meldingen_existing)} al aanwezig. "
            f"Personen: {_number(self.persons_new)} nieuw, {_number(self.persons_recognised)} herkend."
        )
        if self.dry_run:
            lines.append("Proefimport: er is niets opgeslagen.")
        return lines


def _number(n: int) -> str:
    """1234 → '1.234'."""
    return f"{n:,}".replace(",", ".")


def _count(n: int, singular: str, plural: str) -> str:
    return f"{_number(n)} {singular if n == 1 else plural}"


@dataclass(slots=True)
class _MeldingRows:
    """One melding of the file: its first row's line and values, and the persons of all its rows."""

    line: int
    values: dict[str, object]
    invalid: set[str]
    persons: list[PersonFields]


class _DryRun(Exception):
    """Raised inside the write block of a dry run, so that the transaction rolls back."""


def import_meldingen(
    store: Store, regio: Regio, path: str | Path, *, dry_run: bool = False, today: date | None = None
) -> ImportResult:
    """Check the file at ``path`` and, when every row is valid, store its new meldingen and persons.

    The aanbrenger of each new melding follows from its bron (regio file, privacy.aanbrengers), its
    grondslag is the regio's; the import is logged with its counts (never its content).
    """
    with store.read() as session:
        require(session, P.MELDING_INLEZEN)
    data = Path(path).read_bytes()
    result = ImportResult(dry_run=dry_run)
    meldingen = _check(data, regio, today or date.today(), result)
    if not result.ok:
        return result
    try:
        with store.write() as session:
            require(session, P.MELDING_INLEZEN)
            _write(session, meldingen, result)
            if dry_run:
                raise _DryRun
            audit.record(
                session, A.INGELEZEN, object_type="meldingen", object_id=Path(path).name,
                details={"nieuw": result.meldingen_new, "al_aanwezig": result.meldingen_existing,
                         "personen_nieuw": result.persons_new},
            )
    except _DryRun:
        pass
    return result


def _check(data: bytes, regio: Regio, today: date, result: ImportResult) -> list[_MeldingRows]:
    """Every row checked and grouped per melding; problems go to ``result.errors``."""
    try:
        table = open_table(data, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
    except CsvFileError as exc:
        result.errors.extend(exc.errors)
        return []
    meldingen: dict[tuple[str, str], _MeldingRows] = {}
    errors: list[RowError] = []
    for record in table:
        row = RowReader(record)
        extern_id = row.text("extern_id", required=True, max_length=EXTERN_ID_MAX)
        bron = row.code("bron", regio.bronnen)
        soort = row.code("soort", regio.soorten)
        values: dict[str, object] = {
            "soort": soort,
            "datum": row.date("datum", required=True),
            "gemeente": row.gemeente("gemeente", regio),
            "omschrijving": row.text("omschrijving"),
        }
        person = row.person(today)
        if bron is not None and extern_id is not None:
            melding = meldingen.get((bron, extern_id))
            if melding is None:
                values.update(
                bron=bron,
                extern_id=extern_id,
                urgent=soort in regio.urgente_soorten,
                aanbrenger=regio.aanbrenger_for(bron),
                grondslag=regio.privacy.grondslag,
            )
                melding = _MeldingRows(record.line, values, set(row.error_columns), [])
                meldingen[(bron, extern_id)] = melding
            else:
                _compare(row, values, melding, bron, extern_id)
            if not person.is_unknown:
                melding.persons.append(person)
        errors.extend(row.errors)
    result.rows_read = table.rows_read
    result.errors.extend(sorted(errors + table.errors, key=lambda e: e.regel))
    return list(meldingen.values())


def _compare(row: RowReader, values: dict[str, object], first: _MeldingRows, bron: str, extern_id: str) -> None:
    """A repeated row of a melding must repeat its fields; report each column that differs."""
    for column in RECORD_COLUMNS:
        if column in row.error_columns or column in first.invalid:
            continue
        if values[column] != first.values[column]:
            row.error(
                column,
                f"wijkt af van regel {first.line} voor dezelfde melding (bron '{bron}', extern_id '{extern_id}')",
            )


def _write(session: Session, meldingen: Sequence[_MeldingRows], result: ImportResult) -> None:
    existing = _stored_keys(session, meldingen)
    new = [m for m in meldingen if (m.values["bron"], m.values["extern_id"]) not in existing]
    result.meldingen_existing = len(meldingen) - len(new)
    result.meldingen_new = len(new)
    if not new:
        return

    matcher = PersonMatcher(session)
    matcher.preload(p for m in new for p in m.persons)
    persons_per_melding = [[matcher.resolve(p) for p in m.persons] for m in new]
    matcher.save()
    result.persons_new = matcher.persons_new
    result.persons_recognised = matcher.persons_recognised

    now = utcnow()
    rows = [{**m.values, "ingelezen_op": now} for m in new]
    melding_ids = insert_with_ids(session, Melding, rows)
    links = [
        {"melding_id": melding_id, "persoon_id": person_id}
        for melding_id, entries in zip(melding_ids, persons_per_melding, strict=True)
        for person_id in dict.fromkeys(e.id for e in entries if e is not None)
    ]
    if links:
        session.execute(insert(MeldingPersoon.__table__), links)  # type: ignore[attr-defined]


def _stored_keys(session: Session, meldingen: Sequence[_MeldingRows]) -> set[tuple[str, str]]:
    """The (bron, extern_id) of ``meldingen`` that the store already holds, looked up in batches."""
    extern_ids_by_bron: dict[str, list[str]] = {}
    for m in meldingen:
        extern_ids_by_bron.setdefault(m.values["bron"], []).append(m.values["extern_id"])  # type: ignore[arg-type]
    found: set[tuple[str, str]] = set()
    for bron, extern_ids in extern_ids_by_bron.items():
        for chunk in chunked(extern_ids):
            statement = select(Melding.extern_id).where(Melding.bron == bron, Melding.extern_id.in_(chunk))
            found.update((bron, extern_id) for extern_id in session.scalars(statement))
    return found

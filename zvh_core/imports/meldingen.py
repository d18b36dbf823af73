"""Importing meldingen.csv (domain.md §4): all-or-nothing, idempotent, fast on large files.

Every row is checked before anything is written; any problem means nothing is stored and every invalid
row is reported. Rows with the same (bron, extern_id) are one melding with several persons and must agree
on the melding's fields. A melding whose (bron, extern_id) is already stored with the same fields is
counted "al aanwezig" and left alone; stored with other fields it is an error (``regel N: extern_id …
bestaat al met andere gegevens``) and nothing is stored: a re-import never silently drops a changed melding. The rest is written in one transaction with bulk inserts; a dry run does the same and rolls
it back, so its counts are exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import cast

from sqlalchemy import select
from sqlmodel import Session, col

from zvh_core.config.regio import Regio
from zvh_core.imports.common import (
    ImportResultBase,
    RecordGroups,
    RecordRows,
    collector_paused,
    number,
    require_import,
    store_records,
    write_all_or_nothing,
)
from zvh_core.imports.csvfile import CsvFileError, RowError, RowReader, open_table
from zvh_core.kernel import clock
from zvh_core.kernel.bulk import chunked
from zvh_core.kernel.models import Melding, MeldingPersoon, utcnow
from zvh_core.kernel.person_fields import PERSON_COLUMNS, PersonFields
from zvh_core.store import Store

REQUIRED_COLUMNS = ("extern_id", "bron", "soort", "datum", "gemeente")
OPTIONAL_COLUMNS = (*PERSON_COLUMNS, "omschrijving")
RECORD_COLUMNS = ("soort", "datum", "gemeente", "omschrijving")
"""The melding's own fields, which every row of one melding must repeat alike."""
EXTERN_ID_MAX = 100


@dataclass
class ImportResult(ImportResultBase):
    meldingen_new: int = 0
    meldingen_existing: int = 0

    def records_summary(self) -> str:
        return f"Meldingen: {number(self.meldingen_new)} nieuw, {number(self.meldingen_existing)} al aanwezig."


def import_meldingen(
    store: Store, regio: Regio, path: str | Path, *, dry_run: bool = False, today: date | None = None
) -> ImportResult:
    """Check the file at ``path`` and, when every row is valid, store its new meldingen and persons.

    The aanbrenger of each new melding follows from its bron (regio file, privacy.aanbrengers), its
    grondslag is the regio's; the import is logged with its counts (never its content).
    """
    require_import(store)
    data = Path(path).read_bytes()
    result = ImportResult(dry_run=dry_run)
    with collector_paused():
        meldingen = _check(data, regio, today or clock.today(), result)
        if result.ok:
            write_all_or_nothing(store, result, lambda session: _write(session, meldingen, result), what="meldingen")
        # Freed while the collector is off: its first sweep after would otherwise visit every row (0.3 s).
        meldingen.clear()
    return result


def _check(data: bytes, regio: Regio, today: date, result: ImportResult) -> list[RecordRows]:
    """Every row checked and grouped per melding; problems go to ``result.errors``."""
    try:
        table = open_table(data, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
    except CsvFileError as exc:
        result.errors.extend(exc.errors)
        return []
    meldingen: RecordGroups[tuple[str, str]] = RecordGroups(
        RECORD_COLUMNS, lambda key: f"melding (bron '{key[0]}', extern_id '{key[1]}')"
    )
    errors: list[RowError] = []
    known_persons: dict[tuple[str, ...], PersonFields] = {}
    # The valid values met so far per column, by their text: each distinct text is checked once.
    bronnen: dict[str, str] = {}
    soorten: dict[str, str] = {}
    datums: dict[str, date] = {}
    gemeenten: dict[str, str] = {}
    grondslag = regio.privacy.grondslag
    aanbrengers = {bron: regio.aanbrenger_for(bron) for bron in regio.bronnen}
    for record in table:
        row = RowReader(record)
        texts = record.values
        extern_id: str | None = texts["extern_id"]
        bron = bronnen.get(texts["bron"])
        soort = soorten.get(texts["soort"])
        datum = datums.get(texts["datum"])
        gemeente = gemeenten.get(texts["gemeente"])
        if not (extern_id and len(extern_id) <= EXTERN_ID_MAX and bron and soort and datum and gemeente):
            # A text not met before or a problem: every column checked, and reported, by the reader.
            extern_id = row.text("extern_id", required=True, max_length=EXTERN_ID_MAX)
            bron = row.once(bronnen, "bron", row.code, regio.bronnen)
            soort = row.once(soorten, "soort", row.code, regio.soorten)
            datum = row.once(datums, "datum", _melding_date, row, today)
            gemeente = row.once(gemeenten, "gemeente", row.gemeente, regio)
        omschrijving = texts.get("omschrijving") or None
        person = row.person(today, known_persons)
        if bron is not None and extern_id is not None:
            values: dict[str, object] = {
                "soort": soort,
                "datum": datum,
                "gemeente": gemeente,
                "omschrijving": omschrijving,
                "bron": bron,
                "extern_id": extern_id,
                "urgent": soort in regio.urgente_soorten,
                "aanbrenger": aanbrengers[bron],
                "grondslag": grondslag,
            }
            meldingen.add((bron, extern_id), row, values, person)
        if row.errors:
            errors.extend(row.errors)
    result.rows_read = table.rows_read
    result.errors.extend(sorted(errors + table.errors, key=lambda e: e.regel))
    return list(meldingen)


def _melding_date(column: str, row: RowReader, today: date) -> date | None:
    return row.date(column, required=True, not_after=today)


def _write(session: Session, meldingen: Sequence[RecordRows], result: ImportResult) -> None:
    existing = _stored_records(session, meldingen)
    if _report_changed(meldingen, existing, result):
        return
    # A first import finds none stored: no look-up per melding.
    new = [m for m in meldingen if (m.values["bron"], m.values["extern_id"]) not in existing] if existing else meldingen
    result.meldingen_existing = len(meldingen) - len(new)
    result.meldingen_new = len(new)
    if not new:
        return

    store_records(
        session,
        result,
        new,
        Melding,
        [m.values for m in new],
        MeldingPersoon,
        "melding_id",
        same={"ingelezen_op": utcnow()},
    )


def _stored_records(session: Session, meldingen: Sequence[RecordRows]) -> dict[tuple[str, str], dict[str, object]]:
    """The stored fields (RECORD_COLUMNS) of the ``meldingen`` the store already holds, per (bron,
    extern_id), looked up in batches."""
    # Only the bronnen the store holds meldingen of: none on a first import, so no lookups in batches to do.
    stored_bronnen: set[str] = {
        bron
        for bron in cast(set[str], {m.values["bron"] for m in meldingen})
        if session.execute(select(col(Melding.id)).where(col(Melding.bron) == bron).limit(1)).first() is not None
    }
    extern_ids_by_bron: dict[str, list[str]] = {bron: [] for bron in stored_bronnen}
    if stored_bronnen:
        for m in meldingen:
            if (ids := extern_ids_by_bron.get(m.values["bron"])) is not None:  # type: ignore[call-overload]
                ids.append(m.values["extern_id"])
    columns = [col(getattr(Melding, c)) for c in RECORD_COLUMNS]
    found: dict[tuple[str, str], dict[str, object]] = {}
    for bron, extern_ids in extern_ids_by_bron.items():
        for chunk in chunked(extern_ids):
            statement = select(col(Melding.extern_id), *columns).where(
                col(Melding.bron) == bron, col(Melding.extern_id).in_(chunk)
            )
            for extern_id, *values in session.execute(statement):
                found[(bron, extern_id)] = dict(zip(RECORD_COLUMNS, values, strict=True))
    return found


def _report_changed(
    meldingen: Sequence[RecordRows], stored: dict[tuple[str, str], dict[str, object]], result: ImportResult
) -> bool:
    """An error per melding that is stored with other fields than the file gives it; True if any."""
    if not stored:
        return False
    changed = []
    for m in meldingen:
        before = stored.get((m.values["bron"], m.values["extern_id"]))  # type: ignore[arg-type]
        if before is None:
            continue
        fields = [c for c in RECORD_COLUMNS if (before[c] or None) != (m.values[c] or None)]
        if fields:
            changed.append(
                RowError(
                    m.line,
                    None,
                    f"extern_id '{m.values['extern_id']}' (bron '{m.values['bron']}') bestaat al met andere "
                    f"gegevens ({', '.join(fields)} wijkt af van de opgeslagen melding); er is niets opgeslagen",
                )
            )
    result.errors.extend(changed)
    result.errors.sort(key=lambda e: e.regel)
    return bool(changed)

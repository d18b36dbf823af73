"""Importing casussen.csv (domain.md §4): casussen from an earlier registration system.

The same rules as the meldingen import: every row is checked, any problem means nothing is stored and
every invalid row is reported as ``regel N, kolom X: reden``; rows with the same ``extern_id`` are one casus
with several persons and must agree on the casus' fields; a casus whose extern_id is already stored is
counted "al aanwezig" and left alone. ``melding_extern_ids`` (``|``-separated) names meldingen that must
already be stored; one that is not (or is ambiguous) is an error on the casus' row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import cast

from sqlalchemy import select
from sqlmodel import Session, col

from zvh_core.casussen import perioden
from zvh_core.config.regio import Regio
from zvh_core.imports.common import (
    ImportResultBase,
    RecordGroups,
    RecordRows,
    collector_paused,
    count,
    number,
    require_import,
    store_records,
    write_all_or_nothing,
)
from zvh_core.imports.csvfile import CsvFileError, RowError, RowReader, open_table
from zvh_core.kernel import clock
from zvh_core.kernel.bulk import chunked, insert_rows
from zvh_core.kernel.models import Casus, CasusMelding, CasusPersoon, Melding, utcnow
from zvh_core.kernel.person_fields import PERSON_COLUMNS, PersonFields
from zvh_core.store import Store

REQUIRED_COLUMNS = ("extern_id", "thema", "gemeente", "geopend")
OPTIONAL_COLUMNS = ("gesloten", "procesregisseur", "melding_extern_ids", *PERSON_COLUMNS)
RECORD_COLUMNS = ("thema", "gemeente", "geopend", "gesloten", "procesregisseur", "melding_extern_ids")
"""The casus' own fields, which every row of one casus must repeat alike."""
EXTERN_ID_MAX = 100
MELDING_SEPARATOR = "|"


@dataclass
class CasusImportResult(ImportResultBase):
    casussen_new: int = 0
    casussen_existing: int = 0
    meldingen_linked: int = 0

    def records_summary(self) -> str:
        linked = count(self.meldingen_linked, "melding", "meldingen")
        return (
            f"Casussen: {number(self.casussen_new)} nieuw, {number(self.casussen_existing)} al aanwezig; "
            f"{linked} gekoppeld."
        )


def import_casussen(
    store: Store, regio: Regio, path: str | Path, *, dry_run: bool = False, today: date | None = None
) -> CasusImportResult:
    """Check the file at ``path`` and, when every row is valid, store its new casussen, persons and links."""
    require_import(store)
    data = Path(path).read_bytes()
    result = CasusImportResult(dry_run=dry_run)
    with collector_paused():
        casussen = _check(data, regio, today or clock.today(), result)
        if not result.ok:
            # Report the meldingen that do not exist too, so that every problem is listed at once.
            with store.read() as session:
                _resolve_meldingen(session, casussen, result)
            result.errors.sort(key=lambda e: e.regel)
            return result
        write_all_or_nothing(store, result, lambda session: _write(session, casussen, result, regio), what="casussen")
    return result


def _melding_ids(row: RowReader) -> tuple[str, ...]:
    value = row.text("melding_extern_ids") or ""
    return tuple(dict.fromkeys(part.strip() for part in value.split(MELDING_SEPARATOR) if part.strip()))


def _named_meldingen(casus: RecordRows) -> tuple[str, ...]:
    """The extern_ids of the meldingen a casus names (``_melding_ids`` of its first row)."""
    return cast("tuple[str, ...]", casus.values["melding_extern_ids"])


def _check(data: bytes, regio: Regio, today: date, result: CasusImportResult) -> list[RecordRows]:
    """Every row checked and grouped per casus; problems go to ``result.errors``."""
    try:
        table = open_table(data, REQUIRED_COLUMNS, OPTIONAL_COLUMNS)
    except CsvFileError as exc:
        result.errors.extend(exc.errors)
        return []
    casussen: RecordGroups[str] = RecordGroups(RECORD_COLUMNS, lambda key: f"casus (extern_id '{key}')")
    errors: list[RowError] = []
    known_persons: dict[tuple[str, ...], PersonFields] = {}
    for record in table:
        row = RowReader(record)
        extern_id = row.text("extern_id", required=True, max_length=EXTERN_ID_MAX)
        geopend = row.date("geopend", required=True, not_after=today)
        gesloten = row.date("gesloten", not_after=today)
        if geopend is not None and gesloten is not None and gesloten < geopend:
            row.error("gesloten", f"ligt vóór geopend ({geopend.isoformat()})")
            gesloten = None
        values: dict[str, object] = {
            "thema": row.code("thema", regio.themas),
            "gemeente": row.gemeente("gemeente", regio),
            "geopend": geopend,
            "gesloten": gesloten,
            "procesregisseur": row.text("procesregisseur"),
            "melding_extern_ids": _melding_ids(row),
        }
        person = row.person(today, known_persons)
        if extern_id is not None:
            values["extern_id"] = extern_id
            casussen.add(extern_id, row, values, person)
        errors.extend(row.errors)
    result.rows_read = table.rows_read
    result.errors.extend(sorted(errors + table.errors, key=lambda e: e.regel))
    return list(casussen)


def _resolve_meldingen(session: Session, casussen: Sequence[RecordRows], result: CasusImportResult) -> dict[str, int]:
    """extern_id → melding id for every melding the file names; unknown or ambiguous ones are errors."""
    wanted = sorted({x for c in casussen for x in _named_meldingen(c)})
    found: dict[str, list[tuple[int, str]]] = {}
    for chunk in chunked(wanted):
        for melding_id, extern_id, bron in session.execute(
            select(col(Melding.id), col(Melding.extern_id), col(Melding.bron)).where(col(Melding.extern_id).in_(chunk))
        ):
            found.setdefault(extern_id, []).append((melding_id, bron))
    errors = []
    for casus in casussen:
        for extern_id in _named_meldingen(casus):
            matches = found.get(extern_id, [])
            if not matches:
                reason = f"melding '{extern_id}' staat niet in de database (lees eerst de meldingen in)"
                errors.append(RowError(casus.line, "melding_extern_ids", reason))
            elif len(matches) > 1:
                bronnen = ", ".join(sorted(b for _, b in matches))
                reason = f"melding '{extern_id}' is niet eenduidig: dit nummer bestaat bij meer bronnen ({bronnen})"
                errors.append(RowError(casus.line, "melding_extern_ids", reason))
    result.errors.extend(errors)
    return {extern_id: matches[0][0] for extern_id, matches in found.items() if len(matches) == 1}


def _write(session: Session, casussen: Sequence[RecordRows], result: CasusImportResult, regio: Regio) -> None:
    melding_ids = _resolve_meldingen(session, casussen, result)
    if not result.ok:
        return
    existing = _stored_extern_ids(session, [c.values["extern_id"] for c in casussen])  # type: ignore[misc]
    new = [c for c in casussen if c.values["extern_id"] not in existing]
    result.casussen_existing = len(casussen) - len(new)
    result.casussen_new = len(new)
    if not new:
        return

    now = utcnow()
    columns = ("extern_id", "thema", "gemeente", "geopend", "gesloten", "procesregisseur")
    # The aanbrenger of an imported casus is that of its first linked melding (unknown without one).
    aanbrengers: dict[int, str | None] = {}
    for chunk in chunked(sorted(set(melding_ids.values()))):
        aanbrengers.update(
            session.execute(select(col(Melding.id), col(Melding.aanbrenger)).where(col(Melding.id).in_(chunk))).all()
        )
    rows = [
        {
            **{k: c.values[k] for k in columns},
            "aanbrenger": next((aanbrengers.get(melding_ids[x]) for x in _named_meldingen(c)), None),
            "grondslag": regio.privacy.grondslag,
            "aangemaakt_op": now,
        }
        for c in new
    ]
    casus_ids = store_records(session, result, new, Casus, rows, CasusPersoon, "casus_id")
    melding_links = [
        {"casus_id": casus_id, "melding_id": melding_ids[x]}
        for casus_id, c in zip(casus_ids, new, strict=True)
        for x in _named_meldingen(c)
    ]
    perioden.insert_first_periods(
        session,
        [
            (casus_id, cast(date, c.values["geopend"]), cast("date | None", c.values["gesloten"]), None)
            for casus_id, c in zip(casus_ids, new, strict=True)
        ],
    )
    result.meldingen_linked = len(melding_links)
    insert_rows(session, CasusMelding.__table__, melding_links)  # type: ignore[attr-defined]


def _stored_extern_ids(session: Session, extern_ids: list[str]) -> set[str]:
    found: set[str] = set()
    for chunk in chunked(extern_ids):
        found.update(session.scalars(select(col(Casus.extern_id)).where(col(Casus.extern_id).in_(chunk))))
    return found

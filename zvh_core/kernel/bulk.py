"""Bulk reads and writes for imports: IN (...) lookups in chunks, inserts that hand back the new ids."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import func, insert, select
from sqlmodel import Session, SQLModel

CHUNK_SIZE = 500
"""Values per IN (...) query: well below SQLite's and PostgreSQL's parameter limits."""

T = TypeVar("T")


def chunked(items: Sequence[T], size: int = CHUNK_SIZE) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_with_ids(session: Session, model: type[SQLModel], rows: Sequence[Mapping[str, Any]]) -> list[int]:
    """Insert ``rows`` into the table of ``model`` (integer key ``id``); their new ids, in the same order.

    SQLite cannot return the ids of a multi-row insert in the order of its rows, which makes SQLAlchemy
    insert one row per statement. A write session on SQLite holds the write lock from its start (BEGIN
    IMMEDIATE), so the next ids are this session's to give: max(id) + 1 onwards, as SQLite itself would.
    """
    if not rows:
        return []
    table = model.__table__  # type: ignore[attr-defined]
    if session.get_bind().dialect.name == "sqlite":
        first = (session.scalar(select(func.max(table.c.id))) or 0) + 1
        ids = list(range(first, first + len(rows)))
        session.execute(insert(table), [{**row, "id": new_id} for row, new_id in zip(rows, ids, strict=True)])
        return ids
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(session.scalars(statement, rows))

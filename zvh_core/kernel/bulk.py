"""Bulk reads and writes for imports: IN (...) lookups in chunks, inserts that hand back the new ids."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import repeat
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import Connection, Table, func, insert, select
from sqlmodel import Session, SQLModel

CHUNK_SIZE = 500
"""Values per IN (...) query: well below SQLite's and PostgreSQL's parameter limits."""

T = TypeVar("T")


def chunked(items: Sequence[T], size: int = CHUNK_SIZE) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert_rows(
    session: Session | Connection,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    same: Mapping[str, Any] | None = None,
    ids: Sequence[int] | None = None,
) -> None:
    """INSERT ``rows`` into ``table`` with the driver's executemany: each value converted as SQLAlchemy
    converts it (the column type's bind processor for this dialect) and the Python-side defaults of the
    columns the rows leave out filled in, but without SQLAlchemy building and processing a parameter set
    per row, which was most of an import's insert time. Every row names the columns the first one names
    (as for SQLAlchemy's own executemany). ``same``: values of further columns alike for every row (the
    import's timestamp: converted once); ``ids``: the ``id`` of each row (no copy of every row to add it)."""
    if not rows:
        return
    connection = session.connection() if isinstance(session, Session) else session
    dialect = connection.dialect
    named = list(rows[0])
    fixed = dict(same or {})
    given = {*named, *fixed, *(["id"] if ids is not None else [])}
    defaults = [c for c in table.columns if c.name not in given and c.default is not None]
    for column in defaults:
        if not (column.default.is_scalar or column.default.is_callable):  # type: ignore[union-attr]
            raise ValueError(f"{table.name}.{column.name}: standaardwaarde die alleen SQLAlchemy kan invullen")
    processors = [_processor(table.c[name], dialect) for name in named]
    fixed_values = tuple(_bound(_processor(table.c[name], dialect), value) for name, value in fixed.items())
    default_processors = [_processor(c, dialect) for c in defaults]
    quote = dialect.identifier_preparer.quote
    all_columns = [*named, *fixed, *(c.name for c in defaults), *(["id"] if ids is not None else [])]
    sql = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(name) for name in all_columns)}) "
        f"VALUES ({', '.join(['?' if dialect.paramstyle == 'qmark' else '%s'] * len(all_columns))})"
    )

    def default_values() -> tuple:
        values = []
        for c, process in zip(defaults, default_processors, strict=True):
            value = c.default.arg(None) if c.default.is_callable else c.default.arg  # type: ignore[union-attr]
            values.append(_bound(process, value))
        return tuple(values)

    for start in range(0, len(rows), _INSERT_BATCH):
        batch = rows[start : start + _INSERT_BATCH]
        # Column by column (C-level picks and one zip into the rows of parameters), not row by row: a
        # converted column maps each distinct value once (an import's dates and flags repeat).
        columns: list[Iterable[Any]] = [
            _converted(list(map(itemgetter(name), batch)), process)
            for name, process in zip(named, processors, strict=True)
        ]
        columns += [repeat(value, len(batch)) for value in fixed_values]
        if defaults:  # a callable default (a timestamp) is called per row, as SQLAlchemy does
            columns += zip(*[default_values() for _ in batch], strict=True)
        if ids is not None:
            columns.append(ids[start : start + _INSERT_BATCH])
        connection.exec_driver_sql(sql, list(zip(*columns, strict=True)))


def _converted(values: list[Any], process: Callable[[Any], Any] | None) -> list[Any]:
    """``values`` as the driver gets them (``process``: the column's bind processor), None as it is."""
    if process is None:
        return values
    try:
        done = {value: process(value) for value in set(values) if value is not None}
    except TypeError:  # unhashable values (a JSON dict): each converted on its own
        return [process(value) if value is not None else None for value in values]
    done[None] = None
    return list(map(done.__getitem__, values))


def _processor(column: Any, dialect: Any) -> Callable[[Any], Any] | None:
    """The bind processor of ``column``'s type for ``dialect`` (None: the driver takes the value as it is)."""
    return column.type.dialect_impl(dialect).bind_processor(dialect)


def _bound(process: Callable[[Any], Any] | None, value: Any) -> Any:
    """``value`` as the driver gets it, None as it is."""
    return process(value) if process is not None and value is not None else value


_INSERT_BATCH = 5000
"""Rows per executemany (bounded memory for the converted parameters)."""


def insert_with_ids(
    session: Session, model: type[SQLModel], rows: Sequence[Mapping[str, Any]], *, same: Mapping[str, Any] | None = None
) -> list[int]:
    """Insert ``rows`` into the table of ``model`` (integer key ``id``); their new ids, in the same order.
    ``same``: values of further columns alike for every row (as for ``insert_rows``).

    SQLite cannot return the ids of a multi-row insert in the order of its rows, which makes SQLAlchemy
    insert one row per statement. A write session on SQLite holds the write lock from its start (BEGIN
    IMMEDIATE), so the next ids are this session's to give: max(id) + 1 onwards, as SQLite itself would,
    written with ``insert_rows``.
    """
    if not rows:
        return []
    table = model.__table__  # type: ignore[attr-defined]
    if session.get_bind().dialect.name == "sqlite":
        first = (session.scalar(select(func.max(table.c.id))) or 0) + 1
        ids = list(range(first, first + len(rows)))
        insert_rows(session, table, rows, same=same, ids=ids)
        return ids
    statement = insert(table).returning(table.c.id, sort_by_parameter_order=True)
    if same:
        rows = [{**row, **same} for row in rows]
    return list(session.scalars(statement, rows))

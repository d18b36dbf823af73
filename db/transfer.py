"""Copying every row of a store into another, empty one (SQLite → PostgreSQL, or back).

The source is read in one read transaction (one consistent state, also while in use) and the target is
written in one write transaction: it ends up with all rows or with none. Integer keys are copied as they
are; on PostgreSQL the key sequences are then moved past the highest copied key.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Engine, Integer, Table, func, insert, select, text

from db.engine import WRITE_OPTION
from db.errors import StoreError

CHUNK = 1000


def row_counts(engine: Engine, tables: Sequence[Table]) -> dict[str, int]:
    with engine.connect() as connection:
        return {t.name: connection.scalar(select(func.count()).select_from(t)) or 0 for t in tables}


def copy_rows(source: Engine, target: Engine, tables: Sequence[Table]) -> dict[str, int]:
    """Copy ``tables`` (parents before children) from ``source`` into the empty ``target``; rows per table."""
    filled = {name: n for name, n in row_counts(target, tables).items() if n}
    if filled:
        raise StoreError(
            "De doeldatabase is niet leeg (" + ", ".join(f"{name}: {n}" for name, n in sorted(filled.items())) + "); "
            "er is niets gekopieerd. Kies een lege database."
        )
    copied: dict[str, int] = {}
    with source.connect() as reading, target.execution_options(**{WRITE_OPTION: True}).begin() as writing:
        with reading.begin():
            for table in tables:
                copied[table.name] = 0
                result = reading.execute(select(table)).mappings()
                while rows := result.fetchmany(CHUNK):
                    writing.execute(insert(table), [dict(row) for row in rows])
                    copied[table.name] += len(rows)
        if target.dialect.name == "postgresql":
            for table in tables:
                key = table.c.get("id")
                if key is not None and isinstance(key.type, Integer) and key.autoincrement is not False:
                    writing.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                        )
                    )
    return copied

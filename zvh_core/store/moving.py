"""Moving a store to another URL (SQLite to PostgreSQL): every row copied, counts compared."""

from __future__ import annotations

from db.errors import StoreError
from db.transfer import copy_rows, row_counts
from zvh_core.kernel.models import SQLModel
from zvh_core.store import open_store


def move_store(source_url: str, target_url: str) -> dict[str, int]:
    """Copy the whole store at ``source_url`` into the empty store at ``target_url`` (created and brought to
    the newest schema first); the source stays as it is. Rows per table; a StoreError when the target is
    not empty or the copy does not match."""
    source, target = open_store(source_url), open_store(target_url)
    try:
        tables = SQLModel.metadata.sorted_tables
        copied = copy_rows(source.engine, target.engine, tables)
        if row_counts(target.engine, tables) != copied:
            raise StoreError("De kopie klopt niet met het origineel; controleer de doeldatabase.")
        return copied
    finally:
        source.dispose()
        target.dispose()

"""Personal settings kept per user on this workstation, in the platform's config folder (not in the store,
which holds no one's taste): for now the colour theme.

One small JSON file per OS user, holding each account's choices and the last choice made (used on the
login screen, before anyone is known). Written whole to a temporary name and renamed, mode 0600.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import platformdirs
from pydantic import BaseModel, ValidationError

from zvh_core.config.settings import APP_NAME

FILE_NAME = "voorkeuren.json"


class Voorkeuren(BaseModel):
    thema: str | None = None


class _File(BaseModel):
    laatst: Voorkeuren = Voorkeuren()
    accounts: dict[str, Voorkeuren] = {}


def preferences_file() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / FILE_NAME


def _read() -> _File:
    try:
        return _File.model_validate(json.loads(preferences_file().read_text(encoding="utf-8")))
    except (OSError, ValueError, ValidationError):
        return _File()  # none yet, or unreadable: defaults (a preference is never worth refusing to start)


def load(account: str | None) -> Voorkeuren:
    """``account``'s choices; before a login (``None``) the last choice made on this workstation."""
    stored = _read()
    if account is None:
        return stored.laatst
    return stored.accounts.get(account, stored.laatst)


def save(account: str | None, voorkeuren: Voorkeuren) -> None:
    """Keep ``voorkeuren`` for ``account`` (and as the last choice). OSError when the folder is not writable."""
    stored = _read()
    stored.laatst = voorkeuren
    if account is not None:
        stored.accounts[account] = voorkeuren
    path = preferences_file()
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(prefix=".voorkeuren-", dir=path.parent)  # 0600
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(stored.model_dump_json(indent=2))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

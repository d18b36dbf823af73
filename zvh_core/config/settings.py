"""All settings of the app in one typed model, read from the environment (prefix ZVH_)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import platformdirs
from pydantic_settings import BaseSettings, SettingsConfigDict

APP_NAME = "zvh-overleg"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ZVH_", extra="ignore")

    database_url: str | None = None
    """SQLAlchemy URL; default: an SQLite file in the user's data directory."""
    regio: Path | None = None
    """Path of a regio file (TOML); default: the packaged Midden-Limburg file."""
    data_dir: Path | None = None
    """Where the default store and exports live."""
    vergrendel_minuten: float = 10
    """Idle minutes after which the TUI locks its screen (ZVH_VERGRENDEL_MINUTEN)."""
    db_sleutel: str | None = None
    """Key of an SQLCipher-encrypted SQLite store (ZVH_DB_SLEUTEL; needs the sqlcipher3 package)."""
    log_sleutel: str | None = None
    """Optional HMAC key for the anchors of the access log kept outside the store (ZVH_LOG_SLEUTEL):
    without it nobody can write an anchor that matches a rewritten log (zvh_core.access.logketen)."""
    backup_dir: Path | None = None
    """Where backups go; default: the folder 'backups' beside the store file."""
    backup_keep: int = 14
    """How many automatic daily backups are kept (0: the app makes none)."""

    @property
    def resolved_data_dir(self) -> Path:
        return self.data_dir or default_data_dir()

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.resolved_data_dir / 'zvh.sqlite3'}"

    @property
    def export_dir(self) -> Path:
        return self.resolved_data_dir / "exports"


@cache
def get_settings() -> Settings:
    return Settings()

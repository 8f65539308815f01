"""Settings read from the environment (prefix DKB_)."""

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parents[1]


class Settings(BaseSettings):
    """Everything configurable about one running instance."""

    model_config = SettingsConfigDict(env_prefix="DKB_", extra="ignore")

    data_dir: Path = PROJECT_ROOT / "var"
    database_url: str = ""
    meili_url: str = ""
    meili_key: str = ""
    meili_binary: str = ""
    meili_index_prefix: str = ""
    meili_start_timeout: float = 30.0
    secret_key: str = ""
    content_dir: Path = PROJECT_ROOT / "content"
    relay_interval: float = 1.0
    # embedded: the web app runs the outbox relay; external: `dkb search sync --watch` does; off: none.
    relay: Literal["embedded", "external", "off"] = "embedded"
    relay_retention_days: float = 7.0
    allow_private_urls: bool = False
    max_upload_bytes: int = 5_000_000
    link_context_days: int = 60  # window around an article's published date when it sets none
    link_region_cap: int = 200  # region- and country-level links kept per article (newest first)
    search_cache_size: int = 256  # recent search answers kept per process while the indexes are unchanged; 0: off

    @property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data dir."""
        return self.database_url or f"sqlite:///{self.data_dir / 'dkb.sqlite3'}"

    @property
    def embedded_search(self) -> bool:
        """True when the app starts its own Meilisearch instead of using DKB_MEILI_URL."""
        return not self.meili_url


@cache
def get_settings() -> Settings:
    """The process-wide settings (tests clear the cache to override)."""
    return Settings()

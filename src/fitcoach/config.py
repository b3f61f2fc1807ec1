"""Settings from environment variables (and an optional ``.env`` file), read once per process.

Every setting has an environment variable; ``docs/settings.md`` lists them all (a test keeps it honest).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

GeneratorBackend = Literal["engine", "model", "remote"]


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("fitcoach", appauthor=False))


class Settings(BaseSettings):
    """FitCoach's settings. Names map to environment variables as documented per field."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    data_dir: Path = Field(
        default_factory=default_data_dir,
        validation_alias="FITCOACH_DATA_DIR",
        description="Where the SQLite database, the secret key and caches live.",
    )
    database_url: str | None = Field(
        default=None,
        validation_alias="DATABASE_URL",
        description="SQLAlchemy URL, e.g. postgresql+psycopg://user@127.0.0.1/fitcoach; default: SQLite in data_dir.",
    )
    secret_key: str | None = Field(
        default=None,
        validation_alias="FITCOACH_SECRET_KEY",
        description="Signs session cookies; default: generated once and kept in data_dir/secret_key.",
    )
    generator: GeneratorBackend = Field(
        default="engine",
        validation_alias="FITCOACH_GENERATOR",
        description="Plan generator: engine (rule engine), model (local transformers model) or remote.",
    )
    model: str | None = Field(
        default=None,
        validation_alias="FITCOACH_MODEL",
        description="Local model directory or Hugging Face id for the model generator and chat.",
    )
    adapter: str | None = Field(
        default=None, validation_alias="FITCOACH_ADAPTER", description="Optional LoRA adapter directory."
    )
    remote_url: str | None = Field(
        default=None,
        validation_alias="FITCOACH_REMOTE_URL",
        description="Base URL of an OpenAI-compatible server, e.g. http://127.0.0.1:8080/v1.",
    )
    remote_model: str | None = Field(
        default=None, validation_alias="FITCOACH_REMOTE_MODEL", description="Model name on the remote server."
    )
    remote_api_key: str | None = Field(
        default=None, validation_alias="FITCOACH_REMOTE_API_KEY", description="API key for the remote server."
    )
    # Web platform (fitcoach serve).
    session_cookie_name: str = Field(
        default="fitcoach_session",
        validation_alias="FITCOACH_SESSION_COOKIE",
        description="Name of the signed session cookie.",
    )
    session_cookie_secure: bool = Field(
        default=False,
        validation_alias="FITCOACH_SESSION_COOKIE_SECURE",
        description="Send the session cookie over HTTPS only; set true behind TLS.",
    )
    session_max_age_seconds: int = Field(
        default=14 * 24 * 3600,
        ge=60,
        validation_alias="FITCOACH_SESSION_MAX_AGE",
        description="How long a login lasts, in seconds.",
    )
    max_body_bytes: int = Field(
        default=1_000_000,
        ge=1024,
        validation_alias="FITCOACH_MAX_BODY_BYTES",
        description="Largest request body accepted; larger gets 413.",
    )
    login_max_failures: int = Field(
        default=5,
        ge=1,
        validation_alias="FITCOACH_LOGIN_MAX_FAILURES",
        description="Failed logins per email and client address within the window before 429.",
    )
    login_window_seconds: int = Field(
        default=15 * 60,
        ge=1,
        validation_alias="FITCOACH_LOGIN_WINDOW_SECONDS",
        description="Length of the login rate-limit window, in seconds.",
    )
    warm_chat: bool = Field(
        default=False,
        validation_alias="FITCOACH_WARM_CHAT",
        description="Load the chat's retrieval index and embedding model at start-up instead of on the first "
        "question (`fitcoach serve` turns it on; off by default so tests and scripts start fast).",
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

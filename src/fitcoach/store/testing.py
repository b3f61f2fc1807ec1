"""Throw-away databases for tests and benchmarks: a fresh PostgreSQL database, a migrated SQLite file.

Used by ``tests/web``, ``tests/store`` and ``benchmarks/api_load.py``; nothing here runs in the app.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.engine import make_url

from fitcoach.store.db import make_engine, normalise_url
from fitcoach.store.models import Base

DEFAULT_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def admin_url() -> str:
    """The maintenance database to create test databases from (``FITCOACH_TEST_PG_URL`` overrides)."""
    return normalise_url(os.environ.get("FITCOACH_TEST_PG_URL", DEFAULT_ADMIN_URL))


def postgres_error(url: str | None = None) -> str | None:
    """None when the PostgreSQL server at ``url`` answers, else why not."""
    import psycopg

    parsed = make_url(url or admin_url())
    try:
        with psycopg.connect(
            host=parsed.host or "127.0.0.1",
            port=parsed.port or 5432,
            user=parsed.username,
            password=parsed.password,
            dbname=parsed.database or "postgres",
            connect_timeout=3,
        ) as conn:
            conn.execute("select 1")
    except psycopg.Error as exc:
        return f"{type(exc).__name__}: {exc}".strip()
    return None


def require_postgres() -> None:
    """In a test: skip when no PostgreSQL answers, but fail under CI=true, where the server is required."""
    import pytest

    problem = postgres_error()
    if problem is None:
        return
    message = f"PostgreSQL at {admin_url()} does not answer ({problem})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message + "; CI must run the PostgreSQL tests", pytrace=False)
    pytest.skip(message)


@contextmanager
def fresh_postgres_database(prefix: str = "fitcoach_test") -> Iterator[str]:
    """Create a uniquely named, empty database; yield its URL; drop it afterwards."""
    name = f"{prefix}_{os.getpid()}_{secrets.token_hex(4)}"
    admin = make_engine(admin_url()).execution_options(isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(admin_url()).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def truncate_all(url: str) -> None:
    """Empty every application table (keeps the schema and the migration version)."""
    engine = make_engine(url)
    try:
        names = [table.name for table in reversed(Base.metadata.sorted_tables)]
        with engine.begin() as conn:
            if engine.dialect.name == "postgresql":
                conn.execute(text(f"TRUNCATE {', '.join(names)} RESTART IDENTITY CASCADE"))
            else:
                for name in names:
                    conn.execute(text(f"DELETE FROM {name}"))
    finally:
        engine.dispose()

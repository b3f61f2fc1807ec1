"""Web test harness: the app on SQLite and on PostgreSQL, clients, users and CSRF tokens.

- ``backend`` runs a test once per database ("sqlite", "postgresql"). PostgreSQL gets one fresh database
  per test session (dropped at the end) and its tables are emptied before each test; when no server
  answers the PostgreSQL cases are skipped locally and FAIL when CI=true.
- ``settings`` / ``app`` / ``client``: an app on that database and a TestClient (lifespan run).
- ``user`` / ``other_user``: registered, logged-in ``WebUser`` clients; ``new_user()`` makes more.
- ``csrf_of(client)`` reads the token from a page's ``<meta name="csrf-token">``.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient
from web_helpers import WebUser, register_user

from fitcoach.config import Settings
from fitcoach.services import passwords
from fitcoach.store import testing
from fitcoach.store.db import migrate
from fitcoach.web.app import create_app


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap Argon2 parameters in tests (the real ones cost ~50 ms a hash); one test checks the real ones."""
    monkeypatch.setattr(passwords, "hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(passwords, "_DUMMY", [])


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for this test session."""
    testing.require_postgres()
    with testing.fresh_postgres_database("fitcoach_webtest") as url:
        migrate(url)
        yield url


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file, copied per test (migrating each time would be slower)."""
    path = tmp_path_factory.mktemp("template") / "fitcoach.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if backend == "sqlite":
        path = tmp_path / "fitcoach.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    url: str = request.getfixturevalue("postgres_url")
    testing.truncate_all(url)  # before, not after: a failed test leaves its rows to look at
    yield url


@pytest.fixture
def settings(db_url: str, tmp_path: Path) -> Settings:
    return Settings(
        FITCOACH_DATA_DIR=tmp_path / "data",
        DATABASE_URL=db_url,
        FITCOACH_SECRET_KEY="test-secret-" + secrets.token_hex(8),
        FITCOACH_GENERATOR="engine",
    )


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def new_user(app: FastAPI, client: TestClient) -> Iterator[Callable[..., WebUser]]:
    """Factory: each call registers a user on its own client (its own cookie jar)."""
    clients: list[TestClient] = []

    def make(display_name: str = "Test User", email: str | None = None) -> WebUser:
        own = TestClient(app)  # the app's lifespan already runs under ``client``
        clients.append(own)
        return register_user(own, display_name, email)

    yield make
    for own in clients:
        own.close()


@pytest.fixture
def user(new_user: Callable[..., WebUser]) -> WebUser:
    return new_user("Alice")


@pytest.fixture
def other_user(new_user: Callable[..., WebUser]) -> WebUser:
    return new_user("Bob")

"""Store fixtures: an empty database URL on SQLite (tmp file) and on PostgreSQL (a fresh database per test).

When no PostgreSQL server answers, its cases are skipped locally and fail when CI=true.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fitcoach.store import testing


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    testing.require_postgres()
    with testing.fresh_postgres_database("fitcoach_storetest") as url:
        yield url

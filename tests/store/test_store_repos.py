"""Repository queries that the web layer relies on: login attempts and token lookups."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from fitcoach.store.db import make_engine, make_session_factory, migrate
from fitcoach.store.models import User
from fitcoach.store.repo import login_attempts, users

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def session(empty_db_url: str) -> Iterator[Session]:
    migrate(empty_db_url)
    engine = make_engine(empty_db_url)
    with make_session_factory(engine)() as db:
        yield db
    engine.dispose()


def test_failures_are_counted_per_key_inside_the_window(session: Session) -> None:
    for minutes in (0, 5, 10):
        login_attempts.record(session, key="a|1.2.3.4", succeeded=False, at=T0 + timedelta(minutes=minutes))
    login_attempts.record(session, key="a|1.2.3.4", succeeded=True, at=T0 + timedelta(minutes=11))
    login_attempts.record(session, key="b|1.2.3.4", succeeded=False, at=T0)
    session.commit()
    count, oldest = login_attempts.failures_since(session, key="a|1.2.3.4", since=T0 + timedelta(minutes=1))
    assert (count, oldest) == (2, T0 + timedelta(minutes=5))
    login_attempts.prune(session, before=T0 + timedelta(minutes=6))
    login_attempts.clear_failures(session, key="b|1.2.3.4")
    session.commit()
    assert login_attempts.failures_since(session, key="a|1.2.3.4", since=T0)[0] == 1
    assert login_attempts.failures_since(session, key="b|1.2.3.4", since=T0)[0] == 0


def test_revoked_tokens_are_not_found_and_pages_are_per_user(session: Session) -> None:
    alice = users.add(session, email="a@example.org", display_name="A", password_hash="h")
    bob = users.add(session, email="b@example.org", display_name="B", password_hash="h")
    for i in range(3):
        users.add_token(session, user_id=alice.id, name=f"t{i}", token_hash=f"{i:064d}", prefix="fc_x", now=T0)
    users.add_token(session, user_id=bob.id, name="bob", token_hash="f" * 64, prefix="fc_y", now=T0)
    session.commit()
    items, total = users.tokens_page(session, user_id=alice.id, limit=2, offset=0)
    assert (total, [t.name for t in items]) == (3, ["t2", "t1"])
    assert users.token_of(session, user_id=bob.id, token_id=items[0].id) is None
    found = users.active_token_by_hash(session, token_hash=f"{0:064d}")
    assert found is not None
    found.revoked_at = T0
    session.commit()
    assert users.active_token_by_hash(session, token_hash=f"{0:064d}") is None
    assert isinstance(users.by_email(session, email="b@example.org"), User)

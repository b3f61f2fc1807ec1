"""Models on both backends: cascades in the database itself, UTC datetimes, JSON round trips, URLs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select, text
from sqlalchemy.orm import Session

from fitcoach.config import Settings
from fitcoach.store.db import database_url, make_engine, make_session_factory, migrate, normalise_url
from fitcoach.store.models import USER_OWNED, GameState, PlanRecord, SetLog, User, WorkoutSession
from fitcoach.store.pagination import fetch_page


@pytest.fixture
def session(empty_db_url: str) -> Iterator[Session]:
    migrate(empty_db_url)
    engine = make_engine(empty_db_url)
    with make_session_factory(engine)() as db:
        yield db
    engine.dispose()


def add_user(session: Session, email: str = "a@example.org") -> User:
    user = User(email=email, display_name="A", password_hash="h")
    session.add(user)
    session.flush()
    return user


def test_deleting_a_user_row_cascades_in_the_database(session: Session) -> None:
    user = add_user(session)
    plan = PlanRecord(user_id=user.id, version=1, plan={"days": []}, generator="engine", guard_outcome="accepted")
    session.add(plan)
    session.flush()
    workout = WorkoutSession(user_id=user.id, plan_id=plan.id, day_index=0, day_label="Day 1")
    session.add(workout)
    session.flush()
    session.add(
        SetLog(
            session_id=workout.id,
            user_id=user.id,
            exercise_id="squat",
            exercise_name="Squat",
            set_number=1,
            reps=5,
            load_kg=60.0,
        )
    )
    session.add(GameState(user_id=user.id, stats={"strength": 1}, xp_by_day={}))
    session.commit()
    # A bare SQL delete, no ORM cascade involved: the foreign keys themselves must do the work.
    session.execute(delete(User).where(User.id == user.id))
    session.commit()
    for model in USER_OWNED:
        count = session.scalar(select(func.count()).select_from(model))
        assert count == 0, model.__tablename__


def test_datetimes_come_back_as_aware_utc(session: Session) -> None:
    user = add_user(session)
    user.created_at = datetime(2026, 3, 1, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    session.commit()
    session.expire_all()
    loaded = session.get(User, user.id)
    assert loaded is not None
    assert loaded.created_at == datetime(2026, 3, 1, 10, 0, tzinfo=UTC)
    assert loaded.created_at.utcoffset() == timedelta(0)


def test_datetimes_are_utc_whatever_the_connection_time_zone(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SET TIME ZONE 'America/New_York'"))  # PostgreSQL answers in this zone
    user = add_user(session)
    user.created_at = datetime(2026, 3, 1, 2, 30, tzinfo=UTC)  # still 28 February in New York
    session.flush()
    session.expire_all()
    loaded = session.get(User, user.id)
    assert loaded is not None
    assert loaded.created_at.tzinfo == UTC
    assert loaded.created_at.date() == date(2026, 3, 1)


def test_json_documents_round_trip(session: Session) -> None:
    user = add_user(session)
    doc = {"days": [{"label": "Día 1", "exercises": [{"id": "squat", "sets": 3, "load": None}]}], "ok": True}
    session.add(PlanRecord(user_id=user.id, version=1, plan=doc, generator="engine", guard_outcome="accepted"))
    session.add(GameState(user_id=user.id, stats={}, xp_by_day={date(2026, 1, 1).isoformat(): 40}))
    session.commit()
    session.expire_all()
    assert session.scalars(select(PlanRecord)).one().plan == doc


def test_plan_versions_are_unique_per_user(session: Session) -> None:
    from sqlalchemy.exc import IntegrityError

    user = add_user(session)
    for _ in range(2):
        session.add(PlanRecord(user_id=user.id, version=1, plan={}, generator="engine", guard_outcome="accepted"))
    with pytest.raises(IntegrityError):
        session.commit()


def test_fetch_page_counts_and_slices(session: Session) -> None:
    for i in range(7):
        add_user(session, f"u{i}@example.org")
    items, total = fetch_page(session, select(User).order_by(User.id), limit=3, offset=6)
    assert total == 7
    assert [u.email for u in items] == ["u6@example.org"]


def test_urls_are_normalised_to_psycopg3() -> None:
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"


def test_default_database_is_sqlite_in_the_data_dir(tmp_path: Path) -> None:
    settings = Settings(FITCOACH_DATA_DIR=tmp_path / "new" / "dir", DATABASE_URL=None)
    assert database_url(settings) == f"sqlite:///{tmp_path / 'new' / 'dir' / 'fitcoach.db'}"
    assert (tmp_path / "new" / "dir").is_dir()
    settings = Settings(FITCOACH_DATA_DIR=tmp_path, DATABASE_URL="postgresql://u@h/db")
    assert database_url(settings) == "postgresql+psycopg://u@h/db"


def test_a_savepoint_opening_a_transaction_rolls_back_with_it(empty_db_url: str) -> None:
    # pysqlite starts transactions lazily and would commit a SAVEPOINT released before any other write.
    migrate(empty_db_url)
    engine = make_engine(empty_db_url)
    factory = make_session_factory(engine)
    with factory() as db:
        with db.begin_nested():
            db.add(User(email="first@example.org", display_name="F", password_hash="h"))
        db.rollback()
    with factory() as db:
        assert db.scalar(select(func.count()).select_from(User)) == 0
    engine.dispose()

"""Migration 0005 on both backends: the database refuses a second open session and a duplicated set number,
the upgrade repairs data that already breaks those rules, and the downgrade removes the guards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fitcoach.store.db import downgrade, make_engine, make_session_factory, migrate
from fitcoach.store.models import SetLog, User, WorkoutSession

GUARDS = {"uq_workout_sessions_user_id_open", "uq_set_logs_session_id_exercise_id_set_number"}
START = dt.datetime(2026, 11, 16, 18, tzinfo=dt.UTC)


def open_db(url: str) -> Iterator[Session]:
    engine = make_engine(url)
    try:
        with make_session_factory(engine)() as session:
            yield session
    finally:
        engine.dispose()


@pytest.fixture
def db(empty_db_url: str) -> Iterator[Session]:
    migrate(empty_db_url)
    yield from open_db(empty_db_url)


def add_user(db: Session) -> int:
    user = User(email="lifter@example.org", display_name="Lifter", password_hash="not-a-real-hash")
    db.add(user)
    db.commit()
    return user.id


def workout(user_id: int, minutes: int, *, finished: bool = False) -> WorkoutSession:
    started = START + dt.timedelta(minutes=minutes)
    return WorkoutSession(
        user_id=user_id, day_index=0, day_label="Monday", started_at=started, finished_at=started if finished else None
    )


def a_set(ws: WorkoutSession, exercise_id: str, number: int) -> SetLog:
    return SetLog(user_id=ws.user_id, exercise_id=exercise_id, exercise_name=exercise_id, set_number=number, reps=8)


def index_names(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        found = inspect(engine)
        return {str(i["name"]) for t in ("workout_sessions", "set_logs") for i in found.get_indexes(t)}
    finally:
        engine.dispose()


def test_a_second_open_session_is_refused(db: Session) -> None:
    user_id = add_user(db)
    db.add_all([workout(user_id, 0, finished=True), workout(user_id, 1, finished=True), workout(user_id, 2)])
    db.commit()  # finished sessions are not limited: only the open one is
    db.add(workout(user_id, 3))
    with pytest.raises(IntegrityError):
        db.commit()


def test_a_duplicated_set_number_is_refused(db: Session) -> None:
    ws = workout(add_user(db), 0)
    ws.sets.extend([a_set(ws, "push_up", 1), a_set(ws, "push_up", 2), a_set(ws, "goblet_squat", 1)])
    db.add(ws)
    db.commit()  # numbers count per exercise
    ws.sets.append(a_set(ws, "push_up", 2))
    with pytest.raises(IntegrityError):
        db.commit()


def test_upgrade_repairs_open_sessions_and_set_numbers_then_downgrade_drops_the_guards(empty_db_url: str) -> None:
    migrate(empty_db_url, "0004")
    for db in open_db(empty_db_url):
        user_id = add_user(db)
        older, newer, done = workout(user_id, 0), workout(user_id, 5), workout(user_id, -60, finished=True)
        older.sets.extend([a_set(older, "push_up", 1), a_set(older, "push_up", 1), a_set(older, "push_up", 2)])
        older.sets.append(a_set(older, "goblet_squat", 4))  # a gap left by a removed set: kept
        db.add_all([older, newer, done])
        db.commit()
        ids = older.id, newer.id, done.id
    assert not GUARDS & index_names(empty_db_url)

    migrate(empty_db_url)
    assert index_names(empty_db_url) >= GUARDS
    for db in open_db(empty_db_url):
        by_id = {ws.id: ws for ws in db.scalars(select(WorkoutSession))}
        older, newer, done = (by_id[i] for i in ids)
        assert older.finished_at == older.started_at  # closed, as a zero-length session
        assert newer.finished_at is None and done.finished_at == done.started_at
        numbers = [(s.exercise_id, s.set_number) for s in older.sets]
        assert numbers == [("push_up", 1), ("push_up", 2), ("push_up", 3), ("goblet_squat", 4)]

    downgrade(empty_db_url, "0004")
    assert not GUARDS & index_names(empty_db_url)
    for db in open_db(empty_db_url):
        db.add(workout(user_id, 10))
        db.commit()  # without the guard a second open session goes in again
    downgrade(empty_db_url, "base")

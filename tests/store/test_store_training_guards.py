"""Migrations 0005 and 0006 on both backends: the database refuses a second open session, a duplicated set number
and a reused set request id; the 0005 upgrade repairs data that already breaks its rules; the downgrades remove
the guards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import func, insert, inspect, select
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


def insert_old_sets(db: Session, ws: WorkoutSession, numbers: list[tuple[str, int]]) -> None:
    """Sets written with only the columns an older schema has (the ORM would also name later ones, e.g.
    ``request_id``, which that schema lacks), in the given order."""
    rows = [a_set(ws, exercise_id, number) for exercise_id, number in numbers]
    columns = ("user_id", "exercise_id", "exercise_name", "set_number", "reps")
    values = [{"session_id": ws.id, **{c: getattr(r, c) for c in columns}} for r in rows]
    db.execute(insert(SetLog.__table__), values)
    db.commit()


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
        db.add_all([older, newer, done])
        db.commit()
        # The last: a gap left by a removed set, kept.
        insert_old_sets(db, older, [("push_up", 1), ("push_up", 1), ("push_up", 2), ("goblet_squat", 4)])
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


def set_log_columns(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return {str(c["name"]) for c in inspect(engine).get_columns("set_logs")}
    finally:
        engine.dispose()


def test_0006_adds_request_id_unique_per_user_and_downgrade_removes_it(empty_db_url: str) -> None:
    migrate(empty_db_url, "0005")
    for db in open_db(empty_db_url):
        ws = workout(add_user(db), 0)
        db.add(ws)
        db.commit()
        insert_old_sets(db, ws, [("push_up", 1)])  # a set logged before 0006: it gets a NULL key
    assert "request_id" not in set_log_columns(empty_db_url)

    migrate(empty_db_url, "0006")
    assert "request_id" in set_log_columns(empty_db_url)
    assert "uq_set_logs_user_id_request_id" in index_names(empty_db_url)
    for db in open_db(empty_db_url):
        ws = db.scalars(select(WorkoutSession)).one()
        assert [s.request_id for s in ws.sets] == [None]
        ws.sets.extend([a_set(ws, "push_up", 2), a_set(ws, "push_up", 3)])  # many NULL keys are allowed
        keyed = a_set(ws, "push_up", 4)
        keyed.request_id = "tap-1"
        ws.sets.append(keyed)
        db.commit()
        twin = a_set(ws, "push_up", 5)
        twin.request_id = "tap-1"
        ws.sets.append(twin)
        with pytest.raises(IntegrityError):
            db.commit()  # one key, one set per person

    downgrade(empty_db_url, "0005")
    assert "request_id" not in set_log_columns(empty_db_url)
    assert "uq_set_logs_user_id_request_id" not in index_names(empty_db_url)
    for db in open_db(empty_db_url):
        assert db.scalar(select(func.count()).select_from(SetLog)) == 4  # the sets stay, only their keys go
    migrate(empty_db_url)
    downgrade(empty_db_url, "base")

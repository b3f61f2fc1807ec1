"""Idempotent set logging: a ``request_id`` seen before returns the set it logged, on both backends, also when
the first request had not committed yet when the second one looked (the SAVEPOINT path)."""

from __future__ import annotations

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from fitcoach.domain.errors import InvalidInput
from fitcoach.services import training
from fitcoach.services.errors import Conflict
from fitcoach.store.models import SetLog

MONDAY = dt.date(2026, 11, 16)


def set_count(sessions: sessionmaker[Session], user_id: int) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(SetLog).where(SetLog.user_id == user_id)) or 0


def test_the_same_request_id_logs_one_set(backend_sessions: sessionmaker[Session], backend_planned: int) -> None:
    with backend_sessions() as first, backend_sessions() as second:
        ws = training.start_session(first, backend_planned, today=MONDAY)
        logged = training.log_set(first, backend_planned, ws.id, exercise_id="push_up", reps=10, request_id="tap-1")
        again = training.log_set(second, backend_planned, ws.id, exercise_id="push_up", reps=12, request_id="tap-1")
        assert (again.id, again.reps, again.set_number) == (logged.id, 10, 1)  # unchanged, not updated
        other = training.log_set(second, backend_planned, ws.id, exercise_id="push_up", reps=9, request_id="tap-2")
        assert other.id != logged.id and other.set_number == 2
        plain = [training.log_set(second, backend_planned, ws.id, exercise_id="push_up", reps=8) for _ in range(2)]
        assert plain[0].id != plain[1].id  # without a key every call logs (many NULL keys are allowed)
        training.finish_session(second, backend_planned, ws.id, feeling="ok")
        # A late replay of a request that succeeded still gets its set, even though the session is finished.
        late = training.log_set(second, backend_planned, ws.id, exercise_id="push_up", reps=10, request_id="tap-2")
        assert late.id == other.id
    assert set_count(backend_sessions, backend_planned) == 4


def test_a_replay_that_lost_the_race_returns_the_first_set(
    backend_sessions: sessionmaker[Session], backend_planned: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race, made deterministic: this request looked for the key before the other one's set was committed,
    so the unique (user_id, request_id) index refuses its insert; it answers with the winner's set."""
    with backend_sessions() as s:
        session_id = training.start_session(s, backend_planned, today=MONDAY).id
    real_lookup = training.repo.set_by_request_id
    looks = iter([None])

    def stale_first_look(session: Session, *, user_id: int, request_id: str) -> SetLog | None:
        return next(looks, None) or real_lookup(session, user_id=user_id, request_id=request_id)

    with backend_sessions() as loser, backend_sessions() as winner:
        won = training.log_set(winner, backend_planned, session_id, exercise_id="push_up", reps=10, request_id="k")
        monkeypatch.setattr(training.repo, "set_by_request_id", stale_first_look)
        got = training.log_set(loser, backend_planned, session_id, exercise_id="push_up", reps=10, request_id="k")
        assert got.id == won.id
        # Only the savepoint was undone: the loser's session goes on and logs the next set.
        assert training.log_set(loser, backend_planned, session_id, exercise_id="push_up", reps=10).set_number == 2
    assert set_count(backend_sessions, backend_planned) == 2


@pytest.mark.parametrize("bad", ["", "x" * 65, "has space", "semi;colon", "ünïcode", "a/b"])
def test_a_bad_request_id_names_the_field(db: Session, planned: int, bad: str) -> None:
    ws = training.start_session(db, planned, today=MONDAY)
    with pytest.raises(InvalidInput) as raised:
        training.log_set(db, planned, ws.id, exercise_id="push_up", reps=10, request_id=bad)
    assert [p.field for p in raised.value.problems] == ["request_id"]
    assert training.get_session(db, planned, ws.id).sets == []


def test_a_key_names_one_set_of_one_session(db: Session, planned: int) -> None:
    ws = training.start_session(db, planned, today=MONDAY)
    training.log_set(db, planned, ws.id, exercise_id="push_up", reps=10, request_id="abc_DEF-123")
    training.finish_session(db, planned, ws.id, feeling="ok")
    later = training.start_session(db, planned, today=MONDAY)
    with pytest.raises(Conflict) as raised:
        training.log_set(db, planned, later.id, exercise_id="push_up", reps=10, request_id="abc_DEF-123")
    assert raised.value.field == "request_id"


def test_concurrent_replays_log_one_set(
    backend_url: str, backend_sessions: sessionmaker[Session], backend_planned: int
) -> None:
    if backend_url.startswith("sqlite"):
        pytest.skip("real concurrency is a PostgreSQL case (SQLite lets one writer in at a time)")
    with backend_sessions() as s:
        session_id = training.start_session(s, backend_planned, today=MONDAY).id
    barrier = threading.Barrier(6)

    def replay() -> int:
        barrier.wait()
        with backend_sessions() as s:
            return training.log_set(s, backend_planned, session_id, exercise_id="push_up", reps=10, request_id="k").id

    with ThreadPoolExecutor(6) as pool:
        ids = [f.result() for f in [pool.submit(replay) for _ in range(6)]]
    assert len(set(ids)) == 1 and set_count(backend_sessions, backend_planned) == 1

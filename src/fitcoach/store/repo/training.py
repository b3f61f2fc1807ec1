"""Queries on workout sessions, logged sets and next-session load targets. Every lookup is scoped to the owner."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from fitcoach.store.models import LoadTarget, SetLog, WorkoutSession


def session_by_id(session: Session, *, user_id: int, session_id: int) -> WorkoutSession | None:
    stmt = select(WorkoutSession).where(WorkoutSession.id == session_id, WorkoutSession.user_id == user_id)
    return session.scalars(stmt.options(selectinload(WorkoutSession.sets))).one_or_none()


def lock_session(session: Session, *, user_id: int, session_id: int) -> WorkoutSession | None:
    """The session, its row locked (``SELECT ... FOR UPDATE``) until the transaction ends, read afresh.

    Logging a set numbers it from the sets already logged: holding the session row makes two concurrent
    loggers of one session take turns, so the second one counts the first one's set. (SQLite has no row locks
    and needs none: it lets one writer at a time into the database.)
    """
    stmt = select(WorkoutSession).where(WorkoutSession.id == session_id, WorkoutSession.user_id == user_id)
    return session.scalars(stmt.with_for_update().execution_options(populate_existing=True)).one_or_none()


def next_set_number(session: Session, *, session_id: int, exercise_id: str) -> int:
    """One more than the highest set number of this exercise in this session (1 for its first set).

    The highest, not the count: after a set is removed the count would hand out a number still in use.
    """
    stmt = select(func.max(SetLog.set_number)).where(SetLog.session_id == session_id, SetLog.exercise_id == exercise_id)
    return (session.scalar(stmt) or 0) + 1


def open_session(session: Session, *, user_id: int) -> WorkoutSession | None:
    """The session started and not yet finished, if any (the newest one)."""
    stmt = select(WorkoutSession).where(WorkoutSession.user_id == user_id, WorkoutSession.finished_at.is_(None))
    return session.scalars(stmt.order_by(WorkoutSession.started_at.desc(), WorkoutSession.id.desc())).first()


def finished_sessions(
    session: Session, *, user_id: int, since: datetime | None = None, with_sets: bool = True
) -> list[WorkoutSession]:
    """Finished sessions, oldest first (the order adaptation and the game rules read history in)."""
    stmt = select(WorkoutSession).where(WorkoutSession.user_id == user_id, WorkoutSession.finished_at.is_not(None))
    if since is not None:
        stmt = stmt.where(WorkoutSession.finished_at >= since)
    if with_sets:
        stmt = stmt.options(selectinload(WorkoutSession.sets))
    return list(session.scalars(stmt.order_by(WorkoutSession.finished_at, WorkoutSession.id)))


class SetRow(NamedTuple):  # a tuple, not a dataclass: a long history has tens of thousands of them
    exercise_id: str
    reps: int
    load_kg: float | None
    rpe: float | None
    duration_seconds: int | None


class SessionRow(NamedTuple):
    """A finished session's columns the training-log record needs, with its sets in logged order."""

    id: int
    finished_at: datetime
    targets: list[Any] | None
    duration_minutes: float | None
    feeling: str | None
    sets: list[SetRow]


def _finished(user_id: int, since: datetime | None, exercise_ids: Sequence[str] | None) -> Select[Any]:
    """Ids of the user's finished sessions, optionally since a time or holding a set of given exercises."""
    stmt = select(WorkoutSession.id).where(WorkoutSession.user_id == user_id, WorkoutSession.finished_at.is_not(None))
    if since is not None:
        stmt = stmt.where(WorkoutSession.finished_at >= since)
    if exercise_ids is not None:
        holding = select(SetLog.session_id).where(SetLog.user_id == user_id, SetLog.exercise_id.in_(exercise_ids))
        stmt = stmt.where(WorkoutSession.id.in_(holding))
    return stmt


def finished_rows(
    session: Session, *, user_id: int, since: datetime | None = None, exercise_ids: Sequence[str] | None = None
) -> list[SessionRow]:
    """Finished sessions as plain rows, oldest first (finish time, then id), in two queries and without ORM
    objects: reading a long history this way is several times faster than loading ``finished_sessions``.
    With ``exercise_ids``: only the sessions holding a set of one of them, with only those sets."""
    ids = _finished(user_id, since, exercise_ids)
    by_session: dict[int, list[SetRow]] = {}
    set_stmt = select(
        SetLog.session_id, SetLog.exercise_id, SetLog.reps, SetLog.load_kg, SetLog.rpe, SetLog.duration_seconds
    ).where(SetLog.user_id == user_id, SetLog.session_id.in_(ids))
    if exercise_ids is not None:
        set_stmt = set_stmt.where(SetLog.exercise_id.in_(exercise_ids))
    for session_id, *values in session.execute(set_stmt.order_by(SetLog.id)):
        by_session.setdefault(session_id, []).append(SetRow._make(values))
    stmt = select(
        WorkoutSession.id,
        WorkoutSession.finished_at,
        WorkoutSession.targets,
        WorkoutSession.duration_minutes,
        WorkoutSession.feeling,
    ).where(WorkoutSession.id.in_(ids))
    rows = session.execute(stmt.order_by(WorkoutSession.finished_at, WorkoutSession.id))
    return [
        SessionRow(i, finished, targets, minutes, feeling, by_session.get(i, []))
        for i, finished, targets, minutes, feeling in rows
    ]


def finished_dates(session: Session, *, user_id: int) -> list[date]:
    """The (UTC) day of every finished session, oldest first."""
    stmt = select(WorkoutSession.finished_at).where(
        WorkoutSession.user_id == user_id, WorkoutSession.finished_at.is_not(None)
    )
    finished = session.scalars(stmt.order_by(WorkoutSession.finished_at, WorkoutSession.id))
    return [when.date() for when in finished if when is not None]  # never None: filtered above


def lifts(session: Session, *, user_id: int) -> list[tuple[str, float, int, date]]:
    """(exercise id, load kg, reps, UTC day) of the first time each exercise was done with each load and reps
    (finished sets with reps), in logged order (session finish time, session id, set id).

    Personal records are maxima that keep the first of equal efforts, so a repeat of an earlier (load, reps)
    can never set one: leaving the repeats out in SQL gives the same records from far fewer rows.
    """
    order = (WorkoutSession.finished_at, WorkoutSession.id, SetLog.id)
    first = (
        func.row_number().over(partition_by=(SetLog.exercise_id, SetLog.load_kg, SetLog.reps), order_by=order)
    ).label("nth")
    done = (
        select(SetLog.exercise_id, SetLog.load_kg, SetLog.reps, *order[:2], SetLog.id.label("set_id"), first)
        .join(WorkoutSession, SetLog.session_id == WorkoutSession.id)
        .where(SetLog.user_id == user_id, WorkoutSession.user_id == user_id, WorkoutSession.finished_at.is_not(None))
        .where(SetLog.reps >= 1)
        .subquery()
    )
    stmt = (
        select(done.c.exercise_id, done.c.load_kg, done.c.reps, done.c.finished_at)
        .where(done.c.nth == 1)
        .order_by(done.c.finished_at, done.c.id, done.c.set_id)
    )
    return [(e, load or 0.0, reps, when.date()) for e, load, reps, when in session.execute(stmt) if when is not None]


def history_page(session: Session, *, user_id: int, limit: int, offset: int) -> list[WorkoutSession]:
    """Finished sessions, newest first, one page of them."""
    stmt = select(WorkoutSession).where(WorkoutSession.user_id == user_id, WorkoutSession.finished_at.is_not(None))
    stmt = stmt.order_by(WorkoutSession.finished_at.desc(), WorkoutSession.id.desc()).limit(limit).offset(offset)
    return list(session.scalars(stmt.options(selectinload(WorkoutSession.sets))))


def count_finished(session: Session, *, user_id: int) -> int:
    stmt = select(func.count()).select_from(WorkoutSession)
    stmt = stmt.where(WorkoutSession.user_id == user_id, WorkoutSession.finished_at.is_not(None))
    return session.scalar(stmt) or 0


def set_by_id(session: Session, *, user_id: int, session_id: int, set_id: int) -> SetLog | None:
    stmt = select(SetLog).where(SetLog.id == set_id, SetLog.session_id == session_id, SetLog.user_id == user_id)
    return session.scalars(stmt).one_or_none()


def set_by_request_id(session: Session, *, user_id: int, request_id: str) -> SetLog | None:
    """The set this person logged with this idempotency key (unique per person, migration 0006)."""
    stmt = select(SetLog).where(SetLog.user_id == user_id, SetLog.request_id == request_id)
    return session.scalars(stmt).one_or_none()


def load_targets(session: Session, *, user_id: int, exercise_ids: Iterable[str]) -> dict[str, LoadTarget]:
    ids = list(exercise_ids)
    if not ids:
        return {}
    stmt = select(LoadTarget).where(LoadTarget.user_id == user_id, LoadTarget.exercise_id.in_(ids))
    return {t.exercise_id: t for t in session.scalars(stmt)}

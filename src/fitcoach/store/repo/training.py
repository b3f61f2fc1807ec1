"""Queries on workout sessions, logged sets and next-session load targets. Every lookup is scoped to the owner."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from fitcoach.store.models import LoadTarget, SetLog, WorkoutSession


def session_by_id(session: Session, *, user_id: int, session_id: int) -> WorkoutSession | None:
    stmt = select(WorkoutSession).where(WorkoutSession.id == session_id, WorkoutSession.user_id == user_id)
    return session.scalars(stmt.options(selectinload(WorkoutSession.sets))).one_or_none()


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


def load_targets(session: Session, *, user_id: int, exercise_ids: Iterable[str]) -> dict[str, LoadTarget]:
    ids = list(exercise_ids)
    if not ids:
        return {}
    stmt = select(LoadTarget).where(LoadTarget.user_id == user_id, LoadTarget.exercise_id.in_(ids))
    return {t.exercise_id: t for t in session.scalars(stmt)}

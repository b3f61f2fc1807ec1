"""Login attempts, kept in the database so the rate limit holds across workers and restarts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from fitcoach.store.models import LoginAttempt


def failures_since(session: Session, *, key: str, since: datetime) -> tuple[int, datetime | None]:
    """How many failed attempts for ``key`` since ``since``, and when the oldest of them was."""
    stmt = select(func.count(), func.min(LoginAttempt.attempted_at)).where(
        LoginAttempt.key == key, LoginAttempt.attempted_at >= since, LoginAttempt.succeeded.is_(False)
    )
    count, oldest = session.execute(stmt).one()
    return int(count), oldest


def record(session: Session, *, key: str, succeeded: bool, at: datetime) -> None:
    session.add(LoginAttempt(key=key, succeeded=succeeded, attempted_at=at))


def clear_failures(session: Session, *, key: str) -> None:
    session.execute(delete(LoginAttempt).where(LoginAttempt.key == key, LoginAttempt.succeeded.is_(False)))


def prune(session: Session, *, before: datetime) -> None:
    """Forget attempts older than the window: the table stays small."""
    session.execute(delete(LoginAttempt).where(LoginAttempt.attempted_at < before))

"""Queries on plan versions. Every lookup is scoped to the owner."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from fitcoach.store.models import PlanRecord, User


def current(session: Session, *, user_id: int) -> PlanRecord | None:
    stmt = select(PlanRecord).where(PlanRecord.user_id == user_id, PlanRecord.is_current.is_(True))
    return session.scalars(stmt.order_by(PlanRecord.version.desc())).first()


def by_id(session: Session, *, user_id: int, plan_id: int) -> PlanRecord | None:
    stmt = select(PlanRecord).where(PlanRecord.id == plan_id, PlanRecord.user_id == user_id)
    return session.scalars(stmt).one_or_none()


def versions(session: Session, *, user_id: int, limit: int, offset: int) -> list[PlanRecord]:
    stmt = select(PlanRecord).where(PlanRecord.user_id == user_id).order_by(PlanRecord.version.desc())
    return list(session.scalars(stmt.limit(limit).offset(offset)))


def count(session: Session, *, user_id: int) -> int:
    return session.scalar(select(func.count()).select_from(PlanRecord).where(PlanRecord.user_id == user_id)) or 0


def add_version(
    session: Session, *, user_id: int, plan: dict[str, Any], generator: str, guard_outcome: str, reason: str
) -> PlanRecord:
    """Store ``plan`` as the user's next version and make it the current one.

    The user's row is locked first, so two generations at once take versions in turn instead of both
    choosing the same next number (PostgreSQL; SQLite serialises writers anyway).
    """
    session.execute(select(User.id).where(User.id == user_id).with_for_update())
    latest = session.scalar(select(func.max(PlanRecord.version)).where(PlanRecord.user_id == user_id)) or 0
    session.execute(update(PlanRecord).where(PlanRecord.user_id == user_id).values(is_current=False))
    record = PlanRecord(
        user_id=user_id,
        version=latest + 1,
        plan=plan,
        generator=generator,
        guard_outcome=guard_outcome,
        reason=reason,
        is_current=True,
    )
    session.add(record)
    session.flush()
    return record

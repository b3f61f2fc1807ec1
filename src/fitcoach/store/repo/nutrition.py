"""Queries on meal entries and body weights. Every lookup is scoped to the owner."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fitcoach.store.models import BodyWeight, MealEntry


def meals_on(session: Session, *, user_id: int, day: date) -> list[MealEntry]:
    stmt = select(MealEntry).where(MealEntry.user_id == user_id, MealEntry.eaten_on == day)
    return list(session.scalars(stmt.order_by(MealEntry.created_at, MealEntry.id)))


def meal_by_id(session: Session, *, user_id: int, entry_id: int) -> MealEntry | None:
    stmt = select(MealEntry).where(MealEntry.id == entry_id, MealEntry.user_id == user_id)
    return session.scalars(stmt).one_or_none()


def weights(session: Session, *, user_id: int, since: date | None = None) -> list[BodyWeight]:
    """Body weights, oldest first."""
    stmt = select(BodyWeight).where(BodyWeight.user_id == user_id)
    if since is not None:
        stmt = stmt.where(BodyWeight.measured_on >= since)
    return list(session.scalars(stmt.order_by(BodyWeight.measured_on)))


def latest_weight(session: Session, *, user_id: int) -> BodyWeight | None:
    """The most recent weigh-in (by day), if any."""
    stmt = select(BodyWeight).where(BodyWeight.user_id == user_id).order_by(BodyWeight.measured_on.desc())
    return session.scalars(stmt.limit(1)).first()


def weights_page(session: Session, *, user_id: int, limit: int, offset: int) -> list[BodyWeight]:
    stmt = select(BodyWeight).where(BodyWeight.user_id == user_id).order_by(BodyWeight.measured_on.desc())
    return list(session.scalars(stmt.limit(limit).offset(offset)))


def count_weights(session: Session, *, user_id: int) -> int:
    stmt = select(func.count()).select_from(BodyWeight).where(BodyWeight.user_id == user_id)
    return session.scalar(stmt) or 0


def weight_on(session: Session, *, user_id: int, day: date) -> BodyWeight | None:
    stmt = select(BodyWeight).where(BodyWeight.user_id == user_id, BodyWeight.measured_on == day)
    return session.scalars(stmt).one_or_none()


def weight_by_id(session: Session, *, user_id: int, weight_id: int) -> BodyWeight | None:
    stmt = select(BodyWeight).where(BodyWeight.id == weight_id, BodyWeight.user_id == user_id)
    return session.scalars(stmt).one_or_none()

"""Queries on profiles (one per user)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fitcoach.store.models import Profile


def of_user(session: Session, *, user_id: int) -> Profile | None:
    return session.scalars(select(Profile).where(Profile.user_id == user_id)).one_or_none()


def upsert(session: Session, *, user_id: int, data: dict[str, Any], screening: dict[str, Any]) -> Profile:
    record = of_user(session, user_id=user_id)
    if record is None:
        record = Profile(user_id=user_id, data=data, screening=screening)
        session.add(record)
    else:
        record.data = data
        record.screening = screening
    session.flush()
    return record

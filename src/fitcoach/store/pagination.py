"""One page of any SELECT, with the total count."""

from __future__ import annotations

from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

T = TypeVar("T")


def fetch_page(session: Session, stmt: Select[T], *, limit: int, offset: int) -> tuple[list[T], int]:
    """Rows ``offset .. offset+limit`` of ``stmt`` (which must have a stable ORDER BY) and the total."""
    count_stmt: Select[Any] = select(func.count()).select_from(stmt.order_by(None).subquery())
    total = int(session.execute(count_stmt).scalar_one())
    items = list(session.scalars(stmt.limit(limit).offset(offset)))
    return items, total

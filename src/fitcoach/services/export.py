"""Export every row a user owns, from every table, as one JSON-ready document (data portability)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from fitcoach import __version__
from fitcoach.services.accounts import get_user
from fitcoach.store.models import USER_OWNED, Base, utcnow

EXPORT_FORMAT = "fitcoach-export"
EXPORT_VERSION = 1
# Secrets stay out of an export: a stolen export file must not let anyone log in.
SECRET_COLUMNS = frozenset({"password_hash", "token_hash"})


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def row_dict(row: Base) -> dict[str, Any]:
    """A row as a dict of its columns (minus secrets), dates as ISO strings."""
    mapper = inspect(type(row))
    return {
        column.key: _plain(getattr(row, column.key))
        for column in mapper.column_attrs
        if column.key not in SECRET_COLUMNS
    }


def export_user(session: Session, user_id: int) -> dict[str, Any]:
    user = get_user(session, user_id)
    tables: dict[str, list[dict[str, Any]]] = {}
    for model in USER_OWNED:
        mapper = inspect(model)
        owner = mapper.columns["user_id"]
        stmt = select(model).where(owner == user_id).order_by(*mapper.primary_key)
        tables[str(mapper.local_table.description)] = [row_dict(row) for row in session.scalars(stmt)]
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "app_version": __version__,
        "exported_at": utcnow().isoformat(),
        "user": row_dict(user),
        "tables": tables,
    }

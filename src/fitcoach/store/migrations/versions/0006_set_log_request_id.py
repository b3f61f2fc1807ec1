"""Idempotent set logging: ``set_logs.request_id`` and a unique index on ``(user_id, request_id)``.

A client sends one random key per "log set" form or API call; a double submit (a double click, a retried
request) carries the same key, and the service answers with the set already logged instead of adding a second.
The column is nullable: sets logged without a key (all rows before this migration) hold NULL, and both SQLite
and PostgreSQL let any number of rows hold NULL under a unique index, so no backfill is needed.

Downgrade drops the index and the column (the keys are only useful while the request may still be replayed).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-21 13:10:51
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # batch_alter_table: SQLite cannot add a column with some constraints in place; on PostgreSQL it is plain ALTER.
    with op.batch_alter_table("set_logs") as batch:
        batch.add_column(sa.Column("request_id", sa.String(length=64), nullable=True))
        batch.create_index("uq_set_logs_user_id_request_id", ["user_id", "request_id"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("set_logs") as batch:
        batch.drop_index("uq_set_logs_user_id_request_id")
        batch.drop_column("request_id")

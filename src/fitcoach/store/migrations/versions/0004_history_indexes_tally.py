"""History reads at scale: indexes for the queries the services run, and the stored achievement tally.

``game_states.tally`` keeps the sums achievements measure (``fitcoach.domain.gamify.tally``), so finishing
a session no longer re-scores the whole log; NULL (every existing row) means "rebuild at the next finish".

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 12:30:00
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_workout_sessions_user_id_finished_at", "workout_sessions", ["user_id", "finished_at"]),
    ("ix_set_logs_user_id_exercise_id", "set_logs", ["user_id", "exercise_id"]),
    ("ix_set_logs_user_id_logged_at", "set_logs", ["user_id", "logged_at"]),
    ("ix_meal_entries_user_id_eaten_on", "meal_entries", ["user_id", "eaten_on"]),
)


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("game_states") as batch:
        batch.add_column(sa.Column("tally", _json(), nullable=True))
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _ in reversed(INDEXES):
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("game_states") as batch:
        batch.drop_column("tally")

"""Training log: session feeling, planned targets, XP award and length; timed sets; next-session load targets.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21 11:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine[object]:  # JSON, or JSONB on PostgreSQL
    json: sa.types.TypeEngine[object] = sa.JSON()
    return json.with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("workout_sessions") as batch:
        batch.add_column(sa.Column("feeling", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("targets", _json(), nullable=True))
        batch.add_column(sa.Column("award", _json(), nullable=True))
        batch.add_column(sa.Column("duration_minutes", sa.Float(), nullable=True))
    with op.batch_alter_table("set_logs") as batch:
        batch.add_column(sa.Column("duration_seconds", sa.Integer(), nullable=True))
    op.create_table(
        "load_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(length=100), nullable=False),
        sa.Column("sets", sa.Integer(), nullable=False),
        sa.Column("reps_min", sa.Integer(), nullable=False),
        sa.Column("reps_max", sa.Integer(), nullable=False),
        sa.Column("load_kg", sa.Float(), nullable=True),
        sa.Column("rest_seconds", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_load_targets_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_load_targets")),
        sa.UniqueConstraint("user_id", "exercise_id", name=op.f("uq_load_targets_user_id_exercise_id")),
    )
    op.create_index(op.f("ix_load_targets_user_id"), "load_targets", ["user_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_load_targets_user_id"), table_name="load_targets")
    op.drop_table("load_targets")
    with op.batch_alter_table("set_logs") as batch:
        batch.drop_column("duration_seconds")
    with op.batch_alter_table("workout_sessions") as batch:
        batch.drop_column("duration_minutes")
        batch.drop_column("award")
        batch.drop_column("targets")
        batch.drop_column("feeling")

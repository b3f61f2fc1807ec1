"""Web chat: what each assistant answer was (route, intent, triage) and the plan actions it proposed.

``plan_id`` is the plan version the actions were proposed for and ``applied_plan_id`` the version made
when the user applied them (both SET NULL: a plan row going away must not take chat history with it).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 11:45:00
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _json() -> sa.types.TypeEngine[Any]:
    return sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("chat_messages") as batch:
        batch.add_column(sa.Column("route", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("intent", sa.String(length=50), nullable=True))
        batch.add_column(sa.Column("actions", _json(), nullable=True))
        batch.add_column(sa.Column("triage", _json(), nullable=True))
        batch.add_column(sa.Column("plan_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("applied_plan_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_chat_messages_plan_id_plans"), "plans", ["plan_id"], ["id"], ondelete="SET NULL"
        )
        batch.create_foreign_key(
            batch.f("fk_chat_messages_applied_plan_id_plans"), "plans", ["applied_plan_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("chat_messages") as batch:
        batch.drop_constraint(batch.f("fk_chat_messages_applied_plan_id_plans"), type_="foreignkey")
        batch.drop_constraint(batch.f("fk_chat_messages_plan_id_plans"), type_="foreignkey")
        for column in ("applied_plan_id", "plan_id", "triage", "actions", "intent", "route"):
            batch.drop_column(column)

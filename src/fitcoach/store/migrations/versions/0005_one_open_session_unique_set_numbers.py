"""One open workout session per person, and unique set numbers: database guards against two races.

- ``uq_workout_sessions_user_id_open``: a partial unique index on ``workout_sessions(user_id)`` over the rows
  with ``finished_at IS NULL``, so two concurrent "start session" requests cannot both insert an open session.
- ``uq_set_logs_session_id_exercise_id_set_number``: sets are numbered per exercise within a session, so two
  concurrent "log set" requests cannot give two sets of one exercise the same number.

Existing data is repaired first, or the indexes could not be built:
- A person with several open sessions keeps the newest one open (the one the app already showed: newest start,
  then highest id); each older one is closed with ``finished_at = started_at`` (a zero-length session). Its
  sets stay in the log; it earned no XP (it was never finished through the app).
- In a session where one exercise has two sets with the same number, that exercise's sets are renumbered
  1, 2, 3... in the order they were logged (by id). Groups without duplicates keep their numbers.

Downgrade drops both indexes; the repaired data stays repaired (the old values cannot be told apart).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-21 13:02:06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN_ONLY = "finished_at IS NULL"

# Close every open session that has a newer open session of the same person (portable SQL: SQLite and PostgreSQL).
CLOSE_OLDER_OPEN_SESSIONS = sa.text(
    """
    UPDATE workout_sessions SET finished_at = started_at
    WHERE finished_at IS NULL AND EXISTS (
        SELECT 1 FROM workout_sessions AS newer
        WHERE newer.user_id = workout_sessions.user_id
          AND newer.finished_at IS NULL
          AND (newer.started_at > workout_sessions.started_at
               OR (newer.started_at = workout_sessions.started_at AND newer.id > workout_sessions.id))
    )
    """
)

DUPLICATED_GROUPS = sa.text(
    "SELECT DISTINCT session_id, exercise_id FROM set_logs "
    "GROUP BY session_id, exercise_id, set_number HAVING COUNT(*) > 1"
)
SETS_OF_GROUP = sa.text(
    "SELECT id FROM set_logs WHERE session_id = :session_id AND exercise_id = :exercise_id ORDER BY id"
)
RENUMBER = sa.text("UPDATE set_logs SET set_number = :number WHERE id = :id")


def _renumber_duplicated_sets(connection: sa.Connection) -> None:
    """Renumber (in logged order) the sets of each (session, exercise) that holds a duplicated number.

    Row by row from Python rather than one correlated UPDATE: the groups are found before any row changes, so
    the result does not depend on the order a backend updates rows in. Duplicates are rare; this is cheap.
    """
    groups = connection.execute(DUPLICATED_GROUPS).all()
    for session_id, exercise_id in groups:
        ids = connection.execute(SETS_OF_GROUP, {"session_id": session_id, "exercise_id": exercise_id}).scalars()
        updates = [{"number": number, "id": set_id} for number, set_id in enumerate(list(ids), start=1)]
        connection.execute(RENUMBER, updates)


def upgrade() -> None:
    connection = op.get_bind()
    connection.execute(CLOSE_OLDER_OPEN_SESSIONS)
    _renumber_duplicated_sets(connection)
    op.create_index(
        "uq_set_logs_session_id_exercise_id_set_number",
        "set_logs",
        ["session_id", "exercise_id", "set_number"],
        unique=True,
    )
    op.create_index(
        "uq_workout_sessions_user_id_open",
        "workout_sessions",
        ["user_id"],
        unique=True,
        sqlite_where=sa.text(OPEN_ONLY),
        postgresql_where=sa.text(OPEN_ONLY),
    )


def downgrade() -> None:
    op.drop_index("uq_workout_sessions_user_id_open", table_name="workout_sessions")
    op.drop_index("uq_set_logs_session_id_exercise_id_set_number", table_name="set_logs")

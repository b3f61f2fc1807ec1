"""A user's finished sessions as the domain's training-log records, read lean.

Training (adaptation, records), the game (streaks, achievement sums) and the dashboard all read the log
through here. The rows come from two plain queries (``store.repo.training.finished_rows``), not ORM
objects: a long history is read on every finish and dashboard view.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy.orm import Session

from fitcoach.domain.training_log import ExerciseTarget, Feeling, LoggedSession, LoggedSet
from fitcoach.store.models import WorkoutSession
from fitcoach.store.repo import nutrition as nutrition_repo
from fitcoach.store.repo import training as repo
from fitcoach.store.repo.training import SetRow


def _logged(
    day: dt.date, targets: list[Any] | None, sets: Sequence[SetRow], minutes: float | None, feeling: str | None
) -> LoggedSession:
    """Built with ``model_construct``: every value was validated by the same models when it was logged, and
    validating a long history again on each view cost most of the time."""
    return LoggedSession.model_construct(
        date=day,
        targets=[ExerciseTarget.model_construct(**t) for t in targets or []],
        sets=[
            LoggedSet.model_construct(
                exercise_id=s.exercise_id,
                reps=s.reps,
                load_kg=s.load_kg or 0.0,
                rpe=s.rpe,
                rir=None,
                duration_seconds=s.duration_seconds,
            )
            for s in sets
        ],
        duration_minutes=minutes,
        feeling=cast(Feeling | None, feeling),  # stored only after the check against the Feeling values
    )


def to_logged(ws: WorkoutSession) -> LoggedSession:
    """A stored session (finished or not) as the domain's training-log record."""
    when = ws.finished_at or ws.started_at
    sets = [SetRow(s.exercise_id, s.reps, s.load_kg, s.rpe, s.duration_seconds) for s in ws.sets]
    return _logged(when.date(), ws.targets, sets, ws.duration_minutes, ws.feeling)


def logged_history(
    session: Session, user_id: int, *, since: dt.date | None = None, exercise_ids: Sequence[str] | None = None
) -> list[LoggedSession]:
    """Finished sessions as training-log records, oldest first: all of them, or those on or after ``since``
    (a UTC day). With ``exercise_ids``, only the sessions holding a set of one of them and only those sets:
    all that adaptation reads (``domain.adapt`` looks at a session's sets of one exercise and its feeling)."""
    start = dt.datetime.combine(since, dt.time(), dt.UTC) if since is not None else None
    rows = repo.finished_rows(session, user_id=user_id, since=start, exercise_ids=exercise_ids)
    return [_logged(r.finished_at.date(), r.targets, r.sets, r.duration_minutes, r.feeling) for r in rows]


def body_weight_kg(session: Session, user_id: int, profile_weight: float) -> float:
    """The latest logged body weight, else the profile's."""
    latest = nutrition_repo.latest_weight(session, user_id=user_id)
    return latest.weight_kg if latest is not None else profile_weight

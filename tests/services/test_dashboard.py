"""The dashboard: next workout, this week's adherence, XP and the chart series."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from fitcoach.services import dashboard, nutrition, plans, profiles, training

MONDAY = dt.date(2026, 11, 16)


def test_dashboard_before_onboarding_is_empty_but_works(db: Session, user_id: int) -> None:
    view = dashboard.dashboard(db, user_id, today=MONDAY)
    assert not view.has_profile and view.next_workout is None
    assert view.card.xp == 0 and view.adherence.planned == 0 and view.adherence.fraction == 0


def test_dashboard_after_training(db: Session, user_id: int, knee_profile: dict[str, Any]) -> None:
    profiles.save_profile(db, user_id, knee_profile)
    plan = plans.generate_plan(db, user_id, reason="onboarding").plan
    ws = training.start_session(db, user_id, today=MONDAY)
    first = (ws.targets or [])[0]
    for _ in range(3):
        training.log_set(db, user_id, ws.id, exercise_id=first["exercise_id"], reps=8, load_kg=50, rpe=7)
    when = dt.datetime.combine(MONDAY, dt.time(18), dt.UTC)
    training.finish_session(db, user_id, ws.id, duration_minutes=50, now=when)
    nutrition.log_weight(db, user_id, measured_on=MONDAY - dt.timedelta(days=3), weight_kg=80.4)
    nutrition.log_weight(db, user_id, measured_on=MONDAY, weight_kg=80.0)

    view = dashboard.dashboard(db, user_id, today=MONDAY + dt.timedelta(days=1))
    assert view.next_workout is not None and view.next_workout.day != "Monday"
    assert view.adherence.done == 1 and view.adherence.planned == len(plan["workout_plan"]["weekly_schedule"])
    assert view.card.xp > 0
    assert view.weight_series == [(MONDAY - dt.timedelta(days=3), 80.4), (MONDAY, 80.0)]
    assert sum(view.weekly_sets.values()) >= 3 and view.weekly_sets["legs"] >= 3
    assert len(view.e1rm_series) == 1
    ((_name, points),) = view.e1rm_series.items()
    assert points[0][0] == MONDAY and points[0][1] > 50

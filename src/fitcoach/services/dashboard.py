"""The dashboard: next workout, this week's adherence, XP and level, and the series its charts draw."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from fitcoach.domain import gamify, knowledge
from fitcoach.domain.training_log import LoggedSession
from fitcoach.domain.vocab import MUSCLE_GROUP, MuscleGroup
from fitcoach.services import clock, game, training
from fitcoach.services.nutrition import weights
from fitcoach.services.plans import find_current, next_day_index, schedule_of, training_weekdays
from fitcoach.services.profiles import find_profile

CHART_DAYS = 90  # the body-weight and e1RM charts show this many days back


@dataclass(frozen=True)
class NextWorkout:
    day_index: int
    day: str
    focus: str
    minutes: int
    exercises: list[str]
    is_today: bool


@dataclass(frozen=True)
class Adherence:
    planned: int  # training days planned this week (Monday to Sunday)
    done: int  # sessions finished this week

    @property
    def fraction(self) -> float:
        return min(1.0, self.done / self.planned) if self.planned else 0.0


@dataclass(frozen=True)
class Dashboard:
    has_profile: bool
    needs_clearance: bool
    next_workout: NextWorkout | None
    adherence: Adherence
    card: game.ProfileCard
    weight_series: list[tuple[dt.date, float]] = field(default_factory=list)
    weekly_sets: dict[str, int] = field(default_factory=dict)  # muscle group -> working sets this week
    e1rm_series: dict[str, list[tuple[dt.date, float]]] = field(default_factory=dict)  # exercise name -> points


def next_workout(plan: dict[str, Any], today: dt.date) -> NextWorkout | None:
    index = next_day_index(plan, today)
    if index is None:
        return None
    day = schedule_of(plan)[index]
    return NextWorkout(
        index,
        str(day.get("day")),
        str(day.get("focus", "")).replace("_", " "),
        int(day.get("duration", 0)),
        [str(e.get("name")) for e in day.get("exercises", [])],
        str(day.get("day")) == today.strftime("%A"),
    )


def week_start(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=today.weekday())


def weekly_sets(history: Sequence[LoggedSession], since: dt.date) -> dict[str, int]:
    """Working sets per muscle group since ``since``, counted once per set by each exercise's primary groups."""
    catalogue = knowledge.exercises()
    counts: Counter[str] = Counter()
    for session in history:
        if session.date < since:
            continue
        for s in session.sets:
            exercise = catalogue.get(s.exercise_id)
            if exercise is None or (s.reps < 1 and not s.duration_seconds):
                continue
            for group in {MUSCLE_GROUP[m] for m in exercise.primary_muscles}:
                counts[group.value] += 1
    return {g.value: counts.get(g.value, 0) for g in MuscleGroup}


def dashboard(session: Session, user_id: int, *, today: dt.date | None = None) -> Dashboard:
    today = today or clock.today()
    saved = find_profile(session, user_id)
    record = find_current(session, user_id)
    since = today - dt.timedelta(days=CHART_DAYS)
    # Every part of the dashboard looks at most CHART_DAYS back, so only that much of the log is read.
    history = training.logged_history(session, user_id, since=since)
    # Before onboarding there is no weight: the game's reference person stands in (only progress bars use it).
    profile_weight = saved.profile.personal_info.weight if saved else gamify.game().plan_reference.body_weight_kg
    body_weight = training.body_weight_kg(session, user_id, profile_weight)
    card = game.profile_card(session, user_id, None, body_weight, with_progress=False)
    monday = week_start(today)
    done_this_week = len({s.date for s in history if monday <= s.date <= today})
    planned = len(training_weekdays(record.plan)) if record else 0
    catalogue = knowledge.exercises()
    trends = training.e1rm_trends(history)
    return Dashboard(
        has_profile=saved is not None,
        needs_clearance=bool(saved and saved.needs_clearance),
        next_workout=next_workout(record.plan, today) if record else None,
        adherence=Adherence(planned, done_this_week),
        card=card,
        weight_series=[(w.measured_on, w.weight_kg) for w in weights(session, user_id, since=since)],
        weekly_sets=weekly_sets(history, monday),
        e1rm_series={(catalogue[e].name if e in catalogue else e): points for e, points in trends.items()},
    )

"""The game: score a finished session (XP under the daily cap, stats, level, streak, achievements) and
show the profile card. The rules are ``fitcoach.domain.gamify``'s; this module only keeps the score."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from fitcoach.domain import knowledge
from fitcoach.domain.gamify import (
    STAT_NAMES,
    Achievement,
    AchievementContext,
    LevelProgress,
    Streak,
    achievement_progress,
    all_achievements,
    apply_daily_cap,
    evaluate_achievements,
    level_for_xp,
    progress,
    session_xp,
    streak,
)
from fitcoach.domain.training_log import LoggedSession
from fitcoach.store.models import EarnedAchievement, WorkoutSession
from fitcoach.store.repo import game as repo


@dataclass(frozen=True)
class GameUpdate:
    """What one finished session changed in the game."""

    xp: int  # XP added to the total (after the daily cap)
    xp_before_cap: int
    breakdown: dict[str, int]
    flags: list[dict[str, Any]]
    stats: dict[str, int]
    level_before: int
    level_after: int
    streak: Streak
    new_achievements: list[Achievement] = field(default_factory=list)

    @property
    def levelled_up(self) -> bool:
        return self.level_after > self.level_before


def planned_dates(weekdays: Sequence[int], first: dt.date, last: dt.date) -> list[dt.date]:
    """Every date from ``first`` to ``last`` that falls on one of the plan's training weekdays."""
    wanted = set(weekdays)
    days = (last - first).days
    return [first + dt.timedelta(days=i) for i in range(days + 1) if (first + dt.timedelta(days=i)).weekday() in wanted]


def current_streak(history: Sequence[LoggedSession], weekdays: Sequence[int], today: dt.date) -> Streak:
    """The streak of kept planned days since the first logged session (no plan or no session: none)."""
    if not history or not weekdays:
        return Streak(0, 0)
    first = min(s.date for s in history)
    return streak(planned_dates(weekdays, first, today), {s.date for s in history}, today)


def record_session(
    session: Session,
    user_id: int,
    ws: WorkoutSession,
    history: Sequence[LoggedSession],
    *,
    planned_weekdays: Sequence[int],
    body_weight_kg: float,
) -> GameUpdate:
    """Score ``ws`` (the last of ``history``) and add it to the user's game state. The caller commits."""
    exercises = knowledge.exercises()
    logged = history[-1]
    state = repo.state_for_update(session, user_id=user_id)
    award = session_xp(logged, exercises, body_weight_kg)
    day_key = logged.date.isoformat()
    so_far = int((state.xp_by_day or {}).get(day_key, 0))
    xp = apply_daily_cap(so_far, award.xp)
    level_before = state.level
    state.xp += xp
    state.level = level_for_xp(state.xp)
    state.xp_by_day = {**(state.xp_by_day or {}), day_key: so_far + xp}  # a new dict: JSON columns track assignment
    stats = dict(state.stats or {})
    for name, gained in award.stats.items():
        stats[name] = int(stats.get(name, 0)) + gained
    state.stats = stats
    kept = current_streak(history, planned_weekdays, logged.date)
    state.streak_days = kept.current
    state.best_streak = max(state.best_streak, kept.longest)
    state.last_session_on = logged.date
    already = {a.key for a in repo.achievements(session, user_id=user_id)}
    ctx = AchievementContext(history, exercises, body_weight_kg, total_xp=state.xp, streak=kept)
    new = evaluate_achievements(ctx, already)
    for a in new:
        session.add(EarnedAchievement(user_id=user_id, key=a.key))
    flags = [{"code": f.code, "message": f.message, "sets": list(f.sets)} for f in award.flags]
    ws.xp_awarded = xp
    ws.award = {
        "xp": xp,
        "xp_before_cap": award.xp,
        "breakdown": award.breakdown,
        "flags": flags,
        "stats": award.stats,
        "adherence": award.adherence,
    }
    return GameUpdate(xp, award.xp, award.breakdown, flags, award.stats, level_before, state.level, kept, new)


@dataclass(frozen=True)
class AchievementView:
    key: str
    title: str
    description: str
    earned_on: dt.date | None
    progress: float | None  # 0-1; None when not measured (the dashboard skips it)


@dataclass(frozen=True)
class ProfileCard:
    xp: int
    level: LevelProgress
    stats: dict[str, int]
    streak_days: int
    best_streak: int
    last_session_on: dt.date | None
    achievements: list[AchievementView]

    @property
    def earned(self) -> list[AchievementView]:
        return [a for a in self.achievements if a.earned_on is not None]


def profile_card(
    session: Session,
    user_id: int,
    history: Sequence[LoggedSession],
    body_weight_kg: float,
    *,
    with_progress: bool = True,
) -> ProfileCard:
    """XP, level progress, stats, streaks and every achievement (earned ones with their date). Progress towards
    the others re-scores the whole history, so views that do not show it pass ``with_progress=False``."""
    state = repo.state(session, user_id=user_id)
    earned = {a.key: a.earned_at.date() for a in repo.achievements(session, user_id=user_id)}
    kept = Streak(state.streak_days, state.best_streak)
    done: dict[str, float] = {}
    if with_progress:
        ctx = AchievementContext(history, knowledge.exercises(), body_weight_kg, total_xp=state.xp, streak=kept)
        done = achievement_progress(ctx)
    views = [
        AchievementView(a.key, a.title, a.description, earned.get(a.key), 1.0 if a.key in earned else done.get(a.key))
        for a in all_achievements()
    ]
    views.sort(key=lambda v: (v.earned_on is None, -(v.progress or 0.0), v.key))
    stats: dict[str, int] = {str(name): int((state.stats or {}).get(name, 0)) for name in STAT_NAMES}
    session.commit()  # the state row may have just been created
    return ProfileCard(
        state.xp, progress(state.xp), stats, state.streak_days, state.best_streak, state.last_session_on, views
    )

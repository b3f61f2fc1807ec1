"""The game: score a finished session (XP under the daily cap, stats, level, streak, achievements) and
show the profile card. The rules are ``fitcoach.domain.gamify``'s; this module only keeps the score."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Sequence
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
from fitcoach.domain.gamify.tally import OutOfOrder, Tally, advance, basis, tally_of
from fitcoach.domain.training_log import LoggedSession
from fitcoach.services.history import logged_history
from fitcoach.store.models import EarnedAchievement, GameState, WorkoutSession, utcnow
from fitcoach.store.repo import game as repo
from fitcoach.store.repo import training as training_repo


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


def current_streak(days: Collection[dt.date], weekdays: Sequence[int], today: dt.date) -> Streak:
    """The streak of kept planned days since the first session trained (no plan or no session: none)."""
    if not days or not weekdays:
        return Streak(0, 0)
    return streak(planned_dates(weekdays, min(days), today), set(days), today)


def _stored_tally(state: GameState, body_weight_kg: float, count: int) -> Tally | None:
    """The stored tally when it was built on this body weight and these rules and holds ``count`` sessions."""
    doc = state.tally
    if not doc or doc.get("basis") != basis(body_weight_kg) or doc.get("count") != count:
        return None
    return Tally.from_dict(doc["tally"])


def _keep_tally(state: GameState, tally: Tally, body_weight_kg: float, count: int, last: dt.datetime) -> None:
    doc = {
        "basis": basis(body_weight_kg),
        "count": count,
        "last_finished_at": last.isoformat(),
        "tally": tally.as_dict(),
    }
    state.tally = doc  # a new dict: JSON columns track assignment


def _advanced_tally(
    state: GameState,
    ws: WorkoutSession,
    logged: LoggedSession,
    count_before: int,
    body_weight_kg: float,
    full_history: Callable[[], Sequence[LoggedSession]],
) -> Tally:
    """The achievement sums with ``logged`` added: one session scored when the stored tally still holds,
    else the whole log re-scored (first finish after an upgrade, a new body weight or new game rules, or a
    session finished before the last one)."""
    exercises = knowledge.exercises()
    finished = ws.finished_at or utcnow()
    stored = _stored_tally(state, body_weight_kg, count_before)
    last = (state.tally or {}).get("last_finished_at")
    # Strictly later: at the same instant the log order falls to ids, which this cannot check.
    if stored is not None and (last is None or dt.datetime.fromisoformat(last) < finished):
        try:
            tally = advance(stored, logged, exercises, body_weight_kg)
        except OutOfOrder:
            pass
        else:
            _keep_tally(state, tally, body_weight_kg, count_before + 1, finished)
            return tally
    history = full_history()
    tally = tally_of(history, exercises, body_weight_kg)
    _keep_tally(state, tally, body_weight_kg, len(history), finished)
    return tally


def record_session(
    session: Session,
    user_id: int,
    ws: WorkoutSession,
    logged: LoggedSession,
    *,
    days: Sequence[dt.date],
    planned_weekdays: Sequence[int],
    body_weight_kg: float,
    full_history: Callable[[], Sequence[LoggedSession]],
) -> GameUpdate:
    """Score ``ws`` (as ``logged``) and add it to the user's game state. The caller commits.

    ``days``: the day of every finished session, this one included; ``full_history``: every finished session,
    this one included, oldest first (read only when the stored achievement sums must be rebuilt).
    """
    exercises = knowledge.exercises()
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
    kept = current_streak(days, planned_weekdays, logged.date)
    state.streak_days = kept.current
    state.best_streak = max(state.best_streak, kept.longest)
    state.last_session_on = logged.date
    tally = _advanced_tally(state, ws, logged, len(days) - 1, body_weight_kg, full_history)
    already = {a.key for a in repo.achievements(session, user_id=user_id)}
    ctx = AchievementContext((), exercises, body_weight_kg, total_xp=state.xp, streak=kept, summary=tally.history())
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
    history: Sequence[LoggedSession] | None,
    body_weight_kg: float,
    *,
    with_progress: bool = True,
) -> ProfileCard:
    """XP, level progress, stats, streaks and every achievement (earned ones with their date), with progress
    towards the others unless ``with_progress=False``. Progress comes from the achievement sums stored at the
    last finish; only when they no longer hold (a new body weight since) is the history re-scored: ``history``
    (every finished session, oldest first), read here when None."""
    state = repo.state(session, user_id=user_id)
    earned = {a.key: a.earned_at.date() for a in repo.achievements(session, user_id=user_id)}
    kept = Streak(state.streak_days, state.best_streak)
    done: dict[str, float] = {}
    if with_progress:
        exercises = knowledge.exercises()
        stored = _stored_tally(state, body_weight_kg, training_repo.count_finished(session, user_id=user_id))
        if stored is not None:
            ctx = AchievementContext((), exercises, body_weight_kg, state.xp, kept, summary=stored.history())
        else:
            log = history if history is not None else logged_history(session, user_id)
            ctx = AchievementContext(log, exercises, body_weight_kg, total_xp=state.xp, streak=kept)
        done = achievement_progress(ctx)
    views = [
        AchievementView(a.key, a.title, a.description, earned.get(a.key), 1.0 if a.key in earned else done.get(a.key))
        for a in all_achievements()
    ]
    views.sort(key=lambda v: (v.earned_on is None, -(v.progress or 0.0), v.key))
    stats: dict[str, int] = {str(name): int((state.stats or {}).get(name, 0)) for name in STAT_NAMES}
    return ProfileCard(
        state.xp, progress(state.xp), stats, state.streak_days, state.best_streak, state.last_session_on, views
    )

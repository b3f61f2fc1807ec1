"""The game bookkeeping: XP under the daily cap, levels, stats, streaks and achievements, kept per user."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from fitcoach.domain.gamify import game as game_rules
from fitcoach.domain.gamify import level_for_xp
from fitcoach.services import game, plans, training
from fitcoach.store.repo import game as game_repo


def push_ups(db: Session, user_id: int, when: dt.datetime, sets: int = 3, reps: int = 15) -> training.FinishResult:
    ws = training.start_session(db, user_id, day_index=0)
    for _ in range(sets):
        training.log_set(db, user_id, ws.id, exercise_id="push_up", reps=reps, rpe=7)
    return training.finish_session(db, user_id, ws.id, duration_minutes=30, now=when)


def test_first_session_earns_xp_a_level_stats_and_the_first_achievement(db: Session, planned: int) -> None:
    result = push_ups(db, planned, dt.datetime(2026, 11, 16, 18, tzinfo=dt.UTC))
    state = game_repo.state(db, user_id=planned)
    assert state.xp == result.game.xp > 0
    assert state.level == level_for_xp(state.xp)
    assert state.stats["strength"] == 3  # one unit per strength set
    assert [a.key for a in result.game.new_achievements] == ["first_session"]
    assert state.xp_by_day == {"2026-11-16": result.game.xp}
    card = game.profile_card(db, planned, training.logged_history(db, planned), 80)
    assert [a.key for a in card.earned] == ["first_session"]
    assert card.stats["strength"] == 3 and card.level.level == state.level


def test_the_daily_cap_holds_across_sessions(db: Session, planned: int) -> None:
    cap = game_rules().xp.daily_cap
    when = dt.datetime(2026, 11, 16, 18, tzinfo=dt.UTC)
    total = 0
    for _ in range(6):
        result = push_ups(db, planned, when, sets=8, reps=40)
        assert result.game.xp <= result.game.xp_before_cap
        total += result.game.xp
    assert total == cap == game_repo.state(db, user_id=planned).xp


def test_planned_days_kept_make_a_streak(db: Session, planned: int) -> None:
    weekdays = plans.training_weekdays(plans.current_plan(db, planned).plan)
    start = dt.date(2026, 11, 16)  # a Monday
    days = game.planned_dates(weekdays, start, start + dt.timedelta(days=13))
    for day in days:
        push_ups(db, planned, dt.datetime.combine(day, dt.time(18), dt.UTC))
    state = game_repo.state(db, user_id=planned)
    assert state.streak_days == len(days) == state.best_streak
    assert state.last_session_on == days[-1]


def test_planned_dates_follow_the_weekdays() -> None:
    days = game.planned_dates([0, 2], dt.date(2026, 11, 16), dt.date(2026, 11, 25))
    assert days == [dt.date(2026, 11, d) for d in (16, 18, 23, 25)]

"""The stored achievement tally: finishing a session scores only that session, and the results stay those of
re-scoring the whole log (achievements earned, progress on the card, personal records, adaptation)."""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy.orm import Session

from fitcoach.domain import knowledge
from fitcoach.domain.adapt import next_session_targets, personal_records
from fitcoach.domain.gamify import AchievementContext, Streak, achievement_progress, evaluate_achievements
from fitcoach.domain.gamify.tally import Tally, basis, tally_of
from fitcoach.services import game, nutrition, plans, profiles, training
from fitcoach.store.repo import game as game_repo

MONDAY = dt.date(2026, 9, 7)


def train(db: Session, user_id: int, day: dt.date, rng: random.Random, *, hour: int = 18) -> training.FinishResult:
    """One session of a random plan day on ``day``, loads and reps drawn from ``rng`` (so records come and go)."""
    schedule = plans.schedule_of(plans.current_plan(db, user_id).plan)
    ws = training.start_session(db, user_id, day_index=rng.randrange(len(schedule)))
    catalogue = knowledge.exercises()
    for target in ws.targets or []:
        exercise = catalogue[target["exercise_id"]]
        timed = exercise.dose.value != "reps"
        for _ in range(target["sets"]):
            training.log_set(
                db,
                user_id,
                ws.id,
                exercise_id=exercise.id,
                reps=0 if timed else rng.randint(3, 15),
                load_kg=rng.choice([20.0, 30.0, 42.5, 55.0]) if exercise.loadable and not timed else None,
                rpe=rng.choice([None, 6.0, 8.0]),
                duration_seconds=rng.choice([30, 60, 600]) if timed else None,
            )
    when = dt.datetime.combine(day, dt.time(hour), dt.UTC)
    return training.finish_session(db, user_id, ws.id, duration_minutes=60, now=when)


def full_rescore(db: Session, user_id: int, weight: float) -> AchievementContext:
    state = game_repo.state(db, user_id=user_id)
    kept = Streak(state.streak_days, state.best_streak)
    return AchievementContext(training.logged_history(db, user_id), knowledge.exercises(), weight, state.xp, kept)


def assert_tally_is_the_full_rescore(db: Session, user_id: int, weight: float) -> None:
    history = training.logged_history(db, user_id)
    stored = game_repo.state(db, user_id=user_id).tally
    assert stored is not None and stored["basis"] == basis(weight) and stored["count"] == len(history)
    assert Tally.from_dict(stored["tally"]) == tally_of(history, knowledge.exercises(), weight)


def test_finishing_keeps_the_tally_equal_to_re_scoring_the_log(db: Session, planned: int) -> None:
    rng = random.Random(7)
    day = MONDAY
    for _ in range(14):
        day += dt.timedelta(days=rng.choice([0, 1, 1, 2, 3]))
        result = train(db, planned, day, rng)
        assert_tally_is_the_full_rescore(db, planned, 80)
        # Nothing the full re-score would award is missing, and nothing more was awarded.
        earned = {a.key for a in game_repo.achievements(db, user_id=planned)}
        assert evaluate_achievements(full_rescore(db, planned, 80), earned) == []
        assert {a.key for a in result.game.new_achievements} <= earned
    card = game.profile_card(db, planned, None, 80)
    progress = achievement_progress(full_rescore(db, planned, 80))
    earned_keys = {a.key for a in card.earned}
    assert {a.key: a.progress for a in card.achievements if a.key not in earned_keys} == {
        k: v for k, v in progress.items() if k not in earned_keys
    }


def test_a_new_body_weight_or_a_missing_tally_rebuilds_it(db: Session, planned: int) -> None:
    rng = random.Random(3)
    for i in range(4):
        train(db, planned, MONDAY + dt.timedelta(days=2 * i), rng)
    nutrition.log_weight(db, planned, measured_on=MONDAY + dt.timedelta(days=7), weight_kg=90)
    # Until the next finish the stored sums are for 80 kg: the card re-scores the log at 90 kg instead.
    card = game.profile_card(db, planned, None, 90)
    progress = achievement_progress(full_rescore(db, planned, 90))
    assert all(a.progress == progress[a.key] for a in card.achievements if a.earned_on is None)
    train(db, planned, MONDAY + dt.timedelta(days=8), rng)
    assert_tally_is_the_full_rescore(db, planned, 90)
    state = game_repo.state_for_update(db, user_id=planned)
    state.tally = None  # a row from before migration 0004
    db.commit()
    train(db, planned, MONDAY + dt.timedelta(days=9), rng)
    assert_tally_is_the_full_rescore(db, planned, 90)


def test_a_session_finished_before_the_last_one_rebuilds_in_log_order(db: Session, planned: int) -> None:
    rng = random.Random(11)
    train(db, planned, MONDAY + dt.timedelta(days=3), rng)
    train(db, planned, MONDAY + dt.timedelta(days=5), rng)
    train(db, planned, MONDAY + dt.timedelta(days=4), rng)  # logged late, e.g. from another device
    train(db, planned, MONDAY + dt.timedelta(days=5), rng, hour=7)  # the same day, earlier than the last
    assert_tally_is_the_full_rescore(db, planned, 80)


def test_records_read_from_the_sets_equal_the_domain_records(db: Session, planned: int) -> None:
    rng = random.Random(5)
    for i in range(6):
        train(db, planned, MONDAY + dt.timedelta(days=i), rng)
    expected = personal_records(training.logged_history(db, planned))
    rows = {r.exercise_id: r for r in training.records(db, planned)}
    assert set(rows) == set(expected)
    for exercise_id, pr in expected.items():
        row = rows[exercise_id]
        assert (row.heaviest_kg, row.heaviest_reps) == (
            (pr.heaviest.load_kg, pr.heaviest.reps) if pr.heaviest else (None, None)
        )
        assert row.best_1rm_kg == (round(pr.best_1rm_kg, 1) if pr.best_1rm_kg is not None else None)


def test_adaptation_reads_only_the_sessions_of_its_exercises_and_gets_the_same_targets(
    db: Session, planned: int
) -> None:
    rng = random.Random(13)
    for i in range(8):
        train(db, planned, MONDAY + dt.timedelta(days=i), rng)
    full = training.logged_history(db, planned)
    level = profiles.get_profile(db, planned).profile.personal_info.fitness_level
    for session in full[-3:]:
        ids = [t.exercise_id for t in session.targets]
        lean = training.logged_history(db, planned, exercise_ids=ids)
        assert len(lean) <= len(full)
        assert all(s.exercise_id in ids for logged in lean for s in logged.sets)
        exercises = knowledge.exercises()
        assert next_session_targets(session.targets, lean, exercises, level) == next_session_targets(
            session.targets, full, exercises, level
        )

"""The achievement tally: kept one session at a time, it must equal re-scoring the whole log."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fitcoach.domain import knowledge
from fitcoach.domain.gamify import ACHIEVEMENT_RULES, AchievementContext, Streak, summarise
from fitcoach.domain.gamify.tally import OutOfOrder, Tally, advance, basis, tally_of
from fitcoach.domain.training_log import ExerciseTarget, LoggedSession, LoggedSet

EXERCISES = knowledge.exercises()
# One or two of every kind of work and primary stat, plus one id the catalogue does not have.
IDS = (
    "barbell_back_squat",
    "barbell_front_squat",
    "dumbbell_jump_squat",
    "bodyweight_squat",
    "leg_swings",
    "clock_reach",
    "treadmill_run",
    "forearm_plank",
    "standing_hamstring_stretch",
    "single_leg_stand",
    "moon_walk",
)
START = dt.date(2026, 1, 1)

logged_sets = st.builds(
    LoggedSet,
    exercise_id=st.sampled_from(IDS),
    reps=st.integers(0, 60),
    load_kg=st.sampled_from([0.0, 20.0, 42.5, 60.0, 100.0, 180.0, 400.0]),
    rpe=st.none() | st.sampled_from([5.0, 7.5, 9.5]),
    duration_seconds=st.none() | st.integers(0, 4000),
)
targets = st.builds(
    ExerciseTarget,
    exercise_id=st.sampled_from(IDS[:-1]),
    sets=st.integers(1, 4),
    reps_min=st.just(1),
    reps_max=st.just(12),
)


@st.composite
def logs(draw: st.DrawFn) -> list[LoggedSession]:
    """A log in date order: several sessions a day sometimes, gaps of up to three weeks."""
    day = START
    out = []
    for _ in range(draw(st.integers(0, 14))):
        day += dt.timedelta(days=draw(st.sampled_from([0, 0, 1, 2, 3, 6, 21])))
        out.append(
            LoggedSession(
                date=day,
                targets=draw(st.lists(targets, max_size=3)),
                sets=draw(st.lists(logged_sets, max_size=10)),
                duration_minutes=draw(st.none() | st.sampled_from([1.0, 30.0, 90.0])),
            )
        )
    return out


@settings(max_examples=150, deadline=None)
@given(log=logs(), body_weight=st.sampled_from([45.0, 80.0, 140.0]))
def test_the_tally_kept_session_by_session_equals_re_scoring_the_whole_log(
    log: list[LoggedSession], body_weight: float
) -> None:
    tally = Tally()
    for n, session in enumerate(log, start=1):
        stored = json.loads(json.dumps(tally.as_dict()))  # as it comes back from the database
        tally = advance(Tally.from_dict(stored), session, EXERCISES, body_weight)
        assert tally.history() == summarise(log[:n], EXERCISES, body_weight)
    assert tally == tally_of(log, EXERCISES, body_weight)


@settings(max_examples=60, deadline=None)
@given(log=logs(), xp=st.integers(0, 200_000), longest=st.integers(0, 40))
def test_achievements_from_the_tally_equal_achievements_from_the_log(
    log: list[LoggedSession], xp: int, longest: int
) -> None:
    kept = Streak(min(longest, 3), longest)
    full = AchievementContext(log, EXERCISES, 80.0, total_xp=xp, streak=kept)
    summary = tally_of(log, EXERCISES, 80.0).history()
    quick = AchievementContext((), EXERCISES, 80.0, total_xp=xp, streak=kept, summary=summary)
    for key, rule in ACHIEVEMENT_RULES.items():
        assert rule.progress(quick) == rule.progress(full), key
        assert rule.earned(quick) == rule.earned(full), key


def test_a_session_before_the_last_one_asks_for_a_rebuild() -> None:
    squat = [LoggedSet(exercise_id="barbell_back_squat", reps=5, load_kg=60)]
    tally = advance(Tally(), LoggedSession(date=START, sets=squat), EXERCISES, 80)
    with pytest.raises(OutOfOrder, match="comes before"):
        advance(tally, LoggedSession(date=START - dt.timedelta(days=1), sets=squat), EXERCISES, 80)


def test_a_heavier_set_on_a_later_day_is_a_record() -> None:
    def squat(day: int, kg: float) -> LoggedSession:
        return LoggedSession(
            date=START + dt.timedelta(days=day), sets=[LoggedSet(exercise_id="barbell_back_squat", reps=5, load_kg=kg)]
        )

    tally = tally_of([squat(0, 60), squat(2, 70), squat(4, 65)], EXERCISES, 80)
    assert tally.personal_records == 1 and tally.sessions == 3
    assert tally.tonnage_kg == 5 * (60 + 70 + 65)


def test_the_basis_names_the_body_weight_and_the_rules() -> None:
    assert basis(80.0) == basis(80.0)
    assert basis(80.0) != basis(81.0)
    assert set(basis(80.0)) == {"version", "rules", "body_weight_kg"}

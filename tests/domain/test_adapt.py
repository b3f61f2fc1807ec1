"""Load progression (domain.adapt): 2-for-2, increments by region, RPE/RIR, deload, bodyweight, 1RM and PRs.

Every expected number is worked out by hand from guidelines.json: lower body 5% of the load within
2.5-5 kg, upper body 2.5% within 1-2.5 kg, rounded to 0.5 kg (halves up); 2-for-2 = last set at
reps_max + 2 in 2 sessions in a row; deload 10% after 2 missed sessions; beginner RPE band 6-8,
intermediate 7-9; RPE = 10 - RIR.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from fitcoach.domain.adapt import (
    Adjustment,
    Lift,
    Region,
    body_region,
    estimated_1rm_history,
    load_increment,
    near_failure_rpe,
    next_session_targets,
    next_target,
    personal_records,
    rpe_from_rir,
    set_rpe,
)
from fitcoach.domain.errors import InvalidInput, KnowledgeDataError
from fitcoach.domain.knowledge import exercises
from fitcoach.domain.knowledge.records import Exercise
from fitcoach.domain.training_log import ExerciseTarget, Feeling, LoggedSession, LoggedSet
from fitcoach.domain.vocab import (
    DoseUnit,
    Equipment,
    FitnessLevel,
    Mechanic,
    Modality,
    Muscle,
    Pattern,
)

BEGINNER, INTERMEDIATE = FitnessLevel.BEGINNER, FitnessLevel.INTERMEDIATE
MONDAY = dt.date(2025, 1, 6)


def _made(
    id: str,
    primary: tuple[Muscle, ...],
    equipment: tuple[Equipment, ...],
    pattern: Pattern,
    *,
    loadable: bool = True,
    dose: DoseUnit = DoseUnit.REPS,
) -> Exercise:
    """The catalogue's record when it has this id with the same loadability, dose and region (the facts
    these tests rely on), else a hand-made record with valid fields (the catalogue may still be partial)."""
    made = Exercise(
        id=id,
        name=id.replace("_", " ").title(),
        primary_muscles=primary,
        equipment=equipment,
        pattern=pattern,
        mechanic=Mechanic.COMPOUND,
        level=BEGINNER,
        modality=Modality.STRENGTH,
        loadable=loadable,
        dose=dose,
        substitution_group=pattern.value,
        cues=("brace first", "control the lowering"),
    )
    try:
        real = exercises().get(id)
    except (FileNotFoundError, KnowledgeDataError, json.JSONDecodeError):
        return made
    if real is not None and (real.loadable, real.dose, body_region(real)) == (loadable, dose, body_region(made)):
        return real
    return made


SQUAT = _made(
    "barbell_back_squat", (Muscle.QUADRICEPS, Muscle.GLUTES), (Equipment.BARBELL, Equipment.SQUAT_RACK), Pattern.SQUAT
)
BENCH = _made("dumbbell_bench_press", (Muscle.CHEST,), (Equipment.DUMBBELL, Equipment.BENCH), Pattern.HORIZONTAL_PUSH)
PUSH_UP = _made(
    "push_up", (Muscle.CHEST, Muscle.TRICEPS), (Equipment.BODYWEIGHT,), Pattern.HORIZONTAL_PUSH, loadable=False
)
DEADLIFT = _made(
    "barbell_deadlift", (Muscle.HAMSTRINGS, Muscle.GLUTES, Muscle.LOWER_BACK), (Equipment.BARBELL,), Pattern.HINGE
)
ROW = _made("barbell_bent_over_row", (Muscle.LATS, Muscle.UPPER_BACK), (Equipment.BARBELL,), Pattern.HORIZONTAL_PULL)
PLANK = _made(
    "plank", (Muscle.ABS,), (Equipment.BODYWEIGHT,), Pattern.ANTI_EXTENSION, loadable=False, dose=DoseUnit.SECONDS
)
THRUSTER = _made("dumbbell_thruster", (Muscle.QUADRICEPS, Muscle.FRONT_DELTS), (Equipment.DUMBBELL,), Pattern.SQUAT)


def _target(ex: Exercise, sets: int, reps: tuple[int, int], load: float | None) -> ExerciseTarget:
    return ExerciseTarget(exercise_id=ex.id, sets=sets, reps_min=reps[0], reps_max=reps[1], load_kg=load)


def _sets(
    ex: Exercise, load: float, reps: list[int], rpe: float | None = None, rir: int | None = None
) -> list[LoggedSet]:
    return [LoggedSet(exercise_id=ex.id, reps=r, load_kg=load, rpe=rpe, rir=rir) for r in reps]


def _session(
    day: int,
    ex: Exercise,
    load: float,
    reps: list[int],
    *,
    rpe: float | None = None,
    rir: int | None = None,
    feeling: Feeling | None = None,
) -> LoggedSession:
    return LoggedSession(date=MONDAY + dt.timedelta(days=day), sets=_sets(ex, load, reps, rpe, rir), feeling=feeling)


def _day(i: int, per_week: int) -> int:
    """Session i of a block with per_week sessions a week, two days apart (Mon, Wed, Fri)."""
    return 7 * (i // per_week) + 2 * (i % per_week)


def _run_block(
    ex: Exercise, target: ExerciseTarget, last_set_reps: list[int], per_week: int
) -> tuple[list[float | None], list[str], ExerciseTarget]:
    """Log each session at the current target (every set but the last at reps_max), then adapt.

    Returns the load used in each session, the action taken after it, and the target after the block.
    """
    history: list[LoggedSession] = []
    loads: list[float | None] = []
    actions: list[str] = []
    for i, last in enumerate(last_set_reps):
        reps = [target.reps_max] * (target.sets - 1) + [last]
        history.append(_session(_day(i, per_week), ex, target.load_kg or 0, reps))
        loads.append(target.load_kg)
        adjustment = next_target(target, history, ex, BEGINNER)
        actions.append(adjustment.action)
        target = adjustment.target
    return loads, actions, target


# --- regions and increments ---------------------------------------------------------------------


def test_fixture_exercises_have_the_shape_the_tests_assume() -> None:
    assert [SQUAT.loadable, BENCH.loadable, PUSH_UP.loadable] == [True, True, False]
    assert SQUAT.dose == BENCH.dose == PUSH_UP.dose == DoseUnit.REPS
    assert PLANK.dose != DoseUnit.REPS


@pytest.mark.parametrize(
    ("exercise", "region"),
    [(SQUAT, "lower"), (DEADLIFT, "lower"), (THRUSTER, "lower"), (BENCH, "upper"), (ROW, "upper"), (PLANK, "upper")],
)
def test_body_region_is_lower_when_any_primary_muscle_is_a_leg_muscle(exercise: Exercise, region: str) -> None:
    assert body_region(exercise) == region


@pytest.mark.parametrize(
    ("load", "region", "step"),
    [
        (0, "upper", 1.0),  # 0 kg -> the kg minimum, never zero
        (20, "upper", 1.0),  # 0.5 -> raised to 1 kg
        (50, "upper", 1.5),  # 1.25 -> half rounds up
        (60, "upper", 1.5),
        (200, "upper", 2.5),  # 5 -> capped at 2.5 kg
        (0, "lower", 2.5),
        (40, "lower", 2.5),  # 2.0 -> raised to 2.5 kg
        (60, "lower", 3.0),
        (63, "lower", 3.0),  # 3.15 -> 3.0
        (65, "lower", 3.5),  # 3.25 -> half rounds up
        (120, "lower", 5.0),  # 6 -> capped at 5 kg
    ],
)
def test_load_increment_takes_the_lowest_percent_inside_the_kg_span(load: float, region: Region, step: float) -> None:
    assert load_increment(load, region) == step


# --- multi-week linear progression ---------------------------------------------------------------


def test_six_weeks_of_squats_rise_by_five_percent_after_each_two_for_two() -> None:
    # 3 x 6-8 from 60 kg, three sessions a week; the 2-for-2 rule needs 8 + 2 = 10 on the last set.
    last_set = [9, 10, 10, 10, 10, 8, 10, 11, 9, 10, 9, 10, 10, 8, 10, 10, 10, 10]
    loads, actions, final = _run_block(SQUAT, _target(SQUAT, 3, (6, 8), 60.0), last_set, per_week=3)
    # 60 +3.0 (5% = 3.0) -> 63 +3.0 (3.15) -> 66 +3.5 (3.3) -> 69.5 +3.5 (3.475) -> 73 +3.5 (3.65) -> 76.5 +4 (3.825)
    assert loads == [60, 60, 60, 63, 63, 66, 66, 66, 69.5, 69.5, 69.5, 69.5, 69.5, 73, 73, 73, 76.5, 76.5]
    assert final.load_kg == 80.5
    increases = [i for i, a in enumerate(actions) if a == "increase_load"]
    # Session 4 is not an increase: session 3's good set was at 60 kg, not at the new 63 kg.
    assert increases == [2, 4, 7, 12, 15, 17]
    assert set(actions) == {"hold", "increase_load"}
    assert (final.sets, final.reps_min, final.reps_max) == (3, 6, 8)


def test_six_weeks_of_dumbbell_bench_rise_by_one_kilo() -> None:
    # 3 x 8-12 at 20 kg a hand, twice a week; 2-for-2 needs 14; 2.5% of 20-23 kg is under 1 kg -> 1 kg.
    last_set = [12, 14, 14, 13, 14, 15, 12, 14, 14, 14, 12, 14]
    loads, actions, final = _run_block(BENCH, _target(BENCH, 3, (8, 12), 20.0), last_set, per_week=2)
    assert loads == [20, 20, 20, 21, 21, 21, 22, 22, 22, 23, 23, 23]
    assert [i for i, a in enumerate(actions) if a == "increase_load"] == [2, 5, 8]
    assert final.load_kg == 23  # the last two sessions were broken by a 12


def test_increase_cites_the_two_for_two_sources() -> None:
    target = _target(SQUAT, 3, (6, 8), 100.0)
    history = [_session(0, SQUAT, 100, [8, 8, 10]), _session(2, SQUAT, 100, [8, 8, 11])]
    adj = next_target(target, history, SQUAT, BEGINNER)
    assert (adj.action, adj.target.load_kg) == ("increase_load", 105.0)
    assert adj.sources == ("NSCA-ESC",)
    assert "2-for-2" in adj.reason


# --- 2-for-2 ----------------------------------------------------------------------------------------


def test_one_good_session_is_not_enough() -> None:
    target = _target(SQUAT, 3, (6, 8), 100.0)
    adj = next_target(target, [_session(0, SQUAT, 100, [8, 8, 10])], SQUAT, BEGINNER)
    assert (adj.action, adj.target) == ("hold", target)


def test_two_for_two_needs_consecutive_sessions() -> None:
    target = _target(SQUAT, 3, (6, 8), 100.0)
    good, meh = [8, 8, 10], [8, 8, 9]
    history = [_session(0, SQUAT, 100, good), _session(2, SQUAT, 100, meh), _session(4, SQUAT, 100, good)]
    assert next_target(target, history, SQUAT, BEGINNER).action == "hold"
    history.append(_session(7, SQUAT, 100, good))
    assert next_target(target, history, SQUAT, BEGINNER).action == "increase_load"


def test_sessions_without_the_exercise_do_not_break_the_streak() -> None:
    target = _target(SQUAT, 3, (6, 8), 100.0)
    history = [
        _session(0, SQUAT, 100, [8, 8, 10]),
        _session(2, BENCH, 20, [12, 12, 12]),
        _session(4, SQUAT, 100, [8, 8, 10]),
    ]
    assert next_target(target, history, SQUAT, BEGINNER).target.load_kg == 105


def test_the_last_working_set_counts_not_warm_ups_or_back_off_sets() -> None:
    target = _target(SQUAT, 3, (6, 8), 100.0)
    warm_up_and_back_off = [*_sets(SQUAT, 60, [10]), *_sets(SQUAT, 100, [8, 8, 8]), *_sets(SQUAT, 70, [15])]
    history = [LoggedSession(date=MONDAY + dt.timedelta(days=d), sets=warm_up_and_back_off) for d in (0, 2)]
    assert next_target(target, history, SQUAT, BEGINNER).action == "hold"


def test_too_difficult_never_raises_the_load() -> None:
    target = _target(SQUAT, 3, (6, 8), 100.0)
    history = [_session(0, SQUAT, 100, [8, 8, 10]), _session(2, SQUAT, 100, [8, 8, 10], feeling="too_difficult")]
    adj = next_target(target, history, SQUAT, BEGINNER)
    assert (adj.action, adj.target.load_kg) == ("hold", 100)
    earlier = [_session(0, SQUAT, 100, [8, 8, 10], feeling="too_difficult"), _session(2, SQUAT, 100, [8, 8, 10])]
    assert next_target(target, earlier, SQUAT, BEGINNER).action == "hold"


def test_too_easy_counts_as_a_qualifying_session_only_at_reps_max() -> None:
    target = _target(BENCH, 3, (8, 12), 20.0)
    first = _session(0, BENCH, 20, [12, 12, 14])
    at_top = [first, _session(3, BENCH, 20, [12, 12, 12], feeling="too_easy")]
    assert next_target(target, at_top, BENCH, BEGINNER).target.load_kg == 21
    below_top = [first, _session(3, BENCH, 20, [12, 12, 11], feeling="too_easy")]
    assert next_target(target, below_top, BENCH, BEGINNER).action == "hold"


# --- missed targets and deload ----------------------------------------------------------------------


def test_one_miss_holds_and_two_misses_deload_ten_percent() -> None:
    target = _target(SQUAT, 3, (5, 5), 100.0)
    history = [_session(0, SQUAT, 100, [5, 5, 3])]  # only two sets reached 5 of the three asked
    once = next_target(target, history, SQUAT, BEGINNER)
    assert (once.action, once.target.load_kg) == ("hold", 100)
    history.append(_session(2, SQUAT, 100, [5, 4, 4]))
    twice = next_target(target, history, SQUAT, BEGINNER)
    assert (twice.action, twice.target.load_kg) == ("deload", 90)
    assert set(twice.sources) == {"NSCA-ESC", "ACSM-GETP"}
    # The misses were at 100 kg: at the deloaded 90 kg they do not trigger a second deload.
    assert next_target(twice.target, history, SQUAT, BEGINNER).action == "hold"


def test_misses_must_be_consecutive() -> None:
    target = _target(SQUAT, 3, (5, 5), 100.0)
    history = [_session(0, SQUAT, 100, [5, 5, 3]), _session(2, SQUAT, 100, [5, 5, 5]), _session(4, SQUAT, 100, [5, 3])]
    assert next_target(target, history, SQUAT, BEGINNER).action == "hold"


def test_deload_rounds_to_half_a_kilo() -> None:
    target = _target(BENCH, 3, (8, 12), 62.5)
    history = [_session(0, BENCH, 62.5, [8, 6, 5]), _session(3, BENCH, 62.5, [7, 6])]
    assert next_target(target, history, BENCH, BEGINNER).target.load_kg == 56.5  # 56.25 -> 56.5


# --- RPE and RIR --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("rir", "rpe"), [(0, 10), (1, 9), (2, 8), (3, 7), (2.5, 7.5), (4, 6), (5, 5)])
def test_rir_converts_to_rpe_along_the_table(rir: float, rpe: float) -> None:
    assert rpe_from_rir(rir) == pytest.approx(rpe)


def test_logged_rpe_wins_over_rir_and_near_failure_is_above_nine_and_a_half() -> None:
    assert set_rpe(LoggedSet(exercise_id="x", reps=5, rpe=8, rir=0)) == 8
    assert set_rpe(LoggedSet(exercise_id="x", reps=5, rir=3)) == 7
    assert set_rpe(LoggedSet(exercise_id="x", reps=5)) is None
    assert near_failure_rpe() == 9.5


def test_low_rpe_raises_the_load_for_the_level() -> None:
    target = _target(SQUAT, 3, (5, 5), 100.0)
    easy_for_beginner = [_session(0, SQUAT, 100, [5, 5, 5], rpe=5.5)]  # below the beginner band 6-8
    adj = next_target(target, easy_for_beginner, SQUAT, BEGINNER)
    assert (adj.action, adj.target.load_kg) == ("increase_load", 105)
    mid = [_session(0, SQUAT, 100, [5, 5, 5], rpe=6.5)]
    assert next_target(target, mid, SQUAT, BEGINNER).action == "hold"  # inside 6-8
    assert next_target(target, mid, SQUAT, INTERMEDIATE).target.load_kg == 105  # below 7-9


def test_low_rir_is_converted_before_judging() -> None:
    target = _target(BENCH, 3, (8, 12), 20.0)
    five_in_reserve = [_session(0, BENCH, 20, [10, 10, 10], rir=5)]  # RPE 5
    assert next_target(target, five_in_reserve, BENCH, BEGINNER).target.load_kg == 21
    no_reserve = [_session(0, BENCH, 20, [10, 10, 10], rir=0)]  # RPE 10: at failure
    adj = next_target(target, no_reserve, BENCH, BEGINNER)
    assert (adj.action, adj.target.load_kg) == ("decrease_load", 19)


def test_low_rpe_does_not_raise_the_load_after_a_miss() -> None:
    target = _target(SQUAT, 3, (5, 5), 100.0)
    assert next_target(target, [_session(0, SQUAT, 100, [5, 5, 4], rpe=5)], SQUAT, BEGINNER).action == "hold"


def test_high_rpe_decreases_the_load_by_one_increment() -> None:
    target = _target(SQUAT, 3, (5, 5), 100.0)
    at_failure = [_session(0, SQUAT, 100, [5, 5, 5], rpe=10)]
    assert next_target(target, at_failure, SQUAT, BEGINNER).target.load_kg == 95
    # Above the beginner band with a miss: decrease; above it with all reps done: hold.
    above_band_missed = [_session(0, SQUAT, 100, [5, 5, 4], rpe=9)]
    assert next_target(target, above_band_missed, SQUAT, BEGINNER).action == "decrease_load"
    above_band_made = [_session(0, SQUAT, 100, [5, 5, 5], rpe=9)]
    assert next_target(target, above_band_made, SQUAT, BEGINNER).action == "hold"
    # 9.5 is not above 9.5, and the intermediate band goes to 9 but no reps were missed.
    assert next_target(target, [_session(0, SQUAT, 100, [5, 5, 5], rpe=9.5)], SQUAT, INTERMEDIATE).action == "hold"


def test_high_rpe_blocks_a_two_for_two_increase() -> None:
    target = _target(SQUAT, 3, (6, 8), 100.0)
    history = [_session(0, SQUAT, 100, [8, 8, 10], rpe=9), _session(2, SQUAT, 100, [8, 8, 10], rpe=9)]
    assert next_target(target, history, SQUAT, BEGINNER).action == "hold"
    assert next_target(target, history, SQUAT, INTERMEDIATE).action == "increase_load"


# --- bodyweight ----------------------------------------------------------------------------------------


def test_bodyweight_progresses_by_reps_then_a_harder_variant_and_never_gets_a_load() -> None:
    target = _target(PUSH_UP, 3, (8, 12), None)
    history: list[LoggedSession] = []
    seen: list[Adjustment] = []
    for i, reps in enumerate([[10, 10, 9], [12, 12, 12], [12, 12, 13], [12, 12, 14], [13, 12, 14]]):
        history.append(_session(_day(i, 3), PUSH_UP, 0, reps))
        seen.append(next_target(target, history, PUSH_UP, BEGINNER))
        target = seen[-1].target
    assert [a.action for a in seen] == ["hold", "increase_reps", "increase_reps", "increase_reps", "increase_reps"]
    assert [a.target.reps_min for a in seen] == [8, 9, 10, 11, 11]  # the floor climbs, then a harder variant
    assert "harder variant" in seen[-1].reason
    assert all(a.target.load_kg is None for a in seen)


def test_a_load_on_a_non_loadable_exercise_is_dropped_not_raised() -> None:
    target = _target(PUSH_UP, 3, (8, 12), 10.0)
    history = [_session(0, PUSH_UP, 0, [12, 12, 14]), _session(2, PUSH_UP, 0, [12, 12, 14])]
    adj = next_target(target, history, PUSH_UP, BEGINNER)
    assert (adj.action, adj.target.load_kg) == ("increase_reps", None)


def test_a_loadable_exercise_without_a_target_load_progresses_by_reps() -> None:
    target = _target(BENCH, 2, (8, 12), None)
    adj = next_target(target, [_session(0, BENCH, 0, [12, 12])], BENCH, BEGINNER)
    assert (adj.action, adj.target.load_kg, adj.target.reps_min) == ("increase_reps", None, 9)


def test_bodyweight_misses_never_deload_into_a_load() -> None:
    target = _target(PUSH_UP, 3, (8, 12), None)
    history = [_session(0, PUSH_UP, 0, [8, 6, 5]), _session(2, PUSH_UP, 0, [7, 6, 5])]
    adj = next_target(target, history, PUSH_UP, BEGINNER)
    assert (adj.action, adj.target) == ("hold", target)
    assert "easier variant" in adj.reason


def test_timed_work_holds() -> None:
    target = _target(PLANK, 3, (1, 1), None)
    assert next_target(target, [_session(0, PLANK, 0, [1, 1, 1])], PLANK, BEGINNER).action == "hold"


# --- whole sessions and inputs ----------------------------------------------------------------------------


def test_no_history_holds_and_a_mismatched_exercise_is_refused() -> None:
    target = _target(SQUAT, 3, (6, 8), 100.0)
    adj = next_target(target, [], SQUAT, BEGINNER)
    assert (adj.action, adj.target, adj.sources) == ("hold", target, ())
    with pytest.raises(InvalidInput, match="exercise_id"):
        next_target(target, [], BENCH, BEGINNER)


def test_next_session_targets_adapts_each_exercise_in_order() -> None:
    targets = [_target(SQUAT, 3, (6, 8), 100.0), _target(BENCH, 3, (8, 12), 20.0), _target(PUSH_UP, 3, (8, 12), None)]
    day = [*_sets(SQUAT, 100, [8, 8, 10]), *_sets(BENCH, 20, [12, 12, 12]), *_sets(PUSH_UP, 0, [12, 12, 12])]
    history = [LoggedSession(date=MONDAY + dt.timedelta(days=d), sets=day) for d in (0, 2)]
    by_id = {e.id: e for e in (SQUAT, BENCH, PUSH_UP)}
    adjustments = next_session_targets(targets, history, by_id, BEGINNER)
    assert [a.action for a in adjustments] == ["increase_load", "hold", "increase_reps"]
    assert [a.target.load_kg for a in adjustments] == [105, 20, None]
    with pytest.raises(InvalidInput, match="unknown"):
        next_session_targets(targets, history, {SQUAT.id: SQUAT}, BEGINNER)


# --- estimated 1RM and personal records ---------------------------------------------------------------------


def _epley_brzycki(w: float, r: int) -> float:
    """Hand formula: mean of w(1 + r/30) and 36w/(37 - r); one rep is the load itself."""
    return w if r == 1 else (w * (1 + r / 30) + w * 36 / (37 - r)) / 2


def test_estimated_1rm_history_keeps_the_best_eligible_set_per_session() -> None:
    history = [
        LoggedSession(date=MONDAY, sets=_sets(SQUAT, 100, [5]) + _sets(SQUAT, 105, [3]) + _sets(SQUAT, 80, [12])),
        LoggedSession(date=MONDAY + dt.timedelta(days=2), sets=_sets(BENCH, 20, [10])),
        LoggedSession(date=MONDAY + dt.timedelta(days=4), sets=_sets(SQUAT, 110, [1]) + _sets(SQUAT, 107.5, [4])),
        LoggedSession(date=MONDAY + dt.timedelta(days=7), sets=_sets(SQUAT, 60, [12, 15]) + _sets(SQUAT, 0, [5])),
    ]
    got = estimated_1rm_history(history, SQUAT.id)
    # 100x5: (116.667 + 112.5) / 2 = 114.583 beats 105x3: (115.5 + 111.176) / 2 = 113.338; 80x12 is too many reps.
    # 107.5x4: (121.833 + 117.273) / 2 = 119.553 beats 110x1 = 110. The last session has no eligible set.
    assert [d for d, _ in got] == [MONDAY, MONDAY + dt.timedelta(days=4)]
    assert [e for _, e in got] == pytest.approx([114.583, 119.553], abs=1e-3)
    assert got[0][1] == pytest.approx(_epley_brzycki(100, 5))


def test_personal_records_by_exercise() -> None:
    d1, d2, d3 = MONDAY, MONDAY + dt.timedelta(days=2), MONDAY + dt.timedelta(days=4)
    history = [
        LoggedSession(date=d1, sets=_sets(SQUAT, 60, [10]) + _sets(SQUAT, 100, [5, 6]) + _sets(PUSH_UP, 0, [15])),
        LoggedSession(date=d2, sets=_sets(SQUAT, 110, [1]) + _sets(SQUAT, 100, [6]) + _sets(SQUAT, 105, [5, 0])),
        LoggedSession(date=d3, sets=_sets(SQUAT, 110, [2]) + _sets(PUSH_UP, 0, [20, 12])),
    ]
    prs = personal_records(history)
    assert set(prs) == {SQUAT.id, PUSH_UP.id}
    squat = prs[SQUAT.id]
    assert squat.heaviest == Lift(110, 2, d3)  # 110 kg on d2 too, but for one rep
    # 105x5: (122.5 + 118.125) / 2 = 120.3125 beats 100x6: (120 + 116.129) / 2 = 118.065 and 110x2: 115.238.
    assert squat.best_1rm_kg == pytest.approx(120.3125)
    assert squat.best_1rm_lift == Lift(105, 5, d2)
    assert squat.most_reps == {
        60: Lift(60, 10, d1),
        100: Lift(100, 6, d1),
        110: Lift(110, 2, d3),
        105: Lift(105, 5, d2),
    }
    push_up = prs[PUSH_UP.id]
    assert (push_up.heaviest, push_up.best_1rm_kg, push_up.best_1rm_lift) == (None, None, None)
    assert push_up.most_reps == {0: Lift(0, 20, d3)}

"""Game rules: XP, plausibility, daily cap, level curve, stats, streaks and achievements.

Exercises are built here rather than read from the catalogue, so the numbers below are hand-computed
from game.json alone (docs/game.md shows the same worked examples).
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from fitcoach.domain.errors import InvalidInput
from fitcoach.domain.gamify import (
    ACHIEVEMENT_RULES,
    BREAKDOWN_KEYS,
    REWARD_KEYS,
    AchievementContext,
    Streak,
    apply_daily_cap,
    evaluate_achievements,
    exercise_rewards,
    game,
    level_for_xp,
    max_level,
    personal_records,
    progress,
    session_xp,
    stat_gains,
    streak,
    xp_for_level,
)
from fitcoach.domain.gamify.config import Game
from fitcoach.domain.knowledge import load_json
from fitcoach.domain.knowledge.records import Exercise
from fitcoach.domain.plan import ExerciseStats
from fitcoach.domain.training_log import ExerciseTarget, LoggedSession, LoggedSet

DOCS = Path(__file__).resolve().parents[2] / "docs" / "game.md"


def _exercise(id: str, modality: str, dose: str, loadable: bool, equipment: tuple[str, ...]) -> Exercise:
    return Exercise.model_validate(
        {
            "id": id,
            "name": id.replace("_", " "),
            "primary_muscles": ["quadriceps"],
            "equipment": list(equipment),
            "pattern": "squat",
            "mechanic": "compound",
            "level": "beginner",
            "modality": modality,
            "loadable": loadable,
            "dose": dose,
            "substitution_group": id,
            "cues": ["brace", "breathe"],
        }
    )


EXERCISES = {
    e.id: e
    for e in (
        _exercise("back_squat", "strength", "reps", True, ("barbell", "squat_rack")),
        _exercise("push_up", "strength", "reps", False, ("bodyweight",)),
        _exercise("weighted_pull_up", "strength", "reps", True, ("bodyweight", "pull_up_bar")),
        _exercise("plank", "strength", "seconds", False, ("bodyweight", "mat")),
        _exercise("treadmill_run", "cardio", "minutes", False, ("treadmill",)),
        _exercise("hamstring_stretch", "flexibility", "seconds", False, ("mat",)),
        _exercise("box_jump", "plyometric", "reps", False, ("box",)),
        _exercise("single_leg_stand", "balance", "seconds", False, ("bodyweight",)),
        _exercise("hip_circles", "mobility", "reps", False, ("bodyweight",)),
    )
}

DAY = dt.date(2024, 1, 1)  # a Monday


def sets(exercise_id: str, n: int, **fields: Any) -> list[LoggedSet]:
    return [LoggedSet(exercise_id=exercise_id, **fields) for _ in range(n)]


def target(exercise_id: str, n: int) -> ExerciseTarget:
    return ExerciseTarget(exercise_id=exercise_id, sets=n, reps_min=1, reps_max=100)


# ---------------------------------------------------------------- XP


def test_strength_session_hand_computed() -> None:
    # Squat 3 x 6 @ 100 kg, RPE 8, body weight 80: volume 6 x 2.0 x 100/80 = 15 per set (45);
    # intensity (15 + 1) x 0.10 per set = 4.8 -> 5. Push-ups 2 x 10: 10 x 2.0 x 0.5 = 10 per set (20).
    # Planned 3 + 3 sets, done 3 + 2: adherence 5/6 x 20 = 16.7 -> 17, no full-adherence bonus.
    session = LoggedSession(
        date=DAY,
        targets=[target("back_squat", 3), target("push_up", 3)],
        sets=sets("back_squat", 3, reps=6, load_kg=100, rpe=8) + sets("push_up", 2, reps=10),
    )
    award = session_xp(session, EXERCISES, body_weight_kg=80)
    assert award.breakdown == {
        "loaded": 45,
        "bodyweight": 20,
        "hold": 0,
        "cardio": 0,
        "sets": 5,
        "intensity": 5,
        "adherence": 17,
        "full_adherence": 0,
    }
    assert award.xp == 92 == sum(award.breakdown.values())
    assert award.adherence == pytest.approx(5 / 6)
    assert award.flags == []
    assert award.stats == {"strength": 5, "endurance": 0, "agility": 0, "flexibility": 0, "health": 1}


def test_cardio_and_holds_hand_computed() -> None:
    # Run 30 min at RPE 6 (x1.0): 30 x 4 = 120, +1 set. Plank 2 x 60 s at RPE 9 (x1.15): 6 + 1 per set,
    # intensity 7 x 0.15 x 2 = 2.1 -> 2. Every planned set done: adherence 20 + bonus 10.
    session = LoggedSession(
        date=DAY,
        targets=[target("treadmill_run", 1), target("plank", 2)],
        sets=sets("treadmill_run", 1, reps=0, duration_seconds=1800, rpe=6)
        + sets("plank", 2, reps=1, duration_seconds=60, rpe=9),
        duration_minutes=40,
    )
    award = session_xp(session, EXERCISES, body_weight_kg=70)
    assert award.breakdown == {
        "loaded": 0,
        "bodyweight": 0,
        "hold": 12,
        "cardio": 120,
        "sets": 3,
        "intensity": 2,
        "adherence": 20,
        "full_adherence": 10,
    }
    assert award.xp == 167
    # Stats: 30 min / 2 = 15 cardio units (endurance 15, health 7.5) + 2 plank sets (strength 2, health 0.4).
    assert award.stats == {"strength": 2, "endurance": 15, "agility": 0, "flexibility": 0, "health": 8}


def test_rir_counts_as_rpe_and_easy_sets_earn_a_little_less() -> None:
    easy = LoggedSession(date=DAY, sets=sets("push_up", 1, reps=10, rpe=3))
    by_rir = LoggedSession(date=DAY, sets=sets("push_up", 1, reps=10, rir=2))  # RPE 8: x1.1
    assert session_xp(easy, EXERCISES, 70).breakdown["intensity"] == -1  # 11 x -0.1
    assert session_xp(by_rir, EXERCISES, 70).breakdown["intensity"] == 1  # 11 x 0.1


def test_light_and_heavy_people_earn_alike_for_the_same_relative_load() -> None:
    light = LoggedSession(date=DAY, sets=sets("back_squat", 3, reps=5, load_kg=60))
    heavy = LoggedSession(date=DAY, sets=sets("back_squat", 3, reps=5, load_kg=120))
    # 5 x 2.0 x 1.2 = 12, +1 per set.
    assert session_xp(light, EXERCISES, 50).xp == session_xp(heavy, EXERCISES, 100).xp == 39


def test_weighted_bodyweight_exercise_adds_the_load_to_the_body_share() -> None:
    # (0.5 + 20/80) x 2.0 x 8 reps = 12, +1 set; without the belt 0.5 x 2.0 x 8 = 8, +1.
    weighted = LoggedSession(date=DAY, sets=sets("weighted_pull_up", 1, reps=8, load_kg=20))
    bodyweight = LoggedSession(date=DAY, sets=sets("weighted_pull_up", 1, reps=8))
    assert session_xp(weighted, EXERCISES, 80).xp == 13
    assert session_xp(bodyweight, EXERCISES, 80).xp == 9


def test_no_targets_means_no_adherence_xp() -> None:
    award = session_xp(LoggedSession(date=DAY, sets=sets("push_up", 1, reps=10)), EXERCISES, 70)
    assert award.adherence is None
    assert award.breakdown["adherence"] == award.breakdown["full_adherence"] == 0
    assert set(award.breakdown) == set(BREAKDOWN_KEYS)


def test_empty_session_earns_nothing_and_is_not_flagged() -> None:
    award = session_xp(LoggedSession(date=DAY, targets=[target("push_up", 3)]), EXERCISES, 70)
    assert award.xp == 0
    assert award.adherence == 0
    assert award.flags == []


def test_unknown_exercise_earns_nothing_and_is_flagged() -> None:
    known = sets("push_up", 1, reps=10)
    session = LoggedSession(date=DAY, sets=known + sets("moon_walk", 3, reps=10))
    award = session_xp(session, EXERCISES, 70)
    assert award.xp == session_xp(LoggedSession(date=DAY, sets=known), EXERCISES, 70).xp == 11
    assert [(f.code, f.sets) for f in award.flags] == [("unknown_exercise", (1, 2, 3))]
    assert "moon_walk" in award.flags[0].message


def test_body_weight_out_of_range_is_an_input_error() -> None:
    with pytest.raises(InvalidInput, match="body_weight_kg: must be 30-300 kg"):
        session_xp(LoggedSession(date=DAY), EXERCISES, body_weight_kg=0)


# ---------------------------------------------------------------- plausibility


def test_500_sets_of_300_kg_earn_nothing_with_a_flag() -> None:
    session = LoggedSession(date=DAY, sets=sets("back_squat", 500, reps=5, load_kg=300))
    for body_weight in (70, 80):  # 300 kg is above 4x 70 kg, not above 4x 80 kg: the set count still fails
        award = session_xp(session, EXERCISES, body_weight)
        assert award.xp == 0
        assert set(award.breakdown.values()) == {0}
        assert "too_many_sets" in {f.code for f in award.flags}
        assert award.stats == dict.fromkeys(award.stats, 0)
    flags = {f.code: f for f in session_xp(session, EXERCISES, 70).flags}
    assert len(flags["load_above_limit"].sets) == 500
    assert "(500 sets)" in flags["load_above_limit"].message


@pytest.mark.parametrize(
    ("bad_set", "code"),
    [
        (LoggedSet(exercise_id="back_squat", reps=1, load_kg=350), "load_above_limit"),  # > 4 x 80 kg
        (LoggedSet(exercise_id="back_squat", reps=150, load_kg=20), "reps_above_limit"),
        (LoggedSet(exercise_id="back_squat", reps=30, load_kg=210), "load_reps_implausible"),  # Epley 420 kg
        (LoggedSet(exercise_id="push_up", reps=500), "reps_above_limit"),
        (LoggedSet(exercise_id="plank", reps=1, duration_seconds=3600), "duration_above_limit"),
        (LoggedSet(exercise_id="treadmill_run", reps=0, duration_seconds=5 * 3600), "duration_above_limit"),
        (LoggedSet(exercise_id="plank", reps=3), "no_duration"),
    ],
)
def test_an_implausible_set_earns_nothing_but_the_rest_count(bad_set: LoggedSet, code: str) -> None:
    good = sets("push_up", 2, reps=10)
    award = session_xp(LoggedSession(date=DAY, sets=[*good, bad_set]), EXERCISES, 80)
    assert award.xp == session_xp(LoggedSession(date=DAY, sets=good), EXERCISES, 80).xp == 22
    assert [(f.code, f.sets) for f in award.flags] == [(code, (2,))]


@pytest.mark.parametrize(
    ("session", "code"),
    [
        (LoggedSession(date=DAY, sets=sets("push_up", 61, reps=5)), "too_many_sets"),
        (LoggedSession(date=DAY, sets=sets("push_up", 3, reps=5), duration_minutes=400), "session_too_long"),
        (
            LoggedSession(date=DAY, sets=sets("treadmill_run", 2, reps=0, duration_seconds=200 * 60)),
            "session_too_long",
        ),
        # 60 sets need at least 10 minutes; the session lasted 5 (x 1.25 tolerance).
        (LoggedSession(date=DAY, sets=sets("push_up", 60, reps=5), duration_minutes=5), "work_exceeds_duration"),
        # 40 sets x 10 reps x 1.5 body weights = 600 body-weight reps > 500.
        (LoggedSession(date=DAY, sets=sets("back_squat", 40, reps=10, load_kg=120)), "volume_above_limit"),
    ],
)
def test_an_implausible_session_earns_nothing(session: LoggedSession, code: str) -> None:
    award = session_xp(session, EXERCISES, 80)
    assert award.xp == 0
    assert code in {f.code for f in award.flags}
    assert all(f.sets == () for f in award.flags if f.code == code)


# ---------------------------------------------------------------- daily cap


def test_daily_cap() -> None:
    cap = game().xp.daily_cap
    assert cap == 500
    assert apply_daily_cap(0, 120) == 120
    assert apply_daily_cap(450, 120) == 50
    assert apply_daily_cap(500, 120) == 0
    assert apply_daily_cap(900, 120) == 0
    assert apply_daily_cap(0, 0) == 0
    with pytest.raises(InvalidInput, match="award"):
        apply_daily_cap(0, -1)


# ---------------------------------------------------------------- levels


def test_level_table_matches_the_docs() -> None:
    # 50 n (n - 1): level n -> n + 1 costs 100 n XP.
    assert [xp_for_level(n) for n in (1, 2, 3, 5, 10, 20)] == [0, 100, 300, 1000, 4500, 19000]
    table = dict(re.findall(r"^\| (\d+) \| ([\d,]+) \|", DOCS.read_text("utf-8"), re.MULTILINE))
    assert len(table) == 20
    for level, xp in table.items():
        assert xp_for_level(int(level)) == int(xp.replace(",", ""))


def test_level_curve_is_strictly_rising_and_round_trips() -> None:
    totals = [xp_for_level(n) for n in range(1, max_level() + 1)]
    assert totals[0] == 0
    assert all(a < b for a, b in itertools.pairwise(totals))
    for n, xp in enumerate(totals, start=1):
        assert level_for_xp(xp) == n
        if n > 1:
            assert level_for_xp(xp - 1) == n - 1


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=0, max_value=10**6))
def test_level_for_xp_is_monotone(xp: int, more: int) -> None:
    assert level_for_xp(xp) <= level_for_xp(xp + more)
    p = progress(xp)
    assert 0 <= p.fraction <= 1
    assert xp_for_level(p.level) + p.xp_into_level == xp


def test_progress() -> None:
    p = progress(250)  # level 2 starts at 100, level 3 at 300
    assert (p.level, p.xp_into_level, p.xp_for_next, p.fraction, p.xp_to_next) == (2, 150, 200, 0.75, 50)
    top = progress(xp_for_level(max_level()) + 5)
    assert (top.level, top.xp_into_level, top.xp_for_next, top.fraction) == (max_level(), 5, 0, 1.0)
    with pytest.raises(InvalidInput, match="level"):
        xp_for_level(0)
    with pytest.raises(InvalidInput, match="xp"):
        level_for_xp(-1)


# ---------------------------------------------------------------- stats and planned rewards


def test_stats_follow_the_modality() -> None:
    session = LoggedSession(
        date=DAY,
        sets=sets("box_jump", 3, reps=5)
        + sets("single_leg_stand", 2, reps=1, duration_seconds=30)
        + sets("hamstring_stretch", 4, reps=1, duration_seconds=30)
        + sets("hip_circles", 2, reps=10),
    )
    # plyometric 3: agility 3, strength 0.9, health 0.6; balance 2: agility 2, health 0.4;
    # flexibility 4: flexibility 4, health 0.8; mobility 2: flexibility 1.4, agility 0.6, health 0.4.
    gains = stat_gains(session, EXERCISES)
    assert gains == {"strength": 1, "endurance": 0, "agility": 6, "flexibility": 5, "health": 2}
    assert gains == session_xp(session, EXERCISES, 70).stats


def test_stat_gains_with_body_weight_apply_the_load_checks() -> None:
    session = LoggedSession(date=DAY, sets=sets("back_squat", 1, reps=1, load_kg=350))
    assert stat_gains(session, EXERCISES)["strength"] == 1
    assert stat_gains(session, EXERCISES, body_weight_kg=80)["strength"] == 0


@pytest.mark.parametrize(
    ("exercise_id", "sets_", "amount", "expected"),
    [
        # Reference person 70 kg, loadable lifts at 0.5 x 70 = 35 kg: 10 x 2.0 x 0.5 = 10, +1 per set.
        ("back_squat", 3, 10, {"xp": 33, "strength": 3, "health": 1}),
        ("push_up", 3, 12, {"xp": 39, "strength": 3, "health": 1}),
        ("plank", 3, 30, {"xp": 12, "strength": 3, "health": 1}),
        ("treadmill_run", 1, 1200, {"xp": 81, "endurance": 10, "health": 5}),
        ("hamstring_stretch", 2, 30, {"xp": 8, "flexibility": 2}),
        ("push_up", 1, 500, {}),  # implausible: earns nothing
        ("push_up", 0, 10, {}),
    ],
)
def test_exercise_rewards(exercise_id: str, sets_: int, amount: int, expected: dict[str, int]) -> None:
    rewards = exercise_rewards(EXERCISES[exercise_id], sets_, amount)
    assert tuple(rewards) == REWARD_KEYS == ("xp", "strength", "endurance", "agility", "flexibility", "health")
    assert rewards == {**dict.fromkeys(REWARD_KEYS, 0), **expected}
    ExerciseStats(**rewards)  # fits a plan exercise's gamified_stats


def test_exercise_rewards_match_logging_the_plan_at_the_reference() -> None:
    ref = game().plan_reference
    logged = LoggedSession(date=DAY, sets=sets("back_squat", 3, reps=10, load_kg=ref.load_bw * ref.body_weight_kg))
    assert (
        exercise_rewards(EXERCISES["back_squat"], 3, 10)["xp"] == session_xp(logged, EXERCISES, ref.body_weight_kg).xp
    )


def test_exercise_rewards_reject_negative_numbers() -> None:
    with pytest.raises(InvalidInput, match="reps_or_seconds"):
        exercise_rewards(EXERCISES["push_up"], 3, -1)


# ---------------------------------------------------------------- streaks

MON, WED, FRI = 0, 2, 4


def plan(weeks: int, weekdays: tuple[int, ...] = (MON, WED, FRI)) -> list[dt.date]:
    return [DAY + dt.timedelta(weeks=w, days=d) for w in range(weeks) for d in weekdays]


def day(week: int, weekday: int) -> dt.date:
    return DAY + dt.timedelta(weeks=week, days=weekday)


def test_rest_days_do_not_break_a_streak() -> None:
    planned = plan(3)
    assert streak(planned, set(planned), today=day(2, 6)) == Streak(9, 9)


def test_a_missed_planned_day_breaks_the_streak() -> None:
    planned = plan(3)
    done = set(planned) - {day(1, WED)}
    assert streak(planned, done, today=day(2, 6)) == Streak(4, 4)  # wk1 x3 + Mon | Fri + wk3 x3


def test_today_not_yet_trained_does_not_break_it() -> None:
    planned = plan(2)
    done = set(planned[:-1])
    assert streak(planned, done, today=day(1, FRI)) == Streak(5, 5)
    assert streak(planned, done | {day(1, FRI)}, today=day(1, FRI)) == Streak(6, 6)


def test_a_moved_session_makes_up_for_the_planned_day() -> None:
    planned = plan(3)
    done = (set(planned) - {day(1, WED)}) | {day(1, 3)}  # Thursday instead of Wednesday
    assert streak(planned, done, today=day(2, 6)) == Streak(9, 9)


def test_a_missed_day_is_pending_while_it_can_still_be_made_up() -> None:
    planned = plan(2)
    done = set(planned) - {day(1, MON)}
    assert streak(planned, done, today=day(1, 1)) == Streak(3, 3)  # Tuesday: Monday can still move here
    assert streak(planned, done - {day(1, WED)}, today=day(1, WED)) == Streak(0, 3)  # Monday's window closed


def test_extra_sessions_do_not_lengthen_the_streak() -> None:
    planned = plan(2)
    every_day = {DAY + dt.timedelta(days=i) for i in range(14)}
    assert streak(planned, every_day, today=day(1, 6)) == Streak(6, 6)


def test_one_extra_session_makes_up_for_one_missed_day_only() -> None:
    planned = plan(1)
    done = {day(0, 1)}  # Tuesday only: it can stand in for Monday or Wednesday, not both
    assert streak(planned, done, today=day(0, 6)) == Streak(0, 1)


def test_make_up_days_are_limited() -> None:
    planned = plan(3, weekdays=(MON,))  # once a week
    done = {day(0, MON), day(1, FRI), day(2, MON)}  # week 1 moved four days: too far
    assert streak(planned, done, today=day(2, 6)) == Streak(1, 1)


def test_no_plan_no_streak() -> None:
    assert streak([], {DAY}, today=DAY) == Streak(0, 0)


# ---------------------------------------------------------------- achievements


def _documented_keys() -> set[str]:
    text = DOCS.read_text("utf-8")
    section = text.split("## Achievements", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z0-9_]+)` \|", section, re.MULTILINE))


def test_every_achievement_key_resolves() -> None:
    in_data = set(load_json("game.json")["achievements"])
    assert in_data == set(ACHIEVEMENT_RULES)
    assert _documented_keys() == set(ACHIEVEMENT_RULES)
    assert len(ACHIEVEMENT_RULES) >= 10
    assert all(rule.key == key for key, rule in ACHIEVEMENT_RULES.items())


def _training_day(i: int) -> LoggedSession:
    """Session i (1-based) of a Monday-to-Friday plan: a heavier squat each time (a record from the
    second), 20 minutes on the treadmill, push-ups (100 on day 12), a stretch on odd days, box jumps on
    day 8 (the first week with all four stats)."""
    week, weekday = divmod(i - 1, 5)
    logged = sets("back_squat", 5, reps=8, load_kg=80 + i / 2) + sets("treadmill_run", 1, reps=0, duration_seconds=1200)
    logged += sets("push_up", 5 if i == 12 else 3, reps=20)
    if i % 2:
        logged += sets("hamstring_stretch", 2, reps=1, duration_seconds=30)
    if i == 8:
        logged += sets("box_jump", 2, reps=5)
    planned: dict[str, int] = {}
    for s in logged:
        planned[s.exercise_id] = planned.get(s.exercise_id, 0) + 1
    return LoggedSession(
        date=day(week, weekday), targets=[target(e, n) for e, n in planned.items()], sets=logged, duration_minutes=75
    )


def test_each_achievement_is_earned_exactly_once() -> None:
    log: list[LoggedSession] = []
    earned: dict[str, list[int]] = {}
    total_xp = 0
    already: set[str] = set()
    for i in range(1, 76):
        session = _training_day(i)
        log.append(session)
        total_xp += apply_daily_cap(0, session_xp(session, EXERCISES, 80).xp)
        days = [s.date for s in log]
        ctx = AchievementContext(log, EXERCISES, 80, total_xp, streak(days, set(days), session.date))
        for a in evaluate_achievements(ctx, already):
            earned.setdefault(a.key, []).append(i)
            already.add(a.key)
    assert set(earned) == set(ACHIEVEMENT_RULES)
    assert all(len(at) == 1 for at in earned.values()), earned
    when = {k: at[0] for k, at in earned.items()}
    assert when["first_session"] == when["full_adherence"] == 1
    assert when["pr_first"] == 2
    assert when["streak_7"] == 7
    assert when["all_rounder"] == 8
    assert when["sessions_10"] == when["full_adherence_10"] == 10
    assert when["century"] == 12
    assert when["flexibility_10"] == 19
    assert when["pr_25"] == 26
    assert when["cardio_10h"] == 30
    assert when["streak_30"] == 30
    assert when["sessions_50"] == 50
    assert evaluate_achievements(ctx, set(ACHIEVEMENT_RULES)) == []


def test_implausible_sessions_earn_no_achievements() -> None:
    cheat = LoggedSession(date=DAY, sets=sets("back_squat", 500, reps=5, load_kg=300))
    ctx = AchievementContext([cheat], EXERCISES, 80)
    assert evaluate_achievements(ctx, set()) == []
    assert ctx.history.sessions == 0


def test_personal_records_need_an_earlier_best_to_beat() -> None:
    first = LoggedSession(date=DAY, sets=sets("back_squat", 1, reps=5, load_kg=100))
    same = LoggedSession(date=day(0, 2), sets=sets("back_squat", 1, reps=5, load_kg=100))
    better = LoggedSession(date=day(0, 4), sets=sets("back_squat", 1, reps=5, load_kg=105))
    records = personal_records([better, first, same], EXERCISES, 80)  # any order: sorted by date
    assert [(r.date, r.exercise_id) for r in records] == [(day(0, 4), "back_squat")]
    assert records[0].value > records[0].previous


# ---------------------------------------------------------------- game.json validation


def _broken(path: tuple[str, ...], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(load_json("game.json"))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("stats", "weights", "cardio"), {}, "non-health stat"),
        (("xp", "intensity_bands"), [{"rpe_from": 5, "multiplier": 1.0}], "start at rpe_from 1"),
        (("levels",), {"quadratic_xp": 0, "linear_xp": 0.5, "exponent": 2, "max_level": 10}, "at least 1"),
        (("xp", "daily_cap"), 0, "greater than 0"),
    ],
)
def test_game_json_is_validated(path: tuple[str, ...], value: Any, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Game.model_validate(_broken(path, value))


def test_packaged_game_json_loads() -> None:
    assert game().achievements["streak_7"].threshold == 7

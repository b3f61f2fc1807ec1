"""RL rewards: verifier-backed plan rewards, answer checking, format, and None where a reward does not apply."""

from __future__ import annotations

import copy
import doctest
import json
import random
from typing import Any

import pytest

from fitcoach.coach.prompts import compact_json
from fitcoach.domain.planner import build_plan
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.sampling import random_profile
from fitcoach.ml.train import rewards
from fitcoach.ml.train.rewards import (
    answer_reward,
    constraint_reward,
    format_reward,
    schema_reward,
    verifier_reward,
)


@pytest.fixture(scope="module")
def knee_case() -> dict[str, Any]:
    """A profile with a knee injury, its engine plan and first day (engine output is verified clean)."""
    rng = random.Random(3)
    while True:
        profile = random_profile(rng)
        profile["constraints"]["injuries"] = ["knee"]
        plan = build_plan(UserProfile.model_validate(profile), seed=0)
        if plan["workout_plan"]["weekly_schedule"]:
            return {"profile": profile, "plan": plan, "day": plan["workout_plan"]["weekly_schedule"][0]}


def _day_kwargs(case: dict[str, Any], n: int) -> dict[str, Any]:
    day = case["day"]
    return {
        "task": ["day_plan"] * n,
        "profile": [json.dumps(case["profile"])] * n,
        "day": [day["day"]] * n,
        "focus": [day["focus"]] * n,
    }


def test_doctests_pass() -> None:
    assert doctest.testmod(rewards).failed == 0


def test_engine_day_scores_full_marks_and_garbage_scores_zero(knee_case: dict[str, Any]) -> None:
    good = compact_json(knee_case["day"])
    completions = [good, "not json at all", '["a list"]']
    kwargs = _day_kwargs(knee_case, 3)
    assert format_reward(completions, **kwargs) == [1.0, 0.0, 0.0]
    assert schema_reward(completions, **kwargs) == [1.0, 0.0, 0.0]
    verifier = verifier_reward(completions, **kwargs)
    assert verifier[0] is not None and verifier[0] >= 0.9  # warnings at most, never errors
    assert verifier[1:] == [0.0, 0.0]
    assert constraint_reward(completions, **kwargs) == [1.0, 0.0, 0.0]


def test_contraindicated_exercise_lowers_verifier_and_constraint_rewards(knee_case: dict[str, Any]) -> None:
    bad = copy.deepcopy(knee_case["day"])
    bad["exercises"][0] = {**bad["exercises"][0], "name": "Squat Jump", "id": "squat_jump"}
    completions = [compact_json(knee_case["day"]), compact_json(bad)]
    kwargs = _day_kwargs(knee_case, 2)
    verifier = verifier_reward(completions, **kwargs)
    constraints = constraint_reward(completions, **kwargs)
    assert verifier[1] is not None and verifier[0] is not None and verifier[1] < verifier[0]
    assert constraints[1] is not None and constraints[1] < 1.0


def test_wrong_day_or_focus_breaks_a_constraint(knee_case: dict[str, Any]) -> None:
    moved = {**knee_case["day"], "day": "Sunday" if knee_case["day"]["day"] != "Sunday" else "Monday"}
    [score] = constraint_reward([compact_json(moved)], **_day_kwargs(knee_case, 1))
    assert score is not None and 0 < score < 1


def test_whole_plan_is_verified_as_a_plan(knee_case: dict[str, Any]) -> None:
    kwargs = {"task": ["plan", "plan"], "profile": [json.dumps(knee_case["profile"])] * 2}
    broken = copy.deepcopy(knee_case["plan"])
    broken["nutrition_suggestions"]["calorie_target"] = 600
    scores = verifier_reward([compact_json(knee_case["plan"]), compact_json(broken)], **kwargs)
    assert scores[0] is not None and scores[1] is not None and scores[1] < scores[0]
    assert schema_reward([compact_json(knee_case["plan"])], task=["plan"]) == [1.0]


def test_reasoning_rewards_use_the_shared_answer_checker() -> None:
    kwargs = {
        "task": ["reasoning"] * 3,
        "answer": ["2150", "2150", "B"],
        "answer_type": ["number", "number", "choice"],
        "tolerance": [0.01, 0.01, None],
    }
    completions = ["Resting 1500.\nAnswer: 2,150 kcal", "Answer: 1800", "I think so"]
    assert answer_reward(completions, **kwargs) == [1.0, 0.0, 0.0]
    assert format_reward(completions, **kwargs) == [1.0, 1.0, 0.0]


def test_rewards_that_do_not_apply_return_none(knee_case: dict[str, Any]) -> None:
    reasoning = {"task": ["reasoning"], "profile": [""], "answer": ["1"], "answer_type": ["number"], "tolerance": [0]}
    for func in (schema_reward, verifier_reward, constraint_reward):
        assert func(["Answer: 1"], **reasoning) == [None]
    assert answer_reward([compact_json(knee_case["day"])], **_day_kwargs(knee_case, 1)) == [None]


def test_conversational_completions_are_read() -> None:
    completion = [{"role": "assistant", "content": "steps\nAnswer: 12"}]
    kwargs = {"task": ["reasoning"], "answer": ["12"], "answer_type": ["number"], "tolerance": [0.0]}
    assert answer_reward([completion], **kwargs) == [1.0]


def test_compact_plans_and_days_are_expanded_before_they_are_judged(knee_case: dict[str, Any]) -> None:
    """A model trained on the compact form earns what the same plan earns in full; a bad choice still costs."""
    from fitcoach.domain.compact import compact_day, compact_plan

    plan_kwargs = {"task": ["plan"], "profile": [json.dumps(knee_case["profile"])]}
    short = compact_json(compact_plan(knee_case["plan"]))
    assert schema_reward([short], **plan_kwargs) == [1.0]
    assert verifier_reward([short], **plan_kwargs) == verifier_reward([compact_json(knee_case["plan"])], **plan_kwargs)
    day = compact_day(knee_case["day"])
    jumping = copy.deepcopy(day)
    jumping["exercises"][0] = {**jumping["exercises"][0], "id": "squat_jump"}
    kwargs = _day_kwargs(knee_case, 2)
    assert schema_reward([compact_json(day), compact_json(jumping)], **kwargs) == [1.0, 1.0]
    good, bad = verifier_reward([compact_json(day), compact_json(jumping)], **kwargs)
    assert good is not None and bad is not None and good >= 0.9 and bad < good


def test_a_week_cut_short_earns_no_more_than_its_share_of_the_week(knee_case: dict[str, Any]) -> None:
    """Fewer days means fewer things to get wrong: the coverage term keeps that from paying (RL collapsed on it)."""
    from fitcoach.domain.compact import compact_plan
    from fitcoach.domain.context import expected_training_days

    profile = UserProfile.model_validate(knee_case["profile"])
    expected = expected_training_days(profile)
    assert expected >= 2
    week = compact_plan(knee_case["plan"])
    one_day = copy.deepcopy(week)
    one_day["workout_plan"]["weekly_schedule"] = one_day["workout_plan"]["weekly_schedule"][:1]
    kwargs = {"task": ["plan"] * 2, "profile": [json.dumps(knee_case["profile"])] * 2}
    texts = [compact_json(week), compact_json(one_day)]
    full, cut = verifier_reward(texts, **kwargs)
    assert full == 1.0 and cut is not None and cut <= 1 / expected
    kept, cut_kept = constraint_reward(texts, **kwargs)
    assert kept == 1.0 and cut_kept is not None and cut_kept <= 1 / expected
    doubled = copy.deepcopy(week)
    doubled["workout_plan"]["weekly_schedule"] *= 2
    assert rewards.week_coverage("plan", kwargs["profile"][0], doubled) == 0.5
    assert rewards.week_coverage("day_plan", kwargs["profile"][0], knee_case["day"]) == 1.0

"""The compact plan: the decisions of an engine plan, and the expansion that makes them whole again."""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import pytest

from fitcoach.domain.compact import compact_day, compact_plan, expand_day, expand_plan
from fitcoach.domain.plan import Plan, TrainingDay
from fitcoach.domain.planner import build_plan
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.sampling import random_profile
from fitcoach.domain.verify import errors, verify


def _cases(count: int, seed: int) -> list[tuple[UserProfile, dict[str, Any]]]:
    rng = random.Random(seed)
    out = []
    for i in range(count):
        profile = UserProfile.model_validate(random_profile(rng, shift=bool(i % 2)))
        out.append((profile, build_plan(profile, seed=i)))
    return out


def _size(value: Any) -> int:
    return len(json.dumps(value, separators=(",", ":")))


def test_expanding_a_compact_engine_plan_gives_back_the_engine_plan() -> None:
    """Everything but the rationale returns exactly (key order too); the main lifts are read from the catalogue,
    so the time-constrained advice may name a different set of lifts."""
    rebuilt_advice = 0
    for profile, plan in _cases(60, seed=1):
        whole = expand_plan(profile, compact_plan(plan))
        assert errors(verify(profile, whole)) == []
        Plan.model_validate(whole)
        assert whole["workout_plan"] == plan["workout_plan"]
        assert json.dumps(whole["workout_plan"]) == json.dumps(plan["workout_plan"])
        for key in ("nutrition_suggestions", "screening", "warnings"):
            assert whole[key] == plan[key], key
        assert "rationale" not in whole
        rebuilt_advice += whole["adaptive_recommendations"] == plan["adaptive_recommendations"]
    assert rebuilt_advice >= 54  # about 95% name the same lifts to keep


def test_the_compact_form_keeps_decisions_only_and_is_a_third_of_the_size() -> None:
    _, plan = _cases(1, seed=2)[0]
    short = compact_plan(plan)
    assert list(short) == ["workout_plan", "nutrition_suggestions"]
    assert list(short["nutrition_suggestions"]) == ["calorie_target", "macros"]
    assert list(short["nutrition_suggestions"]["macros"]) == ["protein", "fat"]  # carbohydrate is the rest
    assert short["workout_plan"]["progression_plan"] == {
        "intensity_increase": plan["workout_plan"]["progression_plan"]["intensity_increase"]
    }
    exercise = short["workout_plan"]["weekly_schedule"][0]["exercises"][0]
    assert list(exercise) == ["id", "sets", "reps", "intensity", "rest"]
    for block in ("warm_up", "cool_down"):
        for item in short["workout_plan"]["weekly_schedule"][0][block]:
            assert list(item) in (["id", "minutes"], ["name", "minutes"])
    sizes = [(_size(compact_plan(p)), _size(p)) for _, p in _cases(20, seed=3)]
    assert sum(s for s, _ in sizes) < 0.35 * sum(f for _, f in sizes)


def test_a_full_plan_passes_through_unchanged() -> None:
    for profile, plan in _cases(5, seed=4):
        assert expand_plan(profile, plan) == plan
        day = plan["workout_plan"]["weekly_schedule"][0]
        assert expand_day(profile, day) == day


def test_a_compact_day_expands_to_the_engine_day() -> None:
    for profile, plan in _cases(5, seed=5):
        for day in plan["workout_plan"]["weekly_schedule"]:
            whole = expand_day(profile, compact_day(day))
            assert whole == day
            TrainingDay.model_validate(whole)


def test_expansion_never_invents_a_decision() -> None:
    """An unknown id stays as written, so the contract check names the missing fields; the input is not edited."""
    profile, plan = _cases(1, seed=6)[0]
    short = compact_plan(plan)
    short["workout_plan"]["weekly_schedule"][0]["exercises"][0]["id"] = "turbo_squat_deluxe"
    before = copy.deepcopy(short)
    whole = expand_plan(profile, short)
    assert short == before
    invented = whole["workout_plan"]["weekly_schedule"][0]["exercises"][0]
    assert invented == before["workout_plan"]["weekly_schedule"][0]["exercises"][0]
    with pytest.raises(ValueError, match="name"):
        Plan.model_validate(whole)


JUNK: tuple[Any, ...] = (
    None,
    3,
    "plan",
    [],
    {},
    {"workout_plan": []},
    {"workout_plan": {"weekly_schedule": [1, {"exercises": "x"}]}},
    {"workout_plan": {"weekly_schedule": [{"exercises": [{"id": "bodyweight_squat", "sets": True, "reps": None}]}]}},
    {"nutrition_suggestions": {"calorie_target": "lots", "macros": {"protein": "x"}}},
)


@pytest.mark.parametrize("junk", JUNK)
def test_expansion_copes_with_anything_a_model_writes(junk: Any) -> None:
    """No crash, and nothing that would make junk pass the contract: it still fails validation."""
    profile, _ = _cases(1, seed=7)[0]
    whole = expand_plan(profile, junk)
    assert whole == junk or isinstance(whole, dict)
    with pytest.raises(ValueError, match="validation error"):
        Plan.model_validate(whole)


def test_macro_grams_follow_the_written_targets() -> None:
    profile, plan = _cases(1, seed=8)[0]
    short = compact_plan(plan)
    short["nutrition_suggestions"] = {"calorie_target": 2000, "macros": {"protein": 30, "carbs": 45, "fat": 25}}
    grams = expand_plan(profile, short)["nutrition_suggestions"]["macros_g"]
    assert grams == {"protein": 150.0, "carbs": 225.0, "fat": pytest.approx(55.6, abs=0.1)}


def test_carbohydrate_is_the_rest_of_the_energy() -> None:
    profile, plan = _cases(1, seed=9)[0]
    short = compact_plan(plan)
    short["nutrition_suggestions"] = {"calorie_target": 2000, "macros": {"protein": 25.5, "fat": 30}}
    assert expand_plan(profile, short)["nutrition_suggestions"]["macros"] == {"protein": 25.5, "carbs": 44.5, "fat": 30}
    short["nutrition_suggestions"]["macros"] = {"protein": 60, "fat": 50}  # no room left: nothing is invented
    with pytest.raises(ValueError, match="carbs"):
        Plan.model_validate(expand_plan(profile, short))

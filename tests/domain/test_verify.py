"""The verifier: each violation code is raised by the mistake it names, and nothing makes it crash."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fitcoach.domain import knowledge
from fitcoach.domain.planner import build_plan
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.verify import CODES, errors, verify


@pytest.fixture
def knee_case(intermediate_gym_knee: dict[str, Any]) -> tuple[UserProfile, dict[str, Any]]:
    profile = UserProfile.model_validate(intermediate_gym_knee)
    return profile, build_plan(profile)


def codes(profile: UserProfile, plan: object) -> set[str]:
    return {v.code for v in verify(profile, plan)}


def first_exercise(plan: dict[str, Any]) -> dict[str, Any]:
    return plan["workout_plan"]["weekly_schedule"][0]["exercises"][0]


def test_clean_plan_has_no_errors(knee_case: tuple[UserProfile, dict[str, Any]]) -> None:
    profile, plan = knee_case
    assert errors(verify(profile, plan)) == []


def test_missing_keys(knee_case: tuple[UserProfile, dict[str, Any]]) -> None:
    profile, plan = knee_case
    del plan["adaptive_recommendations"]
    del plan["workout_plan"]["progression_plan"]
    del first_exercise(plan)["sets"]
    found = [v for v in verify(profile, plan) if v.code == "missing_key"]
    paths = {v.path for v in found}
    assert "adaptive_recommendations" in paths
    assert "workout_plan.progression_plan" in paths
    assert "workout_plan.weekly_schedule[0].exercises[0].sets" in paths


def test_wrong_number_of_days(knee_case: tuple[UserProfile, dict[str, Any]]) -> None:
    profile, plan = knee_case
    plan["workout_plan"]["weekly_schedule"].pop()
    assert "training_days_mismatch" in codes(profile, plan)


def test_session_over_duration(knee_case: tuple[UserProfile, dict[str, Any]]) -> None:
    profile, plan = knee_case
    first_exercise(plan)["sets"] = 15
    plan["workout_plan"]["weekly_schedule"][0]["duration"] = 50
    assert "session_over_duration" in codes(profile, plan)


def test_unknown_exercise_is_a_warning(knee_case: tuple[UserProfile, dict[str, Any]]) -> None:
    profile, plan = knee_case
    first_exercise(plan).update(name="Moon Squat", id=None)
    found = [v for v in verify(profile, plan) if v.code == "unknown_exercise"]
    assert found and found[0].severity == "warning"


def test_contraindicated_and_equipment(knee_case: tuple[UserProfile, dict[str, Any]]) -> None:
    profile, plan = knee_case
    first_exercise(plan).update(name="Box Jump", id=None)
    assert "contraindicated_exercise" in codes(profile, plan)
    home = profile.model_copy(
        update={"preferences": profile.preferences.model_copy(update={"equipment_access": "no_equipment"})}
    )
    assert "equipment_unavailable" in codes(home, build_plan(profile))


def test_same_group_on_consecutive_days(knee_case: tuple[UserProfile, dict[str, Any]]) -> None:
    profile, plan = knee_case
    schedule = plan["workout_plan"]["weekly_schedule"]
    schedule[1] = copy.deepcopy(schedule[0])
    schedule[1]["day"] = "Tuesday"
    schedule[0]["day"] = "Monday"
    assert "consecutive_hard_days" in codes(profile, plan)


def test_intensity_above_cap(intermediate_gym_knee: dict[str, Any]) -> None:
    intermediate_gym_knee["health"]["desired_intensity"] = "moderate"
    profile = UserProfile.model_validate(intermediate_gym_knee)
    plan = build_plan(profile)
    plan["workout_plan"]["weekly_schedule"][0]["intensity_level"] = "vigorous"
    first_exercise(plan)["intensity"] = "RPE 9 (about 85-90% 1RM)"
    found = [v for v in verify(profile, plan) if v.code == "intensity_above_cap"]
    assert len(found) >= 2


def test_clearance_must_be_stated(beginner_home: dict[str, Any]) -> None:
    beginner_home["health"] = {"exercises_regularly": False, "symptoms": ["fainting"]}
    profile = UserProfile.model_validate(beginner_home)
    plan = build_plan(profile)
    plan["workout_plan"]["overview"] = "Have fun."
    plan["warnings"] = []
    assert "clearance_not_stated" in codes(profile, plan)


@pytest.mark.parametrize(
    ("kcal", "code"),
    [(900, "calories_below_floor"), (1250, "calories_below_resting"), (9000, "surplus_too_large")],
)
def test_calorie_bounds(beginner_home: dict[str, Any], kcal: int, code: str) -> None:
    profile = UserProfile.model_validate(beginner_home)
    plan = build_plan(profile)
    plan["nutrition_suggestions"]["calorie_target"] = kcal
    assert code in codes(profile, plan)


def test_deficit_too_large() -> None:
    data = {
        "personal_info": {"age": 30, "gender": "male", "height": 190, "weight": 110, "fitness_level": "advanced"},
        "goals": ["weight_loss"],
        "preferences": {"workout_duration": 60, "days_per_week": 6, "equipment_access": "full_gym"},
    }
    profile = UserProfile.model_validate(data)
    plan = build_plan(profile)
    maintenance = plan["nutrition_suggestions"]["maintenance_kcal"]
    plan["nutrition_suggestions"]["calorie_target"] = int(maintenance * 0.7)
    assert "deficit_too_large" in codes(profile, plan)


def test_macros(beginner_home: dict[str, Any]) -> None:
    profile = UserProfile.model_validate(beginner_home)
    plan = build_plan(profile)
    plan["nutrition_suggestions"]["macros"] = {"protein": 5, "carbs": 80, "fat": 10}
    found = codes(profile, plan)
    assert {"macros_outside_amdr", "protein_unsafe"} <= found
    plan["nutrition_suggestions"]["macros"] = {"protein": 30, "carbs": 50, "fat": 30}
    assert "macros_do_not_sum" in codes(profile, plan)


def test_beginner_volume_and_disliked(beginner_home: dict[str, Any]) -> None:
    profile = UserProfile.model_validate(beginner_home)
    plan = build_plan(profile)
    first_exercise(plan)["sets"] = 9
    assert "beginner_volume_too_high" in codes(profile, plan)
    name = first_exercise(plan)["name"]
    beginner_home["feedback"] = {"previous_workouts": [{"exercises": [{"name": name, "enjoyment": "hated"}]}]}
    disliked = UserProfile.model_validate(beginner_home)
    assert "disliked_exercise" in codes(disliked, plan)


def test_every_code_is_documented() -> None:
    assert all(c.description and c.severity in ("error", "warning") for c in CODES.values())
    text = Path("docs/verifier.md").read_text(encoding="utf-8")
    missing = [code for code in CODES if f"`{code}`" not in text]
    assert not missing


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(json_values)
def test_never_raises_on_arbitrary_json(beginner_home: dict[str, Any], value: Any) -> None:
    verify(UserProfile.model_validate(beginner_home), value)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_never_raises_on_corrupted_plans(beginner_home: dict[str, Any], data: st.DataObject) -> None:
    profile = UserProfile.model_validate(beginner_home)
    plan = build_plan(profile)
    day = data.draw(st.integers(0, len(plan["workout_plan"]["weekly_schedule"]) - 1))
    target = plan["workout_plan"]["weekly_schedule"][day]
    key = data.draw(st.sampled_from(sorted(target)))
    target[key] = data.draw(json_values)
    verify(profile, plan)


def test_catalogue_ids_in_plans_resolve(beginner_home: dict[str, Any]) -> None:
    plan = build_plan(UserProfile.model_validate(beginner_home))
    ids = [e["id"] for d in plan["workout_plan"]["weekly_schedule"] for e in d["exercises"]]
    assert ids and all(i in knowledge.exercises() for i in ids)

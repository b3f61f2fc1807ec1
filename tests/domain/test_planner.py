"""The rule-based planner: valid, safe plans for every profile, and what an expert coach would do."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import profiles

from fitcoach.domain import knowledge
from fitcoach.domain.catalogue import find_exercise
from fitcoach.domain.plan import Plan
from fitcoach.domain.planner import build_plan
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.programming import day_minutes
from fitcoach.domain.verify import errors, verify
from fitcoach.domain.vocab import ConditionId, Modality, StressTag


def plan_for(data: dict[str, Any], seed: int = 0) -> tuple[UserProfile, dict[str, Any]]:
    profile = UserProfile.model_validate(data)
    return profile, build_plan(profile, seed=seed)


def exercises_in(plan: dict[str, Any]) -> list[Any]:
    return [knowledge.exercises()[e["id"]] for d in plan["workout_plan"]["weekly_schedule"] for e in d["exercises"]]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_every_plan_validates_and_has_no_errors(data: dict[str, Any]) -> None:
    profile, plan = plan_for(data)
    Plan.model_validate(plan)
    assert errors(verify(profile, plan)) == []


def test_same_seed_same_plan_and_seeds_vary(beginner_home: dict[str, Any]) -> None:
    profile = UserProfile.model_validate(beginner_home)
    assert build_plan(profile, seed=3) == build_plan(profile, seed=3)
    names = {
        tuple(e["id"] for d in build_plan(profile, seed=s)["workout_plan"]["weekly_schedule"] for e in d["exercises"])
        for s in range(8)
    }
    assert len(names) > 1


def test_knee_injury_gets_no_knee_loading_moves(intermediate_gym_knee: dict[str, Any]) -> None:
    _, plan = plan_for(intermediate_gym_knee)
    avoid = set(knowledge.conditions()[ConditionId.KNEE].avoid_tags)
    chosen = exercises_in(plan)
    assert chosen and all(not (set(e.stress_tags) & avoid) for e in chosen)
    assert any(ConditionId.KNEE in e.friendly_for for e in chosen)
    assert "knee_friendly" in plan["workout_plan"]["adaptations"]


@pytest.mark.parametrize("days", [6, 7])
def test_beginner_keeps_a_rest_day(beginner_home: dict[str, Any], days: int) -> None:
    beginner_home["preferences"]["days_per_week"] = days
    _, plan = plan_for(beginner_home)
    schedule = plan["workout_plan"]["weekly_schedule"]
    assert len(schedule) <= 6
    assert plan["workout_plan"]["rest_days"]
    if days == 7:
        assert any("rest day" in w for w in plan["warnings"])


def test_clearance_needed_is_prominent_and_light(beginner_home: dict[str, Any]) -> None:
    beginner_home["health"] = {"exercises_regularly": False, "symptoms": ["chest pain when climbing stairs"]}
    _, plan = plan_for(beginner_home)
    assert plan["workout_plan"]["overview"].startswith("IMPORTANT: medical clearance")
    assert {d["intensity_level"] for d in plan["workout_plan"]["weekly_schedule"]} == {"light"}
    assert plan["screening"]["clearance"] == "before_starting"


def test_older_adult_gets_balance_work(older_adult: dict[str, Any]) -> None:
    _, plan = plan_for(older_adult)
    for day in plan["workout_plan"]["weekly_schedule"]:
        kinds = {knowledge.exercises()[e["id"]].modality for e in day["exercises"]}
        assert Modality.BALANCE in kinds, day["focus"]


def test_pregnancy_second_trimester_has_nothing_supine(pregnant: dict[str, Any]) -> None:
    _, plan = plan_for(pregnant)
    for ex in exercises_in(plan):
        assert StressTag.SUPINE not in ex.stress_tags
        assert StressTag.FALL_RISK not in ex.stress_tags
    assert any("Pregnancy" in w for w in plan["warnings"])


def test_hypertension_caps_rpe_at_seven(intermediate_gym_knee: dict[str, Any]) -> None:
    intermediate_gym_knee["constraints"]["injuries"] = ["high blood pressure"]
    _, plan = plan_for(intermediate_gym_knee)
    for day in plan["workout_plan"]["weekly_schedule"]:
        for e in day["exercises"]:
            if e["intensity"].startswith("RPE"):
                top = float(e["intensity"].split()[1].split("-")[-1])
                assert top <= 7


def test_unrecognised_condition_warns_and_stays_conservative(intermediate_gym_knee: dict[str, Any]) -> None:
    intermediate_gym_knee["constraints"]["injuries"] = ["weird elbow clicking"]
    _, plan = plan_for(intermediate_gym_knee)
    assert any("weird elbow clicking" in w for w in plan["warnings"])
    assert {d["intensity_level"] for d in plan["workout_plan"]["weekly_schedule"]} <= {"light", "moderate"}
    for ex in exercises_in(plan):
        assert StressTag.MAX_EFFORT not in ex.stress_tags


def test_disliked_exercise_is_replaced(intermediate_gym_knee: dict[str, Any]) -> None:
    _, first = plan_for(intermediate_gym_knee)
    victim = first["workout_plan"]["weekly_schedule"][0]["exercises"][0]
    data = copy.deepcopy(intermediate_gym_knee)
    data["feedback"] = {"previous_workouts": [{"exercises": [{"name": victim["name"], "enjoyment": "low"}]}]}
    _, second = plan_for(data)
    assert victim["id"] not in {e.id for e in exercises_in(second)}


def test_yoga_preference_adds_mobility_session(beginner_home: dict[str, Any]) -> None:
    beginner_home["preferences"]["preferred_activities"] = ["yoga"]
    beginner_home["preferences"]["days_per_week"] = 4
    _, plan = plan_for(beginner_home)
    assert "mobility_flexibility" in {d["focus"] for d in plan["workout_plan"]["weekly_schedule"]}


@pytest.mark.parametrize("minutes", [15, 20, 30, 45, 60, 90, 120])
def test_sessions_fit_the_time_and_keep_compound_lifts(intermediate_gym_knee: dict[str, Any], minutes: int) -> None:
    intermediate_gym_knee["preferences"]["workout_duration"] = minutes
    _, plan = plan_for(intermediate_gym_knee)
    for day in plan["workout_plan"]["weekly_schedule"]:
        assert day["duration"] <= minutes
        estimate = day_minutes(day)
        assert estimate is not None and estimate <= minutes
        assert day["exercises"], day


def test_advanced_split_uses_heavier_prescription() -> None:
    data = {
        "personal_info": {"age": 29, "gender": "male", "height": 182, "weight": 85, "fitness_level": "advanced"},
        "goals": ["strength_increase"],
        "preferences": {"workout_duration": 90, "days_per_week": 5, "equipment_access": "full_gym"},
        "health": {"exercises_regularly": True},
    }
    _, plan = plan_for(data)
    schedule = plan["workout_plan"]["weekly_schedule"]
    assert len(schedule) == 5
    assert {d["intensity_level"] for d in schedule if d["focus"] != "cardio_conditioning"} == {"vigorous"}
    assert any(
        find_exercise(e["name"]) and "barbell" in find_exercise(e["name"]).equipment  # type: ignore[union-attr]
        for d in schedule
        for e in d["exercises"]
    )


def test_every_rationale_source_is_known(beginner_home: dict[str, Any]) -> None:
    from fitcoach.domain.knowledge.guidelines import guidelines

    _, plan = plan_for(beginner_home)
    known = set(guidelines().sources)
    for item in plan["rationale"]:
        assert item["sources"] and set(item["sources"]) <= known

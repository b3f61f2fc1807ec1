"""The plan request: instruction, the person's brief, then the profile JSON; the brief agrees with the verifier."""

from __future__ import annotations

import json
import random
import re

import pytest

from fitcoach.coach.prompts import PLAN_INSTRUCTION, day_plan_messages, plan_messages, profile_payload, request_brief
from fitcoach.domain.catalogue import find_exercise
from fitcoach.domain.planner import build_plan
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.sampling import random_profile
from fitcoach.domain.verify import errors, verify

BRIEF = re.compile(
    r"Limits: (?P<days>\d) training days a week, sessions of at most (?P<minutes>\d+) minutes, "
    r"intensity up to (?P<cap>\w+), daily calories (?P<low>\d+) to (?P<high>\d+) kcal\. "
    r"Equipment: (?P<kit>[\w, ]+)\.(?: Avoid: (?P<avoid>[\w, ]+)\.)?$"
)


def _limits(profile: dict) -> dict:
    match = BRIEF.fullmatch(request_brief(profile))
    assert match, request_brief(profile)
    return match.groupdict()


def _profile(**changes: dict) -> dict:
    profile = random_profile(random.Random(7))
    for section, values in changes.items():
        profile[section] = {**profile[section], **values}
    return profile


def test_the_request_is_instruction_and_brief_then_the_profile_json() -> None:
    profile = _profile()
    [turn] = plan_messages(profile)
    instruction, payload = turn["content"].split("\n\n", 1)
    assert instruction == f"{PLAN_INSTRUCTION} {request_brief(profile)}"
    assert json.loads(payload) == profile_payload(profile)
    [day_turn] = day_plan_messages(profile, "Monday", "upper_body")
    assert request_brief(profile) in day_turn["content"].split("\n\n", 1)[0]


def test_a_beginner_asking_for_seven_days_is_briefed_for_six() -> None:
    asked = _profile(personal_info={"fitness_level": "beginner"}, preferences={"days_per_week": 7})
    assert _limits(asked)["days"] == "6"
    advanced = _profile(personal_info={"fitness_level": "advanced"}, preferences={"days_per_week": 7})
    assert _limits(advanced)["days"] == "7"


def test_injuries_name_the_movements_to_avoid_and_no_injury_names_none() -> None:
    knee = _profile(constraints={"injuries": ["bad knee"]}, health={"known_conditions": [], "symptoms": []})
    assert "jumping" in (_limits(knee)["avoid"] or "")
    healthy = _profile(personal_info={"age": 30}, constraints={"injuries": []})
    healthy["health"] = {"exercises_regularly": True, "known_conditions": [], "symptoms": []}
    assert _limits(healthy)["avoid"] is None
    bodyweight = _profile(preferences={"equipment_access": "no_equipment"})
    assert "dumbbell" not in _limits(bodyweight)["kit"]


@pytest.mark.parametrize("seed", range(12))
def test_the_engine_plan_keeps_inside_every_limit_of_the_brief(seed: int) -> None:
    profile = random_profile(random.Random(seed), shift=seed % 2 == 1)
    limits = _limits(profile)
    person = UserProfile.model_validate(profile)
    plan = build_plan(person, seed=seed)
    assert errors(verify(person, plan)) == []
    week = plan["workout_plan"]["weekly_schedule"]
    assert len(week) == int(limits["days"])
    assert int(limits["low"]) <= plan["nutrition_suggestions"]["calorie_target"] <= int(limits["high"])
    kit = set(limits["kit"].split(", "))
    avoid = set((limits["avoid"] or "").split(", ")) - {""}
    for day in week:
        assert day["duration"] <= int(limits["minutes"])
        for item in day["exercises"]:
            exercise = find_exercise(item["id"])
            assert exercise is not None
            assert {e.value for e in exercise.equipment} <= kit
            assert not avoid & {t.value for t in exercise.stress_tags}


def test_a_profile_with_a_bad_field_is_refused_by_name() -> None:
    profile = _profile(personal_info={"weight": "eighty"})
    with pytest.raises(Exception, match="weight"):
        request_brief(profile)

"""Rebuilding one day after "too difficult", "too easy" or "short on time"."""

from __future__ import annotations

from typing import Any

import pytest

from fitcoach.domain import knowledge
from fitcoach.domain.errors import InvalidInput
from fitcoach.domain.planner import build_plan, regenerate_day
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.programming import day_minutes
from fitcoach.domain.selection import LEVEL_RANK
from fitcoach.domain.verify import errors, verify
from fitcoach.domain.vocab import FitnessLevel

ADVANCED: dict[str, Any] = {
    "personal_info": {"age": 30, "gender": "male", "height": 180, "weight": 82, "fitness_level": "advanced"},
    "goals": ["muscle_gain"],
    "preferences": {"workout_duration": 75, "days_per_week": 4, "equipment_access": "full_gym"},
    "health": {"exercises_regularly": True},
}


@pytest.fixture
def case() -> tuple[UserProfile, dict[str, Any]]:
    profile = UserProfile.model_validate(ADVANCED)
    return profile, build_plan(profile)


def lifts(day: dict[str, Any]) -> list[dict[str, Any]]:
    return [e for e in day["exercises"] if knowledge.exercises()[e["id"]].modality.value == "strength"]


def test_too_difficult_means_fewer_sets_and_easier_exercises(case: tuple[UserProfile, dict[str, Any]]) -> None:
    profile, plan = case
    before = plan["workout_plan"]["weekly_schedule"][0]
    after_plan = regenerate_day(profile, plan, 0, "too_difficult")
    after = after_plan["workout_plan"]["weekly_schedule"][0]
    assert after["adapted_for"] == "too_difficult"
    assert sum(e["sets"] for e in lifts(after)) < sum(e["sets"] for e in lifts(before))
    hardest = max(LEVEL_RANK[knowledge.exercises()[e["id"]].level] for e in after["exercises"])
    assert hardest <= LEVEL_RANK[FitnessLevel.INTERMEDIATE]
    assert after_plan["workout_plan"]["weekly_schedule"][1] == plan["workout_plan"]["weekly_schedule"][1]
    assert errors(verify(profile, after_plan)) == []


def test_too_easy_adds_volume_within_the_prescription(case: tuple[UserProfile, dict[str, Any]]) -> None:
    profile, plan = case
    before = plan["workout_plan"]["weekly_schedule"][1]
    after_plan = regenerate_day(profile, plan, 1, "too_easy")
    after = after_plan["workout_plan"]["weekly_schedule"][1]
    assert sum(e["sets"] for e in lifts(after)) >= sum(e["sets"] for e in lifts(before))
    assert all(e["sets"] <= 6 for e in after["exercises"])
    assert errors(verify(profile, after_plan)) == []


@pytest.mark.parametrize("minutes", [None, 20, 30])
def test_short_on_time_fits_and_keeps_compound_lifts(
    case: tuple[UserProfile, dict[str, Any]], minutes: int | None
) -> None:
    profile, plan = case
    after = regenerate_day(profile, plan, 0, "short_on_time", minutes=minutes)["workout_plan"]["weekly_schedule"][0]
    limit = minutes or ADVANCED["preferences"]["workout_duration"] // 2
    estimate = day_minutes(after)
    assert estimate is not None
    assert estimate <= limit
    assert any(knowledge.exercises()[e["id"]].mechanic.value == "compound" for e in after["exercises"])


def test_bad_day_index_is_a_clear_error(case: tuple[UserProfile, dict[str, Any]]) -> None:
    profile, plan = case
    with pytest.raises(InvalidInput, match="day_index"):
        regenerate_day(profile, plan, 9, "too_easy")

"""Profiles: saved with their screening, validated, merged on change, scoped to their owner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from fitcoach.domain.errors import InvalidInput
from fitcoach.services import plans, profiles
from fitcoach.services.errors import NotFound


def test_save_profile_stores_the_contract_profile_and_its_screening(
    db: Session, user_id: int, knee_profile: dict[str, Any]
) -> None:
    saved = profiles.save_profile(db, user_id, knee_profile)
    assert saved.profile.personal_info.weight == 80
    assert saved.screening["clearance"] == "none" and not saved.needs_clearance
    again = profiles.get_profile(db, user_id)
    assert again.record.data["constraints"]["injuries"] == ["Knee pain or knee injury"]


def test_bad_profile_names_the_field(db: Session, user_id: int, knee_profile: dict[str, Any]) -> None:
    knee_profile["personal_info"]["age"] = 7
    with pytest.raises(InvalidInput) as caught:
        profiles.save_profile(db, user_id, knee_profile)
    assert caught.value.problems[0].field == "personal_info.age"
    assert profiles.find_profile(db, user_id) is None


def test_a_result_needing_clearance_is_kept_and_caps_the_plan(
    db: Session, user_id: int, knee_profile: dict[str, Any]
) -> None:
    knee_profile["health"] = {"exercises_regularly": False, "known_conditions": ["type 2 diabetes"]}
    knee_profile["preferences"]["days_per_week"] = 5
    saved = profiles.save_profile(db, user_id, knee_profile)
    assert saved.needs_clearance and saved.screening["clearance"] == "before_starting"
    plan = plans.generate_plan(db, user_id, reason="onboarding").plan
    assert plan["screening"]["clearance"] == "before_starting"
    intensities = {d["intensity_level"] for d in plan["workout_plan"]["weekly_schedule"]}
    assert intensities <= {"light", "moderate"}


def test_update_profile_merges_sections(db: Session, user_id: int, knee_profile: dict[str, Any]) -> None:
    profiles.save_profile(db, user_id, knee_profile)
    saved = profiles.update_profile(db, user_id, {"preferences": {"days_per_week": 4}})
    assert saved.profile.preferences.days_per_week == 4
    assert saved.profile.preferences.workout_duration == 60  # untouched fields stay
    with pytest.raises(InvalidInput) as caught:
        profiles.update_profile(db, user_id, {"preferences": {"days_per_week": 9}})
    assert caught.value.problems[0].field == "preferences.days_per_week"


def test_profiles_belong_to_their_owner(
    db: Session, make_user: Callable[[], int], knee_profile: dict[str, Any]
) -> None:
    alice, bob = make_user(), make_user()
    profiles.save_profile(db, alice, knee_profile)
    with pytest.raises(NotFound):
        profiles.get_profile(db, bob)

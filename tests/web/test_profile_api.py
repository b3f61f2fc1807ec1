"""/api/v1/profile: save, read and change the contract profile with its screening."""

from __future__ import annotations

import copy

from web_helpers import WebUser
from web_resources import FITNESS_PROFILE


def test_profile_round_trip_with_screening(user: WebUser) -> None:
    assert user.api("GET", "/api/v1/profile").status_code == 404
    saved = user.api("PUT", "/api/v1/profile", json=FITNESS_PROFILE)
    assert saved.status_code == 200, saved.text
    body = saved.json()
    assert body["profile"]["constraints"]["injuries"] == ["bad knee"]
    assert body["screening"]["clearance"] == "none" and body["needs_clearance"] is False
    assert user.api("GET", "/api/v1/profile").json()["profile"] == body["profile"]


def test_patch_changes_only_what_is_sent(user: WebUser) -> None:
    user.api("PUT", "/api/v1/profile", json=FITNESS_PROFILE)
    changed = user.api("PATCH", "/api/v1/profile", json={"preferences": {"days_per_week": 4}}).json()
    assert changed["profile"]["preferences"]["days_per_week"] == 4
    assert changed["profile"]["preferences"]["workout_duration"] == 60


def test_bad_profile_is_422_naming_the_field(user: WebUser) -> None:
    bad = copy.deepcopy(FITNESS_PROFILE)
    bad["preferences"]["days_per_week"] = 9
    response = user.api("PUT", "/api/v1/profile", json=bad)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["field"] == "preferences.days_per_week" and "1-7" in error["message"]
    assert user.api("PUT", "/api/v1/profile", json=[1, 2]).status_code == 422


def test_clearance_is_reported(user: WebUser) -> None:
    risky = copy.deepcopy(FITNESS_PROFILE)
    risky["health"] = {"exercises_regularly": True, "resting_bp": {"systolic": 165, "diastolic": 95}}
    body = user.api("PUT", "/api/v1/profile", json=risky).json()
    assert body["needs_clearance"] is True
    assert any("blood pressure" in r["text"].lower() for r in body["screening"]["reasons"])

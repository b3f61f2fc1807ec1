"""/api/v1/plans: generate, list versions, swap an exercise, adjust a day."""

from __future__ import annotations

from web_helpers import WebUser
from web_resources import FITNESS_PROFILE, onboard


def test_a_plan_needs_a_profile(user: WebUser) -> None:
    assert user.api("POST", "/api/v1/plans", json={}).status_code == 404
    assert user.api("GET", "/api/v1/plans/current").status_code == 404


def test_generate_and_list_versions(user: WebUser) -> None:
    first = onboard(user)
    assert first["version"] == 1 and first["guard_outcome"] == "accepted" and first["generator"] == "engine"
    assert set(first["plan"]) >= {"workout_plan", "nutrition_suggestions", "adaptive_recommendations"}
    user.api("PATCH", "/api/v1/profile", json={"preferences": {"days_per_week": 4}})
    second = user.api("POST", "/api/v1/plans", json={"reason": "preferences changed"}).json()
    assert second["version"] == 2 and len(second["plan"]["workout_plan"]["weekly_schedule"]) == 4
    page = user.api("GET", "/api/v1/plans?limit=1").json()
    assert page["total"] == 2 and page["next_offset"] == 1
    assert [p["reason"] for p in page["items"]] == ["preferences changed"]
    assert "plan" not in page["items"][0]  # the list is summaries
    old = user.api("GET", f"/api/v1/plans/{first['id']}").json()
    assert old["is_current"] is False


def test_substitute_and_adjust_make_new_versions(user: WebUser) -> None:
    plan = onboard(user)["plan"]
    exercise = plan["workout_plan"]["weekly_schedule"][0]["exercises"][1]
    swap = {"day_index": 0, "exercise_index": 1, "substitute_id": exercise["substitutes"][0]}
    swapped = user.api("POST", "/api/v1/plans/current/substitute", json=swap)
    assert swapped.status_code == 201, swapped.text
    new = swapped.json()["plan"]["workout_plan"]["weekly_schedule"][0]["exercises"][1]
    assert new["id"] == exercise["substitutes"][0]
    adjusted = user.api("POST", "/api/v1/plans/current/adjust", json={"feedback": "short_on_time", "day_index": 0})
    assert adjusted.status_code == 201 and adjusted.json()["version"] == 3
    assert adjusted.json()["plan"]["workout_plan"]["weekly_schedule"][0]["adapted_for"] == "short_on_time"


def test_bad_changes_name_the_field(user: WebUser) -> None:
    onboard(user)
    bad = user.api(
        "POST", "/api/v1/plans/current/substitute", json={"day_index": 0, "exercise_index": 0, "substitute_id": "x"}
    )
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "substitute_id"
    bad = user.api("POST", "/api/v1/plans/current/adjust", json={"feedback": "boring"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "feedback"
    assert FITNESS_PROFILE["preferences"]["days_per_week"] == 3  # the shared profile is never changed

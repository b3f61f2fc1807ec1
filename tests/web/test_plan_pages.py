"""The workout page: the week, exercise details, swaps and day adjustments."""

from __future__ import annotations

from web_helpers import WebUser
from web_resources import onboard


def test_plan_page_needs_onboarding_first(user: WebUser) -> None:
    response = user.client.get("/plan", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/onboarding"


def test_plan_page_shows_the_week_with_doses_cues_and_substitutes(user: WebUser) -> None:
    plan = onboard(user)["plan"]
    html = user.client.get("/plan").text
    for day in plan["workout_plan"]["weekly_schedule"]:
        assert f"<h3>{day['day']}" in html
        for exercise in day["exercises"]:
            assert exercise["name"] in html
            assert f"{exercise['sets']} × {exercise['reps']} · rest {exercise['rest']}" in html
    assert 'action="/plan/substitute"' in html and 'class="chip"' in html
    assert 'name="feedback" value="too_difficult"' in html
    assert "Why this plan" in html


def test_swapping_and_adjusting_from_the_page(user: WebUser) -> None:
    plan = onboard(user)["plan"]
    first = plan["workout_plan"]["weekly_schedule"][0]["exercises"][0]
    swap = {"day_index": 0, "exercise_index": 0, "substitute_id": first["substitutes"][0]}
    response = user.form("/plan/substitute", swap)
    assert response.status_code == 200 and "Done: swapped" in response.text
    response = user.form("/plan/adjust", {"day_index": 0, "feedback": "too_difficult", "minutes": ""})
    assert "made easier" in response.text
    assert user.api("GET", "/api/v1/plans/current").json()["version"] == 3
    response = user.form("/plan/adjust", {"day_index": 0, "feedback": "short_on_time", "minutes": "twenty"})
    assert "minutes: must be a whole number" in response.text
    response = user.form("/plan/substitute", {"day_index": 0, "exercise_index": 0, "substitute_id": "nope"})
    assert "substitute_id" in response.text

"""Dashboard and profile card pages."""

from __future__ import annotations

from web_helpers import WebUser
from web_resources import onboard


def test_dashboard_before_onboarding_points_to_it(user: WebUser) -> None:
    html = user.client.get("/dashboard").text
    assert 'href="/onboarding"' in html and "Let's set you up" in html


def test_dashboard_after_a_session_shows_xp_and_charts(user: WebUser) -> None:
    onboard(user)
    session = user.api("POST", "/api/v1/sessions", json={"day_index": 0}).json()
    exercise = session["targets"][0]["exercise_id"]
    for _ in range(2):
        body = {"exercise_id": exercise, "reps": 8, "load_kg": 30, "rpe": 7}
        user.api("POST", f"/api/v1/sessions/{session['id']}/sets", json=body)
    xp = user.api("POST", f"/api/v1/sessions/{session['id']}/finish", json={}).json()["game"]["xp"]
    html = user.client.get("/dashboard").text
    assert f"{xp} XP" in html
    for chart in ("chart-weight", "chart-volume", "chart-e1rm"):
        assert f'id="{chart}"' in html
    assert 'class="chart-bar"' in html  # weekly volume has bars now
    assert "Next workout" in html and "This week" in html


def test_profile_card_lists_stats_and_achievements(user: WebUser) -> None:
    onboard(user)
    html = user.client.get("/card").text
    for stat in ("Strength", "Endurance", "Agility", "Flexibility", "Health"):
        assert stat in html
    assert "First step" in html and "Level 1" in html
    assert '<progress class="bar small"' in html  # progress towards the achievements not yet earned

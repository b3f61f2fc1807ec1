"""/api/v1/dashboard and /api/v1/game."""

from __future__ import annotations

from web_helpers import WebUser
from web_resources import onboard


def test_dashboard_before_and_after_a_session(user: WebUser) -> None:
    empty = user.api("GET", "/api/v1/dashboard").json()
    assert empty["has_profile"] is False and empty["next_workout"] is None and empty["game"]["xp"] == 0
    onboard(user)
    session = user.api("POST", "/api/v1/sessions", json={"day_index": 0}).json()
    exercise = session["targets"][0]["exercise_id"]
    for _ in range(3):
        body = {"exercise_id": exercise, "reps": 8, "load_kg": 30, "rpe": 7}
        assert user.api("POST", f"/api/v1/sessions/{session['id']}/sets", json=body).status_code == 201
    earned = user.api("POST", f"/api/v1/sessions/{session['id']}/finish", json={}).json()["game"]["xp"]
    user.api("POST", "/api/v1/body-weights", json={"weight_kg": 79.0})
    view = user.api("GET", "/api/v1/dashboard").json()
    assert view["has_profile"] and view["next_workout"]["exercises"]
    assert view["game"]["xp"] == earned and view["adherence"]["done"] == 1
    assert sum(view["weekly_sets"].values()) >= 3
    assert len(view["body_weight"]) == 1 and view["body_weight"][0][1] == 79.0
    assert len(view["e1rm"]) == 1


def test_game_card(user: WebUser) -> None:
    onboard(user)
    card = user.api("GET", "/api/v1/game").json()
    assert card["level"] == 1 and card["xp"] == 0
    assert set(card["stats"]) == {"strength", "endurance", "agility", "flexibility", "health"}
    assert card["achievements"] and all(a["earned_on"] is None for a in card["achievements"])

"""/api/v1/sessions: start, log sets, finish (next loads and XP), history and records."""

from __future__ import annotations

from typing import Any

from web_helpers import WebUser
from web_resources import onboard

from fitcoach.domain import knowledge


def log_planned_sets(user: WebUser, session: dict[str, Any]) -> int:
    count = 0
    for target in session["targets"]:
        exercise = knowledge.exercises()[target["exercise_id"]]
        timed = exercise.dose.value != "reps"
        for _ in range(target["sets"]):
            body = {"exercise_id": exercise.id, "reps": 0 if timed else target["reps_min"], "rpe": 7}
            if timed:
                body["duration_seconds"] = 45
            elif exercise.loadable:
                body["load_kg"] = 20
            response = user.api("POST", f"/api/v1/sessions/{session['id']}/sets", json=body)
            assert response.status_code == 201, response.text
            count += 1
    return count


def test_a_whole_session(user: WebUser) -> None:
    onboard(user)
    assert user.api("GET", "/api/v1/sessions/open").json() is None
    session = user.api("POST", "/api/v1/sessions", json={"day_index": 0}).json()
    assert session["finished_at"] is None and session["targets"]
    assert user.api("POST", "/api/v1/sessions", json={}).json()["id"] == session["id"]  # one open at a time
    logged = log_planned_sets(user, session)
    finished = user.api(
        "POST", f"/api/v1/sessions/{session['id']}/finish", json={"feeling": "ok", "duration_minutes": 50}
    )
    assert finished.status_code == 200, finished.text
    body = finished.json()
    assert len(body["session"]["sets"]) == logged and body["session"]["finished_at"]
    assert body["game"]["xp"] > 0 and body["game"]["breakdown"]["full_adherence"] > 0
    assert {"first_session", "full_adherence"} <= {a["key"] for a in body["game"]["new_achievements"]}
    assert {a["exercise_id"] for a in body["adjustments"]} == {t["exercise_id"] for t in session["targets"]}
    loaded = [a for a in body["adjustments"] if a["target"]["load_kg"]]
    assert loaded and all(a["target"]["load_kg"] == 20 for a in loaded)
    again = user.api("POST", f"/api/v1/sessions/{session['id']}/finish", json={})
    assert again.status_code == 409
    history = user.api("GET", "/api/v1/sessions").json()
    assert history["total"] == 1 and history["items"][0]["xp_awarded"] == body["game"]["xp"]
    records = user.api("GET", "/api/v1/sessions/records").json()
    assert any(r["heaviest_kg"] == 20 for r in records)


def test_bad_sets_are_422_naming_the_field(user: WebUser) -> None:
    onboard(user)
    session = user.api("POST", "/api/v1/sessions", json={}).json()
    exercise = session["targets"][0]["exercise_id"]
    for body, field in (
        ({"exercise_id": exercise, "reps": 8, "rpe": 12}, "rpe"),
        ({"exercise_id": exercise, "reps": -3}, "reps"),
        ({"exercise_id": exercise, "reps": 8, "load_kg": 5000}, "load_kg"),
        ({"exercise_id": "teleport", "reps": 8}, "exercise_id"),
        ({"exercise_id": exercise, "reps": "lots"}, "reps"),
    ):
        response = user.api("POST", f"/api/v1/sessions/{session['id']}/sets", json=body)
        assert response.status_code == 422, body
        assert response.json()["error"]["field"] == field
    empty = user.api("POST", f"/api/v1/sessions/{session['id']}/finish", json={})
    assert empty.status_code == 422 and empty.json()["error"]["field"] == "sets"


def test_a_set_can_be_removed(user: WebUser) -> None:
    onboard(user)
    session = user.api("POST", "/api/v1/sessions", json={}).json()
    logged = user.api("POST", f"/api/v1/sessions/{session['id']}/sets", json={"exercise_id": "push_up", "reps": 10})
    assert user.api("DELETE", f"/api/v1/sessions/{session['id']}/sets/{logged.json()['id']}").status_code == 204
    assert user.api("GET", f"/api/v1/sessions/{session['id']}").json()["sets"] == []

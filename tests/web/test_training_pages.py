"""Training pages: start, log sets (rest timer), finish with XP, history and records."""

from __future__ import annotations

import re

from web_helpers import WebUser
from web_resources import onboard


def start(user: WebUser) -> tuple[int, str]:
    response = user.form("/train/start", {"day_index": "0"})
    assert response.status_code == 200
    session_id = int(re.search(r'action="/train/(\d+)/sets"', response.text).group(1))  # type: ignore[union-attr]
    exercise = re.search(r'name="exercise_id" value="([^"]+)"', response.text).group(1)  # type: ignore[union-attr]
    return session_id, exercise


def test_train_offers_the_plan_days(user: WebUser) -> None:
    onboard(user)
    html = user.client.get("/train").text
    assert html.count('action="/train/start"') >= 3 and "Start a session" in html


def test_log_sets_then_finish(user: WebUser) -> None:
    onboard(user)
    session_id, exercise = start(user)
    page = user.client.get("/train").text
    assert 'id="rest-timer"' in page and '<script src="/static/js/training.js" defer></script>' in page
    logged = user.form(
        f"/train/{session_id}/sets",
        {"exercise_id": exercise, "reps": "10", "load_kg": "22,5", "rpe": "7"},
        follow_redirects=False,
    )
    location = logged.headers["location"]
    assert logged.status_code == 303 and re.match(rf"/train\?rest=\d+&ex={exercise}#ex-{exercise}", location)
    timer = user.client.get(location).text
    assert re.search(r'id="rest-timer"[^>]*data-seconds="\d+"', timer)
    assert "22.5 kg" in timer
    done = user.form(f"/train/{session_id}/finish", {"feeling": "ok", "duration_minutes": "30", "notes": "felt good"})
    assert done.status_code == 200 and "Session done: +" in done.text and "Next time" in done.text
    history = user.client.get("/history").text
    assert "Personal records" in history and "22.5 kg × 10" in history
    assert f'href="/train/{session_id}"' in history


def test_bad_input_is_shown_on_the_training_page(user: WebUser) -> None:
    onboard(user)
    session_id, exercise = start(user)
    bad = user.form(f"/train/{session_id}/sets", {"exercise_id": exercise, "reps": "10", "rpe": "11"})
    assert bad.status_code == 422 and "rpe" in bad.text and "out of range" in bad.text
    bad = user.form(f"/train/{session_id}/sets", {"exercise_id": exercise, "reps": "ten"})
    assert bad.status_code == 422 and "reps" in bad.text
    empty = user.form(f"/train/{session_id}/finish", {"feeling": "ok"})
    assert empty.status_code == 422 and "log at least one set" in empty.text


def test_another_users_session_page_is_not_found(user: WebUser, other_user: WebUser) -> None:
    onboard(user)
    session_id, _ = start(user)
    assert other_user.client.get(f"/train/{session_id}").status_code == 404

"""What the generic security tests need to know about each area's API. Every area adds its entries here.

- ``RESOURCE_FACTORIES``: path parameter name -> function ``(user, ids)`` creating that resource as ``user``
  (through the API) and returning its id; ``ids`` holds the ids already made for parameters earlier in the
  same path (e.g. ``session_id`` before ``set_id``). ``test_security`` calls every ``/api/v1`` route that
  has path parameters as another user (must get 403/404) and then as the owner (must succeed): a route
  whose parameter has no factory fails the test, so new routes are covered as soon as they exist. Where the
  API cannot create the resource by itself, seed it with ``user.db()`` (a session on the app's database).
- ``EXAMPLE_BODIES``: (METHOD, route path) -> a valid JSON body, for routes that take one (an empty body
  would be refused with 422 before ownership is ever checked).
- ``PUBLIC_API_ROUTES``: (METHOD, route path) that need no login; every other API route must answer 401.
- ``XSS_SETUPS``: functions storing ``payload`` in the user's text fields through the API; the XSS test then
  renders every page and checks the payload only ever appears escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from web_helpers import WebUser


def _token(user: WebUser, ids: dict[str, int]) -> int:
    response = user.api("POST", "/api/v1/tokens", json={"name": "ownership check"})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


# A profile the fitness areas share: a bad knee, a full gym, vegetarian with a peanut allergy.
FITNESS_PROFILE: dict[str, Any] = {
    "personal_info": {"age": 35, "gender": "male", "height": 180, "weight": 80, "fitness_level": "intermediate"},
    "goals": ["muscle_gain"],
    "preferences": {"workout_duration": 60, "days_per_week": 3, "equipment_access": "full_gym"},
    "constraints": {"injuries": ["bad knee"]},
    "health": {"exercises_regularly": True},
    "nutrition": {"diet": "vegetarian", "allergies": ["peanut"], "meals_per_day": 4},
}


def onboard(user: WebUser) -> dict[str, Any]:
    """Give ``user`` a profile and a plan through the API (once); returns the current plan record."""
    current = user.api("GET", "/api/v1/plans/current")
    if current.status_code == 200:
        return dict(current.json())
    assert user.api("PUT", "/api/v1/profile", json=FITNESS_PROFILE).status_code == 200
    created = user.api("POST", "/api/v1/plans", json={"reason": "onboarding"})
    assert created.status_code == 201, created.text
    return dict(created.json())


def _plan(user: WebUser, ids: dict[str, int]) -> int:
    return int(onboard(user)["id"])


def _session(user: WebUser, ids: dict[str, int]) -> int:
    """An open session with one set logged (so it can be finished)."""
    onboard(user)
    started = user.api("POST", "/api/v1/sessions", json={})
    assert started.status_code == 201, started.text
    session = started.json()
    exercise = session["targets"][0]["exercise_id"]
    logged = user.api("POST", f"/api/v1/sessions/{session['id']}/sets", json={"exercise_id": exercise, "reps": 8})
    assert logged.status_code == 201, logged.text
    return int(session["id"])


def _set(user: WebUser, ids: dict[str, int]) -> int:
    response = user.api(
        "POST", f"/api/v1/sessions/{ids['session_id']}/sets", json={"exercise_id": "push_up", "reps": 9}
    )
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _meal(user: WebUser, ids: dict[str, int]) -> int:
    onboard(user)
    meal = user.api("POST", "/api/v1/nutrition/suggestions", json={"slot": "lunch"}).json()["meal"]
    response = user.api("POST", "/api/v1/nutrition/meals", json={"recipe_id": meal["recipe_id"], "slot": "lunch"})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _weight(user: WebUser, ids: dict[str, int]) -> int:
    response = user.api("POST", "/api/v1/body-weights", json={"weight_kg": 79.5})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _chat_answer(user: WebUser, ids: dict[str, int]) -> int:
    """A chat answer proposing a plan change (shorten today), so applying it succeeds for its owner."""
    onboard(user)
    response = user.api("POST", "/api/v1/chat", json={"message": "I only have 30 minutes today"})
    assert response.status_code == 200, response.text
    assert response.json()["actions"], response.text
    return int(response.json()["id"])


RESOURCE_FACTORIES: dict[str, Callable[[WebUser, dict[str, int]], int]] = {
    "token_id": _token,
    "plan_id": _plan,
    "session_id": _session,
    "set_id": _set,
    "meal_id": _meal,
    "weight_id": _weight,
    "message_id": _chat_answer,
}

EXAMPLE_BODIES: dict[tuple[str, str], Any] = {
    ("POST", "/api/v1/sessions/{session_id}/sets"): {"exercise_id": "push_up", "reps": 10, "rpe": 7},
    ("POST", "/api/v1/sessions/{session_id}/finish"): {"feeling": "ok", "duration_minutes": 40},
}

PUBLIC_API_ROUTES: set[tuple[str, str]] = {
    ("POST", "/api/v1/auth/register"),
    ("POST", "/api/v1/auth/login"),
    ("POST", "/api/v1/auth/logout"),
}


def _xss_display_name(user: WebUser, payload: str) -> None:
    assert user.api("PATCH", "/api/v1/me", json={"display_name": payload}).status_code == 200


def _xss_token_name(user: WebUser, payload: str) -> None:
    assert user.api("POST", "/api/v1/tokens", json={"name": payload}).status_code == 201


def _xss_injury_and_notes(user: WebUser, payload: str) -> None:
    """Free text in the profile (an injury in the person's words) and in a finished session's notes."""
    onboard(user)
    profile = {**FITNESS_PROFILE, "constraints": {"injuries": ["bad knee", payload[:200]], "location": payload}}
    assert user.api("PUT", "/api/v1/profile", json=profile).status_code == 200
    session_id = _session(user, {})
    finished = user.api("POST", f"/api/v1/sessions/{session_id}/finish", json={"notes": payload})
    assert finished.status_code == 200, finished.text


def _xss_chat(user: WebUser, payload: str) -> None:
    """A chat question holding the payload (a calculation question: no embedding model needed)."""
    response = user.api("POST", "/api/v1/chat", json={"message": f"How much protein do I need? {payload}"})
    assert response.status_code == 200, response.text


XSS_SETUPS: list[Callable[[WebUser, str], None]] = [_xss_display_name, _xss_token_name, _xss_injury_and_notes]
XSS_SETUPS.append(_xss_chat)

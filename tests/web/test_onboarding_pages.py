"""The onboarding page: a guided form that saves the profile, screens it and builds the plan."""

from __future__ import annotations

from typing import Any

from web_helpers import WebUser

from fitcoach.domain.screening import PARQ_QUESTIONS


def answers(**changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "personal_info.age": "42",
        "personal_info.gender": "female",
        "units": "metric",
        "personal_info.height": "165",
        "personal_info.weight": "64",
        "personal_info.fitness_level": "beginner",
        "health.exercises_regularly": "no",
        **{f"health.parq.{q}": "no" for q in PARQ_QUESTIONS},
        "goals": ["general_fitness", "weight_loss"],
        "preferences.days_per_week": "3",
        "preferences.workout_duration": "40",
        "preferences.equipment_access": "no_equipment",
        "constraints.injuries": ["Knee pain or knee injury"],
        "nutrition.diet": "vegan",
        "nutrition.meals_per_day": "3",
    }
    form.update(changes)
    return form


def test_the_form_shows_every_step_and_the_parq(user: WebUser) -> None:
    page = user.client.get("/onboarding")
    assert page.status_code == 200
    for step in ("About you", "Health check", "Goals and schedule", "Injuries and pain", "Food"):
        assert step in page.text
    for question in PARQ_QUESTIONS:
        assert f'name="health.parq.{question}"' in page.text
    assert '<script src="/static/js/onboarding.js" defer></script>' in page.text


def test_submitting_saves_the_profile_and_builds_the_plan(user: WebUser) -> None:
    response = user.form("/onboarding", answers(), follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/plan"
    profile = user.api("GET", "/api/v1/profile").json()["profile"]
    assert profile["constraints"]["injuries"] == ["Knee pain or knee injury"]
    assert profile["nutrition"]["diet"] == "vegan"
    plan = user.api("GET", "/api/v1/plans/current").json()
    assert plan["reason"] == "onboarding"
    assert "Your plan is ready." in user.client.get("/plan").text
    # Editing the profile later builds a new version.
    user.form("/onboarding", answers(**{"preferences.days_per_week": "4"}))
    assert user.api("GET", "/api/v1/plans/current").json()["reason"] == "profile updated"
    edit = user.client.get("/onboarding").text
    assert 'value="4"' in edit and "Save and update my plan" in edit


def test_problems_are_shown_next_to_their_inputs_and_answers_kept(user: WebUser) -> None:
    response = user.form("/onboarding", answers(**{"personal_info.age": "7", "personal_info.height": ""}))
    assert response.status_code == 422
    html = response.text
    assert 'id="f-personal_info-age-error"' in html and "14-100" in html
    assert 'id="f-personal_info-height-error"' in html and "needs an answer" in html
    assert 'data-start-step="about"' in html
    assert 'value="64"' in html  # the weight typed stays
    assert user.api("GET", "/api/v1/profile").status_code == 404


def test_a_screening_that_needs_clearance_is_shown_plainly(user: WebUser) -> None:
    response = user.form("/onboarding", answers(**{"health.parq.chest_pain": "yes"}))
    assert response.status_code == 200
    assert "See a doctor before you start" in response.text
    assert "PAR-Q+" in response.text

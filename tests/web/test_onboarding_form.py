"""The onboarding form: every contract area asked, form data -> a valid profile, errors -> the right inputs."""

from __future__ import annotations

import pytest

from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.screening import PARQ_QUESTIONS, screen
from fitcoach.domain.validation import validate
from fitcoach.domain.vocab import Allergen, Goal
from fitcoach.web.onboarding_form import (
    FIELDS,
    PARQ_ASKED,
    STEPS,
    errors_for_form,
    form_from_profile,
    profile_from_form,
)


def filled_form(**changes: list[str]) -> dict[str, list[str]]:
    form = {
        "personal_info.age": ["35"],
        "personal_info.gender": ["male"],
        "units": ["metric"],
        "personal_info.height": ["180"],
        "personal_info.weight": ["80.5"],
        "personal_info.fitness_level": ["intermediate"],
        "health.exercises_regularly": ["yes"],
        **{f"health.parq.{key}": ["no"] for key in PARQ_QUESTIONS},
        "goals": ["muscle_gain", "strength_increase"],
        "preferences.days_per_week": ["4"],
        "preferences.workout_duration": ["60"],
        "preferences.equipment_access": ["full_gym"],
        "preferences.preferred_activities": ["strength_training"],
        "constraints.injuries": ["Knee pain or knee injury"],
        "constraints.injuries+other": ["tennis elbow; stiff neck"],
        "nutrition.diet": ["vegetarian"],
        "nutrition.allergies": ["peanut", "sesame"],
        "nutrition.meals_per_day": ["4"],
        "nutrition.cuisine": [""],
    }
    form.update(changes)
    return form


def test_the_form_asks_every_contract_area_and_all_parq_questions() -> None:
    paths = {f.path for f in FIELDS}
    for needed in (
        "personal_info.age", "personal_info.gender", "personal_info.height", "personal_info.weight",
        "personal_info.fitness_level", "goals", "preferences.days_per_week", "preferences.workout_duration",
        "preferences.equipment_access", "constraints.injuries", "health.exercises_regularly",
        "health.known_conditions", "health.symptoms", "nutrition.diet", "nutrition.allergies",
        "nutrition.meals_per_day",
    ):  # fmt: skip
        assert needed in paths
    assert {p for p in paths if p.startswith("health.parq.")} == {f"health.parq.{q}" for q in PARQ_QUESTIONS}
    assert set(PARQ_ASKED) == set(PARQ_QUESTIONS)  # every screening question is asked, in words of its own
    goals = next(f for f in FIELDS if f.path == "goals")
    assert {c.value for c in goals.choices} == {g.value for g in Goal}
    allergies = next(f for f in FIELDS if f.path == "nutrition.allergies")
    assert {c.value for c in allergies.choices} == {a.value for a in Allergen}
    assert [s.key for s in STEPS] == ["about", "health", "goals", "injuries", "nutrition"]
    names = [f.name for f in FIELDS]
    assert len(names) == len(set(names))


def test_number_limits_come_from_the_profile_model() -> None:
    age = next(f for f in FIELDS if f.path == "personal_info.age")
    days = next(f for f in FIELDS if f.path == "preferences.days_per_week")
    assert (age.minimum, age.maximum) == (14, 100)
    assert (days.minimum, days.maximum) == (1, 7)


def test_a_filled_form_is_a_valid_contract_profile() -> None:
    doc = profile_from_form(filled_form())
    profile = validate(UserProfile, doc)
    assert profile.personal_info.weight == 80.5
    assert profile.constraints.injuries == ["Knee pain or knee injury", "tennis elbow", "stiff neck"]
    assert profile.nutrition.allergies == [Allergen.PEANUT, Allergen.SESAME]
    assert profile.nutrition.cuisine is None  # empty select: the contract default
    assert profile.health.parq is not None and profile.health.parq.yes_answers() == []
    assert profile.health.exercises_regularly is True


def test_a_parq_yes_reaches_the_screening() -> None:
    doc = profile_from_form(filled_form(**{"health.parq.chest_pain": ["yes"]}))
    outcome = screen(validate(UserProfile, doc))
    assert "chest_pain" in outcome.parq_yes and outcome.symptoms


def test_imperial_units_are_converted_by_the_contract() -> None:
    doc = profile_from_form(filled_form(units=["imperial"], **{"personal_info.height": ["70"]}))
    assert validate(UserProfile, doc).personal_info.height == pytest.approx(177.8)


def test_stored_profile_round_trips_through_the_form() -> None:
    doc = profile_from_form(filled_form())
    again = profile_from_form(form_from_profile(validate(UserProfile, doc).model_dump(mode="json")))
    assert validate(UserProfile, again) == validate(UserProfile, doc)
    values = form_from_profile(doc)
    assert values["constraints.injuries"] == ["Knee pain or knee injury"]
    assert values["constraints.injuries+other"] == ["tennis elbow, stiff neck"]


@pytest.mark.parametrize(
    ("changes", "name", "fragment"),
    [
        ({"personal_info.age": ["7"]}, "personal_info.age", "14-100"),
        ({"personal_info.weight": ["eighty"]}, "personal_info.weight", "must be a number"),
        ({"preferences.days_per_week": ["9"]}, "preferences.days_per_week", "1-7"),
        ({"goals": []}, "goals", "too few"),
        ({"personal_info.height": [""]}, "personal_info.height", "needs an answer"),
        (
            {"health.resting_bp.systolic": ["80"], "health.resting_bp.diastolic": ["90"]},
            "health.resting_bp.diastolic",
            "lower number must be smaller than the upper number",
        ),
        ({"health.pregnancy_trimester": ["2"]}, "health.pregnancy_trimester", "only answer this if you are pregnant"),
    ],
)
def test_validation_problems_land_next_to_their_inputs(changes: dict[str, list[str]], name: str, fragment: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate(UserProfile, profile_from_form(filled_form(**changes)))
    errors = errors_for_form(caught.value.problems)
    assert name in errors.by_field, errors
    assert any(fragment in message for message in errors.by_field[name])
    assert not errors.general


def test_problems_outside_the_form_are_kept_as_general_errors() -> None:
    errors = errors_for_form([FieldProblem("(document)", "must be a JSON object")])
    assert errors.general == ["(document): must be a JSON object"]
    assert errors.first_step() is None
    errors = errors_for_form([FieldProblem("nutrition.meals_per_day", "9 is out of range")])
    assert errors.first_step() == "nutrition"

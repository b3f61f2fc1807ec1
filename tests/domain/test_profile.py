"""The user profile: the contract's shape accepted as is, extra fields kept, imperial converted,
enum spellings normalised, and every bad input refused with a message naming the field and what is allowed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fitcoach.domain.errors import InvalidInput
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.validation import validate
from fitcoach.domain.vocab import Allergen, Diet, EquipmentAccess, FitnessLevel, Goal, Intensity

# Every section and field named in plan-contract.md, extensions included.
FULL_CONTRACT: dict[str, Any] = {
    "personal_info": {"age": 29, "gender": "female", "height": 170, "weight": 64.5, "fitness_level": "intermediate"},
    "goals": [
        "muscle_gain",
        "strength_increase",
        "weight_loss",
        "endurance_improvement",
        "general_fitness",
        "flexibility",
    ],
    "preferences": {
        "workout_duration": 60,
        "days_per_week": 4,
        "equipment_access": "full_gym",
        "preferred_activities": ["strength_training", "cardio", "yoga"],
    },
    "constraints": {"injuries": ["shoulder impingement"], "time_restrictions": "no Sundays", "location": "city gym"},
    "metrics": {
        "weight_history": [{"date": "2024-03-01", "weight": 66.0}, {"date": "2024-04-01", "weight": 65.2}],
        "workout_completion_rate": 0.85,
        "average_intensity_rating": 7,
    },
    "feedback": {
        "previous_workouts": [
            {
                "exercises": [
                    {"name": "bench press", "difficulty": "moderate", "enjoyment": "high"},
                    {"name": "deadlift", "difficulty": 8, "enjoyment": 6},
                ]
            },
        ]
    },
    "gamified_stats": {"health": 70, "strength": 55, "agility": 40, "endurance": 60, "xp": 5400, "level": 7},
    "health": {
        "exercises_regularly": True,
        "known_conditions": ["asthma"],
        "symptoms": [],
        "parq": {
            "heart_condition_or_high_bp": False,
            "chest_pain": False,
            "dizziness_or_fainting": False,
            "other_chronic_condition": True,
            "prescribed_medication": True,
            "bone_joint_problem": False,
            "supervised_only": False,
        },
        "resting_bp": {"systolic": 118, "diastolic": 76},
        "resting_hr": 58,
        "pregnant": True,
        "pregnancy_trimester": 1,
        "desired_intensity": "vigorous",
    },
    "nutrition": {
        "diet": "pescatarian",
        "allergies": ["peanut", "tree_nut", "sesame"],
        "intolerances": ["lactose"],
        "meals_per_day": 4,
        "cuisine": "mediterranean",
        "max_prep_minutes": 30,
        "available_ingredients": ["salmon", "rice", "spinach"],
    },
    "units": "metric",
}


def test_full_contract_profile_is_accepted_as_is() -> None:
    p = validate(UserProfile, FULL_CONTRACT)
    assert (p.personal_info.age, p.personal_info.gender, p.personal_info.height, p.personal_info.weight) == (
        29,
        "female",
        170,
        64.5,
    )
    assert p.personal_info.fitness_level is FitnessLevel.INTERMEDIATE
    assert [g.value for g in p.goals] == FULL_CONTRACT["goals"]
    assert p.preferences.equipment_access is EquipmentAccess.FULL_GYM
    assert p.preferences.preferred_activities == ["strength_training", "cardio", "yoga"]
    assert p.constraints.injuries == ["shoulder impingement"]
    assert p.constraints.time_restrictions == "no Sundays"
    assert p.metrics.weight_history[1].date == dt.date(2024, 4, 1)
    assert p.metrics.weight_history[1].weight == 65.2
    assert p.metrics.workout_completion_rate == 0.85
    assert [e.name for e in p.feedback.previous_workouts[0].exercises] == ["bench press", "deadlift"]
    assert p.gamified_stats.xp == 5400
    assert p.health.parq is not None
    assert p.health.parq.yes_answers() == ["other_chronic_condition", "prescribed_medication"]
    assert p.health.resting_bp is not None
    assert (p.health.resting_bp.systolic, p.health.resting_bp.diastolic) == (118, 76)
    assert p.health.pregnancy_trimester == 1
    assert p.health.desired_intensity is Intensity.VIGOROUS
    assert p.nutrition.diet is Diet.PESCATARIAN
    assert p.nutrition.allergies == [Allergen.PEANUT, Allergen.TREE_NUT, Allergen.SESAME]
    assert p.units == "metric"
    # nothing lost on the way through: the dump is the input (dates aside, which stay dates)
    assert p.model_dump(mode="json", exclude_defaults=True)["nutrition"] == FULL_CONTRACT["nutrition"]


def test_minimal_profile_gets_safe_defaults() -> None:
    p = validate(UserProfile, {k: FULL_CONTRACT[k] for k in ("personal_info", "goals", "preferences")})
    assert p.constraints.injuries == []
    assert p.health.exercises_regularly is None
    assert p.health.pregnant is False
    assert p.nutrition.diet is Diet.OMNIVORE
    assert p.nutrition.meals_per_day == 3
    assert p.gamified_stats.level == 1


def test_fixture_profiles_are_valid_and_round_trip(any_profile: dict[str, Any]) -> None:
    first = validate(UserProfile, any_profile)
    again = validate(UserProfile, first.model_dump(mode="json"))
    assert again == first


def test_single_exercise_feedback_is_read_as_a_list(imperial_original: dict[str, Any]) -> None:
    p = validate(UserProfile, imperial_original)
    workouts = p.feedback.previous_workouts
    assert [(w.exercises[0].name, w.exercises[0].difficulty) for w in workouts] == [
        ("squats", "hard"),
        ("cycling", "moderate"),
    ]


# ---------------------------------------------------------------- unknown fields are kept


def test_unknown_fields_kept_at_every_level() -> None:
    data: dict[str, Any] = {
        **FULL_CONTRACT,
        "client": {"app": "fitcoach-ios", "build": 12},
        "personal_info": {**FULL_CONTRACT["personal_info"], "nickname": "Sam"},
        "preferences": {**FULL_CONTRACT["preferences"], "music": "techno"},
        "constraints": {**FULL_CONTRACT["constraints"], "notes": "travel in May"},
        "metrics": {
            **FULL_CONTRACT["metrics"],
            "steps_per_day": 8000,
            "weight_history": [{"date": "2024-03-01", "weight": 66.0, "scale": "gym"}],
        },
        "feedback": {
            "mood": "good",
            "previous_workouts": [
                {"date": "2024-04-02", "exercises": [{"name": "row", "difficulty": "easy", "rpe": 6}]},
            ],
        },
        "gamified_stats": {**FULL_CONTRACT["gamified_stats"], "badges": ["first_week"]},
        "health": {
            **FULL_CONTRACT["health"],
            "sleep_hours": 7,
            "parq": {**FULL_CONTRACT["health"]["parq"], "version": "2023"},
            "resting_bp": {"systolic": 118, "diastolic": 76, "measured": "2024-04-01"},
        },
        "nutrition": {**FULL_CONTRACT["nutrition"], "budget": "low"},
    }
    dumped = validate(UserProfile, data).model_dump(mode="json")
    assert dumped["client"] == {"app": "fitcoach-ios", "build": 12}
    assert dumped["personal_info"]["nickname"] == "Sam"
    assert dumped["preferences"]["music"] == "techno"
    assert dumped["constraints"]["notes"] == "travel in May"
    assert dumped["metrics"]["steps_per_day"] == 8000
    assert dumped["metrics"]["weight_history"][0]["scale"] == "gym"
    assert dumped["feedback"]["mood"] == "good"
    assert dumped["feedback"]["previous_workouts"][0]["date"] == "2024-04-02"
    assert dumped["feedback"]["previous_workouts"][0]["exercises"][0]["rpe"] == 6
    assert dumped["gamified_stats"]["badges"] == ["first_week"]
    assert dumped["health"]["sleep_hours"] == 7
    assert dumped["health"]["parq"]["version"] == "2023"
    assert dumped["health"]["resting_bp"]["measured"] == "2024-04-01"
    assert dumped["nutrition"]["budget"] == "low"
    # and a second pass changes nothing
    assert validate(UserProfile, dumped).model_dump(mode="json") == dumped


# ---------------------------------------------------------------- imperial units


def test_imperial_converted_to_metric(imperial_original: dict[str, Any]) -> None:
    p = validate(UserProfile, imperial_original)
    assert p.units == "metric"
    assert p.personal_info.height == pytest.approx(70 * 2.54)  # 177.8 cm
    assert p.personal_info.weight == pytest.approx(200 * 0.45359237, abs=0.005)  # 90.72 kg
    assert [e.weight for e in p.metrics.weight_history] == pytest.approx(
        [210 * 0.45359237, 205 * 0.45359237], abs=0.005
    )  # 95.25, 92.99 kg
    # the converted profile is metric now: validating it again does not convert twice
    again = validate(UserProfile, p.model_dump(mode="json"))
    assert again.personal_info.height == p.personal_info.height
    assert again.metrics.weight_history == p.metrics.weight_history


@pytest.mark.parametrize("units", ["imperial", "Imperial", " IMPERIAL "])
def test_imperial_spelling(beginner_home: dict[str, Any], units: str) -> None:
    beginner_home["units"] = units
    beginner_home["personal_info"].update(height="65", weight=150)
    p = validate(UserProfile, beginner_home)
    assert (p.personal_info.height, p.personal_info.weight) == pytest.approx((165.1, 68.04))


def test_imperial_values_out_of_range_still_refused(beginner_home: dict[str, Any]) -> None:
    beginner_home["units"] = "imperial"
    beginner_home["personal_info"].update(height=65, weight=-5)
    with pytest.raises(InvalidInput) as info:
        validate(UserProfile, beginner_home)
    assert [p.field for p in info.value.problems] == ["personal_info.weight"]


# ---------------------------------------------------------------- enum spellings


def _with(data: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    """``data`` with the field at ``dotted`` replaced (the fixtures hand out fresh copies)."""
    *parents, last = dotted.split(".")
    node = data
    for key in parents:
        node = node[key]
    node[last] = value
    return data


@pytest.mark.parametrize(
    ("path", "given", "expected"),
    [
        ("preferences.equipment_access", "Full Gym", EquipmentAccess.FULL_GYM),
        ("preferences.equipment_access", "home-gym", EquipmentAccess.HOME_GYM),
        ("preferences.equipment_access", " NO EQUIPMENT ", EquipmentAccess.NO_EQUIPMENT),
        ("personal_info.fitness_level", "Beginner", FitnessLevel.BEGINNER),
        ("personal_info.gender", "F", "female"),
        ("personal_info.gender", "Man", "male"),
        ("personal_info.gender", "Non-Binary", "other"),
        ("goals", ["Weight Loss", "muscle-gain"], [Goal.WEIGHT_LOSS, Goal.MUSCLE_GAIN]),
        ("goals", "strength increase", [Goal.STRENGTH_INCREASE]),
        ("preferences.preferred_activities", ["Strength Training", "Yoga"], ["strength_training", "yoga"]),
        ("constraints.injuries", "bad knee, lower back pain", ["bad knee", "lower back pain"]),
        (
            "nutrition",
            {"diet": "Vegan", "allergies": ["Tree Nut"], "cuisine": "North African"},
            {"diet": Diet.VEGAN, "allergies": [Allergen.TREE_NUT], "cuisine": "north_african"},
        ),
        ("health", {"desired_intensity": "Moderate"}, {"desired_intensity": Intensity.MODERATE}),
    ],
)
def test_enum_spellings_normalised(beginner_home: dict[str, Any], path: str, given: Any, expected: Any) -> None:
    p = validate(UserProfile, _with(beginner_home, path, given))
    node: Any = p
    for part in path.split("."):
        node = getattr(node, part)
    if isinstance(expected, dict):
        assert {k: getattr(node, k) for k in expected} == expected
    else:
        assert node == expected


# ---------------------------------------------------------------- bad input


def _problems(data: Any) -> list[tuple[str, str]]:
    with pytest.raises(InvalidInput) as info:
        validate(UserProfile, data)
    return [(p.field, p.message) for p in info.value.problems]


def test_bad_field_message_names_field_and_allowed(bad_field: Any) -> None:
    problems = _problems(bad_field.profile)
    assert len(problems) == 1
    field, message = problems[0]
    assert field == bad_field.field
    for fragment in bad_field.allowed:
        assert fragment in message
    assert "allowed" in message or "choose one of" in message


def test_missing_personal_info(beginner_home: dict[str, Any]) -> None:
    del beginner_home["personal_info"]
    assert _problems(beginner_home) == [("personal_info", "is required")]


def test_missing_nested_field_names_full_path(beginner_home: dict[str, Any]) -> None:
    del beginner_home["personal_info"]["age"]
    [(field, message)] = _problems(beginner_home)
    assert field == "personal_info.age"
    assert "required" in message
    assert "14-100" in message


def test_goals_empty(beginner_home: dict[str, Any]) -> None:
    beginner_home["goals"] = []
    [(field, message)] = _problems(beginner_home)
    assert field == "goals"
    assert "one or more goals" in message


def test_unknown_goal_lists_the_goals(beginner_home: dict[str, Any]) -> None:
    beginner_home["goals"] = ["get_huge"]
    [(field, message)] = _problems(beginner_home)
    assert field == "goals.0"
    assert "'get_huge'" in message
    assert "muscle_gain" in message
    assert "weight_loss" in message


def test_pregnancy_trimester_without_pregnant(beginner_home: dict[str, Any]) -> None:
    beginner_home["health"] = {"pregnancy_trimester": 2}
    [(field, message)] = _problems(beginner_home)
    assert field == "health"
    assert "pregnancy_trimester" in message
    assert "pregnant is false" in message


@pytest.mark.parametrize(
    ("path", "value", "field", "fragment"),
    [
        ("personal_info.age", 30.5, "personal_info.age", "whole number"),
        ("personal_info.age", 101, "personal_info.age", "14-100"),
        ("personal_info.height", 99, "personal_info.height", "100-250"),
        ("personal_info.fitness_level", "expert", "personal_info.fitness_level", "beginner"),
        ("preferences.workout_duration", 5, "preferences.workout_duration", "minutes per session"),
        ("preferences.days_per_week", 0, "preferences.days_per_week", "1-7"),
        ("health", {"pregnant": True, "pregnancy_trimester": 4}, "health.pregnancy_trimester", "1, 2 or 3"),
        ("health", {"resting_bp": {"systolic": 80, "diastolic": 120}}, "health.resting_bp", "lower than systolic"),
        ("nutrition", {"meals_per_day": 9}, "nutrition.meals_per_day", "2-6"),
        ("nutrition", {"allergies": ["gluten"]}, "nutrition.allergies.0", "peanut"),
        ("metrics", {"workout_completion_rate": 1.5}, "metrics.workout_completion_rate", "0-1"),
        (
            "metrics",
            {"weight_history": [{"date": "last tuesday", "weight": 70}]},
            "metrics.weight_history.0.date",
            "YYYY-MM-DD",
        ),
    ],
)
def test_other_bad_values(beginner_home: dict[str, Any], path: str, value: Any, field: str, fragment: str) -> None:
    [(got_field, message)] = _problems(_with(beginner_home, path, value))
    assert got_field == field
    assert fragment in message


@pytest.mark.parametrize("document", [[], "profile", 42, None])
def test_document_must_be_an_object(document: Any) -> None:
    [(field, message)] = _problems(document)
    assert field == "(document)"
    assert "JSON object" in message


def test_every_problem_is_reported_at_once(beginner_home: dict[str, Any]) -> None:
    beginner_home["personal_info"]["age"] = 7
    beginner_home["preferences"]["days_per_week"] = 9
    fields = [f for f, _ in _problems(beginner_home)]
    assert fields == ["personal_info.age", "preferences.days_per_week"]


def test_bad_units_message_offers_imperial(beginner_home: dict[str, Any]) -> None:
    beginner_home["units"] = "stone"
    [(field, message)] = _problems(beginner_home)
    assert field == "units"
    assert "imperial" in message


@pytest.mark.parametrize(
    ("constraints", "field"),
    [
        ({"location": "x" * 5000}, "constraints.location"),
        ({"time_restrictions": "y" * 300}, "constraints.time_restrictions"),
        ({"time_restrictions": ["evenings"] * 21}, "constraints.time_restrictions"),
        ({"time_restrictions": 5}, "constraints.time_restrictions"),
    ],
)
def test_free_text_constraints_are_bounded(
    beginner_home: dict[str, Any], constraints: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        validate(UserProfile, {**beginner_home, "constraints": constraints})
    assert [p.field for p in caught.value.problems] == [field]
    assert "200 characters" in caught.value.problems[0].message


@pytest.mark.parametrize("restrictions", ["weekday evenings", ["mornings", "weekends"], {"monday": "after 6pm"}, None])
def test_time_restrictions_keep_their_shape(beginner_home: dict[str, Any], restrictions: Any) -> None:
    profile = validate(UserProfile, {**beginner_home, "constraints": {"time_restrictions": restrictions}})
    assert profile.constraints.time_restrictions == restrictions

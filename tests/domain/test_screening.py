"""Preparticipation screening: ACSM 2015 table, PAR-Q+, resting blood pressure and intensity caps.

The golden table below is written from domain-guidelines.md section 6, not from the data file.
"""

from __future__ import annotations

from typing import Any

import pytest

from fitcoach.domain.profile import UserProfile
from fitcoach.domain.screening import ScreeningOutcome, disease_kinds, screen
from fitcoach.domain.vocab import Intensity

BASE: dict[str, Any] = {
    "personal_info": {"age": 45, "gender": "male", "height": 178, "weight": 82, "fitness_level": "beginner"},
    "goals": ["general_fitness"],
    "preferences": {"workout_duration": 45, "days_per_week": 3, "equipment_access": "full_gym"},
}


def screened(**health: Any) -> ScreeningOutcome:
    return screen(UserProfile.model_validate({**BASE, "health": health}))


DISEASE = ["type 2 diabetes"]
SYMPTOM = ["chest discomfort when climbing stairs"]

# exercises now, known disease, signs/symptoms -> clearance, needs clearance before starting, highest intensity
ACSM_2015 = [
    # "no clearance needed; start light-to-moderate and progress gradually"
    pytest.param(False, False, False, "none", False, "moderate", id="inactive-healthy"),
    # "medical clearance recommended before starting; then light-to-moderate"
    pytest.param(False, True, False, "before_starting", True, "moderate", id="inactive-disease"),
    # "no | any | yes: medical clearance recommended before starting"
    pytest.param(False, False, True, "before_starting", True, "moderate", id="inactive-symptoms"),
    pytest.param(False, True, True, "before_starting", True, "moderate", id="inactive-disease-symptoms"),
    # "no clearance needed; moderate or vigorous"
    pytest.param(True, False, False, "none", False, "vigorous", id="active-healthy"),
    # "moderate is fine; medical clearance recommended before vigorous"
    pytest.param(True, True, False, "before_vigorous", False, "moderate", id="active-disease"),
    # "yes | any | yes: stop exercising and get medical clearance before resuming"
    pytest.param(True, False, True, "stop_and_clear", True, "light", id="active-symptoms"),
    pytest.param(True, True, True, "stop_and_clear", True, "light", id="active-disease-symptoms"),
]


@pytest.mark.parametrize(("regular", "disease", "symptoms", "clearance", "needs", "highest"), ACSM_2015)
def test_acsm_2015_table(
    regular: bool, disease: bool, symptoms: bool, clearance: str, needs: bool, highest: str
) -> None:
    out = screened(
        exercises_regularly=regular,
        known_conditions=DISEASE if disease else [],
        symptoms=SYMPTOM if symptoms else [],
    )
    assert (out.exercises_regularly, out.known_disease, out.symptoms) == (regular, disease, symptoms)
    assert out.clearance == clearance
    assert out.needs_clearance is needs
    assert out.max_intensity == highest
    assert out.start_intensity != Intensity.VIGOROUS or highest == "vigorous"
    assert "ACSM-2015" in out.sources
    as_dict = out.as_dict()
    assert (as_dict["clearance"], as_dict["needs_clearance"], as_dict["max_intensity"]) == (clearance, needs, highest)


def test_inactive_healthy_starts_light() -> None:
    out = screened(exercises_regularly=False)
    assert out.start_intensity == Intensity.LIGHT


def test_unknown_exercise_habit_is_screened_as_inactive() -> None:
    out = screened()
    assert out.exercises_regularly is False
    assert (out.clearance, out.max_intensity) == ("none", Intensity.MODERATE)
    assert any("not given" in r.text for r in out.reasons)


# ---------------------------------------------------------------- PAR-Q+


@pytest.mark.parametrize(
    ("question", "clearance", "highest"),
    [
        ("heart_condition_or_high_bp", "before_vigorous", "moderate"),
        ("chest_pain", "stop_and_clear", "light"),  # a symptom: a regular exerciser stops (ACSM row 6)
        ("dizziness_or_fainting", "stop_and_clear", "light"),
        ("other_chronic_condition", "before_vigorous", "moderate"),
        ("prescribed_medication", "before_vigorous", "moderate"),
        ("bone_joint_problem", "before_vigorous", "moderate"),
        ("supervised_only", "before_starting", "light"),
    ],
)
def test_parq_yes_needs_follow_up(question: str, clearance: str, highest: str) -> None:
    out = screened(exercises_regularly=True, parq={question: True})
    assert out.parq_yes == (question,)
    assert out.clearance == clearance
    assert out.max_intensity == highest
    assert "PARQ+" in out.sources


def test_parq_all_no_changes_nothing() -> None:
    out = screened(exercises_regularly=True, parq={"chest_pain": False, "supervised_only": False})
    assert out.parq_yes == ()
    assert (out.clearance, out.max_intensity) == ("none", Intensity.VIGOROUS)
    assert "PARQ+" not in out.sources


def test_parq_several_yes_listed_in_order() -> None:
    out = screened(exercises_regularly=False, parq={"prescribed_medication": True, "heart_condition_or_high_bp": True})
    assert out.parq_yes == ("heart_condition_or_high_bp", "prescribed_medication")


# ---------------------------------------------------------------- resting blood pressure


@pytest.mark.parametrize(
    ("systolic", "diastolic", "clearance", "highest"),
    [
        (200, 80, "stop_and_clear", "light"),  # 200 systolic: no exercise until evaluated
        (150, 110, "stop_and_clear", "light"),  # 110 diastolic
        (230, 120, "stop_and_clear", "light"),
        (199, 109, "before_starting", "moderate"),  # just below 200/110, above 160/100
        (160, 80, "before_starting", "moderate"),
        (140, 100, "before_starting", "moderate"),
        (159, 99, "none", "vigorous"),  # just below 160/100
        (120, 80, "none", "vigorous"),
    ],
)
def test_blood_pressure_thresholds(systolic: int, diastolic: int, clearance: str, highest: str) -> None:
    out = screened(exercises_regularly=True, resting_bp={"systolic": systolic, "diastolic": diastolic})
    assert out.clearance == clearance
    assert out.max_intensity == highest
    assert out.needs_clearance is (clearance != "none")
    mentions_bp = any("blood pressure" in r.text.lower() for r in out.reasons)
    assert mentions_bp is (clearance != "none")


def test_stricter_rule_drops_the_table_rows_all_clear_advice() -> None:
    # Inactive and healthy is "no clearance needed" in the table; 165/105 mmHg needs clearance first.
    out = screened(exercises_regularly=False, resting_bp={"systolic": 165, "diastolic": 105})
    assert out.clearance == "before_starting"
    texts = " ".join(r.text for r in out.reasons).lower()
    assert "no medical clearance" not in texts
    assert "blood pressure 165/105" in texts


def test_table_advice_kept_when_it_is_the_outcome() -> None:
    out = screened(exercises_regularly=False)
    assert out.clearance == "none"
    assert any("no medical clearance" in r.text.lower() for r in out.reasons)


# ---------------------------------------------------------------- desired intensity


@pytest.mark.parametrize(
    ("regular", "desired", "highest", "start"),
    [
        (True, "light", "light", "light"),
        (True, "Moderate", "moderate", "moderate"),
        (True, "vigorous", "vigorous", "moderate"),
        (False, "light", "light", "light"),
        (False, "vigorous", "moderate", "light"),  # asking for more never raises the cap
    ],
)
def test_desired_intensity_caps(regular: bool, desired: str, highest: str, start: str) -> None:
    out = screened(exercises_regularly=regular, desired_intensity=desired)
    assert (out.max_intensity, out.start_intensity) == (highest, start)
    assert out.clearance == "none"


def test_desired_intensity_never_loosens_a_clearance() -> None:
    out = screened(exercises_regularly=True, known_conditions=DISEASE, desired_intensity="light")
    assert (out.clearance, out.max_intensity) == ("before_vigorous", Intensity.LIGHT)


# ---------------------------------------------------------------- free text


@pytest.mark.parametrize(
    ("texts", "kinds"),
    [
        (["Type 2 diabetes"], ["metabolic"]),
        (["CKD"], ["renal"]),
        (["had a heart attack"], ["cardiovascular"]),
        (["Atrial fibrillation", "stage 3 chronic kidney disease"], ["cardiovascular", "renal"]),
        (["bad knee", "asthma"], []),
        (["high blood pressure"], []),  # a risk factor, not a known disease in ACSM 2015
    ],
)
def test_disease_kinds_from_free_text(texts: list[str], kinds: list[str]) -> None:
    assert disease_kinds(texts) == kinds


@pytest.mark.parametrize("text", ["Type 2 diabetes", "CKD", "had a heart attack"])
def test_free_text_condition_selects_disease_row(text: str) -> None:
    out = screened(exercises_regularly=False, known_conditions=[text])
    assert out.known_disease is True
    assert out.clearance == "before_starting"


def test_disease_named_under_injuries_counts() -> None:
    profile = UserProfile.model_validate(
        {**BASE, "constraints": {"injuries": ["had a heart attack in 2019"]}, "health": {"exercises_regularly": True}}
    )
    assert screen(profile).clearance == "before_vigorous"


@pytest.mark.parametrize(
    "answers",
    [
        ["none"],
        ["None"],
        ["no"],
        ["No symptoms"],
        ["nothing"],
        ["none reported"],
        ["-"],
        [""],
        ["n/a"],
        ["N/A"],
    ],
)
def test_no_answer_symptoms_do_not_count(answers: list[str]) -> None:
    out = screened(exercises_regularly=True, symptoms=answers)
    assert out.symptoms is False
    assert (out.clearance, out.max_intensity) == ("none", Intensity.VIGOROUS)


def test_real_symptom_is_listed_in_reasons() -> None:
    out = screened(exercises_regularly=False, symptoms=["none", "palpitations"])
    assert out.symptoms is True
    assert any("palpitations" in r.text and "none" not in r.text for r in out.reasons)

"""Calculation answers: the domain calculators' numbers, the formula shown, the sources cited."""

from __future__ import annotations

from typing import Any

from fitcoach.coach.chat.calculations import answer_calculation
from fitcoach.coach.chat.types import ChatContext
from fitcoach.domain import energy, heart, strength
from fitcoach.domain.context import expected_training_days
from fitcoach.domain.nutrition import targets_for


def test_calories_come_from_the_nutrition_targets(context_named: Any) -> None:
    ctx = context_named("beginner_home")
    targets = targets_for(ctx.user, expected_training_days(ctx.user))
    answer = answer_calculation("calc.calories", "how many calories should I eat", ctx)
    assert f"{targets.target.kcal} kcal" in answer.text
    assert f"{targets.target.resting_kcal} kcal" in answer.text
    assert "Mifflin-St Jeor" in answer.text and "[MSJ-1990]" in answer.text
    assert answer.route == "calculation" and "MSJ-1990" in answer.sources


def test_calories_from_numbers_in_the_message() -> None:
    answer = answer_calculation("calc.calories", "I'm 30, male, 80 kg, 180 cm, train 4 days a week", ChatContext())
    resting = energy.resting_energy(80, 180, 30, "male")
    maintenance = energy.total_energy(resting, energy.activity_level_for(4))
    assert f"{resting:.0f} kcal" in answer.text and f"{maintenance:.0f} kcal" in answer.text


def test_missing_data_is_asked_for_by_name() -> None:
    answer = answer_calculation("calc.calories", "how many calories should I eat", ChatContext())
    assert "weight (kg)" in answer.text and "height (cm)" in answer.text and "age" in answer.text


def test_protein_and_macros_match_the_macro_targets(context_named: Any) -> None:
    ctx = context_named("intermediate_gym_knee")
    macros = targets_for(ctx.user, expected_training_days(ctx.user)).macros
    protein = answer_calculation("calc.protein", "how much protein do I need", ctx)
    assert f"{macros.protein_g:.0f} g" in protein.text and "[ISSN-PRO]" in protein.text
    split = answer_calculation("calc.macros", "my macros", ctx)
    for grams in (macros.protein_g, macros.carbs_g, macros.fat_g):
        assert f"{grams:.0f} g" in split.text


def test_protein_from_pounds_in_the_message() -> None:
    answer = answer_calculation("calc.protein", "I weigh 176 lbs, how much protein?", ChatContext())
    assert "112-160 g" in answer.text  # 1.4-2.0 g/kg x 79.8 kg


def test_one_rm_uses_the_strength_calculators() -> None:
    answer = answer_calculation("calc.one_rm", "100 kg for 5 reps, what's my 1RM?", ChatContext())
    assert f"{strength.estimate_1rm(100, 5):.1f} kg" in answer.text
    assert f"{strength.epley(100, 5):.1f}" in answer.text and f"{strength.brzycki(100, 5):.1f}" in answer.text
    assert "[NSCA-ESC]" in answer.text


def test_one_rm_from_logged_sets() -> None:
    ctx = ChatContext(
        recent_sets=[
            {"exercise_id": "barbell_bench_press", "reps": 5, "load_kg": 80},
            {"exercise_id": "barbell_bench_press", "reps": 3, "load_kg": 85},
            {"exercise_id": "barbell_back_squat", "reps": 5, "load_kg": 120},
        ]
    )
    answer = answer_calculation("calc.one_rm", "what's my bench press 1rm?", ctx)
    best = max(strength.estimate_1rm(80, 5), strength.estimate_1rm(85, 3))
    assert f"{best:.1f} kg" in answer.text and "bench press" in answer.text


def test_one_rm_refuses_long_sets_with_the_limit() -> None:
    answer = answer_calculation("calc.one_rm", "1RM for 50 kg x 15 reps?", ChatContext())
    assert "1-10" in answer.text


def test_heart_rate_zones_match_the_domain(context_named: Any) -> None:
    ctx = context_named("older_adult")  # 70: Tanaka formula, resting HR 72 from the profile
    answer = answer_calculation("calc.hr_zones", "my heart rate zones", ctx)
    assert f"{heart.hrmax_tanaka(70):.0f} bpm" in answer.text
    for zone in heart.zones(70, 72):
        assert f"{zone.low_bpm}-{zone.high_bpm} bpm" in answer.text


def test_bmi_uses_the_latest_logged_weight(context_named: Any) -> None:
    ctx = context_named("beginner_home")
    ctx.body_weights = [{"date": "2026-01-01", "weight": 70}, {"date": "2026-11-01", "weight": 60}]
    answer = answer_calculation("calc.bmi", "what's my bmi", ctx)
    assert f"{energy.bmi(60, 165):.1f}" in answer.text and energy.bmi_category(energy.bmi(60, 165)) in answer.text

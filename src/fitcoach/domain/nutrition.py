"""Daily nutrition targets for a profile: calories, macros, meal timing and hydration.

Shared by the planner (the plan's ``nutrition_suggestions``), the meal planner and the verifier
(which recomputes resting and maintenance energy to judge any plan's calorie target).
"""

from __future__ import annotations

from dataclasses import dataclass

from fitcoach.domain import energy
from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.vocab import Goal


@dataclass(frozen=True)
class NutritionTargets:
    target: energy.CalorieTarget
    macros: energy.MacroTargets
    bmi: float
    meals_per_day: int
    notes: tuple[str, ...]
    sources: tuple[str, ...]


def goal_kind(profile: UserProfile, bmi_value: float) -> tuple[energy.GoalKind, list[str]]:
    """Lose, maintain or gain, with the reasons when the stated goal is not followed as asked."""
    notes: list[str] = []
    goals = set(profile.goals)
    g = guidelines()
    if profile.health.pregnant:
        if Goal.WEIGHT_LOSS in goals:
            notes.append("No calorie deficit during pregnancy; energy needs rise, so ask your midwife or doctor.")
        return "maintain", notes
    if profile.personal_info.age <= g.special.minor_age_max.value and Goal.WEIGHT_LOSS in goals:
        notes.append("No calorie deficit is planned for people under 18; growth needs energy.")
        return "maintain", notes
    if Goal.WEIGHT_LOSS in goals:
        if bmi_value < g.bmi.underweight_below.value:
            notes.append(
                f"BMI {bmi_value:.1f} is under {g.bmi.underweight_below.value:g}: no weight loss is planned. "
                "If you feel you need to lose weight at this size, please talk to a doctor."
            )
            return "maintain", notes
        return "lose", notes
    if Goal.MUSCLE_GAIN in goals:
        return "gain", notes
    return "maintain", notes


def targets_for(profile: UserProfile, training_days: int) -> NutritionTargets:
    info = profile.personal_info
    sex = info.gender
    bmi_value = energy.bmi(info.weight, info.height)
    resting = energy.resting_energy(info.weight, info.height, info.age, sex)
    maintenance = energy.total_energy(resting, energy.activity_level_for(training_days))
    kind, notes = goal_kind(profile, bmi_value)
    target = energy.calorie_target(
        resting_kcal=resting, maintenance_kcal=maintenance, sex=sex, goal=kind, level=info.fitness_level
    )
    notes += target.adjustments
    muscle_focus = bool({Goal.MUSCLE_GAIN, Goal.STRENGTH_INCREASE, Goal.POWER} & set(profile.goals))
    macros = energy.macro_targets(
        kcal=target.kcal, weight_kg=info.weight, height_cm=info.height, goal=kind, muscle_focus=muscle_focus
    )
    return NutritionTargets(
        target=target,
        macros=macros,
        bmi=bmi_value,
        meals_per_day=profile.nutrition.meals_per_day,
        notes=tuple(notes),
        sources=tuple(dict.fromkeys((*target.sources, *macros.sources))),
    )


def meal_timing(profile: UserProfile, targets: NutritionTargets) -> list[str]:
    g = guidelines().macros
    weight = profile.personal_info.weight
    meals = targets.meals_per_day
    per_meal = targets.macros.protein_g / meals
    return [
        f"Spread protein over your {meals} meals: about {per_meal:.0f} g each, every "
        f"{g.protein_meal_interval_hours.text(' h')} [{g.protein_meal_interval_hours.source}].",
        f"After training, eat carbohydrate plus {g.post_session_protein_g.text(' g')} protein within about "
        f"{g.post_session_window_hours.value:g} h [{g.post_session_protein_g.source}].",
        f"Drink about {g.hydration_pre_ml_per_kg.min * weight:.0f}-{g.hydration_pre_ml_per_kg.max * weight:.0f} ml "
        f"of water in the {g.hydration_pre_hours.value:g} h before training [{g.hydration_pre_ml_per_kg.source}].",
    ]


def hydration(profile: UserProfile) -> list[str]:
    g = guidelines().macros
    return [
        f"After training, drink {g.rehydration_l_per_kg_lost.text(' l')} per kg of body weight lost in sweat "
        f"[{g.rehydration_l_per_kg_lost.source}].",
    ]

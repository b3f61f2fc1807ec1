"""Energy and nutrition calculators: resting and total energy, calorie targets, macros, BMI.

Every coefficient comes from the guideline tables; each result carries the source keys it rests on,
so plan rationales and chat answers can cite them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from fitcoach.domain.knowledge.guidelines import ActivityLevel, guidelines
from fitcoach.domain.vocab import FitnessLevel

Sex = Literal["male", "female", "other"]
GoalKind = Literal["lose", "maintain", "gain"]


def resting_energy(weight_kg: float, height_cm: float, age_years: float, sex: Sex) -> float:
    """Mifflin-St Jeor resting energy in kcal/day. "other" takes the mean of the two sex constants."""
    msj = guidelines().energy.msj
    constant = {"male": msj.male, "female": msj.female, "other": (msj.male + msj.female) / 2}[sex]
    return msj.weight_kg * weight_kg + msj.height_cm * height_cm + msj.age_years * age_years + constant


def activity_level_for(days_per_week: int) -> ActivityLevel:
    """The activity factor that a number of weekly training days earns (never 'extra_active')."""
    days = guidelines().energy.activity_level_min_days
    level: ActivityLevel = "sedentary"
    for name, minimum in (("light", days.light), ("moderate", days.moderate), ("very_active", days.very_active)):
        if days_per_week >= minimum:
            level = name  # type: ignore[assignment]
    return level


def total_energy(resting_kcal: float, activity: ActivityLevel) -> float:
    """Total daily energy expenditure: resting energy times the activity factor."""
    return resting_kcal * guidelines().energy.activity_factors.factor(activity)


def calorie_floor(sex: Sex) -> float:
    """The lowest daily intake to plan without medical supervision ("other" takes the safer, higher floor)."""
    energy = guidelines().energy
    female, male = energy.floor_kcal_female.value, energy.floor_kcal_male.value
    return {"female": female, "male": male, "other": max(female, male)}[sex]


@dataclass(frozen=True)
class CalorieTarget:
    kcal: int
    maintenance_kcal: int
    resting_kcal: int
    goal: GoalKind
    adjustments: list[str] = field(default_factory=list)
    sources: tuple[str, ...] = ()


def calorie_target(
    *,
    resting_kcal: float,
    maintenance_kcal: float,
    sex: Sex,
    goal: GoalKind,
    level: FitnessLevel = FitnessLevel.BEGINNER,
) -> CalorieTarget:
    """Daily calorie target for a goal, honouring the floors and the largest allowed deficit.

    Loss: about 500 kcal below maintenance, never more than 25% below it, never below the sex floor
    or the resting energy. Gain: a surplus that shrinks with training experience.
    """
    energy = guidelines().energy
    notes: list[str] = []
    sources = [energy.msj.source, energy.activity_factors.source]
    if goal == "lose":
        deficit = energy.deficit_kcal.value
        max_deficit = energy.max_deficit_fraction.value * maintenance_kcal
        if deficit > max_deficit:
            notes.append(f"deficit limited to {energy.max_deficit_fraction.value:.0%} of maintenance")
            deficit = max_deficit
        target = maintenance_kcal - deficit
        sources += [energy.deficit_kcal.source, energy.max_deficit_fraction.source]
    elif goal == "gain":
        surplus = energy.surplus_kcal_by_level.by_level[level]
        max_surplus = energy.max_surplus_fraction.value * maintenance_kcal
        if surplus > max_surplus:
            notes.append(f"surplus limited to {energy.max_surplus_fraction.value:.0%} of maintenance")
            surplus = max_surplus
        target = maintenance_kcal + surplus
        sources.append(energy.surplus_kcal_by_level.source)
    else:
        target = maintenance_kcal
    floor = calorie_floor(sex)
    lowest = max(floor, resting_kcal)
    if target < lowest:
        limit = "the resting energy" if resting_kcal > floor else f"{floor:g} kcal"
        notes.append(f"raised to {round(lowest)} kcal: never below {limit} without medical supervision")
        target = lowest
        sources.append(energy.floor_kcal_female.source)
    return CalorieTarget(
        kcal=round(target),
        maintenance_kcal=round(maintenance_kcal),
        resting_kcal=round(resting_kcal),
        goal=goal,
        adjustments=notes,
        sources=tuple(dict.fromkeys(sources)),
    )


@dataclass(frozen=True)
class MacroTargets:
    protein_g: float
    carbs_g: float
    fat_g: float
    protein_pct: float
    carbs_pct: float
    fat_pct: float
    protein_g_per_kg: float
    sources: tuple[str, ...]


def bmi(weight_kg: float, height_cm: float) -> float:
    metres = height_cm / 100
    return weight_kg / (metres * metres)


BmiCategory = Literal["underweight", "normal", "overweight", "obese"]


def bmi_category(value: float) -> BmiCategory:
    table = guidelines().bmi
    if value < table.underweight_below.value:
        return "underweight"
    if value < table.overweight_from.value:
        return "normal"
    if value < table.obese_from.value:
        return "overweight"
    return "obese"


def protein_reference_weight(weight_kg: float, height_cm: float) -> float:
    """Body weight that protein per kg applies to: the weight at BMI 25 for people with obesity."""
    macros = guidelines().macros
    if bmi(weight_kg, height_cm) >= guidelines().bmi.obese_from.value:
        metres = height_cm / 100
        return macros.protein_reference_bmi.value * metres * metres
    return weight_kg


def macro_targets(
    *, kcal: float, weight_kg: float, height_cm: float, goal: GoalKind, muscle_focus: bool = False
) -> MacroTargets:
    """Protein from g/kg for the goal, fat near the middle of its AMDR, carbohydrate the rest.

    Percentages always land inside the AMDR: protein is capped at its upper bound, and fat gives way
    (down to its floor) before carbohydrate drops below its lower bound.
    """
    g = guidelines()
    macros, per_gram = g.macros, g.energy.kcal_per_gram
    if goal == "lose":
        per_kg = macros.protein_deficit_g_per_kg.mid
        protein_source = macros.protein_deficit_g_per_kg.source
    elif muscle_focus or goal == "gain":
        per_kg = macros.protein_exercise_g_per_kg.max
        protein_source = macros.protein_exercise_g_per_kg.source
    else:
        per_kg = macros.protein_exercise_g_per_kg.mid
        protein_source = macros.protein_exercise_g_per_kg.source
    protein_g = per_kg * protein_reference_weight(weight_kg, height_cm)
    protein_pct = macros.amdr_protein_pct.clamp(100 * protein_g * per_gram.protein / kcal)
    fat_pct = macros.amdr_fat_pct.mid
    room_for_fat = 100 - protein_pct - macros.amdr_carbs_pct.min
    fat_pct = macros.amdr_fat_pct.clamp(min(fat_pct, room_for_fat))
    carbs_pct = 100 - protein_pct - fat_pct
    if carbs_pct > macros.amdr_carbs_pct.max:
        fat_pct = macros.amdr_fat_pct.clamp(100 - protein_pct - macros.amdr_carbs_pct.max)
        carbs_pct = 100 - protein_pct - fat_pct
        if carbs_pct > macros.amdr_carbs_pct.max:
            protein_pct = 100 - fat_pct - macros.amdr_carbs_pct.max
            carbs_pct = macros.amdr_carbs_pct.max
    protein_pct, carbs_pct, fat_pct = round(protein_pct, 1), round(carbs_pct, 1), round(fat_pct, 1)
    carbs_pct = round(100 - protein_pct - fat_pct, 1)
    return MacroTargets(
        protein_g=round(kcal * protein_pct / 100 / per_gram.protein, 1),
        carbs_g=round(kcal * carbs_pct / 100 / per_gram.carbs, 1),
        fat_g=round(kcal * fat_pct / 100 / per_gram.fat, 1),
        protein_pct=protein_pct,
        carbs_pct=carbs_pct,
        fat_pct=fat_pct,
        protein_g_per_kg=round(kcal * protein_pct / 100 / per_gram.protein / weight_kg, 2),
        sources=(protein_source, macros.amdr_fat_pct.source, per_gram.source),
    )


def macro_percentages(protein_g: float, carbs_g: float, fat_g: float) -> tuple[float, float, float]:
    """Share of energy (percent) from grams of protein, carbohydrate and fat (4/4/9 kcal per gram)."""
    per_gram = guidelines().energy.kcal_per_gram
    kcal = (protein_g * per_gram.protein, carbs_g * per_gram.carbs, fat_g * per_gram.fat)
    total = sum(kcal)
    if total <= 0:
        return (0.0, 0.0, 0.0)
    return (100 * kcal[0] / total, 100 * kcal[1] / total, 100 * kcal[2] / total)

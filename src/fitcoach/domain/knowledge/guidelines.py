"""Typed view of ``data/guidelines.json``: every guideline number with its source key.

Code reads numbers only through these models (``guidelines().energy.floor_kcal_female.value``), so a
number in a plan can always be traced to the source it came from, and a test checks that every
source key resolves.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from fitcoach.domain.errors import KnowledgeDataError
from fitcoach.domain.vocab import FitnessLevel, Intensity


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(_Model):
    source: str
    note: str = ""


class Value(Sourced):
    value: float


class Span(Sourced):
    min: float
    max: float

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.min > self.max:
            raise ValueError(f"min {self.min} > max {self.max}")
        return self

    def contains(self, x: float) -> bool:
        return self.min <= x <= self.max

    def clamp(self, x: float) -> float:
        return min(max(x, self.min), self.max)

    @property
    def mid(self) -> float:
        return (self.min + self.max) / 2

    def text(self, unit: str = "") -> str:
        lo = f"{self.min:g}"
        hi = f"{self.max:g}"
        return f"{lo}-{hi}{unit}" if lo != hi else f"{lo}{unit}"


class ByLevel(Sourced):
    by_level: dict[FitnessLevel, float]


class Table(Sourced):
    table: tuple[tuple[float, float], ...]


class Activity(_Model):
    adult_min_age: Value
    older_adult_age: Value
    adult_moderate_minutes_week: Span
    adult_vigorous_minutes_week: Span
    strength_days_week_min: Value
    older_balance_days_week_min: Value
    pregnancy_moderate_minutes_week_min: Value
    moderate_hrr: Span
    vigorous_hrr: Span
    light_hrr: Span
    moderate_rpe: Span
    vigorous_rpe: Span
    light_rpe: Span

    def hrr(self, intensity: Intensity) -> Span:
        return {
            Intensity.LIGHT: self.light_hrr,
            Intensity.MODERATE: self.moderate_hrr,
            Intensity.VIGOROUS: self.vigorous_hrr,
        }[intensity]


class HrMaxFormula(Sourced):
    intercept: float
    age_factor: float


class HeartRate(_Model):
    hrmax_fox: HrMaxFormula
    hrmax_tanaka: HrMaxFormula
    default_resting_hr: Value


class Prescription(_Model):
    intensity: Intensity
    load_pct_1rm: Span
    reps: Span
    sets: Span
    rest_seconds: Span


PrescriptionKey = Literal[
    "strength", "power", "power_single", "hypertrophy", "endurance", "general_health", "older_deconditioned"
]


class Epley(Sourced):
    divisor: float


class Brzycki(Sourced):
    numerator: float
    denominator: float


class IntensityByLoad(Sourced):
    light_below: float
    vigorous_from: float


class Resistance(_Model):
    prescriptions: dict[PrescriptionKey, Prescription]
    muscle_group_days_week: Span
    hours_between_same_group: Value
    sessions_by_level: dict[FitnessLevel, Span]
    pct_1rm_to_reps: Table
    rpe_reps_in_reserve: Table
    rpe_by_level: dict[FitnessLevel, Span]
    one_rm_max_reps: Value
    epley: Epley
    brzycki: Brzycki
    beginner_sets_per_muscle_session_max: Value
    intensity_by_pct_1rm: IntensityByLoad
    core_hold_seconds: Span
    core_reps: Span


class Progression(_Model):
    two_for_two_extra_reps: Value
    two_for_two_sessions: Value
    upper_increment_pct: Span
    upper_increment_kg: Span
    lower_increment_pct: Span
    lower_increment_kg: Span
    overall_increment_pct: Span
    aerobic_duration_step_minutes: Span
    aerobic_step_every_weeks: Span
    aerobic_duration_phase_weeks: Span
    deload_after_missed_sessions: Value
    deload_load_reduction_pct: Value
    weekly_intensity_increase: ByLevel


class Flexibility(_Model):
    days_week: Span
    hold_seconds: Span
    hold_seconds_older: Span
    repetitions: Span
    total_seconds_per_group: Value
    static_stretch_note: Value


class Neuromotor(_Model):
    days_week: Span
    minutes: Span
    hold_seconds: Span


class Structure(_Model):
    warmup_minutes: Span
    cooldown_minutes: Span
    beginner_rest_days_week_min: Value
    seconds_per_rep: Value
    transition_seconds_per_exercise: Value


class Msj(Sourced):
    weight_kg: float
    height_cm: float
    age_years: float
    male: float
    female: float


ActivityLevel = Literal["sedentary", "light", "moderate", "very_active", "extra_active"]


class ActivityFactors(Sourced):
    sedentary: float
    light: float
    moderate: float
    very_active: float
    extra_active: float

    def factor(self, level: ActivityLevel) -> float:
        return float(getattr(self, level))


class ActivityLevelDays(Sourced):
    """Fewest weekly training days that earn each activity factor."""

    sedentary: int
    light: int
    moderate: int
    very_active: int
    extra_active: int


class KcalPerGram(Sourced):
    protein: float
    carbs: float
    fat: float


class EnergyTolerance(Sourced):
    fraction: float
    kcal: float


class Energy(_Model):
    msj: Msj
    activity_factors: ActivityFactors
    activity_level_min_days: ActivityLevelDays
    deficit_kcal: Value
    max_deficit_fraction: Value
    loss_rate_pct_bodyweight_week: Span
    surplus_kcal: Span
    surplus_kcal_by_level: ByLevel
    max_surplus_fraction: Value
    floor_kcal_female: Value
    floor_kcal_male: Value
    kcal_per_gram: KcalPerGram
    food_energy_tolerance: EnergyTolerance


TrainingLoad = Literal["light", "moderate", "high"]


class Macros(_Model):
    protein_rda_g_per_kg: Value
    protein_exercise_g_per_kg: Span
    protein_deficit_g_per_kg: Span
    protein_per_meal_g_per_kg: Span
    protein_reference_bmi: Value
    protein_per_meal_g: Span
    protein_meal_interval_hours: Span
    carbs_g_per_kg: dict[TrainingLoad, Span]
    amdr_carbs_pct: Span
    amdr_protein_pct: Span
    amdr_fat_pct: Span
    hydration_pre_ml_per_kg: Span
    hydration_pre_hours: Value
    rehydration_l_per_kg_lost: Span
    post_session_protein_g: Span
    post_session_window_hours: Value


class Bmi(_Model):
    underweight_below: Value
    overweight_from: Value
    obese_from: Value


class BloodPressure(Sourced):
    systolic: float
    diastolic: float


Clearance = Literal["none", "before_starting", "before_vigorous", "stop_and_clear"]


class ScreeningRow(_Model):
    exercises_regularly: bool
    known_disease: bool | None  # None: the row applies whatever the answer ("any" in the table)
    symptoms: bool
    clearance: Clearance
    max_intensity: Intensity
    start_intensity: Intensity
    advice: str


class Acsm2015(Sourced):
    rows: tuple[ScreeningRow, ...] = Field(min_length=6, max_length=6)


class Screening(_Model):
    bp_no_exercise: BloodPressure
    bp_clearance_first: BloodPressure
    bp_hypertension: BloodPressure
    acsm_2015: Acsm2015
    parq_source: str
    parq_max_intensity: Intensity


class Special(_Model):
    hypertension_rpe_max: Value
    diabetes_max_consecutive_inactive_days: Value
    pregnancy_supine_from_trimester: Value
    minor_age_max: Value


class Guidelines(_Model):
    sources: dict[str, str]
    activity: Activity
    heart_rate: HeartRate
    resistance: Resistance
    progression: Progression
    flexibility: Flexibility
    neuromotor: Neuromotor
    structure: Structure
    energy: Energy
    macros: Macros
    bmi: Bmi
    screening: Screening
    special: Special


@cache
def guidelines() -> Guidelines:
    """The guideline tables, validated once; every ``source`` must name a key of ``sources``."""
    from fitcoach.domain.knowledge import load_json

    try:
        loaded = Guidelines.model_validate(load_json("guidelines.json"))
    except ValidationError as exc:
        raise KnowledgeDataError(f"guidelines.json: {exc}") from exc
    unknown = sorted(set(_source_keys(loaded)) - set(loaded.sources))
    if unknown:
        raise KnowledgeDataError(f"guidelines.json: unknown source keys {unknown}")
    return loaded


def _source_keys(node: object) -> list[str]:
    keys = [node.source] if isinstance(node, Sourced) else []
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            keys += _source_keys(getattr(node, name))
    elif isinstance(node, dict):
        for v in node.values():
            keys += _source_keys(v)
    elif isinstance(node, tuple):
        for v in node:
            keys += _source_keys(v)
    return keys


def source_keys() -> list[str]:
    """Every source key cited anywhere in the guideline tables."""
    return _source_keys(guidelines())

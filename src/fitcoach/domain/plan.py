"""The plan: the output half of the plan contract (plan-contract.md).

The required keys are the contract's; everything else is an optional extension the rule-based
planner fills in (exercise ids, warm-up and cool-down, rest days, screening outcome, warnings and a
rationale citing source keys). Extra fields are allowed so that a model's output can be validated
without losing anything; the verifier judges content, this model judges shape.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from fitcoach.domain.vocab import Intensity


class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class ExerciseStats(_Open):
    """What completing an exercise earns."""

    xp: int = Field(ge=0)
    strength: int = Field(default=0, ge=0)
    endurance: int = Field(default=0, ge=0)
    agility: int = Field(default=0, ge=0)
    flexibility: int = Field(default=0, ge=0)
    health: int = Field(default=0, ge=0)


class PlannedExercise(_Open):
    name: str
    sets: int = Field(ge=1, le=20)
    reps: str = Field(description="repetitions ('8-12') or a duration ('30 s', '20 min')")
    intensity: str = Field(description="effort, e.g. 'RPE 6-7 (about 65% 1RM)' or 'moderate (40-59% HRR)'")
    rest: str = Field(description="rest between sets, e.g. '90 s'")
    notes: str
    gamified_stats: ExerciseStats
    # Extensions
    id: str | None = Field(default=None, description="stable exercise id from the FitCoach catalogue")
    rest_seconds: int | None = Field(default=None, ge=0)
    duration_seconds: int | None = Field(default=None, ge=0, description="work per set for timed exercises")
    muscles: list[str] | None = None
    substitutes: list[str] | None = Field(default=None, description="catalogue ids of safe substitutes")


class Activity(_Open):
    """A warm-up or cool-down item."""

    name: str
    minutes: float = Field(ge=0)
    id: str | None = None


class TrainingDay(_Open):
    day: str
    focus: str
    duration: int = Field(ge=0, description="planned minutes, warm-up and cool-down included")
    intensity_level: Intensity
    exercises: list[PlannedExercise]
    # Extensions
    warm_up: list[Activity] | None = None
    cool_down: list[Activity] | None = None
    format: str | None = Field(default=None, description="straight_sets or circuit")


class ProgressionPlan(_Open):
    intensity_increase: float = Field(ge=0, le=0.5, description="weekly load increase as a fraction")
    exercise_progressions: dict[str, str]


class WorkoutPlan(_Open):
    name: str
    overview: str
    adaptations: dict[str, str] = Field(default_factory=dict)
    weekly_schedule: list[TrainingDay]
    progression_plan: ProgressionPlan
    rest_days: list[str] | None = None


class Macros(_Open):
    protein: float = Field(ge=0, le=100, description="percent of energy")
    carbs: float = Field(ge=0, le=100, description="percent of energy")
    fat: float = Field(ge=0, le=100, description="percent of energy")


class NutritionSuggestions(_Open):
    calorie_target: int = Field(ge=0)
    macros: Macros
    meal_timing: list[str]
    # Extensions
    macros_g: dict[str, float] | None = None
    maintenance_kcal: int | None = None
    resting_kcal: int | None = None
    hydration: list[str] | None = None


class ShortenedVersion(_Open):
    exercises_to_keep: list[str]
    circuit_format: str


class TimeConstrained(_Open):
    shortened_version: ShortenedVersion


class AdaptiveRecommendations(_Open):
    if_too_difficult: dict[str, str]
    if_too_easy: dict[str, str]
    if_time_constrained: TimeConstrained


class ScreeningSummary(_Open):
    clearance: str
    max_intensity: Intensity
    reasons: list[str]


class RationaleItem(_Open):
    decision: str
    sources: list[str]


class Plan(_Open):
    workout_plan: WorkoutPlan
    nutrition_suggestions: NutritionSuggestions
    adaptive_recommendations: AdaptiveRecommendations
    # Extensions
    screening: ScreeningSummary | None = None
    warnings: list[str] | None = None
    rationale: list[RationaleItem] | None = None

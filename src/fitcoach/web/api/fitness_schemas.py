"""API request and response models for the fitness areas: profile, plans, sessions, nutrition, body
weights, game and dashboard. Input models only shape the request; the services check the values and
name the field at fault."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class ProfileOut(BaseModel):
    profile: dict[str, Any] = Field(description="The contract profile as stored (metric units).")
    screening: dict[str, Any] = Field(description="ACSM 2015 + PAR-Q+ + blood-pressure screening outcome.")
    needs_clearance: bool = Field(description="True when a doctor should clear you before you start.")
    updated_at: dt.datetime


class PlanSummaryOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    version: int
    generator: str
    guard_outcome: str = Field(description="accepted, repaired or fallback")
    reason: str = Field(description="Why this version exists.")
    created_at: dt.datetime
    is_current: bool


class PlanOut(PlanSummaryOut):
    plan: dict[str, Any] = Field(description="The plan in the contract shape (plan-contract.md).")


class PlanCreateIn(BaseModel):
    reason: str = Field(default="new plan", max_length=200, description="Why a new plan is asked for.")


class SubstituteIn(BaseModel):
    day_index: int = Field(description="Index in weekly_schedule.")
    exercise_index: int = Field(description="Index in that day's exercises.")
    substitute_id: str = Field(description="One of the exercise's listed substitutes.")


class AdjustDayIn(BaseModel):
    feedback: str = Field(description="too_difficult, too_easy or short_on_time")
    day_index: int | None = Field(default=None, description="Default: the next session from today.")
    minutes: int | None = Field(default=None, description="For short_on_time: the minutes you have.")


class SessionStartIn(BaseModel):
    day_index: int | None = Field(default=None, description="Default: today's plan day, else the next one.")


class SetIn(BaseModel):
    exercise_id: str = Field(description="Catalogue id of the exercise.")
    reps: int = Field(description="Repetitions done, 0-1000 (0 for timed work).")
    load_kg: float | None = Field(default=None, description="External load in kg; empty for bodyweight work.")
    rpe: float | None = Field(default=None, description="Rating of perceived exertion, 1-10.")
    duration_seconds: int | None = Field(default=None, description="For timed work (holds, cardio).")
    request_id: str | None = Field(
        default=None,
        description="Idempotency key, 1-64 of A-Z a-z 0-9 _ -: a repeat with the same key returns the set already "
        "logged instead of adding one. The Idempotency-Key header wins when both are sent.",
    )


class SetOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    exercise_id: str
    exercise_name: str
    set_number: int
    reps: int
    load_kg: float | None
    rpe: float | None
    duration_seconds: int | None
    logged_at: dt.datetime
    request_id: str | None = Field(default=None, description="The idempotency key it was logged with, if any.")


class SessionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    plan_id: int | None
    day_index: int
    day_label: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    feeling: str | None
    duration_minutes: float | None
    notes: str | None
    xp_awarded: int
    targets: list[dict[str, Any]] | None = Field(description="Planned targets (sets, reps range, load kg, rest).")
    award: dict[str, Any] | None = Field(description="XP breakdown, plausibility flags and stat gains.")
    sets: list[SetOut]


class FinishIn(BaseModel):
    feeling: str | None = Field(default=None, description="too_easy, ok or too_difficult")
    duration_minutes: float | None = Field(default=None, description="How long you trained, if you want to say.")
    notes: str | None = Field(default=None, description="Up to 2000 characters.")


class AdjustmentOut(BaseModel):
    exercise_id: str
    action: str = Field(description="increase_load, increase_reps, hold, decrease_load or deload")
    reason: str
    sources: list[str]
    target: dict[str, Any] = Field(description="Next session's target: sets, reps range, load kg, rest.")


class AchievementOut(BaseModel):
    key: str
    title: str
    description: str


class GameUpdateOut(BaseModel):
    xp: int = Field(description="XP added to your total (after the daily cap).")
    xp_before_cap: int
    breakdown: dict[str, int]
    flags: list[dict[str, Any]]
    stats: dict[str, int]
    level_before: int
    level_after: int
    streak_days: int
    new_achievements: list[AchievementOut]


class FinishOut(BaseModel):
    session: SessionOut
    adjustments: list[AdjustmentOut]
    game: GameUpdateOut


class RecordOut(BaseModel):
    exercise_id: str
    name: str
    heaviest_kg: float | None
    heaviest_reps: int | None
    heaviest_on: dt.date | None
    best_1rm_kg: float | None = Field(description="Best estimated one-rep max (Epley/Brzycki), kg.")
    best_1rm_on: dt.date | None


class TargetsOut(BaseModel):
    kcal: int
    protein_g: float
    carbs_g: float
    fat_g: float
    macros_pct: dict[str, float]
    meal_timing: list[str]
    hydration: list[str]
    notes: list[str]
    slots: list[tuple[str, float]] = Field(description="(meal slot, share of the day's energy)")


class SuggestIn(BaseModel):
    slot: str = Field(description="breakfast, lunch, dinner or snack")
    available_ingredients: list[str] = Field(default_factory=list, description="Ingredients you have.")
    cuisine: str | None = None
    max_prep_minutes: int | None = None
    quick: bool = Field(default=False, description="Only quick meals.")
    exclude: list[str] = Field(default_factory=list, description="Recipe ids already shown ('suggest another').")
    seed: int = 0


class SuggestOut(BaseModel):
    meal: dict[str, Any] | None = Field(description="The meal, or null when nothing left suits you.")


class MealIn(BaseModel):
    recipe_id: str
    slot: str
    eaten_on: dt.date | None = Field(default=None, description="Default: today.")


class MealOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    eaten_on: dt.date
    slot: str
    recipe_id: str | None
    data: dict[str, Any]
    created_at: dt.datetime


class MealDayOut(BaseModel):
    date: dt.date
    meals: list[MealOut]
    totals: dict[str, float]
    targets: TargetsOut


class WeightIn(BaseModel):
    measured_on: dt.date | None = Field(default=None, description="Default: today.")
    weight_kg: float = Field(description="Body weight in kg, 30-300.")


class WeightOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    measured_on: dt.date
    weight_kg: float


class AchievementStateOut(AchievementOut):
    earned_on: dt.date | None
    progress: float | None = Field(description="0-1; null where not measured (the dashboard leaves it out).")


class GameOut(BaseModel):
    xp: int
    level: int
    xp_into_level: int
    xp_for_next: int
    stats: dict[str, int]
    streak_days: int
    best_streak: int
    last_session_on: dt.date | None
    achievements: list[AchievementStateOut]


class DashboardOut(BaseModel):
    has_profile: bool
    needs_clearance: bool
    next_workout: dict[str, Any] | None
    adherence: dict[str, float]
    game: GameOut
    body_weight: list[tuple[dt.date, float]]
    weekly_sets: dict[str, int]
    e1rm: dict[str, list[tuple[dt.date, float]]]

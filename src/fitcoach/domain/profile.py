"""The user profile: the input half of the plan contract (plan-contract.md).

Field names are the contract's. Unknown extra fields are kept (``extra="allow"``), so a profile
written for another version of the contract round-trips unchanged. Imperial input is converted to
metric on the way in, and only metric values exist after validation.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from fitcoach.domain.vocab import (
    Allergen,
    Cuisine,
    Diet,
    EquipmentAccess,
    FitnessLevel,
    Goal,
    Intensity,
    Intolerance,
)

CM_PER_INCH = 2.54
KG_PER_LB = 0.45359237

MIN_AGE = 14
MAX_AGE = 100


def _slug(value: Any) -> Any:
    """Accept "Full Gym", "full-gym" and "full_gym" alike for enum-valued fields."""
    if isinstance(value, str):
        return re.sub(r"[\s\-]+", "_", value.strip().lower())
    return value


_GENDER_ALIASES = {
    "m": "male",
    "man": "male",
    "male": "male",
    "f": "female",
    "woman": "female",
    "female": "female",
    "other": "other",
    "non_binary": "other",
    "nonbinary": "other",
    "x": "other",
    "prefer_not_to_say": "other",
    "unspecified": "other",
}


def _gender(value: Any) -> Any:
    if isinstance(value, str):
        return _GENDER_ALIASES.get(_slug(value), value)
    return value


Gender = Annotated[Literal["male", "female", "other"], BeforeValidator(_gender)]
Level = Annotated[FitnessLevel, BeforeValidator(_slug)]
GoalValue = Annotated[Goal, BeforeValidator(_slug)]
Access = Annotated[EquipmentAccess, BeforeValidator(_slug)]
DietValue = Annotated[Diet, BeforeValidator(_slug)]
AllergenValue = Annotated[Allergen, BeforeValidator(_slug)]
IntoleranceValue = Annotated[Intolerance, BeforeValidator(_slug)]
CuisineValue = Annotated[Cuisine, BeforeValidator(_slug)]
IntensityValue = Annotated[Intensity, BeforeValidator(_slug)]
_MAX_TEXT = 200
_MAX_TEXT_ITEMS = 20
ShortText = Annotated[str, Field(max_length=_MAX_TEXT)]


class _Open(BaseModel):
    """Contract sections keep unknown fields so nothing a client sent is lost."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)


class PersonalInfo(_Open):
    age: int = Field(ge=MIN_AGE, le=MAX_AGE, description=f"age in whole years, {MIN_AGE}-{MAX_AGE}")
    gender: Gender = Field(description="male, female or other (used for the resting-energy equation)")
    height: float = Field(ge=100, le=250, description="height in cm, 100-250 (inches with units=imperial)")
    weight: float = Field(ge=30, le=300, description="body weight in kg, 30-300 (pounds with units=imperial)")
    fitness_level: Level = Field(description="beginner, intermediate or advanced")


class Preferences(_Open):
    workout_duration: int = Field(ge=15, le=180, description="minutes per session, 15-180")
    days_per_week: int = Field(ge=1, le=7, description="training days per week, 1-7")
    equipment_access: Access = Field(description="full_gym, home_gym or no_equipment")
    preferred_activities: list[ShortText] = Field(
        default_factory=list,
        max_length=20,
        description="activities the person enjoys, e.g. strength_training, cardio, yoga",
    )

    @field_validator("preferred_activities", mode="before")
    @classmethod
    def _slugs(cls, value: Any) -> Any:
        return [_slug(v) for v in value] if isinstance(value, list) else value


class Constraints(_Open):
    injuries: list[ShortText] = Field(
        default_factory=list,
        max_length=20,
        description="injuries or conditions in the person's words, e.g. 'bad knee', 'lower back pain'",
    )
    time_restrictions: Any = Field(
        default=None, description="free text (up to 200 characters), a list of them, or day -> text; kept as given"
    )
    location: ShortText | None = Field(default=None, description="free text, up to 200 characters, kept as given")

    @field_validator("injuries", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        if value is None:
            return []
        if isinstance(value, str):
            return [part for part in re.split(r"[;,]", value) if part.strip()]
        return value

    @field_validator("time_restrictions")
    @classmethod
    def _bounded_text(cls, value: Any) -> Any:
        texts = value if isinstance(value, list) else list(value.values()) if isinstance(value, dict) else [value]
        if value is None or (
            len(texts) <= _MAX_TEXT_ITEMS and all(isinstance(t, str) and len(t) <= _MAX_TEXT for t in texts)
        ):
            return value
        raise ValueError(f"must be text of up to {_MAX_TEXT} characters, or up to {_MAX_TEXT_ITEMS} of them")


class WeightEntry(_Open):
    date: dt.date = Field(description="date of the weigh-in, YYYY-MM-DD")
    weight: float = Field(ge=30, le=300, description="body weight in kg, 30-300")


class Metrics(_Open):
    weight_history: list[WeightEntry] = Field(default_factory=list, max_length=2000)
    workout_completion_rate: float | None = Field(default=None, ge=0, le=1, description="fraction 0-1")
    average_intensity_rating: float | None = Field(
        default=None, ge=0, le=10, description="average rated session intensity, 0-10"
    )


class ExerciseFeedback(_Open):
    name: ShortText = Field(description="exercise name")
    difficulty: Any = Field(default=None, description="e.g. easy, moderate, hard, too_hard, or 1-10")
    enjoyment: Any = Field(default=None, description="e.g. low, medium, high, or 1-10")


class PreviousWorkout(_Open):
    """One earlier workout: either a single exercise, or a list of exercises."""

    exercises: list[ExerciseFeedback] = Field(default_factory=list, max_length=100)

    @model_validator(mode="before")
    @classmethod
    def _single_exercise(cls, data: Any) -> Any:
        if isinstance(data, dict) and "exercises" not in data:
            name = data.get("name") or data.get("exercise")
            if name is not None:
                entry = {"name": name, "difficulty": data.get("difficulty"), "enjoyment": data.get("enjoyment")}
                return {**data, "exercises": [entry]}
        return data


class Feedback(_Open):
    previous_workouts: list[PreviousWorkout] = Field(default_factory=list, max_length=500)


class GamifiedStats(_Open):
    health: int = Field(default=0, ge=0, le=10**9)
    strength: int = Field(default=0, ge=0, le=10**9)
    agility: int = Field(default=0, ge=0, le=10**9)
    endurance: int = Field(default=0, ge=0, le=10**9)
    flexibility: int = Field(default=0, ge=0, le=10**9)
    xp: int = Field(default=0, ge=0, le=10**12)
    level: int = Field(default=1, ge=1, le=1000)


class ParQ(_Open):
    heart_condition_or_high_bp: bool = False
    chest_pain: bool = False
    dizziness_or_fainting: bool = False
    other_chronic_condition: bool = False
    prescribed_medication: bool = False
    bone_joint_problem: bool = False
    supervised_only: bool = False

    def yes_answers(self) -> list[str]:
        return [name for name in type(self).model_fields if getattr(self, name) is True]


class BloodPressureReading(_Open):
    systolic: int = Field(ge=60, le=300, description="systolic pressure in mmHg, 60-300")
    diastolic: int = Field(ge=30, le=200, description="diastolic pressure in mmHg, 30-200")

    @model_validator(mode="after")
    def _order(self) -> BloodPressureReading:
        if self.diastolic >= self.systolic:
            raise ValueError("diastolic must be lower than systolic")
        return self


class Health(_Open):
    exercises_regularly: bool | None = Field(
        default=None, description="at least 30 min moderate exercise, 3 days a week, for the last 3 months"
    )
    known_conditions: list[ShortText] = Field(
        default_factory=list,
        max_length=20,
        description="known cardiovascular, metabolic or renal disease, or other conditions in free text",
    )
    symptoms: list[ShortText] = Field(default_factory=list, max_length=20, description="signs or symptoms")
    parq: ParQ | None = None
    resting_bp: BloodPressureReading | None = None
    resting_hr: int | None = Field(default=None, ge=30, le=220, description="resting heart rate, 30-220 bpm")
    pregnant: bool = False
    pregnancy_trimester: int | None = Field(default=None, ge=1, le=3, description="1, 2 or 3")
    desired_intensity: IntensityValue | None = Field(default=None, description="light, moderate or vigorous")

    @model_validator(mode="after")
    def _pregnancy_consistent(self) -> Health:
        if self.pregnancy_trimester is not None and not self.pregnant:
            raise ValueError("pregnancy_trimester is set but pregnant is false")
        return self


class NutritionPrefs(_Open):
    diet: DietValue = Field(default=Diet.OMNIVORE, description="omnivore, vegetarian, vegan, pescatarian or halal")
    allergies: list[AllergenValue] = Field(default_factory=list, max_length=9)
    intolerances: list[IntoleranceValue] = Field(default_factory=list, max_length=2)
    meals_per_day: int = Field(default=3, ge=2, le=6, description="meals per day, 2-6")
    cuisine: CuisineValue | None = None
    max_prep_minutes: int | None = Field(default=None, ge=1, le=240, description="minutes, 1-240")
    available_ingredients: list[ShortText] = Field(default_factory=list, max_length=100)


class UserProfile(_Open):
    personal_info: PersonalInfo
    goals: list[GoalValue] = Field(min_length=1, max_length=7, description="one or more goals")
    preferences: Preferences
    constraints: Constraints = Field(default_factory=Constraints)
    metrics: Metrics = Field(default_factory=Metrics)
    feedback: Feedback = Field(default_factory=Feedback)
    gamified_stats: GamifiedStats = Field(default_factory=GamifiedStats)
    health: Health = Field(default_factory=Health)
    nutrition: NutritionPrefs = Field(default_factory=NutritionPrefs)
    units: Literal["metric", "imperial"] = Field(
        default="metric", description="metric or imperial; imperial input is converted to metric"
    )

    @field_validator("goals", mode="before")
    @classmethod
    def _goal_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="before")
    @classmethod
    def _to_metric(cls, data: Any) -> Any:
        """Convert an imperial profile (inches, pounds) to metric before field validation."""
        if not isinstance(data, dict):
            return data
        units = data.get("units", "metric")
        if isinstance(units, str) and units.strip().lower() == "imperial":
            data = dict(data)
            data["units"] = "metric"
            personal = data.get("personal_info")
            if isinstance(personal, dict):
                personal = dict(personal)
                personal["height"] = _scaled(personal.get("height"), CM_PER_INCH)
                personal["weight"] = _scaled(personal.get("weight"), KG_PER_LB)
                data["personal_info"] = personal
            metrics = data.get("metrics")
            if isinstance(metrics, dict) and isinstance(metrics.get("weight_history"), list):
                history = [
                    {**e, "weight": _scaled(e.get("weight"), KG_PER_LB)} if isinstance(e, dict) else e
                    for e in metrics["weight_history"]
                ]
                data["metrics"] = {**metrics, "weight_history": history}
        elif isinstance(units, str) and units.strip().lower() == "metric":
            data = {**data, "units": "metric"}
        return data


def _scaled(value: Any, factor: float) -> Any:
    """Multiply numeric input by ``factor``, leaving anything else for field validation to reject."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return round(value * factor, 2)
    if isinstance(value, str):
        try:
            return round(float(value) * factor, 2)
        except ValueError:
            return value
    return value

"""Typed records of the packaged knowledge data (exercises, foods, recipes, conditions, equipment)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from fitcoach.domain.vocab import (
    Allergen,
    ConditionId,
    Cuisine,
    DietTag,
    DoseUnit,
    Equipment,
    EquipmentAccess,
    FitnessLevel,
    FoodGroup,
    MealSlot,
    Mechanic,
    Modality,
    Muscle,
    Pattern,
    StressTag,
)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(_[a-z0-9]+)*$", max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=400)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Exercise(Record):
    id: Slug
    name: Text
    aliases: tuple[Text, ...] = ()
    primary_muscles: tuple[Muscle, ...] = Field(min_length=1)
    secondary_muscles: tuple[Muscle, ...] = ()
    # Every item is needed; an empty tuple is not allowed: bodyweight work lists "bodyweight".
    equipment: tuple[Equipment, ...] = Field(min_length=1)
    pattern: Pattern
    mechanic: Mechanic
    level: FitnessLevel
    modality: Modality
    unilateral: bool = False
    loadable: bool  # takes external load that the adaptation engine can raise in kg
    dose: DoseUnit
    stress_tags: tuple[StressTag, ...] = ()
    friendly_for: tuple[ConditionId, ...] = ()  # listed in the "prefer" column for these conditions
    substitution_group: Slug
    cues: tuple[Text, ...] = Field(min_length=2, max_length=5)


class EquipmentInfo(Record):
    id: Equipment
    name: Text
    settings: tuple[EquipmentAccess, ...] = Field(min_length=1)


class ConditionInfo(Record):
    id: ConditionId
    name: Text
    avoid_tags: tuple[StressTag, ...]
    avoid_text: Text
    prefer_text: Text
    synonyms: tuple[Text, ...] = Field(min_length=1)
    source: str
    # Tags avoided only from this trimester on (pregnancy: lying flat after the first trimester).
    tags_from_trimester: dict[StressTag, int] = Field(default_factory=dict)


class Nutrients(Record):
    kcal: float = Field(ge=0, le=900)
    protein_g: float = Field(ge=0, le=100)
    carbs_g: float = Field(ge=0, le=100)
    fat_g: float = Field(ge=0, le=100)
    fibre_g: float = Field(ge=0, le=100)


class Food(Record):
    id: Slug
    name: Text
    group: FoodGroup
    cuisines: tuple[Cuisine, ...] = Field(min_length=1)
    per_100g: Nutrients
    serving_g: float = Field(gt=0, le=1000)
    serving_desc: Text
    diet_tags: tuple[DietTag, ...] = ()
    allergens: tuple[Allergen, ...] = ()
    meal_slots: tuple[MealSlot, ...] = Field(min_length=1)
    prep_minutes: int = Field(ge=0, le=240)


class Ingredient(Record):
    food: Slug
    grams: float = Field(gt=0, le=1000)
    # Whether the meal planner may scale this ingredient to hit a target (false for spices, oils).
    scalable: bool = True


class Recipe(Record):
    id: Slug
    name: Text
    cuisine: Cuisine
    meal_slots: tuple[MealSlot, ...] = Field(min_length=1)
    prep_minutes: int = Field(ge=0, le=240)
    ingredients: tuple[Ingredient, ...] = Field(min_length=1)
    steps: tuple[Text, ...] = Field(min_length=1, max_length=8)

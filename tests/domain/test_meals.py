"""The meal planner: strict on diet and allergies, close to the targets, and helpful suggestions."""

from __future__ import annotations

import itertools
import random
from typing import Any

import pytest

from fitcoach.domain import knowledge
from fitcoach.domain.catalogue import food_suits
from fitcoach.domain.context import expected_training_days
from fitcoach.domain.meals import Diner, MealOptions, candidates, plan_day, suggest_meal
from fitcoach.domain.nutrition import targets_for
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.sampling import random_profile
from fitcoach.domain.vocab import Allergen, Cuisine, Diet, Intolerance, MealSlot

BASE: dict[str, Any] = {
    "personal_info": {"age": 35, "gender": "female", "height": 168, "weight": 66, "fitness_level": "intermediate"},
    "goals": ["general_fitness"],
    "preferences": {"workout_duration": 45, "days_per_week": 3, "equipment_access": "home_gym"},
}


def profile_with(**nutrition: Any) -> UserProfile:
    return UserProfile.model_validate({**BASE, "nutrition": nutrition})


def targets(profile: UserProfile) -> tuple[int, float]:
    t = targets_for(profile, expected_training_days(profile))
    return t.target.kcal, t.macros.protein_g


INTOLERANCES = [(), ("lactose",), ("gluten",), ("lactose", "gluten")]


@pytest.mark.parametrize("diet", list(Diet))
@pytest.mark.parametrize("allergen", [None, *Allergen])
def test_every_ingredient_suits_diet_allergy_and_intolerance(diet: Diet, allergen: Allergen | None) -> None:
    for intolerances in INTOLERANCES:
        profile = profile_with(
            diet=diet.value,
            allergies=[allergen.value] if allergen else [],
            intolerances=list(intolerances),
            meals_per_day=4,
        )
        kcal, protein = targets(profile)
        day = plan_day(profile, kcal, protein)
        for meal in day.meals:
            for portion in meal.portions:
                food = knowledge.foods()[portion.food_id]
                assert food_suits(food, diet, profile.nutrition.allergies, profile.nutrition.intolerances), (
                    f"{food.name} in {meal.name} breaks {diet}/{allergen}/{intolerances}"
                )


@pytest.mark.parametrize(("diet", "meals"), list(itertools.product(list(Diet), [3, 4])))
def test_typical_days_hit_calories_within_5_and_protein_within_10_percent(diet: Diet, meals: int) -> None:
    profile = profile_with(diet=diet.value, meals_per_day=meals)
    kcal, protein = targets(profile)
    day = plan_day(profile, kcal, protein)
    assert abs(day.kcal - kcal) <= 0.05 * kcal
    assert abs(day.protein_g - protein) <= 0.10 * protein
    assert day.within_targets


def test_random_profiles_mostly_within_targets() -> None:
    rng = random.Random(11)
    hits = 0
    for i in range(120):
        profile = UserProfile.model_validate(random_profile(rng))
        kcal, protein = targets(profile)
        hits += plan_day(profile, kcal, protein, seed=i).within_targets
    assert hits / 120 >= 0.95


def test_meal_count_and_determinism() -> None:
    for meals in range(2, 7):
        profile = profile_with(meals_per_day=meals)
        kcal, protein = targets(profile)
        day = plan_day(profile, kcal, protein, seed=4)
        assert len([m for m in day.meals if m.recipe_id]) == meals
        assert day.as_dict() == plan_day(profile, kcal, protein, seed=4).as_dict()


def test_suggestion_honours_options_and_suggest_another() -> None:
    profile = profile_with(diet="vegetarian", allergies=["peanut"])
    options = MealOptions(cuisine=Cuisine.SOUTH_ASIAN, max_prep_minutes=40)
    first = suggest_meal(profile, MealSlot.DINNER, 600, options)
    assert first is not None
    assert first.cuisine is Cuisine.SOUTH_ASIAN
    assert first.prep_minutes <= 40
    again = suggest_meal(profile, MealSlot.DINNER, 600, options, exclude=[first.recipe_id or ""])
    assert again is not None
    assert again.recipe_id != first.recipe_id
    assert abs(first.kcal - 600) / 600 < 0.35


def test_quick_meals_and_available_ingredients() -> None:
    profile = profile_with()
    quick = suggest_meal(profile, MealSlot.LUNCH, 500, MealOptions(quick=True))
    assert quick is not None
    assert quick.prep_minutes <= 15
    egg_meal = suggest_meal(profile, MealSlot.BREAKFAST, 450, MealOptions(ingredients=("egg",)))
    assert egg_meal is not None
    assert any("egg" in p.name.lower() for p in egg_meal.portions)


def test_no_recipe_left_is_none_not_a_crash() -> None:
    profile = profile_with(diet="vegan")
    every = [r.id for r in candidates(Diner.of(profile), MealSlot.SNACK)]
    assert suggest_meal(profile, MealSlot.SNACK, 200, exclude=every) is None


def test_intolerance_values() -> None:
    assert {i.value for i in Intolerance} == {"lactose", "gluten"}

"""Integrity and coverage of the packaged food table and recipes (knowledge/data/foods.json, recipes.json).

Everything is computed from the data: the meal planner needs enough recipes for every diet, allergy,
meal slot and cuisine, with protein-rich options, and the food figures must be internally consistent.
"""

from __future__ import annotations

import pytest

from fitcoach.domain import knowledge
from fitcoach.domain.knowledge.records import Food, Recipe
from fitcoach.domain.vocab import Allergen, Cuisine, Diet, DietTag, MealSlot

FOODS = knowledge.foods()
RECIPES = knowledge.recipes()

PROTEIN_FLOOR = {MealSlot.BREAKFAST: 20, MealSlot.LUNCH: 30, MealSlot.DINNER: 30, MealSlot.SNACK: 15}


def _food_suits(food: Food, diet: Diet) -> bool:
    return diet is Diet.OMNIVORE or DietTag(diet.value) in food.diet_tags


def _recipe_suits(recipe: Recipe, diet: Diet) -> bool:
    return all(_food_suits(FOODS[i.food], diet) for i in recipe.ingredients)


def _recipe_has_tag(recipe: Recipe, tag: DietTag) -> bool:
    return all(tag in FOODS[i.food].diet_tags for i in recipe.ingredients)


def _recipe_allergens(recipe: Recipe) -> set[Allergen]:
    return {a for i in recipe.ingredients for a in FOODS[i.food].allergens}


def _recipe_total(recipe: Recipe, field: str) -> float:
    return sum(getattr(FOODS[i.food].per_100g, field) * i.grams / 100 for i in recipe.ingredients)


def _in_slot(slot: MealSlot) -> list[Recipe]:
    return [r for r in RECIPES.values() if slot in r.meal_slots]


# ---------------------------------------------------------------- foods


def test_food_table_size_and_unique_names() -> None:
    assert len(FOODS) >= 220
    names = [f.name.casefold() for f in FOODS.values()]
    assert len(names) == len(set(names))
    assert all(key == f.id for key, f in FOODS.items())


@pytest.mark.parametrize("food", list(FOODS.values()), ids=list(FOODS))
def test_energy_agrees_with_macros(food: Food) -> None:
    from fitcoach.domain.knowledge.guidelines import guidelines

    energy = guidelines().energy
    per_gram, tolerance = energy.kcal_per_gram, energy.food_energy_tolerance
    n = food.per_100g
    atwater = per_gram.protein * n.protein_g + per_gram.carbs * n.carbs_g + per_gram.fat * n.fat_g
    assert abs(n.kcal - atwater) <= max(tolerance.fraction * n.kcal, tolerance.kcal), (n.kcal, atwater)
    assert n.fibre_g <= n.carbs_g  # carbohydrate is total carbohydrate, fibre included
    assert n.protein_g + n.carbs_g + n.fat_g <= 100.5


def test_diet_tags_nest_and_match_allergens() -> None:
    for f in FOODS.values():
        tags, allergens = set(f.diet_tags), set(f.allergens)
        if DietTag.VEGAN in tags:
            assert DietTag.VEGETARIAN in tags, f.id
            assert Allergen.MILK not in allergens and Allergen.EGG not in allergens, f.id
        if DietTag.VEGETARIAN in tags:
            assert DietTag.PESCATARIAN in tags, f.id
            assert not allergens & {Allergen.FISH, Allergen.SHELLFISH}, f.id
        if Allergen.WHEAT in allergens:
            assert DietTag.GLUTEN_FREE not in tags, f.id
        if Allergen.MILK in allergens and "lactose-free" not in f.name.lower():
            assert DietTag.LACTOSE_FREE not in tags, f.id


def test_oats_without_certification_are_not_gluten_free() -> None:
    for f in FOODS.values():
        name = f.name.lower()
        if "oat" in name and "gluten-free" not in name:
            assert DietTag.GLUTEN_FREE not in f.diet_tags, f.id


@pytest.mark.parametrize("cuisine", list(Cuisine))
def test_every_cuisine_has_foods(cuisine: Cuisine) -> None:
    assert sum(cuisine in f.cuisines for f in FOODS.values()) >= 8


def test_protein_sources_for_every_diet() -> None:
    for diet in Diet:
        rich = [f for f in FOODS.values() if _food_suits(f, diet) and f.per_100g.protein_g >= 10]
        assert len(rich) >= 8, diet


# ---------------------------------------------------------------- recipes


def test_recipe_count_and_ingredients_exist() -> None:
    assert len(RECIPES) >= 120
    for r in RECIPES.values():
        assert r.ingredients and r.steps, r.id
        for i in r.ingredients:
            assert i.food in FOODS, (r.id, i.food)
        foods = [i.food for i in r.ingredients]
        assert len(foods) == len(set(foods)), r.id


def test_recipes_use_much_of_the_table() -> None:
    used = {i.food for r in RECIPES.values() for i in r.ingredients}
    assert len(used) >= 150


@pytest.mark.parametrize("recipe", list(RECIPES.values()), ids=list(RECIPES))
def test_portion_energy_is_a_meal(recipe: Recipe) -> None:
    assert 150 <= _recipe_total(recipe, "kcal") <= 1100


def test_oils_and_condiments_are_not_scaled() -> None:
    for r in RECIPES.values():
        for i in r.ingredients:
            if FOODS[i.food].group.value in {"fat_oil", "condiment"}:
                assert not i.scalable, (r.id, i.food)


@pytest.mark.parametrize("slot", list(MealSlot))
def test_each_slot_has_recipes(slot: MealSlot) -> None:
    assert len(_in_slot(slot)) >= 25


@pytest.mark.parametrize("diet", list(Diet))
@pytest.mark.parametrize("slot", list(MealSlot))
def test_each_diet_and_slot(diet: Diet, slot: MealSlot) -> None:
    assert sum(_recipe_suits(r, diet) for r in _in_slot(slot)) >= 6


@pytest.mark.parametrize("allergen", list(Allergen))
@pytest.mark.parametrize("slot", list(MealSlot))
def test_each_allergen_and_slot(allergen: Allergen, slot: MealSlot) -> None:
    assert sum(allergen not in _recipe_allergens(r) for r in _in_slot(slot)) >= 6


@pytest.mark.parametrize("slot", list(MealSlot))
def test_vegan_and_gluten_free(slot: MealSlot) -> None:
    both = [r for r in _in_slot(slot) if _recipe_has_tag(r, DietTag.VEGAN) and _recipe_has_tag(r, DietTag.GLUTEN_FREE)]
    assert len(both) >= 3


@pytest.mark.parametrize("cuisine", list(Cuisine))
def test_each_cuisine_has_recipes(cuisine: Cuisine) -> None:
    assert sum(r.cuisine is cuisine for r in RECIPES.values()) >= 5


@pytest.mark.parametrize("diet", list(Diet))
@pytest.mark.parametrize("slot", list(MealSlot))
def test_protein_rich_recipes(diet: Diet, slot: MealSlot) -> None:
    rich = [
        r for r in _in_slot(slot) if _recipe_suits(r, diet) and _recipe_total(r, "protein_g") >= PROTEIN_FLOOR[slot]
    ]
    assert len(rich) >= 3


def test_quick_recipes() -> None:
    assert sum(r.prep_minutes <= 10 for r in RECIPES.values()) >= 20


def test_diet_suitability_is_derived_consistently() -> None:
    # A recipe containing fish or shellfish is never vegetarian; one with meat never pescatarian.
    for r in RECIPES.values():
        allergens = _recipe_allergens(r)
        if allergens & {Allergen.FISH, Allergen.SHELLFISH}:
            assert not _recipe_suits(r, Diet.VEGETARIAN), r.id
        if _recipe_suits(r, Diet.VEGAN):
            assert not allergens & {Allergen.MILK, Allergen.EGG, Allergen.FISH, Allergen.SHELLFISH}, r.id

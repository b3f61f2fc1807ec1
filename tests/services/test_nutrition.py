"""Nutrition: targets, days of meals and suggestions that respect diet and allergies, the body-weight log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.orm import Session

from fitcoach.domain import knowledge
from fitcoach.domain.errors import InvalidInput
from fitcoach.domain.vocab import Allergen, DietTag
from fitcoach.services import nutrition, plans, profiles
from fitcoach.services.errors import NotFound

TODAY = dt.date(2026, 11, 21)


def suits_vegetarian_without_peanut(recipe_id: str) -> bool:
    recipe = knowledge.recipes()[recipe_id]
    foods = [knowledge.foods()[i.food] for i in recipe.ingredients]
    return all(DietTag.VEGETARIAN in f.diet_tags and Allergen.PEANUT not in f.allergens for f in foods)


def test_targets_match_the_plan(db: Session, planned: int) -> None:
    t = nutrition.daily_targets(db, planned)
    shown = plans.current_plan(db, planned).plan["nutrition_suggestions"]
    assert t.kcal == shown["calorie_target"] and t.protein_g == shown["macros_g"]["protein"]
    assert len(t.slots) == 4 and sum(share for _, share in t.slots) == pytest.approx(1)


def test_a_day_of_meals_fits_the_targets_and_the_diet(db: Session, planned: int) -> None:
    day = nutrition.day_of_meals(db, planned)
    assert day["within_targets"]
    assert all(suits_vegetarian_without_peanut(m["recipe_id"]) for m in day["meals"] if m["recipe_id"])


def test_suggest_another_never_repeats_and_respects_allergies(db: Session, planned: int) -> None:
    seen: list[str] = []
    while (meal := nutrition.suggest(db, planned, slot="dinner", exclude=seen)) is not None:
        assert meal["recipe_id"] not in seen and suits_vegetarian_without_peanut(meal["recipe_id"])
        seen.append(meal["recipe_id"])
    assert len(seen) >= 3  # then None: nothing left that suits


def test_quick_meals_are_quick(db: Session, planned: int) -> None:
    meal = nutrition.suggest(db, planned, slot="breakfast", quick=True)
    assert meal is not None
    assert meal["prep_minutes"] <= knowledge.load_json("meals.json")["quick_meal_minutes"]


def test_suggestion_wishes_are_validated(db: Session, planned: int) -> None:
    with pytest.raises(InvalidInput) as caught:
        nutrition.suggest(db, planned, slot="brunch")
    assert caught.value.problems[0].field == "slot"
    with pytest.raises(InvalidInput) as caught:
        nutrition.suggest(db, planned, slot="lunch", cuisine="martian")
    assert caught.value.problems[0].field == "cuisine"
    with pytest.raises(InvalidInput) as caught:
        nutrition.suggest(db, planned, slot="lunch", max_prep_minutes=0)
    assert caught.value.problems[0].field == "max_prep_minutes"


def test_add_meal_rechecks_the_diet(db: Session, planned: int) -> None:
    meal = nutrition.suggest(db, planned, slot="lunch")
    assert meal is not None
    entry = nutrition.add_meal(db, planned, recipe_id=meal["recipe_id"], slot="lunch", eaten_on=TODAY)
    assert entry.data["kcal"] > 0 and nutrition.meals_on(db, planned, TODAY) == [entry]
    meaty = next(r for r in knowledge.recipes() if not suits_vegetarian_without_peanut(r))
    with pytest.raises(InvalidInput) as caught:
        nutrition.add_meal(db, planned, recipe_id=meaty, slot="lunch", eaten_on=TODAY)
    assert caught.value.problems[0].field == "recipe_id"
    assert nutrition.day_totals([entry])["kcal"] == entry.data["kcal"]
    nutrition.remove_meal(db, planned, entry.id)
    with pytest.raises(NotFound):
        nutrition.remove_meal(db, planned, entry.id)


def test_weigh_ins_replace_the_same_day_and_update_the_profile(db: Session, planned: int) -> None:
    nutrition.log_weight(db, planned, measured_on=TODAY - dt.timedelta(days=7), weight_kg=81)
    nutrition.log_weight(db, planned, measured_on=TODAY, weight_kg=80.2)
    nutrition.log_weight(db, planned, measured_on=TODAY, weight_kg=79.8)
    assert [(w.measured_on, w.weight_kg) for w in nutrition.weights(db, planned)] == [
        (TODAY - dt.timedelta(days=7), 81),
        (TODAY, 79.8),
    ]
    assert profiles.get_profile(db, planned).profile.personal_info.weight == 79.8
    nutrition.log_weight(db, planned, measured_on=TODAY - dt.timedelta(days=30), weight_kg=85)  # an old entry
    assert profiles.get_profile(db, planned).profile.personal_info.weight == 79.8
    with pytest.raises(InvalidInput) as caught:
        nutrition.log_weight(db, planned, measured_on=TODAY, weight_kg=5)
    assert caught.value.problems[0].field == "weight_kg"


def test_a_weigh_in_and_the_profile_weight_are_stored_together_or_not_at_all(
    db: Session, planned: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: Any, **__: Any) -> None:
        raise RuntimeError("the profile could not be saved")

    monkeypatch.setattr(profiles, "stage_weight", broken)
    with pytest.raises(RuntimeError, match="profile"):
        nutrition.log_weight(db, planned, measured_on=TODAY, weight_kg=77.5)
    db.rollback()  # what the request's session does after an error
    assert nutrition.weights(db, planned) == []
    assert profiles.get_profile(db, planned).profile.personal_info.weight == 80
    monkeypatch.undo()
    nutrition.log_weight(db, planned, measured_on=TODAY, weight_kg=77.5)
    assert [w.weight_kg for w in nutrition.weights(db, planned)] == [77.5]
    assert profiles.get_profile(db, planned).profile.personal_info.weight == 77.5

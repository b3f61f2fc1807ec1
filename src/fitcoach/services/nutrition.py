"""Nutrition: daily targets, a suggested day of meals, single-meal suggestions, the meals a person adds to
their day, and the body-weight log. The numbers and the choice of food are ``fitcoach.domain``'s."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fitcoach.domain import knowledge
from fitcoach.domain.context import expected_training_days
from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.meals import MealOptions, plan_day, rules, suggest_meal
from fitcoach.domain.nutrition import hydration, meal_timing, targets_for
from fitcoach.domain.profile import NutritionPrefs, UserProfile, WeightEntry
from fitcoach.domain.validation import validate
from fitcoach.domain.vocab import MealSlot
from fitcoach.services import profiles
from fitcoach.services.errors import NotFound
from fitcoach.services.plans import find_current
from fitcoach.store.models import BodyWeight, MealEntry
from fitcoach.store.repo import nutrition as repo

MAX_EXCLUDED = 500  # recipe ids a "suggest another" request may list as already shown


@dataclass(frozen=True)
class Targets:
    kcal: int
    protein_g: float
    carbs_g: float
    fat_g: float
    macros_pct: dict[str, float]
    meal_timing: list[str] = field(default_factory=list)
    hydration: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    slots: list[tuple[str, float]] = field(default_factory=list)  # (slot, share of the day's energy)

    def slot_kcal(self, slot: str) -> float:
        return self.kcal * next((share for name, share in self.slots if name == slot), 1 / max(len(self.slots), 1))


def _targets(profile: UserProfile, plan: dict[str, Any] | None) -> Targets:
    computed = targets_for(profile, expected_training_days(profile))
    slots = [(s.value, share) for s, share in rules().slots_by_meal_count[profile.nutrition.meals_per_day]]
    shown = (plan or {}).get("nutrition_suggestions") or {}
    grams = shown.get("macros_g") or {}
    m = computed.macros
    # A stored plan is what the person was shown (a guarded model plan may differ); else the engine's numbers.
    return Targets(
        kcal=int(shown.get("calorie_target") or computed.target.kcal),
        protein_g=float(grams.get("protein") or m.protein_g),
        carbs_g=float(grams.get("carbs") or m.carbs_g),
        fat_g=float(grams.get("fat") or m.fat_g),
        macros_pct=dict(shown.get("macros") or {"protein": m.protein_pct, "carbs": m.carbs_pct, "fat": m.fat_pct}),
        meal_timing=list(shown.get("meal_timing") or meal_timing(profile, computed)),
        hydration=list(shown.get("hydration") or hydration(profile)),
        notes=list(computed.notes),
        slots=slots,
    )


def daily_targets(session: Session, user_id: int) -> Targets:
    profile = profiles.get_profile(session, user_id).profile
    record = find_current(session, user_id)
    return _targets(profile, record.plan if record else None)


def day_of_meals(session: Session, user_id: int, *, seed: int = 0) -> dict[str, Any]:
    """A suggested day of meals hitting the calorie and protein targets (``seed`` gives another day)."""
    profile = profiles.get_profile(session, user_id).profile
    t = daily_targets(session, user_id)
    return plan_day(profile, t.kcal, t.protein_g, seed=seed).as_dict()


def _slot(value: str) -> MealSlot:
    try:
        return MealSlot(value)
    except ValueError:
        allowed = ", ".join(s.value for s in MealSlot)
        raise InvalidInput([FieldProblem("slot", f"{value!r} is not allowed; choose one of {allowed}")]) from None


def suggest(
    session: Session,
    user_id: int,
    *,
    slot: str,
    available_ingredients: Sequence[str] = (),
    cuisine: str | None = None,
    max_prep_minutes: int | None = None,
    quick: bool = False,
    exclude: Sequence[str] = (),
    seed: int = 0,
) -> dict[str, Any] | None:
    """One meal for ``slot`` sized to its share of the day; ``exclude`` holds recipes already shown. None when
    no recipe is left that suits the person's diet, allergies and these wishes."""
    if len(exclude) > MAX_EXCLUDED:
        raise InvalidInput([FieldProblem("exclude", f"at most {MAX_EXCLUDED} recipe ids (got {len(exclude)})")])
    # The wishes are checked by the profile's own nutrition model, so the limits and messages match it.
    wishes = validate(
        NutritionPrefs,
        {
            "cuisine": cuisine or None,
            "max_prep_minutes": max_prep_minutes,
            "available_ingredients": [i.strip() for i in available_ingredients if i.strip()],
        },
    )
    profile = profiles.get_profile(session, user_id).profile
    meal_slot = _slot(slot)
    options = MealOptions(
        cuisine=wishes.cuisine,
        max_prep_minutes=wishes.max_prep_minutes,
        quick=quick,
        ingredients=tuple(wishes.available_ingredients),
    )
    t = daily_targets(session, user_id)
    meal = suggest_meal(profile, meal_slot, t.slot_kcal(meal_slot.value), options, exclude=exclude, seed=seed)
    return meal.as_dict() if meal is not None else None


def add_meal(session: Session, user_id: int, *, recipe_id: str, slot: str, eaten_on: dt.date) -> MealEntry:
    """Add a recipe to a day, sized for the slot. The recipe must suit the person's diet and allergies:
    it is re-checked here, never taken on trust from the request."""
    profile = profiles.get_profile(session, user_id).profile
    meal_slot = _slot(slot)
    if recipe_id not in knowledge.recipes():
        raise InvalidInput([FieldProblem("recipe_id", f"is not a recipe in the catalogue (got {recipe_id!r})")])
    others = [r for r in knowledge.recipes() if r != recipe_id]
    t = daily_targets(session, user_id)
    meal = suggest_meal(profile, meal_slot, t.slot_kcal(meal_slot.value), MealOptions(), exclude=others)
    if meal is None:
        problem = f"{recipe_id!r} does not suit your diet and allergies for {meal_slot.value}"
        raise InvalidInput([FieldProblem("recipe_id", problem)])
    entry = MealEntry(
        user_id=user_id, eaten_on=eaten_on, slot=meal_slot.value, recipe_id=recipe_id, data=meal.as_dict()
    )
    session.add(entry)
    session.commit()
    return entry


def meals_on(session: Session, user_id: int, day: dt.date) -> list[MealEntry]:
    return repo.meals_on(session, user_id=user_id, day=day)


def remove_meal(session: Session, user_id: int, entry_id: int) -> None:
    found = repo.meal_by_id(session, user_id=user_id, entry_id=entry_id)
    if found is None:
        raise NotFound("meal")
    session.delete(found)
    session.commit()


def day_totals(entries: Sequence[MealEntry]) -> dict[str, float]:
    keys = ("kcal", "protein_g", "carbs_g", "fat_g")
    return {k: round(sum(float(e.data.get(k, 0)) for e in entries), 1) for k in keys}


# ---------------------------------------------------------------- body weight


def log_weight(session: Session, user_id: int, *, measured_on: dt.date, weight_kg: float) -> BodyWeight:
    """Record a weigh-in (one per day: a second one that day replaces the first) and keep the profile current,
    in one transaction: the weigh-in and the profile's weight are stored together or not at all."""
    try:
        checked = validate(WeightEntry, {"date": measured_on.isoformat(), "weight": weight_kg})
    except InvalidInput as exc:  # name the fields as callers send them
        names = {"date": "measured_on", "weight": "weight_kg"}
        raise InvalidInput([FieldProblem(names.get(p.field, p.field), p.message) for p in exc.problems]) from None
    existing = repo.weight_on(session, user_id=user_id, day=checked.date)
    if existing is None:
        existing = BodyWeight(user_id=user_id, measured_on=checked.date, weight_kg=checked.weight)
        session.add(existing)
    existing.weight_kg = checked.weight
    try:
        session.flush()  # nothing else is pending yet, so a rollback here loses only this insert
    except IntegrityError:  # the same day logged by a concurrent request: keep their row, apply ours over it
        session.rollback()
        existing = repo.weight_on(session, user_id=user_id, day=checked.date) or existing
        existing.weight_kg = checked.weight
    latest = repo.latest_weight(session, user_id=user_id)
    if latest is not None and latest.id == existing.id:
        profiles.stage_weight(session, user_id, checked.weight)
    session.commit()
    return existing


def weights(session: Session, user_id: int, *, since: dt.date | None = None) -> list[BodyWeight]:
    return repo.weights(session, user_id=user_id, since=since)


def weights_page(session: Session, user_id: int, *, limit: int, offset: int) -> tuple[list[BodyWeight], int]:
    return repo.weights_page(session, user_id=user_id, limit=limit, offset=offset), repo.count_weights(
        session, user_id=user_id
    )


def delete_weight(session: Session, user_id: int, weight_id: int) -> None:
    found = repo.weight_by_id(session, user_id=user_id, weight_id=weight_id)
    if found is None:
        raise NotFound("body weight")
    session.delete(found)
    session.commit()

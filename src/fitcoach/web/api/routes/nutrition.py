"""/api/v1/nutrition: daily targets, a day of meals, meal suggestions and the meals you add to a day."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response, status

from fitcoach.services import nutrition
from fitcoach.services.clock import today
from fitcoach.web.api.fitness_schemas import MealDayOut, MealIn, MealOut, SuggestIn, SuggestOut, TargetsOut
from fitcoach.web.deps import ApiUser, DbSession

router = APIRouter(prefix="/nutrition", tags=["nutrition"])


@router.get("/targets")
def targets(user: ApiUser, db: DbSession) -> TargetsOut:
    return TargetsOut.model_validate(nutrition.daily_targets(db, user.id), from_attributes=True)


@router.get("/day-plan")
def day_plan(user: ApiUser, db: DbSession, seed: int = 0) -> dict[str, object]:
    """A suggested day of meals within 5% of calories and 10% of protein; another ``seed`` gives another day."""
    return nutrition.day_of_meals(db, user.id, seed=seed)


@router.post("/suggestions")
def suggest(body: SuggestIn, user: ApiUser, db: DbSession) -> SuggestOut:
    """One meal for a slot; list the recipes already shown in ``exclude`` to get another."""
    meal = nutrition.suggest(
        db,
        user.id,
        slot=body.slot,
        available_ingredients=body.available_ingredients,
        cuisine=body.cuisine,
        max_prep_minutes=body.max_prep_minutes,
        quick=body.quick,
        exclude=body.exclude,
        seed=body.seed,
    )
    return SuggestOut(meal=meal)


@router.get("/meals")
def meals(user: ApiUser, db: DbSession, date: dt.date | None = None) -> MealDayOut:
    """The meals added to a day (default today), their totals and the day's targets."""
    day = date or today()
    entries = nutrition.meals_on(db, user.id, day)
    return MealDayOut(
        date=day,
        meals=[MealOut.model_validate(e) for e in entries],
        totals=nutrition.day_totals(entries),
        targets=TargetsOut.model_validate(nutrition.daily_targets(db, user.id), from_attributes=True),
    )


@router.post("/meals", status_code=status.HTTP_201_CREATED)
def add_meal(body: MealIn, user: ApiUser, db: DbSession) -> MealOut:
    """Add a recipe to a day ("add to plan"); it is sized for the slot and re-checked against your diet."""
    entry = nutrition.add_meal(db, user.id, recipe_id=body.recipe_id, slot=body.slot, eaten_on=body.eaten_on or today())
    return MealOut.model_validate(entry)


@router.delete("/meals/{meal_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_meal(meal_id: int, user: ApiUser, db: DbSession) -> Response:
    nutrition.remove_meal(db, user.id, meal_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

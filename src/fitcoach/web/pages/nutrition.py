"""Food pages: daily targets, today's meals, a suggested day, the meal-suggestion dialog ("suggest
another", "add to today") and the body-weight log with its chart."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response

from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.vocab import Cuisine, MealSlot
from fitcoach.services import nutrition, profiles
from fitcoach.services.clock import today
from fitcoach.web.charts import Series, line_chart
from fitcoach.web.deps import CurrentUser, DbSession
from fitcoach.web.templating import flash, render

router = APIRouter()
FormStr = Annotated[str, Form()]


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


@router.get("/nutrition")
def nutrition_page(
    request: Request,
    user: CurrentUser,
    db: DbSession,
    seed: int = 0,
    slot: str = "",
    cuisine: str = "",
    max_prep_minutes: str = "",
    quick: str = "",
    ingredients: str = "",
    exclude: Annotated[list[str] | None, Query()] = None,
) -> Response:
    if profiles.find_profile(db, user.id) is None:
        return RedirectResponse("/onboarding", status_code=303)
    day = today()
    entries = nutrition.meals_on(db, user.id, day)
    suggestion: dict[str, object] | None = None
    asked = bool(slot)
    errors: list[dict[str, str]] = []
    shown = [e for e in (exclude or []) if e][: nutrition.MAX_EXCLUDED]
    if asked:
        try:
            minutes = int(max_prep_minutes) if max_prep_minutes.strip() else None
        except ValueError:
            minutes = None
            errors.append(
                {"field": "max_prep_minutes", "message": f"must be a whole number (got {max_prep_minutes!r})"}
            )
        if not errors:
            try:
                suggestion = nutrition.suggest(
                    db,
                    user.id,
                    slot=slot,
                    available_ingredients=_split(ingredients),
                    cuisine=cuisine or None,
                    max_prep_minutes=minutes,
                    quick=bool(quick),
                    exclude=shown,
                    seed=len(shown),
                )
            except InvalidInput as exc:
                errors = [{"field": p.field, "message": p.message} for p in exc.problems]
    context = {
        "day": day,
        "targets": nutrition.daily_targets(db, user.id),
        "entries": entries,
        "totals": nutrition.day_totals(entries),
        "day_plan": nutrition.day_of_meals(db, user.id, seed=seed),
        "seed": seed,
        "slots": [s.value for s in MealSlot],
        "cuisines": [c.value for c in Cuisine],
        "asked": asked,
        "suggestion": suggestion,
        "wishes": {
            "slot": slot,
            "cuisine": cuisine,
            "max_prep_minutes": max_prep_minutes,
            "quick": quick,
            "ingredients": ingredients,
        },
        "shown": shown,
        "errors": errors,
    }
    return render(request, "nutrition.html", context, status_code=422 if errors else 200)


@router.post("/nutrition/meals")
def add_meal(request: Request, user: CurrentUser, db: DbSession, recipe_id: FormStr, slot: FormStr) -> Response:
    try:
        entry = nutrition.add_meal(db, user.id, recipe_id=recipe_id, slot=slot, eaten_on=today())
    except InvalidInput as exc:
        flash(request, str(exc), "error")
    else:
        flash(request, f"Added {entry.data.get('name')} to today's {entry.slot}.", "success")
    return RedirectResponse("/nutrition#today", status_code=303)


@router.post("/nutrition/meals/{meal_id}/delete")
def remove_meal(request: Request, meal_id: int, user: CurrentUser, db: DbSession) -> Response:
    nutrition.remove_meal(db, user.id, meal_id)
    return RedirectResponse("/nutrition#today", status_code=303)


def _weight_page(
    request: Request,
    db: DbSession,
    user_id: int,
    errors: list[dict[str, str]],
    status: int,
    values: dict[str, str] | None = None,
) -> Response:
    entries = nutrition.weights(db, user_id)
    chart = line_chart(
        [Series("Body weight", [(w.measured_on, w.weight_kg) for w in entries])],
        chart_id="weight-chart",
        title="Body weight over time",
        unit="kg",
        empty_message="Log your weight to see the trend.",
    )
    context = {
        "entries": list(reversed(entries)),
        "chart": chart,
        "errors": errors,
        "today": today(),
        "values": values or {},
    }
    return render(request, "weight.html", context, status_code=status)


@router.get("/weight")
def weight_page(request: Request, user: CurrentUser, db: DbSession) -> Response:
    return _weight_page(request, db, user.id, [], 200)


@router.post("/weight")
def log_weight(
    request: Request, user: CurrentUser, db: DbSession, weight_kg: FormStr = "", measured_on: FormStr = ""
) -> Response:
    try:
        try:
            day = dt.date.fromisoformat(measured_on) if measured_on.strip() else today()
        except ValueError:
            problem = f"must be a date (YYYY-MM-DD), got {measured_on!r}"
            raise InvalidInput([FieldProblem("measured_on", problem)]) from None
        if not weight_kg.strip():
            raise InvalidInput([FieldProblem("weight_kg", "is empty: type your weight in kg, e.g. 72.5")])
        try:
            kg = float(weight_kg.replace(",", "."))
        except ValueError:
            raise InvalidInput([FieldProblem("weight_kg", f"must be a number (got {weight_kg!r})")]) from None
        nutrition.log_weight(db, user.id, measured_on=day, weight_kg=kg)
    except InvalidInput as exc:
        errors = [
            {"field": "weight_kg" if p.field == "weight" else p.field, "message": p.message} for p in exc.problems
        ]
        return _weight_page(
            request, db, user.id, errors, 422, values={"weight_kg": weight_kg, "measured_on": measured_on}
        )
    flash(request, "Weight saved.", "success")
    return RedirectResponse("/weight", status_code=303)


@router.post("/weight/{weight_id}/delete")
def delete_weight(request: Request, weight_id: int, user: CurrentUser, db: DbSession) -> Response:
    nutrition.delete_weight(db, user.id, weight_id)
    return RedirectResponse("/weight", status_code=303)

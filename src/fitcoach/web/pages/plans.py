"""The workout page: the week, today's session, each exercise with its dose, cues and substitutes, and
the buttons that adapt a day ("too difficult", "too easy", "short on time")."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from fitcoach.domain import knowledge
from fitcoach.domain.errors import InvalidInput
from fitcoach.services import plans, profiles
from fitcoach.services.clock import today
from fitcoach.web.deps import CurrentUser, DbSession, Generator
from fitcoach.web.templating import flash, render

router = APIRouter()

FEEDBACK_LABELS = {"too_difficult": "Too difficult", "too_easy": "Too easy", "short_on_time": "Short on time"}


def exercise_view(entry: dict[str, Any]) -> dict[str, Any]:
    """A plan exercise with what the page shows beside it: catalogue cues and substitute names."""
    catalogue = knowledge.exercises()
    exercise = catalogue.get(str(entry.get("id")))
    subs = [(s, catalogue[s].name) for s in entry.get("substitutes") or [] if s in catalogue]
    return {**entry, "cues": list(exercise.cues) if exercise else [], "substitute_names": subs}


def plan_view(plan: dict[str, Any], today: dt.date) -> dict[str, Any]:
    workout = plan.get("workout_plan", {})
    days = [
        {**day, "index": i, "exercises": [exercise_view(e) for e in day.get("exercises", [])]}
        for i, day in enumerate(workout.get("weekly_schedule", []))
    ]
    return {
        "name": workout.get("name", "Your plan"),
        "overview": workout.get("overview", ""),
        "days": days,
        "rest_days": workout.get("rest_days", []),
        "next_index": plans.next_day_index(plan, today),
        "today_name": today.strftime("%A"),
        "warnings": plan.get("warnings", []),
        "rationale": plan.get("rationale", []),
        "nutrition": plan.get("nutrition_suggestions", {}),
        "progression": workout.get("progression_plan", {}),
    }


@router.get("/plan")
def plan_page(request: Request, user: CurrentUser, db: DbSession, generator: Generator) -> Response:
    saved = profiles.find_profile(db, user.id)
    if saved is None:
        return RedirectResponse("/onboarding", status_code=303)
    record = plans.find_current(db, user.id) or plans.generate_plan(db, user.id, generator, reason="onboarding")
    versions, _ = plans.list_plans(db, user.id, limit=5, offset=0)
    context = {
        "record": record,
        "view": plan_view(record.plan, today()),
        "screening": saved.screening,
        "needs_clearance": saved.needs_clearance,
        "versions": versions,
        "feedback_labels": FEEDBACK_LABELS,
        "usual_minutes": saved.profile.preferences.workout_duration,
    }
    return render(request, "plan.html", context)


@router.post("/plan/substitute")
def substitute(
    request: Request,
    user: CurrentUser,
    db: DbSession,
    day_index: Annotated[int, Form()],
    exercise_index: Annotated[int, Form()],
    substitute_id: Annotated[str, Form()],
) -> Response:
    try:
        record = plans.substitute_exercise(
            db, user.id, day_index=day_index, exercise_index=exercise_index, substitute_id=substitute_id
        )
    except InvalidInput as exc:
        flash(request, str(exc), "error")
        return RedirectResponse("/plan", status_code=303)
    flash(request, f"Done: {record.reason}.", "success")
    return RedirectResponse(f"/plan#day-{day_index}", status_code=303)


@router.post("/plan/adjust")
def adjust(
    request: Request,
    user: CurrentUser,
    db: DbSession,
    feedback: Annotated[str, Form()],
    day_index: Annotated[int, Form()],
    minutes: Annotated[str, Form()] = "",
) -> Response:
    try:
        wanted = int(minutes) if minutes.strip() else None
    except ValueError:
        flash(request, f"minutes: must be a whole number (got {minutes!r})", "error")
        return RedirectResponse("/plan", status_code=303)
    try:
        record = plans.adjust_day(db, user.id, feedback=feedback, day_index=day_index, minutes=wanted)
    except InvalidInput as exc:
        flash(request, str(exc), "error")
        return RedirectResponse("/plan", status_code=303)
    flash(request, f"Updated: {record.reason}.", "success")
    return RedirectResponse(f"/plan#day-{day_index}", status_code=303)


@router.post("/plan/regenerate")
def regenerate(request: Request, user: CurrentUser, db: DbSession, generator: Generator) -> Response:
    plans.generate_plan(db, user.id, generator, reason="asked for a fresh plan")
    flash(request, "A fresh plan is ready.", "success")
    return RedirectResponse("/plan", status_code=303)

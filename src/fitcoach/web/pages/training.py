"""Training pages: start a session, log sets with a rest timer, finish (next loads, XP), history and records."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from fitcoach.domain import knowledge
from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.services import plans, profiles, training
from fitcoach.services.clock import today
from fitcoach.services.errors import Conflict
from fitcoach.store.models import WorkoutSession
from fitcoach.web.deps import CurrentUser, DbSession
from fitcoach.web.pages.plans import exercise_view, plan_view
from fitcoach.web.templating import flash, render

router = APIRouter()
HISTORY_PAGE = 10
FormStr = Annotated[str, Form()]


def _optional_number(text: str, field: str, kind: type[int] | type[float]) -> int | float | None:
    """A number typed in a form box; empty is None; anything else names the field."""
    text = text.strip().replace(",", ".")
    if not text:
        return None
    try:
        return kind(float(text)) if kind is int and float(text).is_integer() else kind(text)
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise InvalidInput([FieldProblem(field, f"must be {what} (got {text!r})")]) from None


def new_request_id() -> str:
    """A random idempotency key for one set form: 22 URL-safe characters, within the service's 1-64."""
    return secrets.token_urlsafe(16)


def session_view(db: Any, user_id: int, ws: WorkoutSession) -> list[dict[str, Any]]:
    """Each planned exercise of the session with its plan entry and the sets logged so far."""
    plan_day: dict[str, Any] = {}
    if ws.plan_id is not None:
        schedule = plans.schedule_of(plans.get_plan(db, user_id, ws.plan_id).plan)
        plan_day = schedule[ws.day_index] if 0 <= ws.day_index < len(schedule) else {}
    entries = {str(e.get("id")): e for e in plan_day.get("exercises", [])}
    catalogue = knowledge.exercises()
    rows = []
    planned_ids = [t["exercise_id"] for t in ws.targets or []]
    extra_ids = [s.exercise_id for s in ws.sets if s.exercise_id not in planned_ids]
    targets = {t["exercise_id"]: t for t in ws.targets or []}
    for exercise_id in dict.fromkeys(planned_ids + extra_ids):
        exercise = catalogue.get(exercise_id)
        entry = exercise_view(
            entries.get(exercise_id, {"id": exercise_id, "name": exercise.name if exercise else exercise_id})
        )
        rows.append(
            {
                "id": exercise_id,
                "entry": entry,
                "target": targets.get(exercise_id),
                "timed": exercise is not None and exercise.dose.value != "reps",
                "loadable": exercise is not None and exercise.loadable,
                "sets": [s for s in ws.sets if s.exercise_id == exercise_id],
            }
        )
    return rows


def _train_page(
    request: Request,
    db: Any,
    user_id: int,
    ws: WorkoutSession,
    errors: list[dict[str, Any]],
    status_code: int = 200,
    submitted: dict[str, str] | None = None,
) -> Response:
    """The open session. ``submitted`` holds what was typed into a form that came back with a problem, so the
    person fixes one box instead of typing everything again."""
    rest = request.query_params.get("rest", "")
    rows = session_view(db, user_id, ws)
    context = {
        "ws": ws,
        "rows": rows,
        # One fresh idempotency key per rendered set form: a double submit of that form sends the same key and
        # logs one set; the page shown after a post carries new keys, so the next set is a new request.
        "request_ids": {row["id"]: new_request_id() for row in rows},
        "errors": errors,
        "rest_seconds": int(rest) if rest.isdigit() and int(rest) <= 900 else None,
        "last_exercise": request.query_params.get("ex", ""),
        "submitted": submitted or {},
    }
    return render(request, "train.html", context, status_code=status_code)


@router.get("/train")
def train(request: Request, user: CurrentUser, db: DbSession) -> Response:
    if profiles.find_profile(db, user.id) is None:
        return RedirectResponse("/onboarding", status_code=303)
    ws = training.open_session(db, user.id)
    if ws is not None:
        return _train_page(request, db, user.id, ws, [])
    record = plans.find_current(db, user.id)
    if record is None:
        return RedirectResponse("/plan", status_code=303)
    return render(request, "train_start.html", {"view": plan_view(record.plan, today())})


@router.post("/train/start")
def start(request: Request, user: CurrentUser, db: DbSession, day_index: FormStr = "") -> Response:
    index = int(day_index) if day_index.strip().isdigit() else None
    try:
        training.start_session(db, user.id, day_index=index)
    except InvalidInput as exc:
        flash(request, str(exc), "error")
    return RedirectResponse("/train", status_code=303)


@router.post("/train/{session_id}/sets")
def log_set(
    request: Request,
    session_id: int,
    user: CurrentUser,
    db: DbSession,
    exercise_id: FormStr,
    reps: FormStr = "",
    load_kg: FormStr = "",
    rpe: FormStr = "",
    duration_seconds: FormStr = "",
    request_id: FormStr = "",
) -> Response:
    ws = training.get_session(db, user.id, session_id)
    try:
        logged = training.log_set(
            db,
            user.id,
            session_id,
            exercise_id=exercise_id,
            reps=int(_optional_number(reps, "reps", int) or 0),
            load_kg=_optional_number(load_kg, "load_kg", float),
            rpe=_optional_number(rpe, "rpe", float),
            duration_seconds=_optional_number(duration_seconds, "duration_seconds", int),  # type: ignore[arg-type]
            request_id=request_id or None,  # an old page without the hidden key still logs (not idempotently)
        )
    except InvalidInput as exc:
        errors = [{"field": p.field, "message": p.message, "exercise": exercise_id} for p in exc.problems]
        typed = {"exercise_id": exercise_id, "reps": reps, "load_kg": load_kg, "rpe": rpe}
        typed["duration_seconds"] = duration_seconds
        return _train_page(request, db, user.id, ws, errors, status_code=422, submitted=typed)
    except Conflict as exc:
        flash(request, str(exc), "error")
        return RedirectResponse(f"/train/{session_id}", status_code=303)
    target = next((t for t in ws.targets or [] if t["exercise_id"] == logged.exercise_id), None)
    rest = int(target["rest_seconds"]) if target else 0
    return RedirectResponse(f"/train?rest={rest}&ex={logged.exercise_id}#ex-{logged.exercise_id}", status_code=303)


@router.post("/train/{session_id}/sets/{set_id}/delete")
def delete_set(request: Request, session_id: int, set_id: int, user: CurrentUser, db: DbSession) -> Response:
    training.delete_set(db, user.id, session_id, set_id)
    return RedirectResponse("/train", status_code=303)


@router.post("/train/{session_id}/finish")
def finish(
    request: Request,
    session_id: int,
    user: CurrentUser,
    db: DbSession,
    feeling: FormStr = "",
    duration_minutes: FormStr = "",
    notes: FormStr = "",
) -> Response:
    ws = training.get_session(db, user.id, session_id)
    try:
        minutes = _optional_number(duration_minutes, "duration_minutes", float)
        result = training.finish_session(
            db, user.id, session_id, feeling=feeling or None, duration_minutes=minutes, notes=notes.strip() or None
        )
    except InvalidInput as exc:
        errors = [{"field": p.field, "message": p.message, "exercise": ""} for p in exc.problems]
        typed = {"feeling": feeling, "duration_minutes": duration_minutes, "notes": notes}
        return _train_page(request, db, user.id, ws, errors, status_code=422, submitted=typed)
    g = result.game
    message = f"Session done: +{g.xp} XP."
    if g.levelled_up:
        message += f" Level {g.level_after}!"
    flash(request, message, "success")
    return RedirectResponse(f"/train/{session_id}", status_code=303)


@router.get("/train/{session_id}")
def session_summary(request: Request, session_id: int, user: CurrentUser, db: DbSession) -> Response:
    ws = training.get_session(db, user.id, session_id)
    if ws.finished_at is None:
        return RedirectResponse("/train", status_code=303)
    catalogue = knowledge.exercises()
    next_targets = training.stored_targets(db, user.id, [t["exercise_id"] for t in ws.targets or []])
    context = {
        "ws": ws,
        "rows": session_view(db, user.id, ws),
        "next_targets": [(catalogue[t.exercise_id].name, t) for t in next_targets if t.exercise_id in catalogue],
    }
    return render(request, "session.html", context)


@router.get("/history")
def history(request: Request, user: CurrentUser, db: DbSession, page: int = 1) -> Response:
    page = max(page, 1)
    items, total = training.history_page(db, user.id, limit=HISTORY_PAGE, offset=(page - 1) * HISTORY_PAGE)
    context = {
        "sessions": items,
        "page": page,
        "pages": max(1, -(-total // HISTORY_PAGE)),
        "records": training.records(db, user.id),
    }
    return render(request, "history.html", context)

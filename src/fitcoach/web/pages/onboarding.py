"""Onboarding: the guided profile form (health screening, goals, schedule, equipment, injuries, food).

Submitting it saves the profile with its screening and builds a plan; problems are shown next to the
inputs they belong to. The same form edits the profile later (a new plan version follows).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from fitcoach.domain.errors import InvalidInput
from fitcoach.services import plans, profiles
from fitcoach.web.deps import CurrentUser, DbSession, Generator
from fitcoach.web.onboarding_form import (
    STEPS,
    FormErrors,
    error_summary,
    errors_for_form,
    form_from_profile,
    profile_from_form,
)
from fitcoach.web.templating import flash, render

router = APIRouter()

# What a new form starts with: the contract's defaults, shown so the person sees them.
NEW_FORM: dict[str, list[str]] = {"units": ["metric"], "nutrition.diet": ["omnivore"], "nutrition.meals_per_day": ["3"]}


def _page(
    request: Request, values: dict[str, list[str]], errors: FormErrors, *, editing: bool, status_code: int = 200
) -> Response:
    context = {
        "steps": STEPS,
        "values": values,
        "errors": errors,
        "error_links": error_summary(errors),
        "start_step": errors.first_step() or STEPS[0].key,
        "editing": editing,
    }
    return render(request, "onboarding.html", context, status_code=status_code)


@router.get("/onboarding")
def onboarding_form(request: Request, user: CurrentUser, db: DbSession) -> Response:
    saved = profiles.find_profile(db, user.id)
    values = form_from_profile(saved.record.data) if saved else dict(NEW_FORM)
    return _page(request, values, FormErrors(), editing=saved is not None)


@router.post("/onboarding")
async def onboarding_submit(request: Request, user: CurrentUser, db: DbSession, generator: Generator) -> Response:
    form = await request.form()
    values = {key: [str(v) for v in form.getlist(key)] for key in form if key != "csrf_token"}
    editing = profiles.find_profile(db, user.id) is not None
    try:
        saved = profiles.save_profile(db, user.id, profile_from_form(values))
    except InvalidInput as exc:
        return _page(request, values, errors_for_form(exc.problems), editing=editing, status_code=422)
    plans.generate_plan(db, user.id, generator, reason="profile updated" if editing else "onboarding")
    if saved.needs_clearance:
        # The red notice on the plan says what and why; the flash only points at it.
        flash(request, "Your plan is ready. Please read the health note below before you start.", "info")
    else:
        flash(request, "Your plan is ready.", "success")
    return RedirectResponse("/plan", status_code=303)

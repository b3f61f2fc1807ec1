"""/api/v1/plans: plan versions, a new plan, exercise swaps and day adjustments after feedback."""

from __future__ import annotations

from fastapi import APIRouter, status

from fitcoach.services import plans
from fitcoach.web.api.fitness_schemas import AdjustDayIn, PlanCreateIn, PlanOut, PlanSummaryOut, SubstituteIn
from fitcoach.web.deps import ApiUser, DbSession, Generator
from fitcoach.web.pagination import Page, PageParams

router = APIRouter(prefix="/plans", tags=["plans"])


@router.get("")
def list_plans(user: ApiUser, db: DbSession, page: PageParams) -> Page[PlanSummaryOut]:
    """Every version, newest first."""
    items, total = plans.list_plans(db, user.id, limit=page.limit, offset=page.offset)
    return Page[PlanSummaryOut].of([PlanSummaryOut.model_validate(p) for p in items], total, page)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_plan(body: PlanCreateIn, user: ApiUser, db: DbSession, generator: Generator) -> PlanOut:
    """A new plan for your current profile, through the configured generator and the safety guard."""
    return PlanOut.model_validate(plans.generate_plan(db, user.id, generator, reason=body.reason))


@router.get("/current")
def current_plan(user: ApiUser, db: DbSession) -> PlanOut:
    return PlanOut.model_validate(plans.current_plan(db, user.id))


@router.post("/current/substitute", status_code=status.HTTP_201_CREATED)
def substitute(body: SubstituteIn, user: ApiUser, db: DbSession) -> PlanOut:
    """Swap one exercise for one of its listed substitutes (a new version)."""
    record = plans.substitute_exercise(
        db, user.id, day_index=body.day_index, exercise_index=body.exercise_index, substitute_id=body.substitute_id
    )
    return PlanOut.model_validate(record)


@router.post("/current/adjust", status_code=status.HTTP_201_CREATED)
def adjust(body: AdjustDayIn, user: ApiUser, db: DbSession) -> PlanOut:
    """Rebuild a day after "too difficult", "too easy" or "short on time" (a new version)."""
    record = plans.adjust_day(db, user.id, feedback=body.feedback, day_index=body.day_index, minutes=body.minutes)
    return PlanOut.model_validate(record)


@router.get("/{plan_id}")
def get_plan(plan_id: int, user: ApiUser, db: DbSession) -> PlanOut:
    return PlanOut.model_validate(plans.get_plan(db, user.id, plan_id))

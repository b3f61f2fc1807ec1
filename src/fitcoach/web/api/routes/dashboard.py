"""/api/v1/dashboard: next workout, this week's adherence, the game card and the chart series."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter

from fitcoach.services import dashboard
from fitcoach.web.api.fitness_schemas import DashboardOut
from fitcoach.web.api.routes.game import game_out
from fitcoach.web.deps import ApiUser, DbSession

router = APIRouter(prefix="/dashboard", tags=["dashboard"])


@router.get("")
def get_dashboard(user: ApiUser, db: DbSession) -> DashboardOut:
    view = dashboard.dashboard(db, user.id)
    return DashboardOut(
        has_profile=view.has_profile,
        needs_clearance=view.needs_clearance,
        next_workout=asdict(view.next_workout) if view.next_workout else None,
        adherence={
            "planned": view.adherence.planned,
            "done": view.adherence.done,
            "fraction": view.adherence.fraction,
        },
        game=game_out(view.card),
        body_weight=view.weight_series,
        weekly_sets=view.weekly_sets,
        e1rm=view.e1rm_series,
    )

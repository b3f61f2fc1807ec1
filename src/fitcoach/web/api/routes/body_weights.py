"""/api/v1/body-weights: the body-weight log (one weigh-in a day)."""

from __future__ import annotations

import datetime as dt

from fastapi import APIRouter, Response, status

from fitcoach.services import nutrition
from fitcoach.web.api.fitness_schemas import WeightIn, WeightOut
from fitcoach.web.deps import ApiUser, DbSession
from fitcoach.web.pagination import Page, PageParams

router = APIRouter(prefix="/body-weights", tags=["body-weights"])


@router.get("")
def list_weights(user: ApiUser, db: DbSession, page: PageParams) -> Page[WeightOut]:
    """Weigh-ins, newest first."""
    items, total = nutrition.weights_page(db, user.id, limit=page.limit, offset=page.offset)
    return Page[WeightOut].of([WeightOut.model_validate(w) for w in items], total, page)


@router.post("", status_code=status.HTTP_201_CREATED)
def log_weight(body: WeightIn, user: ApiUser, db: DbSession) -> WeightOut:
    """Record a weigh-in; a second one on the same day replaces the first."""
    day = body.measured_on or dt.datetime.now(dt.UTC).date()
    return WeightOut.model_validate(nutrition.log_weight(db, user.id, measured_on=day, weight_kg=body.weight_kg))


@router.delete("/{weight_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_weight(weight_id: int, user: ApiUser, db: DbSession) -> Response:
    nutrition.delete_weight(db, user.id, weight_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

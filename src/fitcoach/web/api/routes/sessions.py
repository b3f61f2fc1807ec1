"""/api/v1/sessions: start a session, log sets, finish it (next loads, XP), history and records."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Response, status

from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.services import training
from fitcoach.web.api.fitness_schemas import (
    AchievementOut,
    AdjustmentOut,
    FinishIn,
    FinishOut,
    GameUpdateOut,
    RecordOut,
    SessionOut,
    SessionStartIn,
    SetIn,
    SetOut,
)
from fitcoach.web.deps import ApiUser, DbSession
from fitcoach.web.pagination import Page, PageParams

router = APIRouter(prefix="/sessions", tags=["sessions"])


@router.get("")
def list_sessions(user: ApiUser, db: DbSession, page: PageParams) -> Page[SessionOut]:
    """Finished sessions, newest first."""
    items, total = training.history_page(db, user.id, limit=page.limit, offset=page.offset)
    return Page[SessionOut].of([SessionOut.model_validate(s) for s in items], total, page)


@router.get("/records")
def records(user: ApiUser, db: DbSession) -> list[RecordOut]:
    """Personal records per exercise: heaviest set and best estimated 1RM."""
    return [RecordOut.model_validate(r, from_attributes=True) for r in training.records(db, user.id)]


@router.get("/open")
def open_session(user: ApiUser, db: DbSession) -> SessionOut | None:
    """The session you started and have not finished, or null."""
    found = training.open_session(db, user.id)
    return SessionOut.model_validate(found) if found else None


@router.post("", status_code=status.HTTP_201_CREATED)
def start(body: SessionStartIn, user: ApiUser, db: DbSession) -> SessionOut:
    """Start today's plan day (or ``day_index``); an unfinished session is returned instead."""
    return SessionOut.model_validate(training.start_session(db, user.id, day_index=body.day_index))


@router.get("/{session_id}")
def get_session(session_id: int, user: ApiUser, db: DbSession) -> SessionOut:
    return SessionOut.model_validate(training.get_session(db, user.id, session_id))


def _idempotency_key(header: str | None, body: SetIn) -> str | None:
    """The request's key: the standard ``Idempotency-Key`` header wins over the body's ``request_id``.

    A bad header is reported under the header's name (the service would name ``request_id``)."""
    if header is None:
        return body.request_id
    try:
        return training.check_request_id(header)
    except InvalidInput as exc:
        raise InvalidInput([FieldProblem("Idempotency-Key", p.message) for p in exc.problems]) from None


@router.post("/{session_id}/sets", status_code=status.HTTP_201_CREATED)
def log_set(
    session_id: int,
    body: SetIn,
    user: ApiUser,
    db: DbSession,
    idempotency_key: Annotated[str | None, Header(description="Same as the body's request_id; wins over it.")] = None,
) -> SetOut:
    """Log one set. With a key (``Idempotency-Key`` header or ``request_id``), a repeat of the request answers
    201 with the set the first one logged, and logs nothing more: a double submit or a retry is safe."""
    logged = training.log_set(
        db,
        user.id,
        session_id,
        exercise_id=body.exercise_id,
        reps=body.reps,
        load_kg=body.load_kg,
        rpe=body.rpe,
        duration_seconds=body.duration_seconds,
        request_id=_idempotency_key(idempotency_key, body),
    )
    return SetOut.model_validate(logged)


@router.delete("/{session_id}/sets/{set_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_set(session_id: int, set_id: int, user: ApiUser, db: DbSession) -> Response:
    training.delete_set(db, user.id, session_id, set_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/{session_id}/finish")
def finish(session_id: int, body: FinishIn, user: ApiUser, db: DbSession) -> FinishOut:
    """Finish: next session's targets, XP under the daily cap, stats, streak and achievements."""
    result = training.finish_session(
        db, user.id, session_id, feeling=body.feeling, duration_minutes=body.duration_minutes, notes=body.notes
    )
    g = result.game
    return FinishOut(
        session=SessionOut.model_validate(result.session),
        adjustments=[
            AdjustmentOut(
                exercise_id=a.target.exercise_id,
                action=a.action,
                reason=a.reason,
                sources=list(a.sources),
                target=a.target.model_dump(),
            )
            for a in result.adjustments
        ],
        game=GameUpdateOut(
            xp=g.xp,
            xp_before_cap=g.xp_before_cap,
            breakdown=g.breakdown,
            flags=g.flags,
            stats=g.stats,
            level_before=g.level_before,
            level_after=g.level_after,
            streak_days=g.streak.current,
            new_achievements=[
                AchievementOut(key=a.key, title=a.title, description=a.description) for a in g.new_achievements
            ],
        ),
    )

"""The training log: start today's session, log sets, finish it, and read history and personal records.

Finishing a session sets next session's targets through ``fitcoach.domain.adapt`` (stored per exercise in
``load_targets``) and scores it through the game rules (``fitcoach.services.game``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, get_args

from annotated_types import Le
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fitcoach.domain import knowledge
from fitcoach.domain.adapt import Adjustment, Lift, estimated_1rm_history, next_session_targets, records_of_lifts
from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.training_log import ExerciseTarget, Feeling, LoggedSession, LoggedSet
from fitcoach.domain.validation import validate
from fitcoach.domain.vocab import DoseUnit
from fitcoach.services import clock, game
from fitcoach.services.errors import Conflict, NotFound

# Re-exported: pages and routes read the log and the body weight through the training service.
from fitcoach.services.history import body_weight_kg as body_weight_kg
from fitcoach.services.history import logged_history as logged_history
from fitcoach.services.history import to_logged as to_logged
from fitcoach.services.plans import current_plan, next_day_index, plan_day, training_weekdays
from fitcoach.services.profiles import get_profile
from fitcoach.store.models import LoadTarget, SetLog, WorkoutSession, utcnow
from fitcoach.store.repo import training as repo

FEELINGS: tuple[str, ...] = get_args(Feeling)
NOTES_MAX = 2000  # characters of free-text notes on a session


def _upper_bound(model: type[BaseModel], name: str) -> float:
    """The ``le`` limit the training-log model declares for a field, so this module repeats no number."""
    return float(next(m.le for m in model.model_fields[name].metadata if isinstance(m, Le)))  # type: ignore[arg-type]


REST_MAX_SECONDS = int(_upper_bound(ExerciseTarget, "rest_seconds"))
SESSION_MAX_MINUTES = _upper_bound(LoggedSession, "duration_minutes")


def _rep_range(text: str) -> tuple[int, int]:
    """(low, high) from a plan's reps text ("8-12", "8-12 each side", "10"); (1, 1) when it names none."""
    numbers = [int(n) for n in re.findall(r"\d+", text)[:2]]
    if not numbers:
        return 1, 1
    return min(numbers), max(numbers)


def planned_targets(day: Mapping[str, Any], stored: Mapping[str, LoadTarget]) -> list[ExerciseTarget]:
    """The targets of one plan day: sets and reps from the plan, the load (and reps floor) adaptation last set.

    Timed exercises get one "rep" per set: adherence counts their sets, adaptation holds them.
    """
    catalogue = knowledge.exercises()
    targets: list[ExerciseTarget] = []
    for entry in day.get("exercises", []):
        exercise = catalogue.get(str(entry.get("id")))
        if exercise is None:
            continue
        low, high = (1, 1) if exercise.dose != DoseUnit.REPS else _rep_range(str(entry.get("reps", "")))
        previous = stored.get(exercise.id)
        load = previous.load_kg if previous is not None else None
        if previous is not None and low <= previous.reps_min <= high:
            low = previous.reps_min
        rest = int(entry.get("rest_seconds") or 0)
        targets.append(
            validate(
                ExerciseTarget,
                {
                    "exercise_id": exercise.id,
                    "sets": int(entry.get("sets", 1)),
                    "reps_min": low,
                    "reps_max": high,
                    "load_kg": load,
                    "rest_seconds": min(rest, REST_MAX_SECONDS),
                },
            )
        )
    return targets


def get_session(session: Session, user_id: int, session_id: int) -> WorkoutSession:
    found = repo.session_by_id(session, user_id=user_id, session_id=session_id)
    if found is None:
        raise NotFound("session")
    return found


def open_session(session: Session, user_id: int) -> WorkoutSession | None:
    return repo.open_session(session, user_id=user_id)


def start_session(
    session: Session, user_id: int, *, day_index: int | None = None, today: dt.date | None = None
) -> WorkoutSession:
    """Start a plan day (default: today's, or the next one). An unfinished session is returned instead."""
    existing = repo.open_session(session, user_id=user_id)
    if existing is not None:
        return existing
    record = current_plan(session, user_id)
    if day_index is None:
        day_index = next_day_index(record.plan, today or clock.today()) or 0
    day = plan_day(record.plan, day_index)
    ids = [str(e.get("id")) for e in day.get("exercises", [])]
    targets = planned_targets(day, repo.load_targets(session, user_id=user_id, exercise_ids=ids))
    started = WorkoutSession(
        user_id=user_id,
        plan_id=record.id,
        day_index=day_index,
        day_label=f"{day.get('day')}: {str(day.get('focus', '')).replace('_', ' ')}",
        targets=[t.model_dump() for t in targets],
    )
    try:
        # A SAVEPOINT: when a concurrent start inserted its open session first, the database refuses this one
        # (one open session per person, migration 0005) and only this insert is undone.
        with session.begin_nested():
            session.add(started)
    except IntegrityError:
        winner = repo.open_session(session, user_id=user_id)
        if winner is None:  # refused for another reason: not the race this handles
            raise
        return winner
    session.commit()
    return started


def _require_open(ws: WorkoutSession) -> None:
    if ws.finished_at is not None:
        raise Conflict("this session is already finished", field="session_id")


REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")  # a client's idempotency key (set_logs.request_id, String(64))


def check_request_id(request_id: str | None) -> str | None:
    """The key as given, or InvalidInput naming ``request_id`` when it is not 1-64 of ``A-Z a-z 0-9 _ -``."""
    if request_id is not None and not REQUEST_ID.fullmatch(request_id):
        shown = request_id if len(request_id) <= 80 else request_id[:80] + "..."
        message = f"must be 1-64 characters of letters, digits, '_' or '-' (got {shown!r})"
        raise InvalidInput([FieldProblem("request_id", message)])
    return request_id


def _replayed(session: Session, user_id: int, session_id: int, request_id: str | None) -> SetLog | None:
    """The set an earlier request with this key logged, if any. A key names one set of one session: reusing it
    for another session is a client bug, refused rather than answered with a set of a different session."""
    if request_id is None:
        return None
    found = repo.set_by_request_id(session, user_id=user_id, request_id=request_id)
    if found is not None and found.session_id != session_id:
        raise Conflict("this request_id was already used to log a set in another session", field="request_id")
    return found


def log_set(
    session: Session,
    user_id: int,
    session_id: int,
    *,
    exercise_id: str,
    reps: int,
    load_kg: float | None = None,
    rpe: float | None = None,
    duration_seconds: int | None = None,
    request_id: str | None = None,
) -> SetLog:
    """Log one set. Reps, load (kg), RPE (1-10) and duration are checked against the training-log model.

    The session row stays locked until the commit, so concurrent sets of one session are numbered in turn
    (the database's unique set number per exercise and session backs this up).

    ``request_id`` makes the call idempotent: when this person already logged a set with that key, that set is
    returned unchanged (the other arguments are not compared) and nothing is written, so a double submit logs
    one set. A replay is answered even after the session was finished: it repeats a request that succeeded.
    """
    check_request_id(request_id)
    ws = repo.lock_session(session, user_id=user_id, session_id=session_id)
    if ws is None:
        raise NotFound("session")
    earlier = _replayed(session, user_id, ws.id, request_id)
    if earlier is not None:
        session.commit()  # ends the transaction holding the session lock; nothing was written
        return earlier
    _require_open(ws)
    checked = validate(
        LoggedSet,
        {
            "exercise_id": exercise_id,
            "reps": reps,
            "load_kg": 0 if load_kg is None else load_kg,
            "rpe": rpe,
            "duration_seconds": duration_seconds,
        },
    )
    exercise = knowledge.exercises().get(checked.exercise_id)
    if exercise is None:
        raise InvalidInput([FieldProblem("exercise_id", f"is not an exercise in the catalogue (got {exercise_id!r})")])
    number = repo.next_set_number(session, session_id=ws.id, exercise_id=exercise.id)
    logged = SetLog(
        session_id=ws.id,
        user_id=user_id,
        exercise_id=exercise.id,
        exercise_name=exercise.name,
        set_number=number,
        reps=checked.reps,
        load_kg=checked.load_kg or None,
        rpe=checked.rpe,
        duration_seconds=checked.duration_seconds,
        request_id=request_id,
    )
    try:
        # A SAVEPOINT: when a concurrent request with the same key inserted its set first, the unique
        # (user_id, request_id) index refuses this one; only this insert is undone and the winner is answered.
        with session.begin_nested():
            ws.sets.append(logged)
            session.flush()
    except IntegrityError:
        winner = _replayed(session, user_id, ws.id, request_id)
        if winner is None:  # refused for another reason: not the race this handles
            raise
        session.commit()
        return winner
    session.commit()
    return logged


def delete_set(session: Session, user_id: int, session_id: int, set_id: int) -> None:
    ws = get_session(session, user_id, session_id)
    _require_open(ws)
    found = repo.set_by_id(session, user_id=user_id, session_id=session_id, set_id=set_id)
    if found is None:
        raise NotFound("set")
    ws.sets.remove(found)
    session.commit()


@dataclass(frozen=True)
class FinishResult:
    session: WorkoutSession
    adjustments: list[Adjustment]
    game: game.GameUpdate


def _seeded(targets: Sequence[ExerciseTarget], logged: LoggedSession) -> list[ExerciseTarget]:
    """Targets with a first load for loadable lifts that had none: the load the person chose this time."""
    catalogue = knowledge.exercises()
    out = []
    for t in targets:
        sets = logged.sets_for(t.exercise_id)
        top = max((s.load_kg for s in sets), default=0.0)
        if t.load_kg is None and top > 0 and catalogue[t.exercise_id].loadable:
            t = t.model_copy(update={"load_kg": top})
        out.append(t)
    return out


def _store_targets(session: Session, user_id: int, adjustments: Sequence[Adjustment], logged: LoggedSession) -> None:
    done = {s.exercise_id for s in logged.sets}
    changes = [a for a in adjustments if a.target.exercise_id in done]
    stored = repo.load_targets(session, user_id=user_id, exercise_ids=[a.target.exercise_id for a in changes])
    for a in changes:
        t = a.target
        row = stored.get(t.exercise_id) or LoadTarget(user_id=user_id, exercise_id=t.exercise_id)
        row.sets, row.reps_min, row.reps_max = t.sets, t.reps_min, t.reps_max
        row.load_kg, row.rest_seconds, row.action, row.reason = t.load_kg, t.rest_seconds, a.action, a.reason
        session.add(row)


def finish_session(
    session: Session,
    user_id: int,
    session_id: int,
    *,
    feeling: str | None = None,
    duration_minutes: float | None = None,
    notes: str | None = None,
    now: dt.datetime | None = None,
) -> FinishResult:
    """Finish a session: next session's targets, XP, stats, streak and achievements."""
    ws = get_session(session, user_id, session_id)
    _require_open(ws)
    if feeling is not None and feeling not in FEELINGS:
        raise InvalidInput([FieldProblem("feeling", f"must be one of {', '.join(FEELINGS)} (got {feeling!r})")])
    if duration_minutes is not None and not 0 < duration_minutes <= SESSION_MAX_MINUTES:
        allowed = f"more than 0 and at most {SESSION_MAX_MINUTES:g} minutes"
        raise InvalidInput([FieldProblem("duration_minutes", f"must be {allowed} (got {duration_minutes:g})")])
    if notes is not None and len(notes) > NOTES_MAX:
        raise InvalidInput([FieldProblem("notes", f"is {len(notes)} characters long; allowed: up to {NOTES_MAX}")])
    if not ws.sets:
        raise InvalidInput([FieldProblem("sets", "log at least one set before finishing the session")])
    saved = get_profile(session, user_id)
    plan = current_plan(session, user_id).plan
    weight = body_weight_kg(session, user_id, saved.profile.personal_info.weight)
    # Read before this session is marked finished (a query would flush it into its own history). Adaptation
    # only looks at sessions holding the target exercises; the streak only at the days trained.
    related = logged_history(session, user_id, exercise_ids=[str(t["exercise_id"]) for t in ws.targets or []])
    days = repo.finished_dates(session, user_id=user_id)
    ws.finished_at = now or utcnow()
    ws.feeling, ws.duration_minutes, ws.notes = feeling, duration_minutes, notes
    logged = to_logged(ws)
    adjustments = next_session_targets(
        _seeded(logged.targets, logged),
        [*related, logged],
        knowledge.exercises(),
        saved.profile.personal_info.fitness_level,
    )
    _store_targets(session, user_id, adjustments, logged)
    update = game.record_session(
        session,
        user_id,
        ws,
        logged,
        days=[*days, logged.date],
        planned_weekdays=training_weekdays(plan),
        body_weight_kg=weight,
        full_history=lambda: logged_history(session, user_id),
    )
    session.commit()
    return FinishResult(ws, adjustments, update)


def stored_targets(session: Session, user_id: int, exercise_ids: Sequence[str]) -> list[LoadTarget]:
    """Next session's targets (as adaptation last set them) for these exercises, in their order."""
    found = repo.load_targets(session, user_id=user_id, exercise_ids=exercise_ids)
    return [found[e] for e in dict.fromkeys(exercise_ids) if e in found]


def history_page(session: Session, user_id: int, *, limit: int, offset: int) -> tuple[list[WorkoutSession], int]:
    return repo.history_page(session, user_id=user_id, limit=limit, offset=offset), repo.count_finished(
        session, user_id=user_id
    )


@dataclass(frozen=True)
class RecordRow:
    exercise_id: str
    name: str
    heaviest_kg: float | None
    heaviest_reps: int | None
    heaviest_on: dt.date | None
    best_1rm_kg: float | None
    best_1rm_on: dt.date | None


def records(session: Session, user_id: int) -> list[RecordRow]:
    """Personal records by exercise (heaviest set and best estimated 1RM), by exercise name."""
    catalogue = knowledge.exercises()
    rows = []
    lifts = ((e, Lift(load, reps, day)) for e, load, reps, day in repo.lifts(session, user_id=user_id))
    for exercise_id, pr in records_of_lifts(lifts).items():
        exercise = catalogue.get(exercise_id)
        heaviest = pr.heaviest
        rows.append(
            RecordRow(
                exercise_id,
                exercise.name if exercise else exercise_id,
                heaviest.load_kg if heaviest else None,
                heaviest.reps if heaviest else None,
                heaviest.date if heaviest else None,
                round(pr.best_1rm_kg, 1) if pr.best_1rm_kg is not None else None,
                pr.best_1rm_lift.date if pr.best_1rm_lift else None,
            )
        )
    return sorted(rows, key=lambda r: r.name)


def e1rm_trends(history: Sequence[LoggedSession], *, top: int = 3) -> dict[str, list[tuple[dt.date, float]]]:
    """Estimated-1RM history of the loaded lifts trained on the most days (the person's main lifts)."""
    days: dict[str, set[dt.date]] = {}
    for s in history:
        for logged in s.sets:
            if logged.load_kg > 0 and logged.reps >= 1:
                days.setdefault(logged.exercise_id, set()).add(s.date)
    main = sorted(days, key=lambda e: (-len(days[e]), e))[:top]
    return {e: estimated_1rm_history(history, e) for e in main}

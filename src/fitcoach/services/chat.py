"""The coach chat for the web app: ask with the user's own data, keep the conversation, apply a plan change.

``ask`` builds the ``ChatContext`` from the store (profile, current plan, recent sets, body weights),
runs the coach passed in (one per app: its retriever and embedding model load once) and stores both the
question and the answer, with the answer's route, sources, triage and proposed plan actions.
``apply_actions`` turns an answer's actions into a new plan version, once, and only while the plan is
still the version the answer was given for (otherwise a day index or exercise could point elsewhere).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from fitcoach.coach.chat.actions import apply_action
from fitcoach.coach.chat.engine import Coach
from fitcoach.coach.chat.types import (
    Action,
    AdjustDay,
    ChatAnswer,
    ChatContext,
    ShortenToday,
    SwapExercise,
    action_as_dict,
)
from fitcoach.domain import knowledge
from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.verify import errors as error_violations
from fitcoach.domain.verify import verify
from fitcoach.services import clock, nutrition, plans, profiles
from fitcoach.services.errors import Conflict, NotFound
from fitcoach.store.models import ChatMessage, PlanRecord
from fitcoach.store.repo import chat as repo
from fitcoach.store.repo import plans as plans_repo

RECENT_SETS = 200  # enough for a 1RM estimate per exercise over a few weeks of training
WEIGHT_HISTORY_DAYS = 180
ACTION_TYPES: dict[str, type[SwapExercise] | type[ShortenToday] | type[AdjustDay]] = {
    "swap_exercise": SwapExercise,
    "shorten_day": ShortenToday,
    "adjust_day": AdjustDay,
}


@dataclass(frozen=True)
class Exchange:
    """One question and its stored answer."""

    question: ChatMessage
    reply: ChatMessage
    answer: ChatAnswer


def build_context(
    session: Session, user_id: int, *, today: dt.date | None = None
) -> tuple[ChatContext, PlanRecord | None]:
    """The user's data as the coach reads it, and the plan version it holds (None before a plan exists)."""
    day = today or clock.today()
    saved = profiles.find_profile(session, user_id)
    record = plans.find_current(session, user_id)
    sets = [
        {
            "exercise_id": s.exercise_id,
            "reps": s.reps,
            "load_kg": s.load_kg or 0.0,
            "rpe": s.rpe,
            "duration_seconds": s.duration_seconds,
            "date": s.logged_at.date().isoformat(),
        }
        for s in repo.recent_sets(session, user_id=user_id, limit=RECENT_SETS)
    ]
    since = day - dt.timedelta(days=WEIGHT_HISTORY_DAYS)
    weights = [
        {"date": w.measured_on.isoformat(), "weight": w.weight_kg}
        for w in nutrition.weights(session, user_id, since=since)
    ]
    context = ChatContext(
        profile=saved.record.data if saved else None,
        plan=record.plan if record else None,
        recent_sets=sets,
        body_weights=weights,
        today=day,
    )
    return context, record


def _exercise_name(exercise_id: str) -> str:
    found = knowledge.exercises().get(exercise_id)
    return found.name if found else exercise_id.replace("_", " ")


def describe_action(plan: dict[str, Any], action: Action) -> str:
    """What applying ``action`` to ``plan`` does, in a few words (button labels and version reasons)."""
    schedule = plans.schedule_of(plan)
    day = str(schedule[action.day_index].get("day")) if 0 <= action.day_index < len(schedule) else "that day"
    if isinstance(action, SwapExercise):
        return f"swap {_exercise_name(action.exercise_id)} for {_exercise_name(action.substitute_id)} on {day}"
    if isinstance(action, ShortenToday):
        return f"shorten {day} to {action.minutes} min"
    return f"make {day} {'easier' if action.feedback == 'too_difficult' else 'harder'}"


def action_from_dict(data: dict[str, Any]) -> Action:
    """The action stored with an answer (``action_as_dict`` plus a ``summary``), rebuilt."""
    kind = data.get("kind")
    cls = ACTION_TYPES.get(str(kind))
    if cls is None:
        raise InvalidInput([FieldProblem("actions.kind", f"must be one of {', '.join(ACTION_TYPES)} (got {kind!r})")])
    fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
    return cls(**fields)


def _stored_actions(answer: ChatAnswer, record: PlanRecord | None) -> list[dict[str, Any]]:
    """The answer's actions with a summary each; none without a saved plan (there is nothing to change)."""
    if record is None:
        return []
    return [{**action_as_dict(a), "summary": describe_action(record.plan, a)} for a in answer.actions]


def ask(session: Session, user_id: int, coach: Coach, message: str, *, today: dt.date | None = None) -> Exchange:
    """Answer ``message`` with the user's data and store both; ``InvalidInput`` (field ``message``) if bad."""
    context, record = build_context(session, user_id, today=today)
    answer = coach.answer(message, context)  # validates the message first (empty, too long)
    question = repo.add(session, ChatMessage(user_id=user_id, role="user", content=message.strip()))
    actions = _stored_actions(answer, record)
    reply = repo.add(
        session,
        ChatMessage(
            user_id=user_id,
            role="assistant",
            content=answer.text,
            sources=list(answer.sources),
            route=answer.route,
            intent=answer.intent[:50] or None,
            actions=actions or None,
            triage=answer.triage.as_dict() if answer.triage else None,
            plan_id=record.id if record is not None and actions else None,
        ),
    )
    session.commit()
    return Exchange(question, reply, answer)


def messages_page(session: Session, user_id: int, *, limit: int, offset: int) -> tuple[list[ChatMessage], int]:
    """The conversation, newest first."""
    return repo.page(session, user_id=user_id, limit=limit, offset=offset)


def conversation(session: Session, user_id: int, *, limit: int, offset: int = 0) -> tuple[list[ChatMessage], int]:
    """The latest ``limit`` messages (skipping the ``offset`` newest) in reading order, oldest first."""
    items, total = repo.page(session, user_id=user_id, limit=limit, offset=offset)
    return list(reversed(items)), total


def clear(session: Session, user_id: int) -> int:
    """Delete the whole conversation; returns how many messages went."""
    removed = repo.clear(session, user_id=user_id)
    session.commit()
    return removed


def get_message(session: Session, user_id: int, message_id: int) -> ChatMessage:
    found = repo.by_id(session, user_id=user_id, message_id=message_id)
    if found is None:
        raise NotFound("chat message")
    return found


def apply_actions(session: Session, user_id: int, message_id: int) -> PlanRecord:
    """Apply the plan actions of answer ``message_id`` as a new plan version (reason "chat: ...")."""
    message = get_message(session, user_id, message_id)
    if message.role != "assistant" or not message.actions:
        raise Conflict("this message proposes no change to your plan", field="message_id")
    if message.applied_plan_id is not None:
        raise Conflict("this change is already applied to your plan", field="message_id")
    record = plans.find_current(session, user_id)
    if record is None:
        raise Conflict("you have no saved plan yet: create one first", field="message_id")
    if record.id != message.plan_id:
        raise Conflict(
            f"your plan changed since this answer (now version {record.version}): ask again for the current plan",
            field="message_id",
        )
    profile = profiles.get_profile(session, user_id).profile
    plan = record.plan
    summaries = []
    for data in message.actions:
        action = action_from_dict(data)
        summaries.append(describe_action(plan, action))
        plan = apply_action(profile, plan, action)
    problems = error_violations(verify(profile, plan))
    if problems:  # the planner and the chat choose safe changes; refuse if the verifier disagrees
        raise InvalidInput([FieldProblem("actions", f"would make the plan unsafe: {problems[0].message}")])
    updated = plans_repo.add_version(
        session,
        user_id=user_id,
        plan=plan,
        generator=record.generator,
        guard_outcome=record.guard_outcome,
        reason="chat: " + "; ".join(summaries),
    )
    message.applied_plan_id = updated.id
    session.commit()
    return updated

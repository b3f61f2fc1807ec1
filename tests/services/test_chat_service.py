"""The chat service: the coach reads the user's own data, both sides of the conversation are stored with
the answer's route, sources, triage and actions, and a proposed plan change becomes a new plan version once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from fitcoach.coach.chat.engine import MAX_MESSAGE_CHARS, Coach
from fitcoach.domain import knowledge
from fitcoach.domain.errors import InvalidInput
from fitcoach.services import chat, nutrition, plans, profiles, training
from fitcoach.services.errors import Conflict, NotFound

MONDAY = dt.date(2026, 11, 16)  # the knee profile's plan trains Monday, Wednesday, Friday


@pytest.fixture(scope="module")
def coach() -> Coach:
    """BM25-only retrieval: these tests are about the service, not the embedding model."""
    return Coach(mode="bm25")


@pytest.fixture
def planned(db: Session, user_id: int, knee_profile: dict[str, Any]) -> int:
    profiles.save_profile(db, user_id, knee_profile)
    plans.generate_plan(db, user_id, reason="onboarding")
    return user_id


def test_context_holds_profile_plan_sets_and_weights(db: Session, planned: int) -> None:
    ws = training.start_session(db, planned, day_index=0)
    exercise = str((ws.targets or [])[0]["exercise_id"])
    training.log_set(db, planned, ws.id, exercise_id=exercise, reps=5, load_kg=100)
    nutrition.log_weight(db, planned, measured_on=MONDAY, weight_kg=90)
    context, record = chat.build_context(db, planned, today=MONDAY)
    assert record is not None and context.plan == record.plan
    assert context.profile is not None and context.user is not None
    assert context.recent_sets[-1]["exercise_id"] == exercise and context.recent_sets[-1]["load_kg"] == 100
    assert context.body_weights == [{"date": MONDAY.isoformat(), "weight": 90.0}]
    assert context.latest_weight() == 90.0 and context.today == MONDAY


def test_answers_use_the_users_own_numbers_and_are_stored(db: Session, planned: int, coach: Coach) -> None:
    nutrition.log_weight(db, planned, measured_on=MONDAY, weight_kg=90)
    exchange = chat.ask(db, planned, coach, "  How much protein do I need?  ", today=MONDAY)
    assert exchange.answer.route == "calculation"
    assert "90 kg" in exchange.reply.content  # the logged weight, not the profile's 80 kg
    assert exchange.question.content == "How much protein do I need?"
    assert (exchange.reply.role, exchange.reply.route, exchange.reply.intent) == (
        "assistant",
        "calculation",
        "calc.protein",
    )
    assert exchange.reply.sources == ["ISSN-PRO"]
    assert exchange.reply.actions is None and exchange.reply.triage is None
    stored, total = chat.conversation(db, planned, limit=10)
    assert total == 2 and [m.id for m in stored] == [exchange.question.id, exchange.reply.id]


def test_logged_sets_feed_the_one_rep_max_answer(db: Session, planned: int, coach: Coach) -> None:
    ws = training.start_session(db, planned, day_index=0)
    exercise = str((ws.targets or [])[0]["exercise_id"])
    training.log_set(db, planned, ws.id, exercise_id=exercise, reps=5, load_kg=100)
    answer = chat.ask(db, planned, coach, "What is my 1RM?", today=MONDAY).answer
    assert answer.intent == "calc.one_rm"
    assert exercise.replace("_", " ") in answer.text and "100" in answer.text


def test_red_flag_is_triaged_and_stored(db: Session, planned: int, coach: Coach) -> None:
    exchange = chat.ask(db, planned, coach, "I get chest pain and feel dizzy when I run", today=MONDAY)
    assert exchange.reply.route == "triage"
    assert exchange.reply.triage is not None and exchange.reply.triage["category"] == "chest_pain"
    assert exchange.reply.actions is None
    assert chat.get_message(db, planned, exchange.reply.id).triage == exchange.reply.triage


def test_shortening_today_is_applied_once_as_a_new_version(db: Session, planned: int, coach: Coach) -> None:
    before = plans.current_plan(db, planned)
    exchange = chat.ask(db, planned, coach, "I only have 30 minutes today", today=MONDAY)
    assert exchange.reply.plan_id == before.id
    assert exchange.reply.actions == [
        {"day_index": 0, "minutes": 30, "kind": "shorten_day", "summary": "shorten Monday to 30 min"}
    ]
    updated = chat.apply_actions(db, planned, exchange.reply.id)
    assert (updated.version, updated.reason) == (before.version + 1, "chat: shorten Monday to 30 min")
    assert plans.current_plan(db, planned).id == updated.id
    assert updated.plan["workout_plan"]["weekly_schedule"][0]["duration"] <= 30
    assert chat.get_message(db, planned, exchange.reply.id).applied_plan_id == updated.id
    with pytest.raises(Conflict, match="already applied"):
        chat.apply_actions(db, planned, exchange.reply.id)


def test_swap_replaces_the_exercise(db: Session, planned: int, coach: Coach) -> None:
    day = plans.current_plan(db, planned).plan["workout_plan"]["weekly_schedule"][0]
    first = day["exercises"][0]
    exchange = chat.ask(db, planned, coach, f"Can I swap the {first['name']}?", today=MONDAY)
    assert exchange.answer.intent == "plan.swap" and exchange.reply.actions, exchange.reply.content
    action = exchange.reply.actions[0]
    assert (action["kind"], action["exercise_id"]) == ("swap_exercise", first["id"])
    updated = chat.apply_actions(db, planned, exchange.reply.id)
    new_first = updated.plan["workout_plan"]["weekly_schedule"][0]["exercises"][0]
    assert new_first["id"] == action["substitute_id"] and new_first["swapped_from"] == first["id"]
    substitute = knowledge.exercises()[action["substitute_id"]].name
    assert updated.reason == f"chat: swap {first['name']} for {substitute} on {day['day']}"


def test_a_stale_answer_is_not_applied_to_a_changed_plan(db: Session, planned: int, coach: Coach) -> None:
    exchange = chat.ask(db, planned, coach, "I only have 30 minutes today", today=MONDAY)
    plans.generate_plan(db, planned, reason="new plan")
    with pytest.raises(Conflict, match="plan changed"):
        chat.apply_actions(db, planned, exchange.reply.id)


def test_answers_without_actions_cannot_be_applied(db: Session, planned: int, coach: Coach) -> None:
    exchange = chat.ask(db, planned, coach, "hi", today=MONDAY)
    for message_id in (exchange.question.id, exchange.reply.id):
        with pytest.raises(Conflict, match="no change"):
            chat.apply_actions(db, planned, message_id)


def test_without_a_saved_plan_no_action_is_offered(
    db: Session, user_id: int, knee_profile: dict[str, Any], coach: Coach
) -> None:
    profiles.save_profile(db, user_id, knee_profile)
    exchange = chat.ask(db, user_id, coach, "I only have 30 minutes today", today=MONDAY)
    assert exchange.answer.actions  # the coach previews it on a plan built for the profile...
    assert exchange.reply.actions is None and exchange.reply.plan_id is None  # ...but there is no plan to change


def test_a_new_user_without_data_still_gets_answers(db: Session, user_id: int, coach: Coach) -> None:
    exchange = chat.ask(db, user_id, coach, "How much protein do I need?")
    assert exchange.reply.route == "calculation" and "weight" in exchange.reply.content


@pytest.mark.parametrize(
    ("message", "problem"),
    [("", "must not be empty"), ("   ", "must not be empty"), ("x" * (MAX_MESSAGE_CHARS + 1), "at most")],
)
def test_bad_messages_name_the_field_and_store_nothing(
    db: Session, planned: int, coach: Coach, message: str, problem: str
) -> None:
    with pytest.raises(InvalidInput) as raised:
        chat.ask(db, planned, coach, message)
    assert raised.value.problems[0].field == "message" and problem in raised.value.problems[0].message
    assert chat.messages_page(db, planned, limit=10, offset=0)[1] == 0


def test_other_users_messages_are_not_found(
    db: Session, planned: int, make_user: Callable[[], int], coach: Coach
) -> None:
    exchange = chat.ask(db, planned, coach, "I only have 30 minutes today", today=MONDAY)
    intruder = make_user()
    with pytest.raises(NotFound):
        chat.get_message(db, intruder, exchange.reply.id)
    with pytest.raises(NotFound):
        chat.apply_actions(db, intruder, exchange.reply.id)
    assert chat.clear(db, intruder) == 0
    assert chat.messages_page(db, planned, limit=10, offset=0)[1] == 2


def test_pages_newest_first_and_clear(db: Session, planned: int, coach: Coach) -> None:
    for text in ("hi", "thanks", "How much protein do I need?"):
        chat.ask(db, planned, coach, text, today=MONDAY)
    newest, total = chat.messages_page(db, planned, limit=2, offset=0)
    assert total == 6 and [m.role for m in newest] == ["assistant", "user"]
    assert newest[1].content == "How much protein do I need?"
    older, _ = chat.messages_page(db, planned, limit=2, offset=4)
    assert older[1].content == "hi"
    reading, _ = chat.conversation(db, planned, limit=2, offset=4)
    assert reading[0].content == "hi"
    assert chat.clear(db, planned) == 6
    assert chat.messages_page(db, planned, limit=10, offset=0) == ([], 0)

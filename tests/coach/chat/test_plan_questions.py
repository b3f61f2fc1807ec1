"""Plan questions: answers from the stored plan, and actions that the domain applies cleanly."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from fitcoach.coach.chat.actions import apply_action
from fitcoach.coach.chat.plan_questions import answer_plan
from fitcoach.coach.chat.types import AdjustDay, ChatContext, ShortenToday, SwapExercise
from fitcoach.domain.errors import InvalidInput
from fitcoach.domain.verify import errors, verify


def test_today_lists_the_planned_exercises(context_named: Any) -> None:
    ctx = context_named("beginner_home")
    monday = ctx.plan["workout_plan"]["weekly_schedule"][0]
    answer = answer_plan("plan.today", "what do I do today?", ctx)
    assert monday["day"] == "Monday" and "Monday" in answer.text
    for exercise in monday["exercises"]:
        assert exercise["name"] in answer.text


def test_rest_day_points_to_the_next_session(context_named: Any) -> None:
    ctx = context_named("beginner_home", today=dt.date(2026, 11, 24))  # a Tuesday
    answer = answer_plan("plan.today", "what do I do today?", ctx)
    assert "rest day" in answer.text and "Wednesday" in answer.text and "[ACSM-GETP]" in answer.text


def test_a_named_weekday_is_answered(context_named: Any) -> None:
    ctx = context_named("beginner_home")
    wednesday = ctx.plan["workout_plan"]["weekly_schedule"][1]
    answer = answer_plan("plan.today", "what's on Wednesday?", ctx)
    assert wednesday["exercises"][0]["name"] in answer.text


def test_swap_returns_an_action_that_verifies(context_named: Any) -> None:
    ctx = context_named("intermediate_gym_knee")
    answer = answer_plan("plan.swap", "Can you swap the Decline Barbell Bench Press?", ctx)
    (action,) = answer.actions
    assert isinstance(action, SwapExercise) and action.exercise_id == "decline_barbell_bench_press"
    updated = apply_action(ctx.user, ctx.plan, action)
    day = updated["workout_plan"]["weekly_schedule"][action.day_index]
    assert action.substitute_id in [e["id"] for e in day["exercises"]]
    assert "decline_barbell_bench_press" not in [e["id"] for e in day["exercises"]]
    assert errors(verify(ctx.user, updated)) == []
    assert ctx.plan["workout_plan"]["weekly_schedule"][action.day_index] != day  # the input plan is untouched


def test_swap_to_a_named_substitute(context_named: Any) -> None:
    ctx = context_named("beginner_home")
    entry = ctx.plan["workout_plan"]["weekly_schedule"][0]["exercises"][0]
    wanted = entry["substitutes"][1]
    answer = answer_plan("plan.swap", f"swap {entry['name']} for {wanted.replace('_', ' ')}", ctx)
    assert answer.actions[0].substitute_id == wanted


def test_swap_of_an_exercise_not_in_the_plan(context_named: Any) -> None:
    answer = answer_plan("plan.swap", "swap bench press", context_named("beginner_home"))
    assert "not in your plan" in answer.text and answer.actions == ()


def test_unsafe_substitute_is_refused(context_named: Any) -> None:
    ctx = context_named("intermediate_gym_knee")  # knee: no jumping
    entry = ctx.plan["workout_plan"]["weekly_schedule"][1]["exercises"][0]
    with pytest.raises(InvalidInput) as caught:
        apply_action(ctx.user, ctx.plan, SwapExercise(1, entry["id"], "box_jump"))
    assert caught.value.problems[0].field == "substitute_id"


def test_shorten_today_fits_the_minutes(context_named: Any) -> None:
    ctx = context_named("beginner_home")
    answer = answer_plan("plan.shorten", "I only have 20 minutes today", ctx)
    (action,) = answer.actions
    assert action == ShortenToday(day_index=0, minutes=20)
    updated = apply_action(ctx.user, ctx.plan, action)
    assert updated["workout_plan"]["weekly_schedule"][0]["duration"] <= 20
    assert errors(verify(ctx.user, updated)) == []


def test_too_hard_proposes_an_easier_day(context_named: Any) -> None:
    ctx = context_named("beginner_home")
    answer = answer_plan("plan.adjust", "today's workout was too hard", ctx)
    (action,) = answer.actions
    assert action == AdjustDay(day_index=0, feedback="too_difficult")
    updated = apply_action(ctx.user, ctx.plan, action)
    assert updated["workout_plan"]["weekly_schedule"][0]["adapted_for"] == "too_difficult"


def test_without_a_plan_or_profile_the_chat_says_so() -> None:
    answer = answer_plan("plan.today", "what do I do today?", ChatContext())
    assert "don't have your plan" in answer.text and answer.actions == ()


def test_a_plan_is_built_from_the_profile_when_none_is_stored(context_named: Any) -> None:
    ctx = context_named("beginner_home")
    ctx.plan = None
    answer = answer_plan("plan.today", "what do I do today?", ctx)
    assert "built for your profile" in answer.text

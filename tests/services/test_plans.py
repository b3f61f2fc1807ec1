"""Plans: generated through the coach, versioned, swapped and adapted, never leaking across users."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from fitcoach.coach.generator import GenerationResult
from fitcoach.domain import knowledge
from fitcoach.domain.catalogue import avoided_tags
from fitcoach.domain.errors import InvalidInput
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.vocab import ConditionId
from fitcoach.services import plans, profiles
from fitcoach.services.errors import NotFound


def exercise_ids(plan: dict[str, Any]) -> list[str]:
    return [e["id"] for d in plan["workout_plan"]["weekly_schedule"] for e in d["exercises"]]


def test_generated_plan_is_current_version_one_and_spares_the_knee(db: Session, planned: int) -> None:
    record = plans.current_plan(db, planned)
    assert (record.version, record.reason, record.generator, record.guard_outcome) == (
        1,
        "onboarding",
        "engine",
        "accepted",
    )
    knee = avoided_tags([ConditionId.KNEE])
    for exercise_id in exercise_ids(record.plan):
        assert not knee & set(knowledge.exercises()[exercise_id].stress_tags), exercise_id


class BrokenGenerator:
    """A model backend that wrote something unusable."""

    name = "broken"

    def generate(self, profile: UserProfile) -> GenerationResult:
        return GenerationResult(plan=None, backend=self.name, raw_text="not json")


def test_an_unusable_model_plan_falls_back_to_the_engine(
    db: Session, user_id: int, knee_profile: dict[str, Any]
) -> None:
    profiles.save_profile(db, user_id, knee_profile)
    record = plans.generate_plan(db, user_id, BrokenGenerator(), reason="onboarding")
    assert record.guard_outcome == "fallback"
    assert record.plan["workout_plan"]["weekly_schedule"]


def test_substitute_swaps_one_exercise_into_a_new_version(db: Session, planned: int) -> None:
    before = plans.current_plan(db, planned)
    first = before.plan["workout_plan"]["weekly_schedule"][0]["exercises"][0]
    choice = first["substitutes"][0]
    after = plans.substitute_exercise(db, planned, day_index=0, exercise_index=0, substitute_id=choice)
    assert after.version == 2 and after.is_current and "swapped" in after.reason
    swapped = after.plan["workout_plan"]["weekly_schedule"][0]["exercises"][0]
    assert swapped["id"] == choice and first["id"] in swapped["substitutes"]
    assert swapped["sets"] == first["sets"] and swapped["reps"] == first["reps"]
    assert not plans.get_plan(db, planned, before.id).is_current


def test_only_listed_substitutes_are_accepted(db: Session, planned: int) -> None:
    with pytest.raises(InvalidInput) as caught:
        plans.substitute_exercise(db, planned, day_index=0, exercise_index=0, substitute_id="barbell_back_squat")
    assert caught.value.problems[0].field == "substitute_id"
    with pytest.raises(InvalidInput) as caught:
        plans.substitute_exercise(db, planned, day_index=9, exercise_index=0, substitute_id="x")
    assert caught.value.problems[0].field == "day_index"


@pytest.mark.parametrize("feedback", ["too_difficult", "too_easy", "short_on_time"])
def test_day_feedback_rebuilds_the_next_session_as_a_new_version(db: Session, planned: int, feedback: str) -> None:
    plan = plans.current_plan(db, planned).plan
    monday = dt.date(2026, 11, 16)  # a Monday: the next session is the plan's first day
    updated = plans.adjust_day(db, planned, feedback=feedback, today=monday)
    index = plans.next_day_index(plan, monday)
    assert index is not None
    day = updated.plan["workout_plan"]["weekly_schedule"][index]
    assert day["adapted_for"] == feedback and updated.version == 2
    assert day["day"] in updated.reason
    if feedback == "short_on_time":
        assert day["duration"] <= plan["workout_plan"]["weekly_schedule"][index]["duration"]


def test_bad_feedback_names_the_field(db: Session, planned: int) -> None:
    with pytest.raises(InvalidInput) as caught:
        plans.adjust_day(db, planned, feedback="meh")
    assert caught.value.problems[0].field == "feedback"


def test_versions_are_listed_newest_first_and_scoped_to_the_owner(
    db: Session, planned: int, make_user: Callable[[], int]
) -> None:
    plans.generate_plan(db, planned, reason="preferences changed")
    items, total = plans.list_plans(db, planned, limit=1, offset=0)
    assert total == 2 and [p.version for p in items] == [2]
    stranger = make_user()
    with pytest.raises(NotFound):
        plans.get_plan(db, stranger, items[0].id)
    with pytest.raises(NotFound):
        plans.current_plan(db, stranger)


def test_next_day_index_wraps_round_the_week() -> None:
    plan = {"workout_plan": {"weekly_schedule": [{"day": "Monday"}, {"day": "Thursday"}]}}
    assert plans.next_day_index(plan, dt.date(2026, 11, 16)) == 0  # Monday
    assert plans.next_day_index(plan, dt.date(2026, 11, 17)) == 1  # Tuesday -> Thursday
    assert plans.next_day_index(plan, dt.date(2026, 11, 21)) == 0  # Saturday -> Monday
    assert plans.next_day_index({"workout_plan": {"weekly_schedule": []}}, dt.date(2026, 11, 16)) is None


def test_concurrent_generations_take_versions_in_turn(
    backend_url: str, backend_sessions: sessionmaker[Session], backend_planned: int
) -> None:
    if backend_url.startswith("sqlite"):
        pytest.skip("real concurrency is a PostgreSQL case (SQLite lets one writer in at a time)")
    from test_training import in_threads

    def generate() -> int:
        with backend_sessions() as s:
            return plans.generate_plan(s, backend_planned, reason="race").version

    versions = in_threads(6, generate)
    assert sorted(versions) == list(range(2, 8))  # version 1 is the fixture's plan
    with backend_sessions() as s:
        assert plans.current_plan(s, backend_planned).version == 7

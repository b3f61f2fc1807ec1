"""The training log: targets from the plan, validated sets, adaptation on finish, history and records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from fitcoach.domain import knowledge
from fitcoach.domain.errors import InvalidInput
from fitcoach.services import plans, training
from fitcoach.services.errors import Conflict, NotFound
from fitcoach.store.models import LoadTarget, WorkoutSession

MONDAY = dt.date(2026, 11, 16)


def do_session(
    db: Session, user_id: int, when: dt.datetime, *, extra_reps: int = 0, load: float = 40.0, rpe: float = 7
) -> training.FinishResult:
    """Do the plan's first day on ``when``: every planned set at the top of its range plus ``extra_reps``,
    loaded lifts at ``load`` kg."""
    ws = training.start_session(db, user_id, day_index=0)
    catalogue = knowledge.exercises()
    for target in ws.targets or []:
        exercise = catalogue[target["exercise_id"]]
        timed = exercise.dose.value != "reps"
        count = target["reps_max"] + extra_reps
        for _ in range(target["sets"]):
            training.log_set(
                db,
                user_id,
                ws.id,
                exercise_id=exercise.id,
                reps=0 if timed else count,
                load_kg=load if exercise.loadable and not timed else None,
                rpe=rpe,
                duration_seconds=60 if timed else None,
            )
    return training.finish_session(db, user_id, ws.id, feeling="ok", duration_minutes=55, now=when)


def test_start_takes_todays_plan_day_and_its_targets(db: Session, planned: int) -> None:
    ws = training.start_session(db, planned, today=MONDAY)
    plan = plans.current_plan(db, planned).plan
    assert ws.day_index == plans.next_day_index(plan, MONDAY)
    day = plan["workout_plan"]["weekly_schedule"][ws.day_index]
    assert ws.day_label.startswith(day["day"])
    assert [t["exercise_id"] for t in ws.targets or []] == [e["id"] for e in day["exercises"]]
    first = (ws.targets or [])[0]
    assert first["sets"] == day["exercises"][0]["sets"] and first["load_kg"] is None
    assert training.start_session(db, planned, today=MONDAY).id == ws.id  # one open session at a time


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"rpe": 11}, "rpe"),
        ({"reps": -1}, "reps"),
        ({"load_kg": -5}, "load_kg"),
        ({"exercise_id": "moon_walk"}, "exercise_id"),
    ],
)
def test_bad_sets_name_the_field(db: Session, planned: int, changes: dict[str, Any], field: str) -> None:
    ws = training.start_session(db, planned, today=MONDAY)
    values: dict[str, Any] = {"exercise_id": (ws.targets or [])[0]["exercise_id"], "reps": 8, "load_kg": 20, "rpe": 7}
    with pytest.raises(InvalidInput) as caught:
        training.log_set(db, planned, ws.id, **{**values, **changes})
    assert caught.value.problems[0].field == field


def test_finish_sets_next_loads_and_awards_xp(db: Session, planned: int) -> None:
    first = do_session(db, planned, dt.datetime(2026, 11, 16, 18, tzinfo=dt.UTC))
    assert first.game.xp > 0 and first.session.xp_awarded == first.game.xp
    assert first.session.finished_at is not None and first.session.award is not None
    stored = db.query(LoadTarget).filter_by(user_id=planned).all()
    loaded = [t for t in stored if t.load_kg is not None]
    assert loaded and all(t.load_kg == 40.0 for t in loaded)  # the first load chosen becomes the target
    second = do_session(db, planned, dt.datetime(2026, 11, 23, 18, tzinfo=dt.UTC), extra_reps=2)
    assert "increase_load" not in {a.action for a in second.adjustments}  # once is not enough
    third = do_session(db, planned, dt.datetime(2026, 11, 30, 18, tzinfo=dt.UTC), extra_reps=2)
    assert "increase_load" in {a.action for a in third.adjustments}  # 2 reps over the top, twice: 2-for-2
    raised = [t for t in db.query(LoadTarget).filter_by(user_id=planned) if t.load_kg and t.load_kg > 40]
    assert raised


def test_finished_sessions_are_closed_and_need_a_set(db: Session, planned: int) -> None:
    ws = training.start_session(db, planned, today=MONDAY)
    with pytest.raises(InvalidInput) as caught:
        training.finish_session(db, planned, ws.id)
    assert caught.value.problems[0].field == "sets"
    training.log_set(db, planned, ws.id, exercise_id=(ws.targets or [])[0]["exercise_id"], reps=8, load_kg=20)
    with pytest.raises(InvalidInput):
        training.finish_session(db, planned, ws.id, feeling="great")
    training.finish_session(db, planned, ws.id, feeling="too_easy")
    with pytest.raises(Conflict):
        training.log_set(db, planned, ws.id, exercise_id="push_up", reps=8)
    with pytest.raises(Conflict):
        training.finish_session(db, planned, ws.id)


def test_sets_can_be_removed_while_the_session_is_open(db: Session, planned: int) -> None:
    ws = training.start_session(db, planned, today=MONDAY)
    logged = training.log_set(db, planned, ws.id, exercise_id="push_up", reps=10)
    again = training.log_set(db, planned, ws.id, exercise_id="push_up", reps=9)
    assert (logged.set_number, again.set_number) == (1, 2)
    training.delete_set(db, planned, ws.id, logged.id)
    assert [s.reps for s in training.get_session(db, planned, ws.id).sets] == [9]


def test_sessions_belong_to_their_owner(db: Session, planned: int, make_user: Callable[[], int]) -> None:
    ws = training.start_session(db, planned, today=MONDAY)
    stranger = make_user()
    with pytest.raises(NotFound):
        training.log_set(db, stranger, ws.id, exercise_id="push_up", reps=10)
    with pytest.raises(NotFound):
        training.finish_session(db, stranger, ws.id)
    assert db.get(WorkoutSession, ws.id) is not None


def test_history_and_personal_records(db: Session, planned: int) -> None:
    do_session(db, planned, dt.datetime(2026, 11, 16, 18, tzinfo=dt.UTC), load=40, extra_reps=-4)
    do_session(db, planned, dt.datetime(2026, 11, 23, 18, tzinfo=dt.UTC), load=45, extra_reps=-4)
    items, total = training.history_page(db, planned, limit=1, offset=0)
    assert total == 2 and items[0].finished_at is not None and items[0].finished_at.day == 23
    rows = training.records(db, planned)
    heavy = [r for r in rows if r.heaviest_kg]
    assert heavy and all(r.heaviest_kg == 45 and r.heaviest_on == dt.date(2026, 11, 23) for r in heavy)
    estimated = [r for r in heavy if r.best_1rm_kg is not None]  # sets of too many reps give no estimate
    assert estimated and all((r.best_1rm_kg or 0) > 45 for r in estimated)
    trends = training.e1rm_trends(training.logged_history(db, planned))
    assert trends and all(len(points) == 2 and points[1][1] > points[0][1] for points in trends.values())


@pytest.mark.parametrize("day_index", [-1, 7, 99])
def test_starting_a_day_the_plan_does_not_have_names_day_index(db: Session, planned: int, day_index: int) -> None:
    days = len(plans.schedule_of(plans.current_plan(db, planned).plan))
    with pytest.raises(InvalidInput) as caught:
        training.start_session(db, planned, day_index=day_index)
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("day_index", f"must be 0-{days - 1} (got {day_index})")
    ]
    assert training.open_session(db, planned) is None  # nothing was written

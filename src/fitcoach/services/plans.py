"""Plans: generate through the coach, keep every version, swap exercises and adapt a day after feedback.

Each change creates a new plan version with a reason; the newest is the current one. A generated plan
goes through the guard (``fitcoach.coach.guard.guarded_plan``): accepted, repaired, or replaced by the
rule engine's plan.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from typing import Any

from sqlalchemy.orm import Session

from fitcoach.coach.generator import EngineGenerator, PlanGenerator
from fitcoach.coach.guard import guarded_plan
from fitcoach.domain import knowledge
from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.gamify import exercise_rewards
from fitcoach.domain.planner import DayFeedback, regenerate_day
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.schedule import WEEKDAYS
from fitcoach.domain.verify import errors as error_violations
from fitcoach.domain.verify import verify
from fitcoach.services import clock
from fitcoach.services.errors import NotFound
from fitcoach.services.profiles import get_profile
from fitcoach.store.models import PlanRecord
from fitcoach.store.repo import plans as repo

FEEDBACK_REASONS: dict[str, str] = {
    "too_difficult": "made easier after 'too difficult'",
    "too_easy": "made harder after 'too easy'",
    "short_on_time": "shortened after 'short on time'",
}


def _guarded(profile: UserProfile, generator: PlanGenerator) -> tuple[dict[str, Any], str, str]:
    """(plan, generator name, guard outcome): the generator's plan checked, repaired or replaced by the guard."""
    guarded = guarded_plan(profile, generator)
    return guarded.plan, guarded.result.backend, guarded.outcome


def generate_plan(
    session: Session, user_id: int, generator: PlanGenerator | None = None, *, reason: str = "new plan"
) -> PlanRecord:
    """A new plan version for the user's current profile."""
    profile = get_profile(session, user_id).profile
    plan, backend, outcome = _guarded(profile, generator or EngineGenerator())
    record = repo.add_version(
        session, user_id=user_id, plan=plan, generator=backend, guard_outcome=outcome, reason=reason
    )
    session.commit()
    return record


def find_current(session: Session, user_id: int) -> PlanRecord | None:
    return repo.current(session, user_id=user_id)


def current_plan(session: Session, user_id: int) -> PlanRecord:
    found = repo.current(session, user_id=user_id)
    if found is None:
        raise NotFound("plan")
    return found


def get_plan(session: Session, user_id: int, plan_id: int) -> PlanRecord:
    found = repo.by_id(session, user_id=user_id, plan_id=plan_id)
    if found is None:
        raise NotFound("plan")
    return found


def list_plans(session: Session, user_id: int, *, limit: int, offset: int) -> tuple[list[PlanRecord], int]:
    return repo.versions(session, user_id=user_id, limit=limit, offset=offset), repo.count(session, user_id=user_id)


def schedule_of(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return list(plan.get("workout_plan", {}).get("weekly_schedule", []))


def training_weekdays(plan: dict[str, Any]) -> list[int]:
    """Weekday numbers (Monday 0) of the plan's training days."""
    return [WEEKDAYS.index(d["day"]) for d in schedule_of(plan) if d.get("day") in WEEKDAYS]


def next_day_index(plan: dict[str, Any], today: dt.date) -> int | None:
    """The schedule index of today's session, or of the next one after today; None for an empty plan."""
    schedule = schedule_of(plan)
    if not schedule:
        return None
    by_weekday = {WEEKDAYS.index(d["day"]): i for i, d in enumerate(schedule) if d.get("day") in WEEKDAYS}
    for ahead in range(7):
        index = by_weekday.get((today.weekday() + ahead) % 7)
        if index is not None:
            return index
    return 0


def plan_day(plan: dict[str, Any], day_index: int) -> dict[str, Any]:
    """Day ``day_index`` of the plan's week; ``InvalidInput`` naming ``day_index`` when there is none."""
    schedule = schedule_of(plan)
    if not 0 <= day_index < len(schedule):
        raise InvalidInput([FieldProblem("day_index", f"must be 0-{len(schedule) - 1} (got {day_index})")])
    return schedule[day_index]


def _top_of_range(text: str) -> int:
    numbers = [int(n) for n in re.findall(r"\d+", text)]
    return max(numbers) if numbers else 1


def _new_version(session: Session, base: PlanRecord, plan: dict[str, Any], reason: str) -> PlanRecord:
    """A changed copy of ``base`` stored as the user's next, current version."""
    updated = repo.add_version(
        session,
        user_id=base.user_id,
        plan=plan,
        generator=base.generator,
        guard_outcome=base.guard_outcome,
        reason=reason,
    )
    session.commit()
    return updated


def substitute_exercise(
    session: Session, user_id: int, *, day_index: int, exercise_index: int, substitute_id: str
) -> PlanRecord:
    """Swap one exercise of the current plan for one of the substitutes the plan lists for it."""
    record = current_plan(session, user_id)
    plan = copy.deepcopy(record.plan)
    day = plan_day(plan, day_index)
    exercises = day.get("exercises", [])
    if not 0 <= exercise_index < len(exercises):
        raise InvalidInput([FieldProblem("exercise_index", f"must be 0-{len(exercises) - 1} (got {exercise_index})")])
    old = exercises[exercise_index]
    allowed = list(old.get("substitutes") or [])
    new = knowledge.exercises().get(substitute_id)
    if substitute_id not in allowed or new is None:
        problem = f"must be one of this exercise's substitutes: {', '.join(allowed) or 'none listed'}"
        raise InvalidInput([FieldProblem("substitute_id", problem)])
    units = int(old.get("duration_seconds") or _top_of_range(str(old.get("reps", ""))))
    swapped = {
        **old,
        "name": new.name,
        "id": new.id,
        "notes": " ".join(new.cues[:2]),
        "muscles": [m.value for m in new.primary_muscles],
        "substitutes": [x for x in [old.get("id"), *allowed] if x and x != new.id],
        "gamified_stats": exercise_rewards(new, int(old.get("sets", 1)), units),
        "swapped_from": old.get("id"),
    }
    exercises[exercise_index] = swapped
    profile = get_profile(session, user_id).profile
    problems = error_violations(verify(profile, plan))
    if problems:  # a substitute is chosen as safe by the planner; refuse if the verifier disagrees
        raise InvalidInput([FieldProblem("substitute_id", f"would make the plan unsafe: {problems[0].message}")])
    reason = f"swapped {old.get('name')} for {new.name} on {day.get('day')}"
    return _new_version(session, record, plan, reason)


def adjust_day(
    session: Session,
    user_id: int,
    *,
    feedback: str,
    day_index: int | None = None,
    minutes: int | None = None,
    today: dt.date | None = None,
) -> PlanRecord:
    """Rebuild one day after "too difficult", "too easy" or "short on time" (default: the next session)."""
    if feedback not in FEEDBACK_REASONS:
        allowed = ", ".join(FEEDBACK_REASONS)
        raise InvalidInput([FieldProblem("feedback", f"must be one of {allowed} (got {feedback!r})")])
    record = current_plan(session, user_id)
    profile = get_profile(session, user_id).profile
    if day_index is None:
        day_index = next_day_index(record.plan, today or clock.today()) or 0
    day = plan_day(record.plan, day_index)
    usual = profile.preferences.workout_duration
    if minutes is not None and not 1 <= minutes <= usual:
        # The planner keeps at least the warm-up and cool-down, so very short requests come back a little longer.
        raise InvalidInput([FieldProblem("minutes", f"must be 1-{usual} minutes, your usual session (got {minutes})")])
    kind: DayFeedback = feedback  # type: ignore[assignment]  # checked against FEEDBACK_REASONS above
    plan = regenerate_day(profile, record.plan, day_index, kind, minutes=minutes, seed=record.version)
    reason = f"{day.get('day')} {FEEDBACK_REASONS[feedback]}"
    return _new_version(session, record, plan, reason)

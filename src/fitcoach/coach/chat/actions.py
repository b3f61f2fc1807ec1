"""Apply a plan action from a chat answer through the domain: ``regenerate_day`` for shortening or
easing a day, and a catalogue substitute (checked for the person's equipment and conditions) for a swap.

The chat only proposes actions; the caller (web app, CLI) decides to apply them and stores the result.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from fitcoach.coach.chat.types import Action, AdjustDay, ShortenToday, SwapExercise
from fitcoach.domain import knowledge
from fitcoach.domain.catalogue import available, avoided_tags, is_safe, profile_conditions
from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.gamify import exercise_rewards
from fitcoach.domain.knowledge import equipment_in
from fitcoach.domain.knowledge.records import Exercise
from fitcoach.domain.planner import regenerate_day
from fitcoach.domain.profile import UserProfile


def substitute_problem(profile: UserProfile, substitute: Exercise) -> str | None:
    """Why ``substitute`` does not suit the person (equipment or a condition), or None when it does."""
    kit = equipment_in(profile.preferences.equipment_access)
    if not available(substitute, kit):
        return f"{substitute.name} needs equipment not in {profile.preferences.equipment_access.value}"
    summary = profile_conditions(profile)
    if not is_safe(substitute, avoided_tags(summary.conditions, summary.pregnancy_trimester)):
        return f"{substitute.name} is on the avoid list for a condition in your profile"
    return None


def _units(entry: dict[str, Any]) -> int:
    """Reps (top of the range) or seconds, the unit the game rewards count."""
    if isinstance(entry.get("duration_seconds"), int):
        return int(entry["duration_seconds"])
    numbers = [int(n) for n in re.findall(r"\d+", str(entry.get("reps", "")))]
    return max(numbers) if numbers else 10


def swap_exercise(profile: UserProfile, plan: dict[str, Any], action: SwapExercise) -> dict[str, Any]:
    schedule = plan["workout_plan"]["weekly_schedule"]
    if not 0 <= action.day_index < len(schedule):
        raise InvalidInput([FieldProblem("day_index", f"must be 0-{len(schedule) - 1} (got {action.day_index})")])
    table = knowledge.exercises()
    substitute = table.get(action.substitute_id)
    if substitute is None:
        raise InvalidInput([FieldProblem("substitute_id", f"{action.substitute_id!r} is not a catalogue exercise id")])
    problem = substitute_problem(profile, substitute)
    if problem:
        raise InvalidInput([FieldProblem("substitute_id", problem)])
    updated = copy.deepcopy(plan)
    day = updated["workout_plan"]["weekly_schedule"][action.day_index]
    position = next((i for i, e in enumerate(day["exercises"]) if e.get("id") == action.exercise_id), None)
    if position is None:
        ids = ", ".join(str(e.get("id")) for e in day["exercises"])
        raise InvalidInput([FieldProblem("exercise_id", f"{action.exercise_id!r} is not on this day (has: {ids})")])
    entry = day["exercises"][position]
    others = [s for s in entry.get("substitutes", []) if s != substitute.id]
    new_entry = {
        **entry,
        "name": substitute.name,
        "id": substitute.id,
        "notes": " ".join(substitute.cues[:2]),
        "muscles": [m.value for m in substitute.primary_muscles],
        "substitutes": [action.exercise_id, *others],
        "gamified_stats": exercise_rewards(substitute, int(entry.get("sets", 1)), _units(entry)),
        "swapped_from": action.exercise_id,
    }
    day["exercises"][position] = new_entry
    return updated


def apply_action(profile: UserProfile, plan: dict[str, Any], action: Action) -> dict[str, Any]:
    """The plan with ``action`` applied (a new dict; ``plan`` is not changed)."""
    if isinstance(action, SwapExercise):
        return swap_exercise(profile, plan, action)
    if isinstance(action, ShortenToday):
        return regenerate_day(profile, plan, action.day_index, "short_on_time", minutes=action.minutes)
    if isinstance(action, AdjustDay):
        return regenerate_day(profile, plan, action.day_index, action.feedback)
    raise TypeError(f"unknown action {action!r}")

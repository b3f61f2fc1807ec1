"""The compact plan: a plan's decisions only, what a small model writes; ``expand_plan`` fills in the rest.

An engine plan is about 17k characters (about 5k tokens with the tiny tokenizer), yet most of it is looked
up or computed from a few decisions, with the engine's own code:
- per exercise, the model chooses the catalogue ``id``, ``sets``, ``reps``, ``intensity`` and ``rest``; the
  name, coaching notes, muscles, substitutes, XP and seconds follow from the catalogue and the profile;
- per day, everything else is kept (day, focus, duration, intensity, format, warm-up and cool-down):
  these are the decisions the verifier judges; a warm-up or cool-down item is written by catalogue id
  and minutes, and its name follows;
- the nutrition block keeps ``calorie_target`` and the protein and fat shares; carbohydrate is the rest
  of the energy (so the shares sum to 100, which a small model's arithmetic does not manage), grams
  follow from them, meal timing and hydration from the profile;
- adaptations, rest days, exercise progressions, the adaptive recommendations, the screening outcome and
  the warnings are functions of the profile and of the chosen exercises.
The compact form is about a quarter of the length, so a small model trains on four times as many plans
per token and writes a week in a quarter of the time. ``expand_plan`` only adds keys that are missing,
so a full plan passes through unchanged and every generator's output can go through it. It never
invents a decision: an exercise without a known id is left as written, and the contract check names
what is missing. The engine's rationale (its reasons for its own decisions) is not added.
"""

from __future__ import annotations

import copy
from typing import Any

from fitcoach.domain import knowledge
from fitcoach.domain.context import PlanContext, build_context
from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.knowledge.records import Exercise
from fitcoach.domain.nutrition import NutritionTargets, hydration, meal_timing, targets_for
from fitcoach.domain.planner import (
    adaptations_for,
    adaptive_recommendations,
    plan_warnings,
    progression_plan,
    rest_day_note,
    screening_summary,
    substitutes_for,
    weekly_increase,
)
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.programming import parse_dose, parse_seconds
from fitcoach.domain.schedule import WEEKDAYS
from fitcoach.domain.selection import Pool, person_pool
from fitcoach.domain.sessions import activity_name, exercise_notes, exercise_rewards_for
from fitcoach.domain.vocab import Mechanic, Modality

# What the compact form keeps (everything else is filled in by ``expand_plan``).
EXERCISE_KEYS = ("id", "sets", "reps", "intensity", "rest")
ACTIVITY_KEYS = ("id", "minutes")  # a warm-up or cool-down item with a catalogue id
ACTIVITY_BLOCKS = ("warm_up", "cool_down")
DAY_KEYS = ("day", "focus", "duration", "intensity_level", "format", "warm_up", "exercises", "cool_down")
WORKOUT_KEYS = ("name", "overview", "weekly_schedule", "progression_plan")
NUTRITION_KEYS = ("calorie_target", "macros")
MACRO_KEYS = ("protein", "fat")  # carbohydrate is the rest of the energy, so the shares always sum to 100


def _pick(node: Any, keys: tuple[str, ...]) -> Any:
    return {k: node[k] for k in keys if k in node} if isinstance(node, dict) else node


def _compact_activity(item: Any) -> Any:
    """A warm-up or cool-down item by catalogue id and minutes (its name follows); by name when it has no id."""
    if isinstance(item, dict) and "id" in item:
        return _pick(item, ACTIVITY_KEYS)
    return item


def compact_day(day: Any) -> Any:
    """A training day with only its decisions (each exercise by catalogue id, dose, intensity and rest)."""
    out = _pick(day, DAY_KEYS)
    if isinstance(out, dict):
        if isinstance(out.get("exercises"), list):
            out["exercises"] = [_pick(item, EXERCISE_KEYS) for item in out["exercises"]]
        for block in ACTIVITY_BLOCKS:
            if isinstance(out.get(block), list):
                out[block] = [_compact_activity(item) for item in out[block]]
    return out


def compact_plan(plan: Any) -> Any:
    """The decisions of a plan: what a model writes in the compact format (see the module docstring)."""
    if not isinstance(plan, dict):
        return plan
    out: dict[str, Any] = {}
    workout = _pick(plan.get("workout_plan"), WORKOUT_KEYS)
    if isinstance(workout, dict):
        if isinstance(workout.get("weekly_schedule"), list):
            workout["weekly_schedule"] = [compact_day(d) for d in workout["weekly_schedule"]]
        if isinstance(workout.get("progression_plan"), dict):
            workout["progression_plan"] = _pick(workout["progression_plan"], ("intensity_increase",))
    if "workout_plan" in plan:
        out["workout_plan"] = workout
    if "nutrition_suggestions" in plan:
        nutrition = _pick(plan["nutrition_suggestions"], NUTRITION_KEYS)
        if isinstance(nutrition, dict) and isinstance(nutrition.get("macros"), dict):
            nutrition["macros"] = _pick(nutrition["macros"], MACRO_KEYS)
        out["nutrition_suggestions"] = nutrition
    return out


# ---------------------------------------------------------------- expanding


def _known(item: Any) -> Exercise | None:
    exercises = knowledge.exercises()
    ref = item.get("id") if isinstance(item, dict) else None
    return exercises.get(ref) if isinstance(ref, str) else None


# The engine's key order, so an expanded plan reads (and scores on ROUGE) like an engine plan.
EXERCISE_ORDER = (
    "name", "id", "sets", "reps", "intensity", "rest", "rest_seconds", "notes", "muscles", "substitutes",
    "gamified_stats", "duration_seconds",
)  # fmt: skip
ACTIVITY_ORDER = ("name", "minutes", "id")
MACRO_ORDER = ("protein", "carbs", "fat")
WORKOUT_ORDER = ("name", "overview", "adaptations", "weekly_schedule", "progression_plan", "rest_days")
NUTRITION_ORDER = (
    "calorie_target", "macros", "meal_timing", "macros_g", "maintenance_kcal", "resting_kcal", "hydration",
)  # fmt: skip


def _in_order(node: dict[str, Any], order: tuple[str, ...]) -> dict[str, Any]:
    """The same mapping with ``order``'s keys first, then any others as they were."""
    return {k: node[k] for k in order if k in node} | {k: v for k, v in node.items() if k not in order}


def _top(item: dict[str, Any]) -> tuple[float, int, bool] | None:
    """The top of an exercise's dose, the units XP counts (reps, or seconds of work), and whether it is timed."""
    dose = parse_dose(item.get("reps"))
    if dose is None:
        return None
    return dose.high, dose.top_units, dose.kind != "reps"


def _expand_exercise(ctx: PlanContext, item: dict[str, Any], ex: Exercise, candidates: Pool) -> dict[str, Any]:
    filled = dict(item)
    filled.setdefault("name", ex.name)
    if "rest_seconds" not in filled and (rest := parse_seconds(filled.get("rest"))) is not None:
        filled["rest_seconds"] = int(rest)
    filled.setdefault("notes", exercise_notes(ex, ctx))
    filled.setdefault("muscles", [m.value for m in ex.primary_muscles])
    filled.setdefault("substitutes", substitutes_for(ex, candidates))
    sets, top = filled.get("sets"), _top(filled)
    if top is not None and isinstance(sets, int) and not isinstance(sets, bool) and sets >= 1:
        filled.setdefault("gamified_stats", exercise_rewards_for(ex.id, sets, top[1]))
        if top[2]:
            filled.setdefault("duration_seconds", top[1])
    return _in_order(filled, EXERCISE_ORDER)


def _days(plan: dict[str, Any]) -> list[dict[str, Any]]:
    workout = plan.get("workout_plan")
    schedule = workout.get("weekly_schedule") if isinstance(workout, dict) else None
    return [d for d in schedule if isinstance(d, dict)] if isinstance(schedule, list) else []


def _expand_activity(item: Any, block: str) -> Any:
    ex = _known(item)
    if ex is None or not isinstance(item, dict) or "name" in item:
        return item
    return _in_order({**item, "name": activity_name(ex, block)}, ACTIVITY_ORDER)


def _expand_exercises(ctx: PlanContext, days: list[dict[str, Any]]) -> list[tuple[dict[str, Any], Exercise]]:
    """Fill in every exercise with a known catalogue id, in place; returns them with their catalogue entry."""
    candidates = person_pool(ctx)
    chosen = []
    for day in days:
        for block in ACTIVITY_BLOCKS:
            activities = day.get(block)
            if isinstance(activities, list):
                day[block] = [_expand_activity(item, block) for item in activities]
        items = day.get("exercises")
        if not isinstance(items, list):
            continue
        for i, item in enumerate(items):
            if (ex := _known(item)) is not None:
                items[i] = _expand_exercise(ctx, item, ex, candidates)
                chosen.append((items[i], ex))
    return chosen


def expand_day(profile: UserProfile, day: Any, ctx: PlanContext | None = None) -> Any:
    """One training day with the catalogue fields of its exercises filled in (a copy; missing keys only)."""
    if not isinstance(day, dict):
        return day
    ctx = ctx or build_context(profile)
    out = copy.deepcopy(day)
    _expand_exercises(ctx, [out])
    return out


def _carbs(macros: dict[str, Any]) -> None:
    """Carbohydrate as the rest of the energy, when protein and fat are numbers that leave some."""
    shares = [v for k in MACRO_KEYS if isinstance(v := macros.get(k), int | float) and not isinstance(v, bool)]
    if "carbs" in macros or len(shares) != len(MACRO_KEYS):
        return
    rest = round(100 - sum(shares), 1)
    if rest >= 0:
        macros["carbs"] = rest


def _nutrition(profile: UserProfile, block: dict[str, Any], targets: NutritionTargets) -> None:
    macros, kcal = block.get("macros"), block.get("calorie_target")
    if isinstance(macros, dict):
        _carbs(macros)
        block["macros"] = _in_order(macros, MACRO_ORDER)
        macros = block["macros"]
    per_gram = guidelines().energy.kcal_per_gram
    if isinstance(macros, dict) and isinstance(kcal, int | float) and not isinstance(kcal, bool):
        shares = {k: macros.get(k) for k in ("protein", "carbs", "fat")}
        numbers = {k: float(v) for k, v in shares.items() if isinstance(v, int | float) and not isinstance(v, bool)}
        if len(numbers) == len(shares):
            block.setdefault(
                "macros_g", {k: round(kcal * v / 100 / getattr(per_gram, k), 1) for k, v in numbers.items()}
            )
    block.setdefault("meal_timing", meal_timing(profile, targets))
    block.setdefault("maintenance_kcal", targets.target.maintenance_kcal)
    block.setdefault("resting_kcal", targets.target.resting_kcal)
    block.setdefault("hydration", hydration(profile))


def _is_main(ex: Exercise) -> bool:
    """A compound strength lift: what the engine schedules as a main lift (its role is not in the plan)."""
    return ex.modality is Modality.STRENGTH and ex.mechanic is Mechanic.COMPOUND


def expand_plan(profile: UserProfile, plan: Any) -> Any:
    """A compact plan made whole with the engine's own rendering (a copy; only missing keys are added).

    Anything that is not an object is returned as it is, so the contract check reports it.
    """
    if not isinstance(plan, dict):
        return plan
    ctx = build_context(profile)
    out = copy.deepcopy(plan)
    days = _days(out)
    chosen = _expand_exercises(ctx, days)
    targets = targets_for(profile, len(days) or 1)
    workout = out.get("workout_plan")
    if isinstance(workout, dict):
        workout.setdefault("adaptations", adaptations_for(ctx))
        progression = workout.get("progression_plan")
        if isinstance(progression, dict):
            progression.setdefault("intensity_increase", weekly_increase(ctx))
            doses = [(ex, top[0]) for item, ex in chosen if (top := _top(item)) is not None]
            progression.setdefault("exercise_progressions", progression_plan(ctx, doses)["exercise_progressions"])
        if days and "rest_days" not in workout:
            used = {str(d.get("day", "")).strip().lower() for d in days}
            workout["rest_days"] = [rest_day_note(ctx, name) for name in WEEKDAYS if name.lower() not in used]
        out["workout_plan"] = _in_order(workout, WORKOUT_ORDER)
    nutrition = out.get("nutrition_suggestions")
    if isinstance(nutrition, dict):
        _nutrition(profile, nutrition, targets)
        out["nutrition_suggestions"] = _in_order(nutrition, NUTRITION_ORDER)
    exercises = [ex for _, ex in chosen]
    if exercises:
        out.setdefault(
            "adaptive_recommendations",
            adaptive_recommendations(ctx, [ex for ex in exercises if _is_main(ex)], exercises),
        )
    out.setdefault("screening", screening_summary(ctx))
    out.setdefault("warnings", plan_warnings(ctx, targets))
    return out


__all__ = ["compact_day", "compact_plan", "expand_day", "expand_plan"]

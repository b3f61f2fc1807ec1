"""Safe automatic fixes for verifier errors, one small function per family of violation codes.

Each fix edits the plan in place and returns a note saying what it changed (an empty note when an
earlier fix already cured the problem), or None when it cannot fix the problem safely. Only changes
with an obviously safe direction are made: a catalogue substitute the person can do, a calorie target
clamped into the range the calculators allow, fewer sets (or exercises) when a session is too long or a
beginner's muscle group is overloaded, intensity lowered to the cap, a clearance notice added.
Anything else (a wrong number of days, hard days back to back, missing keys) is left to the engine.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from fitcoach.domain import energy
from fitcoach.domain.catalogue import available, find_exercise, is_safe
from fitcoach.domain.context import PlanContext, expected_training_days
from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.knowledge.records import Exercise
from fitcoach.domain.nutrition import goal_kind, targets_for
from fitcoach.domain.programming import day_minutes
from fitcoach.domain.selection import hard_groups, person_pool
from fitcoach.domain.verify import CALORIE_ROUNDING_KCAL, PCT_1RM_TEXT, RPE_TEXT, Violation
from fitcoach.domain.vocab import INTENSITY_ORDER, Goal, Intensity

Fix = Callable[[PlanContext, dict[str, Any], Violation], str | None]

_EXERCISE_PATH = re.compile(r"^workout_plan\.weekly_schedule\[(\d+)\](?:\.exercises\[(\d+)\])?")


def _located(plan: dict[str, Any], path: str) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The day and (when the path names one) the exercise at a verifier path."""
    m = _EXERCISE_PATH.match(path)
    if not m:
        return None, None
    try:
        day = plan["workout_plan"]["weekly_schedule"][int(m.group(1))]
        item = day["exercises"][int(m.group(2))] if m.group(2) is not None else None
    except (KeyError, IndexError, TypeError):
        return None, None
    return day, item


def _lookup(item: dict[str, Any]) -> Exercise | None:
    for ref in (item.get("id"), item.get("name")):
        if isinstance(ref, str) and (found := find_exercise(ref)) is not None:
            return found
    return None


def _fits(ctx: PlanContext, ex: Exercise) -> bool:
    return is_safe(ex, ctx.avoid) and available(ex, ctx.kit)


def substitute(ctx: PlanContext, ex: Exercise, taken: set[str]) -> Exercise | None:
    """The closest safe exercise the person can do: same substitution group, else same pattern, else a
    shared primary muscle in the same modality; condition-friendly and same-level options first."""
    candidates = person_pool(ctx)
    everyone = [e for group in candidates.by_group.values() for e in group if e.id not in taken and e.id != ex.id]
    tiers = (
        [e for e in everyone if e.substitution_group == ex.substitution_group],
        [e for e in everyone if e.pattern == ex.pattern and e.modality == ex.modality],
        [e for e in everyone if e.modality == ex.modality and set(e.primary_muscles) & set(ex.primary_muscles)],
    )
    for options in tiers:
        if options:
            return min(options, key=lambda e: (not (set(e.friendly_for) & ctx.conditions), e.level != ex.level, e.id))
    return None


def swap_exercise(ctx: PlanContext, plan: dict[str, Any], v: Violation) -> str | None:
    """contraindicated_exercise, equipment_unavailable: put a safe catalogue substitute in its place."""
    day, item = _located(plan, v.path)
    if day is None or item is None:
        return None
    ex = _lookup(item)
    if ex is None:
        return None
    if _fits(ctx, ex):
        return ""  # already replaced by an earlier fix
    taken = {found.id for other in day["exercises"] if isinstance(other, dict) and (found := _lookup(other))}
    new = substitute(ctx, ex, taken)
    if new is None:
        return None
    reason = v.message
    item.update(name=new.name, id=new.id, muscles=[m.value for m in new.primary_muscles], substitutes=[])
    item["notes"] = f"{' '.join(new.cues[:2])} Swapped in for {ex.name}: {reason}."
    _rename(plan, ex.name, new.name)
    return f"{v.path}: replaced {ex.name} with {new.name} ({reason})"


def _rename(plan: dict[str, Any], old: str, new: str) -> None:
    """Point the progression plan and the shortened version at the substitute, once the old one is gone."""
    schedule = plan["workout_plan"]["weekly_schedule"]
    names = {
        e.get("name") for d in schedule if isinstance(d, dict) for e in d.get("exercises", []) if isinstance(e, dict)
    }
    if old in names:
        return
    progressions = plan["workout_plan"].get("progression_plan", {}).get("exercise_progressions")
    if isinstance(progressions, dict) and old in progressions:
        progressions[new] = progressions.pop(old)
    shortened = plan.get("adaptive_recommendations", {}).get("if_time_constrained", {}).get("shortened_version", {})
    keep = shortened.get("exercises_to_keep") if isinstance(shortened, dict) else None
    if isinstance(keep, list):
        shortened["exercises_to_keep"] = list(dict.fromkeys(new if k == old else k for k in keep))


def calorie_range(ctx: PlanContext) -> tuple[int, int]:
    """The lowest and highest daily calorie target the verifier accepts, from the same calculators."""
    info = ctx.profile.personal_info
    g = guidelines().energy
    maintenance = targets_for(ctx.profile, expected_training_days(ctx.profile)).target.maintenance_kcal
    floor = energy.calorie_floor(info.gender)
    resting = energy.resting_energy(info.weight, info.height, info.age, info.gender)
    low = max(floor, resting, maintenance * (1 - g.max_deficit_fraction.value))
    high = max(maintenance * (1 + g.max_surplus_fraction.value), floor, resting)
    return math.ceil(low), math.floor(high)


def accepted_calorie_range(ctx: PlanContext) -> tuple[int, int]:
    """Every whole-kcal target the verifier accepts: ``calorie_range`` widened by its rounding allowance.

    The engine rounds its targets to the nearest kcal, so they may sit on that allowance; the calorie floor
    has none.
    """
    low, high = calorie_range(ctx)
    floor = math.ceil(energy.calorie_floor(ctx.profile.personal_info.gender))
    return max(low - CALORIE_ROUNDING_KCAL, floor), max(low, high + CALORIE_ROUNDING_KCAL)


def _nutrition(plan: dict[str, Any]) -> tuple[dict[str, Any], float] | None:
    """The nutrition section and its calorie target, when both are there and the target is a number."""
    ns = plan.get("nutrition_suggestions")
    kcal = ns.get("calorie_target") if isinstance(ns, dict) else None
    if not isinstance(ns, dict) or isinstance(kcal, bool) or not isinstance(kcal, int | float):
        return None
    return ns, kcal


def clamp_calories(ctx: PlanContext, plan: dict[str, Any], v: Violation) -> str | None:
    """calories_below_floor, calories_below_resting, deficit_too_large, surplus_too_large."""
    found = _nutrition(plan)
    if found is None:
        return None
    ns, kcal = found
    low, high = calorie_range(ctx)
    new = min(max(kcal, low), high)
    if new == kcal:
        return ""
    ns["calorie_target"] = int(new)
    g = guidelines().energy
    sources = ", ".join(dict.fromkeys((g.floor_kcal_female.source, g.max_deficit_fraction.source)))
    return (
        f"nutrition_suggestions.calorie_target: {kcal:g} kcal clamped to {new} kcal, "
        f"the allowed range {low}-{high} kcal [{sources}]"
    )


def reset_macros(ctx: PlanContext, plan: dict[str, Any], v: Violation) -> str | None:
    """macros_outside_amdr, macros_do_not_sum, protein_unsafe: the calculators' split for the plan's calories."""
    found = _nutrition(plan)
    if found is None or not isinstance(found[0].get("macros"), dict):
        return None
    ns, kcal = found
    info = ctx.profile.personal_info
    kind, _ = goal_kind(ctx.profile, energy.bmi(info.weight, info.height))
    muscle = bool({Goal.MUSCLE_GAIN, Goal.STRENGTH_INCREASE, Goal.POWER} & set(ctx.profile.goals))
    m = energy.macro_targets(kcal=kcal, weight_kg=info.weight, height_cm=info.height, goal=kind, muscle_focus=muscle)
    new = {"protein": m.protein_pct, "carbs": m.carbs_pct, "fat": m.fat_pct}
    if ns["macros"] == new:
        return ""
    old = ns["macros"]
    ns["macros"] = new
    if "macros_g" in ns:
        ns["macros_g"] = {"protein": m.protein_g, "carbs": m.carbs_g, "fat": m.fat_g}
    shown = "/".join(f"{old.get(k)}" for k in ("protein", "carbs", "fat"))
    split = f"{m.protein_pct:g}/{m.carbs_pct:g}/{m.fat_pct:g}"
    return f"nutrition_suggestions.macros: protein/carbs/fat {shown} % replaced by {split} % ({v.code})"


def _sets(item: Any) -> int:
    sets = item.get("sets") if isinstance(item, dict) else None
    return sets if isinstance(sets, int) and not isinstance(sets, bool) else 0


def _lighten(day: dict[str, Any], candidates: list[int], changes: list[str]) -> bool:
    """Take one set off the candidate exercise with the most sets, or drop one when all are down to one set."""
    items = day["exercises"]
    most = max(candidates, key=lambda j: (_sets(items[j]), j))
    if _sets(items[most]) > 1:
        items[most]["sets"] -= 1
        changes.append(f"one set less of {items[most].get('name')}")
        return True
    if len(items) > 1:
        dropped = items.pop(candidates[-1])
        changes.append(f"dropped {dropped.get('name')}")
        return True
    return False


def _summary(changes: list[str]) -> str:
    counts: dict[str, int] = {}
    for change in changes:
        counts[change] = counts.get(change, 0) + 1
    return "; ".join(f"{c} (x{n})" if n > 1 else c for c, n in counts.items())


def reduce_volume(ctx: PlanContext, plan: dict[str, Any], v: Violation) -> str | None:
    """beginner_volume_too_high: fewer hard sets for the overloaded muscle group (less work is the safe side)."""
    day, _ = _located(plan, v.path)
    if day is None or not isinstance(day.get("exercises"), list):
        return None
    limit = guidelines().resistance.beginner_sets_per_muscle_session_max.value
    changes: list[str] = []
    while True:
        by_group: dict[Any, list[int]] = {}
        for j, item in enumerate(day["exercises"]):
            ex = _lookup(item) if isinstance(item, dict) else None
            for group in hard_groups(ex) if ex is not None else ():
                by_group.setdefault(group, []).append(j)
        over = [js for js in by_group.values() if sum(_sets(day["exercises"][j]) for j in js) > limit]
        if not over:
            return f"{v.path}: {_summary(changes)} (at most {limit:g} hard sets a muscle group)" if changes else ""
        if not _lighten(day, over[0], changes):
            return None


def shorten_session(ctx: PlanContext, plan: dict[str, Any], v: Violation) -> str | None:
    """session_over_duration: fewer sets (then fewer exercises) until the session fits the person's time."""
    day, _ = _located(plan, v.path)
    if day is None or not isinstance(day.get("exercises"), list):
        return None
    limit = ctx.profile.preferences.workout_duration
    before = day_minutes(day)
    estimate = before
    changes: list[str] = []
    while estimate is not None and estimate > limit:
        if not day["exercises"] or not _lighten(day, list(range(len(day["exercises"]))), changes):
            return None
        estimate = day_minutes(day)
    if estimate is None or before is None:
        return None
    stated = day.get("duration")
    day["duration"] = min(limit, math.ceil(estimate))
    if not changes:
        return f"{v.path}.duration: {stated} min corrected to {day['duration']} min (limit {limit} min)"
    return f"{v.path}: about {before:.0f} min cut to {estimate:.0f} min (limit {limit} min): {_summary(changes)}"


def lower_intensity(ctx: PlanContext, plan: dict[str, Any], v: Violation) -> str | None:
    """intensity_above_cap: a day's level down to the cap; an exercise's RPE and %1RM down to the allowed."""
    day, item = _located(plan, v.path)
    if day is None:
        return None
    if v.path.endswith(".intensity_level"):
        level = day.get("intensity_level")
        if (
            isinstance(level, str)
            and level in Intensity._value2member_map_
            and (INTENSITY_ORDER[Intensity(level)] <= INTENSITY_ORDER[ctx.cap])
        ):
            return ""
        day["intensity_level"] = ctx.cap.value
        return f"{v.path}: {level} lowered to {ctx.cap.value} (the screening cap)"
    if item is None or not isinstance(item.get("intensity"), str):
        return None
    old = item["intensity"]
    top = ctx.rpe_max

    def rpe(m: re.Match[str]) -> str:
        low = min(float(m.group(1)), top)
        high = min(float(m.group(2) or m.group(1)), top)
        return f"RPE {low:g}-{high:g}" if high != low else f"RPE {high:g}"

    text = old if "of 20" in old else RPE_TEXT.sub(rpe, old)  # "of 20" is the Borg scale, judged elsewhere
    text = PCT_1RM_TEXT.sub(ctx.prescription.load_pct_1rm.text("% 1RM"), text)
    if text == old:
        return ""
    item["intensity"] = text
    return f"{v.path}: intensity '{old}' lowered to '{text}'"


def state_clearance(ctx: PlanContext, plan: dict[str, Any], v: Violation) -> str | None:
    """clearance_not_stated: say up front that medical clearance is recommended, and why."""
    wp = plan.get("workout_plan")
    if not isinstance(wp, dict):
        return None
    reasons = " ".join(f"{r.text} [{r.source}]" for r in ctx.screening.reasons)
    notice = f"Medical clearance recommended before starting: {reasons}".strip()
    wp["overview"] = f"{notice} {wp.get('overview', '')}".strip()
    warnings = plan.get("warnings")
    plan["warnings"] = [notice, *(warnings if isinstance(warnings, list) else [])]
    return "workout_plan.overview: added the medical clearance notice"


FIXES: dict[str, Fix] = {
    # Calories first: the macro split depends on the calorie target.
    "calories_below_floor": clamp_calories,
    "calories_below_resting": clamp_calories,
    "deficit_too_large": clamp_calories,
    "surplus_too_large": clamp_calories,
    "macros_outside_amdr": reset_macros,
    "macros_do_not_sum": reset_macros,
    "protein_unsafe": reset_macros,
    "contraindicated_exercise": swap_exercise,
    "equipment_unavailable": swap_exercise,
    # Less work after the swaps: volume per muscle group first, then the session's length.
    "beginner_volume_too_high": reduce_volume,
    "session_over_duration": shorten_session,
    "intensity_above_cap": lower_intensity,
    "clearance_not_stated": state_clearance,
}
FIX_ORDER = {code: i for i, code in enumerate(FIXES)}

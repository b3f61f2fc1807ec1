"""The verifier: every problem in a plan, from any source, judged against the profile and the guidelines.

``verify(profile, plan)`` accepts anything plan-shaped (a language model's output included), never
raises on malformed input, and returns violations with a stable code, a severity, the path in the
plan and a message. The same function feeds the tests, the guard, RL rewards and evaluation.
Checks are small functions registered under the codes they may report.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from fitcoach.domain import energy
from fitcoach.domain.catalogue import available, find_exercise, is_safe
from fitcoach.domain.context import PlanContext, build_context, expected_training_days
from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.knowledge.records import Exercise
from fitcoach.domain.nutrition import targets_for
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.programming import day_minutes
from fitcoach.domain.schedule import WEEKDAYS
from fitcoach.domain.selection import hard_groups
from fitcoach.domain.vocab import INTENSITY_ORDER, FitnessLevel, Intensity, RecoveryGroup

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Violation:
    code: str
    severity: Severity
    path: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "severity": self.severity, "path": self.path, "message": self.message}


@dataclass(frozen=True)
class Code:
    severity: Severity
    description: str


CODES: dict[str, Code] = {
    "not_an_object": Code("error", "The plan is not a JSON object."),
    "missing_key": Code("error", "A key the contract requires is missing."),
    "wrong_type": Code("error", "A contract field has the wrong type."),
    "training_days_mismatch": Code("error", "The number of training days differs from what the profile asks."),
    "session_over_duration": Code("error", "A session takes longer than the stated session length."),
    "duration_unreadable": Code("warning", "A session's sets, reps or rest cannot be read to estimate its time."),
    "unknown_exercise": Code("warning", "An exercise is not in the FitCoach catalogue, so it cannot be checked."),
    "contraindicated_exercise": Code("error", "An exercise is on the avoid list of a condition the person has."),
    "equipment_unavailable": Code("error", "An exercise needs equipment the person does not have."),
    "consecutive_hard_days": Code("error", "The same muscle group is trained hard on consecutive days."),
    "intensity_above_cap": Code("error", "Intensity is above what screening or a condition allows."),
    "clearance_not_stated": Code("error", "Medical clearance is needed but the plan does not say so."),
    "calories_below_floor": Code("error", "The calorie target is below the floor for unsupervised dieting."),
    "calories_below_resting": Code("error", "The calorie target is below the resting energy estimate."),
    "deficit_too_large": Code("error", "The calorie deficit is more than 25% below maintenance."),
    "surplus_too_large": Code("error", "The calorie surplus is more than 20% above maintenance."),
    "macros_outside_amdr": Code("error", "A macronutrient share is outside its acceptable range (AMDR)."),
    "macros_do_not_sum": Code("error", "The macronutrient percentages do not add up to about 100."),
    "protein_out_of_range": Code("warning", "Protein per kg is outside the range for active people."),
    "protein_unsafe": Code("error", "Protein per kg is below the RDA or above the highest recommended intake."),
    "beginner_volume_too_high": Code("error", "A beginner session has too many hard sets for one muscle group."),
    "disliked_exercise": Code("warning", "An exercise the person disliked or found too hard is back in the plan."),
    "no_warm_up": Code("warning", "A session has no warm-up or cool-down."),
}

# Model-written plans estimate time differently; a little slack avoids flagging honest rounding.
DURATION_TOLERANCE = 1.10
MACRO_SUM_TOLERANCE = 2.0
# Percentages are written to one decimal: the protein they stand for may be off by this much.
PROTEIN_ROUNDING_G_PER_KG = 0.05
# Calorie targets are whole kcal, rounded from the calculators: a target may sit this far past a limit.
CALORIE_ROUNDING_KCAL = 1


def _v(code: str, path: str, message: str) -> Violation:
    return Violation(code, CODES[code].severity, path, message)


Check = Callable[[PlanContext, Mapping[str, Any]], Iterator[Violation]]
CHECKS: list[Check] = []


def check(fn: Check) -> Check:
    CHECKS.append(fn)
    return fn


def verify(profile: UserProfile, plan: object, ctx: PlanContext | None = None) -> list[Violation]:
    """All violations in ``plan`` for ``profile``; never raises on malformed plans."""
    if not isinstance(plan, dict):
        return [_v("not_an_object", "", f"expected a JSON object, got {type(plan).__name__}")]
    context = ctx if ctx is not None else build_context(profile)
    out: list[Violation] = []
    for fn in CHECKS:
        out.extend(fn(context, plan))
    return out


def errors(violations: list[Violation]) -> list[Violation]:
    return [v for v in violations if v.severity == "error"]


# ---------------------------------------------------------------- helpers


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else None


def _days(plan: Mapping[str, Any]) -> list[tuple[str, Mapping[str, Any]]]:
    schedule = _get(_get(plan, "workout_plan"), "weekly_schedule")
    if not isinstance(schedule, list):
        return []
    return [(f"workout_plan.weekly_schedule[{i}]", d) for i, d in enumerate(schedule) if isinstance(d, dict)]


def _exercises(day: Mapping[str, Any], day_path: str) -> Iterator[tuple[str, Mapping[str, Any], Exercise | None]]:
    items = day.get("exercises")
    if not isinstance(items, list):
        return
    for j, item in enumerate(items):
        if not isinstance(item, dict):
            continue
        ref = item.get("id") if isinstance(item.get("id"), str) else item.get("name")
        found = find_exercise(ref) if isinstance(ref, str) else None
        if found is None and isinstance(item.get("name"), str):
            found = find_exercise(item["name"])
        yield f"{day_path}.exercises[{j}]", item, found


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


# ---------------------------------------------------------------- structure


_REQUIRED: dict[str, tuple[str, ...]] = {
    "": ("workout_plan", "nutrition_suggestions", "adaptive_recommendations"),
    "workout_plan": ("name", "overview", "weekly_schedule", "progression_plan"),
    "nutrition_suggestions": ("calorie_target", "macros", "meal_timing"),
    "adaptive_recommendations": ("if_too_difficult", "if_too_easy", "if_time_constrained"),
    "workout_plan.progression_plan": ("intensity_increase", "exercise_progressions"),
    "nutrition_suggestions.macros": ("protein", "carbs", "fat"),
}
_DAY_KEYS = ("day", "focus", "duration", "intensity_level", "exercises")
_EXERCISE_KEYS = ("name", "sets", "reps", "intensity", "rest", "notes", "gamified_stats")


@check
def _contract_keys(ctx: PlanContext, plan: Mapping[str, Any]) -> Iterator[Violation]:
    for parent, keys in _REQUIRED.items():
        node: Any = plan
        for part in parent.split(".") if parent else ():
            node = _get(node, part)
        if node is None:
            continue
        if not isinstance(node, dict):
            yield _v("wrong_type", parent, "must be an object")
            continue
        for key in keys:
            if key not in node:
                yield _v("missing_key", f"{parent}.{key}".lstrip("."), f"'{key}' is required")
    schedule = _get(_get(plan, "workout_plan"), "weekly_schedule")
    if schedule is not None and not isinstance(schedule, list):
        yield _v("wrong_type", "workout_plan.weekly_schedule", "must be a list of days")
    for path, day in _days(plan):
        for key in _DAY_KEYS:
            if key not in day:
                yield _v("missing_key", f"{path}.{key}", f"'{key}' is required")
        for ex_path, item, _ in _exercises(day, path):
            for key in _EXERCISE_KEYS:
                if key not in item:
                    yield _v("missing_key", f"{ex_path}.{key}", f"'{key}' is required")


@check
def _training_days(ctx: PlanContext, plan: Mapping[str, Any]) -> Iterator[Violation]:
    schedule = _get(_get(plan, "workout_plan"), "weekly_schedule")
    if not isinstance(schedule, list):
        return
    expected = expected_training_days(ctx.profile)
    if len(schedule) != expected:
        yield _v(
            "training_days_mismatch",
            "workout_plan.weekly_schedule",
            f"{len(schedule)} training days, expected {expected}",
        )


@check
def _durations(ctx: PlanContext, plan: Mapping[str, Any]) -> Iterator[Violation]:
    limit = ctx.profile.preferences.workout_duration
    for path, day in _days(plan):
        stated = _number(day.get("duration"))
        if stated is not None and stated > limit:
            yield _v("session_over_duration", f"{path}.duration", f"{stated:g} min planned, limit {limit} min")
            continue
        estimate = day_minutes(day)
        if estimate is None:
            yield _v("duration_unreadable", path, "sets, reps or rest could not be read")
        elif estimate > limit * DURATION_TOLERANCE:
            yield _v("session_over_duration", path, f"about {estimate:.0f} min of work, limit {limit} min")
        if not day.get("warm_up") or not day.get("cool_down"):
            yield _v("no_warm_up", path, "add a 5-10 minute warm-up and cool-down [ACSM-GETP]")


# ---------------------------------------------------------------- exercise safety


@check
def _exercise_safety(ctx: PlanContext, plan: Mapping[str, Any]) -> Iterator[Violation]:
    from fitcoach.domain import knowledge

    conditions = knowledge.conditions()
    for path, day in _days(plan):
        for ex_path, item, ex in _exercises(day, path):
            if ex is None:
                yield _v("unknown_exercise", ex_path, f"'{item.get('name')}' is not in the catalogue")
                continue
            if not is_safe(ex, ctx.avoid):
                tags = sorted(t.value for t in set(ex.stress_tags) & ctx.avoid)
                who = sorted(c.value for c in ctx.conditions if set(conditions[c].avoid_tags) & set(ex.stress_tags))
                reason = f"for {', '.join(who)}" if who else "for a conservative plan"
                yield _v("contraindicated_exercise", ex_path, f"{ex.name} ({', '.join(tags)}) is avoided {reason}")
            if not available(ex, ctx.kit):
                missing = sorted(e.value for e in ex.equipment if e not in ctx.kit)
                yield _v("equipment_unavailable", ex_path, f"{ex.name} needs {', '.join(missing)}")
            if ex.id in ctx.feedback.disliked or ex.id in ctx.feedback.too_hard:
                yield _v("disliked_exercise", ex_path, f"{ex.name} was disliked or rated too hard before")


_WEEKDAY_INDEX = {name.lower(): i for i, name in enumerate(WEEKDAYS)} | {
    name[:3].lower(): i for i, name in enumerate(WEEKDAYS)
}


def _day_index(label: Any, position: int) -> int:
    if isinstance(label, str):
        word = re.split(r"[^a-z]", label.strip().lower())[0]
        if word in _WEEKDAY_INDEX:
            return _WEEKDAY_INDEX[word]
    return position  # "Day 1", "Day 2": read as consecutive days (the stricter reading)


def _hard_groups_of(ctx: PlanContext, day: Mapping[str, Any], path: str) -> set[RecoveryGroup]:
    if _get(day, "intensity_level") == Intensity.LIGHT.value:
        return set()
    return {g for _, _, ex in _exercises(day, path) if ex is not None for g in hard_groups(ex)}


@check
def _recovery(ctx: PlanContext, plan: Mapping[str, Any]) -> Iterator[Violation]:
    days = _days(plan)
    slots: dict[int, tuple[str, set[RecoveryGroup]]] = {}
    for position, (path, day) in enumerate(days):
        slots[_day_index(day.get("day"), position)] = (path, _hard_groups_of(ctx, day, path))
    cyclic = all(isinstance(d.get("day"), str) and _day_index(d.get("day"), -1) >= 0 for _, d in days)
    for index, (_, groups) in slots.items():
        following = (index + 1) % 7 if cyclic else index + 1
        if following in slots:
            shared = groups & slots[following][1]
            if shared:
                yield _v(
                    "consecutive_hard_days",
                    slots[following][0],
                    f"{', '.join(sorted(g.value for g in shared))} trained hard on consecutive days "
                    f"(at least {guidelines().resistance.hours_between_same_group.value:g} h apart)",
                )


# The effort notations the verifier reads in an exercise's intensity text (the repairs rewrite the same ones).
PCT_1RM_TEXT = re.compile(r"(\d+(?:\.\d+)?)\s*(?:-|–|to)?\s*(\d+(?:\.\d+)?)?\s*%\s*(?:of\s*)?1\s*rm", re.I)
RPE_TEXT = re.compile(r"rpe\s*(\d+(?:\.\d+)?)\s*(?:-|–|to)?\s*(\d+(?:\.\d+)?)?", re.I)


def intensity_text_problems(ctx: PlanContext, text: str) -> list[str]:
    """What in an exercise's intensity text is above what the person may do: its %1RM, its RPE, or both."""
    cap = ctx.cap
    problems = []
    pct = PCT_1RM_TEXT.search(text)
    if pct:
        # A range is judged by its middle: 60-70% 1RM is moderate work, 70-85% is not.
        classes = guidelines().resistance.intensity_by_pct_1rm
        low = float(pct.group(1))
        middle = (low + float(pct.group(2) or low)) / 2
        limit = {Intensity.LIGHT: classes.light_below, Intensity.MODERATE: classes.vigorous_from}.get(cap)
        if limit is not None and middle >= limit:
            problems.append(f"{pct.group(0)} is above the {cap.value} cap")
    rpe = RPE_TEXT.search(text)
    if rpe and float(rpe.group(2) or rpe.group(1)) > ctx.rpe_max and "of 20" not in text:
        problems.append(f"RPE {rpe.group(2) or rpe.group(1)} is above the allowed RPE {ctx.rpe_max:g}")
    return problems


@check
def _intensity(ctx: PlanContext, plan: Mapping[str, Any]) -> Iterator[Violation]:
    cap = ctx.cap
    for path, day in _days(plan):
        level = day.get("intensity_level")
        known = Intensity(level) if isinstance(level, str) and level in Intensity._value2member_map_ else None
        if known is not None and INTENSITY_ORDER[known] > INTENSITY_ORDER[cap]:
            yield _v("intensity_above_cap", f"{path}.intensity_level", f"{level} is above the {cap.value} cap")
        for ex_path, item, _ in _exercises(day, path):
            text = item.get("intensity")
            if isinstance(text, str):
                for problem in intensity_text_problems(ctx, text):
                    yield _v("intensity_above_cap", f"{ex_path}.intensity", problem)


@check
def _clearance(ctx: PlanContext, plan: Mapping[str, Any]) -> Iterator[Violation]:
    if not ctx.screening.needs_clearance:
        return
    wp = _get(plan, "workout_plan")
    warnings = _get(plan, "warnings")
    texts = [str(_get(wp, "overview") or ""), " ".join(str(w) for w in warnings) if isinstance(warnings, list) else ""]
    if not any("clearance" in t.lower() or "doctor" in t.lower() for t in texts):
        yield _v(
            "clearance_not_stated",
            "workout_plan.overview",
            "medical clearance is recommended before starting; the plan must say so prominently",
        )


@check
def _beginner_volume(ctx: PlanContext, plan: Mapping[str, Any]) -> Iterator[Violation]:
    if ctx.profile.personal_info.fitness_level is not FitnessLevel.BEGINNER:
        return
    limit = guidelines().resistance.beginner_sets_per_muscle_session_max.value
    for path, day in _days(plan):
        sets_by_group: dict[RecoveryGroup, int] = defaultdict(int)
        for _, item, ex in _exercises(day, path):
            sets = item.get("sets")
            if ex is None or not isinstance(sets, int) or isinstance(sets, bool):
                continue
            for group in hard_groups(ex):
                sets_by_group[group] += sets
        for group, count in sorted(sets_by_group.items()):
            if count > limit:
                yield _v("beginner_volume_too_high", path, f"{count} hard sets for {group.value}; at most {limit:g}")


# ---------------------------------------------------------------- nutrition


@check
def _calories(ctx: PlanContext, plan: Mapping[str, Any]) -> Iterator[Violation]:
    ns = _get(plan, "nutrition_suggestions")
    kcal = _number(_get(ns, "calorie_target"))
    if kcal is None:
        if ns is not None and "calorie_target" in ns:
            yield _v("wrong_type", "nutrition_suggestions.calorie_target", "must be a number of kcal")
        return
    info = ctx.profile.personal_info
    days = expected_training_days(ctx.profile)
    t = targets_for(ctx.profile, days).target
    g = guidelines().energy
    path = "nutrition_suggestions.calorie_target"
    floor = energy.calorie_floor(info.gender)
    resting = energy.resting_energy(info.weight, info.height, info.age, info.gender)
    if kcal < floor:
        yield _v("calories_below_floor", path, f"{kcal:g} kcal is below {floor:g} kcal [{g.floor_kcal_male.source}]")
    elif kcal < resting - CALORIE_ROUNDING_KCAL:
        yield _v("calories_below_resting", path, f"{kcal:g} kcal is below resting energy {resting:.0f} kcal")
    maintenance = t.maintenance_kcal
    if kcal < maintenance * (1 - g.max_deficit_fraction.value) - CALORIE_ROUNDING_KCAL:
        yield _v(
            "deficit_too_large",
            path,
            f"{kcal:g} kcal is more than {g.max_deficit_fraction.value:.0%} below maintenance {maintenance}",
        )
    # The floors win over the surplus limit for very small people: never plan below them.
    if kcal > max(maintenance * (1 + g.max_surplus_fraction.value), floor, resting) + CALORIE_ROUNDING_KCAL:
        yield _v(
            "surplus_too_large",
            path,
            f"{kcal:g} kcal is more than {g.max_surplus_fraction.value:.0%} above maintenance {maintenance}",
        )


def safe_protein_g_per_kg() -> tuple[float, float]:
    """The protein intake (g per kg of reference weight) below or above which a plan is unsafe.

    From the RDA to the highest recommended intake, each with the rounding allowance.
    """
    m = guidelines().macros
    slack = PROTEIN_ROUNDING_G_PER_KG
    return m.protein_rda_g_per_kg.value - slack, m.protein_deficit_g_per_kg.max + slack


@check
def _macros(ctx: PlanContext, plan: Mapping[str, Any]) -> Iterator[Violation]:
    ns = _get(plan, "nutrition_suggestions")
    macros = _get(ns, "macros")
    if not isinstance(macros, dict):
        return
    values = {k: _number(macros.get(k)) for k in ("protein", "carbs", "fat")}
    if any(v is None for v in values.values()):
        yield _v("wrong_type", "nutrition_suggestions.macros", "protein, carbs and fat must be percentages")
        return
    m = guidelines().macros
    total = sum(v for v in values.values() if v is not None)
    if abs(total - 100) > MACRO_SUM_TOLERANCE:
        yield _v("macros_do_not_sum", "nutrition_suggestions.macros", f"they add up to {total:g}%, not 100%")
    spans = {"protein": m.amdr_protein_pct, "carbs": m.amdr_carbs_pct, "fat": m.amdr_fat_pct}
    for key, span in spans.items():
        value = values[key]
        if value is not None and not span.min - 0.5 <= value <= span.max + 0.5:
            yield _v(
                "macros_outside_amdr",
                f"nutrition_suggestions.macros.{key}",
                f"{value:g}% is outside {span.text('%')} [{span.source}]",
            )
    kcal = _number(_get(ns, "calorie_target"))
    protein_pct = values["protein"]
    if kcal is None or protein_pct is None:
        return
    info = ctx.profile.personal_info
    grams = kcal * protein_pct / 100 / guidelines().energy.kcal_per_gram.protein
    per_kg = grams / energy.protein_reference_weight(info.weight, info.height)
    path = "nutrition_suggestions.macros.protein"
    lowest, highest = safe_protein_g_per_kg()
    if not lowest <= per_kg <= highest:
        yield _v(
            "protein_unsafe",
            path,
            f"{per_kg:.2f} g/kg is outside {m.protein_rda_g_per_kg.value:g}-{m.protein_deficit_g_per_kg.max:g} g/kg",
        )
    elif per_kg < m.protein_exercise_g_per_kg.min - PROTEIN_ROUNDING_G_PER_KG:
        yield _v(
            "protein_out_of_range",
            path,
            f"{per_kg:.2f} g/kg is below {m.protein_exercise_g_per_kg.text(' g/kg')} for active people",
        )

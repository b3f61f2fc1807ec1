"""The rule-based planner: a complete, safe weekly plan in the contract shape for any valid profile.

``build_plan(profile, seed)`` is deterministic for a seed. Different seeds choose different but
equally valid exercises, which gives the training-data builder its variety.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Iterable
from dataclasses import replace
from typing import Any, Literal

from fitcoach.domain import knowledge
from fitcoach.domain.catalogue import available, is_safe
from fitcoach.domain.context import PlanContext, build_context, expected_training_days
from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.knowledge.records import Exercise
from fitcoach.domain.nutrition import NutritionTargets, hydration, meal_timing, targets_for
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.schedule import SPLIT_3_ADVANCED, STRENGTH_SPLITS, WEEKDAYS, SessionKind, arrange
from fitcoach.domain.selection import LEVEL_RANK, Pool, Role, person_pool
from fitcoach.domain.sessions import DayPlan, build_day, day_json
from fitcoach.domain.vocab import ConditionId, DoseUnit, FitnessLevel, Goal, Intensity, Modality

Rationale = list[dict[str, Any]]


# ---------------------------------------------------------------- the week


def week_kinds(ctx: PlanContext) -> tuple[SessionKind, ...]:
    """Which sessions make up the week, before they are placed on days."""
    g = guidelines()
    days = expected_training_days(ctx.profile)
    most = int(g.resistance.sessions_by_level[ctx.level].max)
    strength = min(days, most, max(STRENGTH_SPLITS))
    wants_cardio = ctx.wants(Goal.ENDURANCE_IMPROVEMENT, Goal.WEIGHT_LOSS) or ctx.likes("cardio", "running")
    wants_mobility = ctx.wants(Goal.FLEXIBILITY) or ctx.likes("yoga", "pilates", "stretching", "mobility")
    floor = int(g.activity.strength_days_week_min.value)
    if (wants_cardio or wants_mobility) and days > floor + 1:
        strength = max(floor, strength - 1)  # make room for the aerobic or mobility work asked for
    if ctx.screening.needs_clearance:
        strength = min(strength, floor)
    kinds = list(STRENGTH_SPLITS[strength]) if strength else []
    if strength == 3 and ctx.level is FitnessLevel.ADVANCED and ctx.wants(Goal.MUSCLE_GAIN):
        kinds = list(SPLIT_3_ADVANCED)
    others: list[SessionKind] = []
    if wants_cardio:
        others.append(SessionKind.CONDITIONING)
    if wants_mobility:
        others.append(SessionKind.MOBILITY)
    others += [SessionKind.CONDITIONING, SessionKind.ACTIVE_RECOVERY]
    for i in range(days - strength):
        kinds.append(others[i % len(others)])
    return tuple(kinds)


def _variants(week: tuple[SessionKind | None, ...]) -> list[int]:
    seen: dict[SessionKind, int] = {}
    out = []
    for kind in week:
        if kind is None:
            out.append(0)
            continue
        out.append(seen.get(kind, 0))
        seen[kind] = seen.get(kind, 0) + 1
    return out


def substitutes_for(ex: Exercise, candidates: Pool) -> list[str]:
    """Up to three safe alternatives from the same substitution group the person can do."""
    out = [other for other in candidates.by_group.get(ex.substitution_group, ()) if other.id != ex.id]
    return [o.id for o in sorted(out, key=lambda o: (o.level != ex.level, o.id))[:3]]


# ---------------------------------------------------------------- the plan


def build_plan(profile: UserProfile, seed: int = 0) -> dict[str, Any]:
    """A complete plan for a validated profile, as contract JSON (a dict)."""
    ctx = build_context(profile)
    rng = random.Random(seed)
    week = arrange(week_kinds(ctx))
    days: list[tuple[str, DayPlan]] = []
    built: dict[tuple[SessionKind, int], DayPlan] = {}
    for day_index, (kind, variant) in enumerate(zip(week, _variants(week), strict=True)):
        if kind is None:
            continue
        key = (kind, variant % 2 if kind.is_strength else variant)
        if key not in built:
            built[key] = build_day(ctx, kind, variant, rng)
        days.append((WEEKDAYS[day_index], built[key]))
    candidates = person_pool(ctx)
    substitutes = {it.exercise.id: substitutes_for(it.exercise, candidates) for _, d in days for it in d.items}
    schedule = [day_json(name, d, ctx, substitutes) for name, d in days]
    rest_days = [WEEKDAYS[i] for i, k in enumerate(week) if k is None]
    nutrition = targets_for(profile, len(days))
    rationale: Rationale = []
    warnings = plan_warnings(ctx, nutrition)
    plan: dict[str, Any] = {
        "workout_plan": {
            "name": _name(ctx, days),
            "overview": _overview(ctx, days, rest_days),
            "adaptations": adaptations_for(ctx),
            "weekly_schedule": schedule,
            "progression_plan": progression_plan(ctx, [(it.exercise, it.dose.high) for _, d in days for it in d.items]),
            "rest_days": [rest_day_note(ctx, d) for d in rest_days],
        },
        "nutrition_suggestions": nutrition_block(profile, nutrition),
        "adaptive_recommendations": adaptive_recommendations(
            ctx,
            [it.exercise for _, d in days for it in d.items if it.role is Role.MAIN],
            [it.exercise for _, d in days for it in d.items],
        ),
        "screening": screening_summary(ctx),
        "warnings": warnings,
        "rationale": rationale,
    }
    rationale += _rationale(ctx, days, nutrition)
    return plan


def _name(ctx: PlanContext, days: list[tuple[str, DayPlan]]) -> str:
    setting = ctx.profile.preferences.equipment_access.value.replace("_", " ")
    strength = [d for _, d in days if d.kind.is_strength]
    split = strength[0].kind.value.split("_")[0] if strength else "conditioning"
    split = {"push": "push/pull/legs", "upper": "upper/lower", "full": "full-body"}.get(split, split)
    if len({d.kind for d in strength}) > 3:
        split = "upper/lower + push/pull/legs"
    friendly = [c.value.replace("_", " ") for c in sorted(ctx.conditions)]
    prefix = f"{', '.join(friendly).capitalize()}-friendly " if friendly else ""
    return f"{prefix}{len(days)}-day {split} plan ({setting})"


def _overview(ctx: PlanContext, days: list[tuple[str, DayPlan]], rest_days: list[str]) -> str:
    parts = []
    if ctx.screening.needs_clearance:
        parts.append("IMPORTANT: medical clearance is recommended before you start. Until then this plan stays light.")
    goals = ", ".join(g.value.replace("_", " ") for g in ctx.goals)
    rx = ctx.prescription
    parts.append(
        f"{len(days)} sessions a week for {goals}, each about {ctx.profile.preferences.workout_duration} minutes "
        f"including warm-up and cool-down. Resistance work at {rx.load_pct_1rm.text('% 1RM')}, "
        f"{rx.reps.text()} reps."
    )
    if rest_days:
        parts.append(f"Rest days: {', '.join(rest_days)}.")
    return " ".join(parts)


def adaptations_for(ctx: PlanContext) -> dict[str, str]:
    out: dict[str, str] = {}
    table = knowledge.conditions()
    for cid in sorted(ctx.conditions):
        info = table[cid]
        out[f"{cid.value}_friendly"] = f"Avoids: {info.avoid_text} Uses instead: {info.prefer_text} [{info.source}]"
    if ctx.level is not ctx.profile.personal_info.fitness_level or ctx.feedback.struggling:
        out["difficulty_adjustment"] = "Volume and intensity set at beginner level until you are cleared or settled in."
    if ctx.feedback.too_hard or ctx.feedback.disliked:
        names = sorted(knowledge.exercises()[i].name for i in ctx.feedback.too_hard | ctx.feedback.disliked)
        out["exercise_replacements"] = f"Replaced from your feedback: {', '.join(names)}."
    if ctx.older:
        out["balance_training"] = "Balance work in every session for older adults [WHO-2020]."
    if ctx.unrecognised:
        out["conservative"] = "Moderate intensity, no jumping or maximal lifts, until a professional reviews: " + (
            ", ".join(ctx.unrecognised)
        )
    return out


def rest_day_note(ctx: PlanContext, day: str) -> str:
    if ConditionId.TYPE2_DIABETES in ctx.conditions:
        most = guidelines().special.diabetes_max_consecutive_inactive_days.value
        return f"{day}: rest, or an easy walk (keep no more than {most:g} days in a row without activity)"
    return f"{day}: rest"


def weekly_increase(ctx: PlanContext) -> float:
    """The weekly load increase for the person's level (none until medical clearance)."""
    g = guidelines().progression
    return 0.0 if ctx.screening.needs_clearance else g.weekly_intensity_increase.by_level[ctx.level]


def progression_plan(ctx: PlanContext, doses: Iterable[tuple[Exercise, float]]) -> dict[str, Any]:
    """The progression block for the exercises of a week, each with the top of its dose (reps, s or min)."""
    progressions: dict[str, str] = {}
    for ex, top in doses:
        progressions.setdefault(ex.name, progression_text(ex, top))
    return {"intensity_increase": weekly_increase(ctx), "exercise_progressions": progressions}


def progression_text(ex: Exercise, top: float) -> str:
    g = guidelines().progression
    if ex.modality is Modality.CARDIO:
        return (
            f"Add {g.aerobic_duration_step_minutes.text(' min')} every "
            f"{g.aerobic_step_every_weeks.text()} weeks for the first {g.aerobic_duration_phase_weeks.text()} "
            f"weeks, then raise the pace [{g.aerobic_duration_step_minutes.source}]."
        )
    if ex.modality in (Modality.FLEXIBILITY, Modality.MOBILITY, Modality.BALANCE) or ex.dose is not DoseUnit.REPS:
        return "Hold a little longer or move a little further each week while it stays comfortable."
    extra = g.two_for_two_extra_reps.value
    if ex.loadable:
        lower = any(
            m.value in ("quadriceps", "glutes", "hamstrings", "calves", "adductors", "abductors")
            for m in ex.primary_muscles
        )
        step = g.lower_increment_kg if lower else g.upper_increment_kg
        return (
            f"When your last set reaches {top + extra:g} reps in two sessions in a row, add "
            f"{step.text(' kg')} [{step.source}]."
        )
    return (
        f"When your last set reaches {top + extra:g} reps in two sessions in a row, move to a harder "
        f"variation [{g.two_for_two_extra_reps.source}]."
    )


def nutrition_block(profile: UserProfile, t: NutritionTargets) -> dict[str, Any]:
    m = t.macros
    return {
        "calorie_target": t.target.kcal,
        "macros": {"protein": m.protein_pct, "carbs": m.carbs_pct, "fat": m.fat_pct},
        "meal_timing": meal_timing(profile, t),
        "macros_g": {"protein": m.protein_g, "carbs": m.carbs_g, "fat": m.fat_g},
        "maintenance_kcal": t.target.maintenance_kcal,
        "resting_kcal": t.target.resting_kcal,
        "hydration": hydration(profile),
    }


def adaptive_recommendations(ctx: PlanContext, mains: list[Exercise], every: list[Exercise]) -> dict[str, Any]:
    """What to do when the week is too hard, too easy or too long: ``mains`` are its main lifts, in order."""
    g = guidelines().progression
    keep = list(dict.fromkeys(ex.name for ex in mains))[:4] or list(dict.fromkeys(ex.name for ex in every))[:3]
    easier = _easier_swap(ctx, mains)
    station = int(guidelines().resistance.prescriptions["endurance"].rest_seconds.max)
    return {
        "if_too_difficult": {
            "reduce_weight": f"Lower the load by {g.deload_load_reduction_pct.value:g}% and keep every set short "
            f"of failure [{g.deload_load_reduction_pct.source}].",
            "modify_exercises": easier,
            "reduce_volume": "Drop one set from each exercise (never below one) for a week.",
        },
        "if_too_easy": {
            "increase_weight": f"Add {g.upper_increment_kg.text(' kg')} on upper-body and "
            f"{g.lower_increment_kg.text(' kg')} on lower-body lifts once you beat the top of the "
            f"rep range by {g.two_for_two_extra_reps.value:g} reps two sessions running "
            f"[{g.two_for_two_extra_reps.source}].",
            "add_exercises": "Add one set to the main lifts, or the next accessory exercise, keeping within the "
            "session time.",
        },
        "if_time_constrained": {
            "shortened_version": {
                "exercises_to_keep": keep,
                "circuit_format": f"Do {', '.join(keep)} back to back with {station} s between exercises; "
                f"repeat {ctx.prescription.sets.text()} rounds after a "
                f"{guidelines().structure.warmup_minutes.min:g}-minute warm-up.",
            }
        },
    }


def _easier_swap(ctx: PlanContext, mains: list[Exercise]) -> str:
    for ex in mains:
        if ex.level is FitnessLevel.BEGINNER:
            continue
        options = [
            o
            for o in knowledge.exercises().values()
            if o.substitution_group == ex.substitution_group
            and LEVEL_RANK[o.level] < LEVEL_RANK[ex.level]
            and available(o, ctx.kit)
            and is_safe(o, ctx.avoid)
        ]
        if options:
            return f"Swap {ex.name} for {min(options, key=lambda o: o.id).name}, an easier variation."
    return "Use the listed substitutes for any exercise that feels too hard, or shorten the range of motion."


def plan_warnings(ctx: PlanContext, nutrition: NutritionTargets) -> list[str]:
    out: list[str] = []
    if ctx.screening.needs_clearance:
        out.append("Medical clearance recommended before starting: " + " ".join(r.text for r in ctx.screening.reasons))
    for text in ctx.unrecognised:
        out.append(
            f"We did not recognise '{text}'. The plan is conservative; please check it with a physio or "
            "doctor and tell us more."
        )
    asked = ctx.profile.preferences.days_per_week
    planned = expected_training_days(ctx.profile)
    if planned < asked:
        out.append(
            f"You asked for {asked} days; as a beginner you get {planned} sessions and "
            f"{7 - planned} full rest day, because recovery is when you adapt [ACSM-GETP]."
        )
    if ConditionId.TYPE2_DIABETES in ctx.conditions:
        out.append(
            "With diabetes, check your glucose before training and keep no more than "
            f"{guidelines().special.diabetes_max_consecutive_inactive_days.value:g} days in a row without "
            "activity [ACSM-GETP]."
        )
    if ConditionId.PREGNANCY in ctx.conditions:
        out.append(
            "Pregnancy: no lying flat on your back after the first trimester, no breath-holding, stop and "
            "call your midwife or doctor if you feel pain, bleeding, dizziness or contractions [ACOG-2020]."
        )
    if ctx.feedback.unknown_names:
        out.append("Feedback on exercises we do not know was not used: " + ", ".join(ctx.feedback.unknown_names))
    out += list(nutrition.notes)
    return out


def screening_summary(ctx: PlanContext) -> dict[str, Any]:
    """The screening outcome as the plan states it (from the profile alone, whoever wrote the plan)."""
    return {
        "clearance": ctx.screening.clearance,
        "max_intensity": ctx.cap.value,
        "reasons": [f"{r.text} [{r.source}]" for r in ctx.screening.reasons],
    }


def _rationale(ctx: PlanContext, days: list[tuple[str, DayPlan]], nutrition: NutritionTargets) -> Rationale:
    g = guidelines()
    rx = ctx.prescription
    strength_days = sum(d.kind.is_strength for _, d in days)
    aerobic = sum(int(it.dose.high) for _, d in days for it in d.items if it.role is Role.CARDIO)
    out: Rationale = [
        {
            "decision": f"{strength_days} strength sessions a week, each muscle group at least 48 h apart.",
            "sources": [g.resistance.hours_between_same_group.source, g.resistance.sessions_by_level[ctx.level].source],
        },
        {
            "decision": f"Resistance dose for {ctx.prescription_key.replace('_', ' ')}: "
            f"{rx.load_pct_1rm.text('% 1RM')}, "
            f"{rx.reps.text()} reps, {rx.sets.text()} sets, {rx.rest_seconds.text(' s')} rest.",
            "sources": [rx.load_pct_1rm.source],
        },
        {
            "decision": f"Warm-up and cool-down of {g.structure.warmup_minutes.text(' min')} each session.",
            "sources": [g.structure.warmup_minutes.source],
        },
        {
            "decision": f"Intensity capped at {ctx.cap.value} from screening and conditions.",
            "sources": list(ctx.screening.sources) or [g.screening.acsm_2015.source],
        },
        {
            "decision": f"About {aerobic} minutes of planned aerobic work a week (adults: "
            f"{g.activity.adult_moderate_minutes_week.text()} min moderate; walking on rest days adds to it).",
            "sources": [g.activity.adult_moderate_minutes_week.source],
        },
        {
            "decision": f"Calories {nutrition.target.kcal} kcal/day ({nutrition.target.goal} from "
            f"{nutrition.target.maintenance_kcal} maintenance); protein {nutrition.macros.protein_g:.0f} g.",
            "sources": list(nutrition.sources),
        },
    ]
    table = knowledge.conditions()
    for cid in sorted(ctx.conditions):
        out.append(
            {"decision": f"{table[cid].name}: avoided {table[cid].avoid_text.lower()}", "sources": [table[cid].source]}
        )
    if ctx.older:
        out.append(
            {
                "decision": "Balance work added for an older adult.",
                "sources": [g.activity.older_balance_days_week_min.source],
            }
        )
    if ctx.cap is Intensity.LIGHT:
        out.append({"decision": "Light intensity until medical clearance.", "sources": [g.screening.acsm_2015.source]})
    return out


# ---------------------------------------------------------------- regenerating one day

DayFeedback = Literal["too_difficult", "too_easy", "short_on_time"]
_EASIER = {FitnessLevel.ADVANCED: FitnessLevel.INTERMEDIATE, FitnessLevel.INTERMEDIATE: FitnessLevel.BEGINNER}


def _lift_sets(day: DayPlan) -> int:
    return sum(it.sets for it in day.items if it.role in (Role.MAIN, Role.ACCESSORY))


def regenerate_day(
    profile: UserProfile,
    plan: dict[str, Any],
    day_index: int,
    feedback: DayFeedback,
    *,
    minutes: int | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """The plan with one training day rebuilt after the person's feedback on it.

    Too difficult: one set less on every lift, and exercises one level easier. Too easy: the same
    exercises with one set more where the session time allows, else the same volume and a load
    increase. Short on time: the same exercises fitted to ``minutes`` (half the usual length when not
    given), which keeps the compound lifts and turns them into a circuit if needed.
    """
    schedule = plan["workout_plan"]["weekly_schedule"]
    if not 0 <= day_index < len(schedule):
        raise InvalidInput([FieldProblem("day_index", f"must be 0-{len(schedule) - 1} (got {day_index})")])
    day = schedule[day_index]
    kind = SessionKind(day["focus"])
    ctx = build_context(profile)
    variant = sum(1 for d in schedule[:day_index] if d["focus"] == day["focus"])
    current = frozenset(e["id"] for e in day["exercises"] if isinstance(e.get("id"), str))
    g = guidelines()
    if feedback == "too_difficult":
        # Harder variations drop out with the lower level; their slots fill with easier ones.
        ctx = replace(ctx, level=_EASIER.get(ctx.level, ctx.level))
        built = build_day(ctx, kind, variant, random.Random(seed), volume_shift=-1)
        cut = g.progression.deload_load_reduction_pct
        note = f"One set less per lift and easier variations; lower loads by {cut.value:g}% [{cut.source}]."
    else:
        # Keep the exercises the person knows: they score as favourites for this rebuild.
        ctx = replace(ctx, feedback=replace(ctx.feedback, enjoyed=ctx.feedback.enjoyed | current))
        if feedback == "too_easy":
            built = build_day(ctx, kind, variant, random.Random(seed), volume_shift=1)
            baseline = build_day(ctx, kind, variant, random.Random(seed))
            if _lift_sets(built) <= _lift_sets(baseline):
                built = baseline  # no time for more sets: progress the load instead
            step = g.progression
            note = (
                f"More sets where time allows; add {step.upper_increment_kg.text(' kg')} (upper body) or "
                f"{step.lower_increment_kg.text(' kg')} (lower body) next session [{step.upper_increment_kg.source}]."
            )
        else:
            floor = int(g.structure.warmup_minutes.min + g.structure.cooldown_minutes.min) + 5
            length = min(
                max(minutes or profile.preferences.workout_duration // 2, floor), profile.preferences.workout_duration
            )
            built = build_day(ctx, kind, variant, random.Random(seed), minutes=length)
            note = f"Shortened to {length} minutes: compound lifts kept, isolation work dropped."
    candidates = person_pool(ctx)
    substitutes = {it.exercise.id: substitutes_for(it.exercise, candidates) for it in built.items}
    new_day = day_json(day["day"], built, ctx, substitutes)
    new_day["adapted_for"] = feedback
    new_day["adaptation_note"] = note
    updated = copy.deepcopy(plan)
    updated["workout_plan"]["weekly_schedule"][day_index] = new_day
    return updated

"""Building one training day: choosing exercises, dosing them and fitting them into the time given.

A day is assembled from slots (selection.py), dosed from the guideline tables, then fitted to the
person's session length with the same time estimate the verifier uses (programming.py): isolation
work goes first, then sets come down, and when even the main lifts do not fit, they become a circuit.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import Any

from fitcoach.domain import heart, knowledge
from fitcoach.domain.context import PlanContext
from fitcoach.domain.gamify import exercise_rewards
from fitcoach.domain.knowledge.guidelines import Prescription, Span, guidelines
from fitcoach.domain.knowledge.records import Exercise
from fitcoach.domain.programming import Dose, exercise_seconds, whole_minutes
from fitcoach.domain.schedule import SessionKind
from fitcoach.domain.selection import (
    CORE_PATTERNS,
    Pool,
    Preferences,
    Role,
    Slot,
    allowed_groups,
    fill_slot,
    pick_by_modality,
    pool,
    slots_for,
)
from fitcoach.domain.vocab import (
    INTENSITY_ORDER,
    ConditionId,
    DoseUnit,
    Equipment,
    FitnessLevel,
    Goal,
    Intensity,
    Modality,
    Muscle,
    Pattern,
    StressTag,
    intensities_up_to,
)


@dataclass(frozen=True)
class Item:
    """One exercise in a day with its dose, before it is written out as plan JSON."""

    exercise: Exercise
    role: Role
    sets: int
    min_sets: int
    dose: Dose
    reps_text: str
    rest_seconds: int
    intensity: str
    note: str = ""
    min_rest_seconds: int = 0  # the shortest rest the prescription allows, used when time is short

    def seconds(self, circuit: bool = False) -> float:
        if circuit:
            return exercise_seconds(self.sets, self.dose, self.rest_seconds, circuit=True)
        return self.straight_seconds

    @cached_property
    def straight_seconds(self) -> float:
        return exercise_seconds(self.sets, self.dose, self.rest_seconds)


@dataclass
class DayPlan:
    kind: SessionKind
    items: list[Item]
    warm_up: list[dict[str, Any]]
    cool_down: list[dict[str, Any]]
    intensity_level: Intensity
    circuit: bool = False


# The effort cues of work that is not loaded: core, stretching, balance.
CORE_EFFORT = "controlled, breathe throughout"
STRETCH_EFFORT = "gentle stretch, mild tension and no pain"
BALANCE_EFFORT = "steady and controlled; hold a support if needed"


def _round_to(value: float, step: int) -> int:
    return int(step * round(value / step))


def _sets(span: Span, level: FitnessLevel, struggling: bool) -> int:
    if struggling or level is FitnessLevel.BEGINNER:
        return max(1, int(span.min))
    if level is FitnessLevel.INTERMEDIATE:
        return math.floor(span.mid)
    return math.ceil(span.mid)


def _load_text(rx: Prescription, ctx: PlanContext) -> str:
    load = rx.load_pct_1rm
    if rx.intensity is Intensity.LIGHT:
        return f"light: about {load.text('% 1RM')}, stop well short of failure"
    by_level = guidelines().resistance.rpe_by_level
    rpe = by_level[ctx.level]
    top = min(rpe.max, ctx.rpe_max)
    if rx.intensity is not Intensity.VIGOROUS:
        top = min(top, by_level[FitnessLevel.BEGINNER].max)  # moderate work stays 2+ reps short of failure
    low = min(rpe.min, top)
    return f"RPE {low:g}-{top:g} (about {load.text('% 1RM')})"


def strength_item(ex: Exercise, role: Role, rx: Prescription, ctx: PlanContext) -> Item:
    g = guidelines().resistance
    if role is Role.CORE or ex.pattern in CORE_PATTERNS or ex.pattern is Pattern.PELVIC_FLOOR:
        span = g.core_hold_seconds if ex.dose is not DoseUnit.REPS else g.core_reps
        sets = max(1, int(rx.sets.min))
        kind = "seconds" if ex.dose is not DoseUnit.REPS else "reps"
        return _item(ex, role, sets, sets, span, kind, int(rx.rest_seconds.min), CORE_EFFORT)
    sets = _sets(rx.sets, ctx.level, ctx.feedback.struggling)
    rest = rx.rest_seconds.mid if role in (Role.MAIN, Role.POWER) else rx.rest_seconds.min
    reps, kind = (rx.reps, "reps") if ex.dose is DoseUnit.REPS else (g.core_hold_seconds, "seconds")
    item = _item(ex, role, sets, max(1, int(rx.sets.min)), reps, kind, _round_to(rest, 15), _load_text(rx, ctx))
    return replace(item, min_rest_seconds=int(rx.rest_seconds.min))


def _item(ex: Exercise, role: Role, sets: int, min_sets: int, span: Span, kind: str, rest: int, intensity: str) -> Item:
    side = " each side" if ex.unilateral else ""
    unit = {"reps": "", "seconds": " s", "minutes": " min"}[kind]
    text = f"{span.text()}{unit}{side}"
    dose = Dose(
        "reps" if kind == "reps" else "seconds" if kind == "seconds" else "minutes", span.min, span.max, ex.unilateral
    )
    return Item(ex, role, max(sets, 1), max(min(min_sets, sets), 1), dose, text, rest, intensity)


def cardio_intensity(ctx: PlanContext, level: Intensity) -> str:
    g = guidelines()
    zone = next(
        z for z in heart.zones(ctx.profile.personal_info.age, ctx.profile.health.resting_hr) if z.intensity is level
    )
    rpe = {
        Intensity.LIGHT: g.activity.light_rpe,
        Intensity.MODERATE: g.activity.moderate_rpe,
        Intensity.VIGOROUS: g.activity.vigorous_rpe,
    }[level]
    return (
        f"{level.value}: {zone.hrr_low * 100:.0f}-{zone.hrr_high * 100:.0f}% of heart-rate reserve, about "
        f"{zone.low_bpm}-{zone.high_bpm} bpm (RPE {rpe.text()} of 20)"
    )


def intensity_texts(ctx: PlanContext) -> list[str]:
    """Every exercise intensity text the engine can write for this person, up to their intensity cap."""
    allowed = intensities_up_to(ctx.cap)
    loads = [_load_text(rx, ctx) for rx in guidelines().resistance.prescriptions.values() if rx.intensity in allowed]
    cardio = [cardio_intensity(ctx, level) for level in allowed]
    return list(dict.fromkeys([*loads, *cardio, CORE_EFFORT, STRETCH_EFFORT, BALANCE_EFFORT]))


def cardio_item(ex: Exercise, minutes: int, ctx: PlanContext, level: Intensity) -> Item:
    dose = Dose("minutes", minutes, minutes)
    return Item(ex, Role.CARDIO, 1, 1, dose, f"{minutes} min", 0, cardio_intensity(ctx, level))


def hold_item(ex: Exercise, role: Role, ctx: PlanContext) -> Item:
    g = guidelines()
    if role is Role.FLEXIBILITY:
        hold = g.flexibility.hold_seconds_older.min if ctx.older else g.flexibility.hold_seconds.max
        sets = int(g.flexibility.repetitions.min)
        span = Span(min=hold, max=hold, source=g.flexibility.hold_seconds.source)
        return _item(ex, role, sets, sets, span, "seconds", 0, STRETCH_EFFORT)
    span = g.neuromotor.hold_seconds
    sets = int(g.flexibility.repetitions.min)
    kind = "seconds" if ex.dose is not DoseUnit.REPS else "reps"
    if kind == "reps":
        span = g.resistance.core_reps
    return _item(ex, role, sets, 1, span, kind, 0, BALANCE_EFFORT)


# ---------------------------------------------------------------- warm-up and cool-down


WARM_UP_EXCLUDED = frozenset({StressTag.RUNNING, StressTag.JUMPING, StressTag.CUTTING, StressTag.MAX_EFFORT})
WARM_UP_GROUPS = frozenset({"cardio_low_impact", "cardio_seated"})


def _warm_cool(
    ctx: PlanContext,
    candidates: Pool,
    prefs: Preferences,
    rng: random.Random,
    minutes: int,
    trained: set[str],
    kind: str,
) -> list[dict[str, Any]]:
    if kind == "warm_up":
        # Easy, low-impact cardio and dynamic drills: no sprints, jumps or foam rolling before lifting.
        gentle = [
            e
            for e in pick_by_modality(Modality.CARDIO, candidates, (), prefs, rng, count=40)
            if not set(e.stress_tags) & WARM_UP_EXCLUDED and e.level is FitnessLevel.BEGINNER
        ]
        cardio = ([e for e in gentle if e.substitution_group in WARM_UP_GROUPS] or gentle)[:1]
        mobility = [
            e
            for e in pick_by_modality(Modality.MOBILITY, candidates, (), prefs, rng, count=8)
            if Equipment.FOAM_ROLLER not in e.equipment
        ][:1]
        items = []
        dynamic = 2 if mobility and minutes > 2 else 0
        if cardio:
            items.append({"name": activity_name(cardio[0], kind), "minutes": minutes - dynamic, "id": cardio[0].id})
        if dynamic:
            items.append({"name": activity_name(mobility[0], kind), "minutes": dynamic, "id": mobility[0].id})
        if not items:
            items.append({"name": "March in place, easy pace", "minutes": minutes})
        return items
    stretches = [
        e
        for e in pick_by_modality(Modality.FLEXIBILITY, candidates, (), prefs, rng, count=12)
        if trained & {m.value for m in e.primary_muscles}
    ] or pick_by_modality(Modality.FLEXIBILITY, candidates, (), prefs, rng, count=2)
    stretches = stretches[:2]
    easy = minutes - 2 * len(stretches)
    items = [{"name": "Easy walk, slowing down", "minutes": easy}] if easy > 0 else []
    items += [{"name": activity_name(s, kind), "minutes": 2, "id": s.id} for s in stretches]
    return items


def activity_name(ex: Exercise, block: str) -> str:
    """How a warm-up (``warm_up``) or cool-down item is named: the exercise and the way to do it."""
    if block == "warm_up":
        return f"{ex.name}, easy pace" if ex.modality is Modality.CARDIO else f"{ex.name} (dynamic)"
    return f"{ex.name} (static stretch)"


# ---------------------------------------------------------------- the day


def _block_minutes(total: int) -> int:
    span = guidelines().structure.warmup_minutes
    return int(span.max if total >= 45 else span.min)


def build_day(
    ctx: PlanContext,
    kind: SessionKind,
    variant: int,
    rng: random.Random,
    excluded: frozenset[str] = frozenset(),
    minutes: int | None = None,
    volume_shift: int = 0,
) -> DayPlan:
    """One session of ``kind`` that fits in ``minutes`` (the person's session length by default)."""
    total = minutes if minutes is not None else ctx.profile.preferences.workout_duration
    setting = ctx.profile.preferences.equipment_access
    candidates = pool(setting, ctx.avoid, ctx.level, excluded | ctx.feedback.disliked | ctx.feedback.too_hard)
    prefs = _preferences(ctx)
    warm = cool = _block_minutes(total)
    budget = (total - warm - cool) * 60
    items = _session_items(ctx, kind, variant, candidates, prefs, rng, budget, volume_shift)
    items, circuit = fit(items, budget, ctx)
    trained = {m.value for it in items for m in it.exercise.primary_muscles}
    return DayPlan(
        kind=kind,
        items=items,
        warm_up=_warm_cool(ctx, candidates, prefs, rng, warm, trained, "warm_up"),
        cool_down=_warm_cool(ctx, candidates, prefs, rng, cool, trained, "cool_down"),
        intensity_level=_day_intensity(ctx, kind),
        circuit=circuit,
    )


def _preferences(ctx: PlanContext) -> Preferences:
    heavy = (
        ctx.level is not FitnessLevel.BEGINNER
        and ctx.wants(Goal.STRENGTH_INCREASE, Goal.POWER)
        and (ctx.prescription.intensity is Intensity.VIGOROUS)
    )
    return Preferences(
        level=ctx.level,
        setting=ctx.profile.preferences.equipment_access,
        conditions=ctx.conditions,
        enjoyed=ctx.feedback.enjoyed,
        prefer_machines=ctx.level is FitnessLevel.BEGINNER or ctx.older or ctx.conservative,
        heavy_barbell=heavy,
    )


def _day_intensity(ctx: PlanContext, kind: SessionKind) -> Intensity:
    if kind in (SessionKind.ACTIVE_RECOVERY, SessionKind.MOBILITY):
        return Intensity.LIGHT
    if kind is SessionKind.CONDITIONING:
        return _conditioning_intensity(ctx)
    return ctx.prescription.intensity


def _conditioning_intensity(ctx: PlanContext) -> Intensity:
    wanted = (
        Intensity.VIGOROUS
        if (ctx.level is not FitnessLevel.BEGINNER and ctx.wants(Goal.ENDURANCE_IMPROVEMENT, Goal.WEIGHT_LOSS))
        else Intensity.MODERATE
    )
    return wanted if INTENSITY_ORDER[wanted] <= INTENSITY_ORDER[ctx.cap] else ctx.cap


def _session_items(
    ctx: PlanContext,
    kind: SessionKind,
    variant: int,
    candidates: Pool,
    prefs: Preferences,
    rng: random.Random,
    budget: float,
    volume_shift: int,
) -> list[Item]:
    used: list[str] = []
    items: list[Item] = []

    def add(item: Item | None) -> None:
        if item is not None:
            items.append(item)
            used.append(item.exercise.id)

    if kind.is_strength:
        rx = ctx.prescription
        accessory_rx = _accessory_prescription(ctx)
        if _wants_power(ctx):
            power = fill_slot(
                Slot(Role.POWER, (Pattern.JUMP, Pattern.THROW, Pattern.HINGE, Pattern.VERTICAL_PUSH)),
                candidates,
                allowed_groups(kind),
                used,
                prefs,
                rng,
                frozenset({Modality.PLYOMETRIC, Modality.STRENGTH}),
            )
            if power is not None:
                add(strength_item(power, Role.POWER, guidelines().resistance.prescriptions["power"], ctx))
        for slot in slots_for(kind, variant):
            ex = fill_slot(slot, candidates, allowed_groups(kind), used, prefs, rng)
            if ex is not None:
                dose = rx if slot.role is Role.MAIN else accessory_rx
                light = guidelines().resistance.prescriptions["endurance"]
                if (
                    Muscle.ROTATOR_CUFF in ex.primary_muscles
                    and INTENSITY_ORDER[light.intensity] <= INTENSITY_ORDER[dose.intensity]
                ):
                    dose = light  # small stabilisers: lighter loads, more reps
                add(strength_item(ex, slot.role, dose, ctx))
        if ctx.wants(Goal.WEIGHT_LOSS, Goal.ENDURANCE_IMPROVEMENT) or ctx.likes("cardio"):
            cardio = pick_by_modality(Modality.CARDIO, candidates, used, prefs, rng)
            if cardio:
                finisher = int(guidelines().progression.aerobic_duration_step_minutes.max)
                add(cardio_item(cardio[0], finisher, ctx, _conditioning_intensity(ctx)))
    elif kind is SessionKind.CONDITIONING:
        for ex in pick_by_modality(Modality.CARDIO, candidates, used, prefs, rng):
            minutes = max(int(budget // 60) - 6, 5)
            add(cardio_item(ex, minutes, ctx, _conditioning_intensity(ctx)))
        core = fill_slot(Slot(Role.CORE, CORE_PATTERNS), candidates, frozenset(), used, prefs, rng)
        if core is not None:
            add(strength_item(core, Role.CORE, ctx.prescription, ctx))
    else:
        if kind is SessionKind.ACTIVE_RECOVERY:
            for ex in pick_by_modality(Modality.CARDIO, candidates, used, prefs, rng):
                add(cardio_item(ex, max(int(budget // 120), 5), ctx, Intensity.LIGHT))
        for ex in pick_by_modality(Modality.MOBILITY, candidates, used, prefs, rng, count=2):
            add(hold_item(ex, Role.MOBILITY, ctx))
        for ex in pick_by_modality(Modality.FLEXIBILITY, candidates, used, prefs, rng, count=4):
            add(hold_item(ex, Role.FLEXIBILITY, ctx))
    if ctx.older or kind in (SessionKind.ACTIVE_RECOVERY, SessionKind.MOBILITY):
        for ex in pick_by_modality(Modality.BALANCE, candidates, used, prefs, rng):
            add(hold_item(ex, Role.BALANCE, ctx))
    if ConditionId.PREGNANCY in ctx.conditions:
        pelvic = fill_slot(Slot(Role.PELVIC_FLOOR, (Pattern.PELVIC_FLOOR,)), candidates, frozenset(), used, prefs, rng)
        if pelvic is not None:
            add(strength_item(pelvic, Role.PELVIC_FLOOR, ctx.prescription, ctx))
    if volume_shift:
        # One set already helps (ACSM-GETP); never more than the prescription's top.
        most = int(ctx.prescription.sets.max)
        shifted = []
        for it in items:
            if it.role in (Role.MAIN, Role.ACCESSORY):
                sets = min(max(it.sets + volume_shift, 1), max(most, it.sets))
                it = replace(it, sets=sets, min_sets=min(it.min_sets, sets))
            shifted.append(it)
        items = shifted
    return items


def _wants_power(ctx: PlanContext) -> bool:
    return (
        ctx.wants(Goal.POWER)
        and ctx.level is not FitnessLevel.BEGINNER
        and not ctx.minor
        and ctx.cap is Intensity.VIGOROUS
    )


def _accessory_prescription(ctx: PlanContext) -> Prescription:
    rx = guidelines().resistance.prescriptions
    if ctx.prescription_key in ("strength", "power", "power_single"):
        return rx["hypertrophy"]
    return ctx.prescription


# ---------------------------------------------------------------- fitting the time


def fit(items: list[Item], budget_seconds: float, ctx: PlanContext) -> tuple[list[Item], bool]:
    """Trim a session to the time budget, least important work first.

    Accessory sets come down, then accessories go, then a cardio finisher shrinks and goes, then
    main-lift sets come down to their minimum; if the main lifts still do not fit, they become a
    circuit. Each step is applied one unit at a time so no more is cut than needed.
    """
    items = list(items)
    steps: tuple[Callable[[], bool], ...] = (
        lambda: _reduce_sets(items, (Role.ACCESSORY,)),
        lambda: _drop_last(items, (Role.ACCESSORY, Role.FLEXIBILITY, Role.MOBILITY)),
        lambda: _shrink_cardio(items),
        lambda: _drop_last(items, (Role.POWER,)),
        lambda: _reduce_sets(items, (Role.MAIN, Role.POWER, Role.CORE)),
        lambda: _shorten_rest(items),
        lambda: _drop_extra_core(items),
    )
    for step in steps:
        while _total(items) > budget_seconds and step():
            pass
    if _total(items) <= budget_seconds:
        return items, False
    return _circuit(items, budget_seconds, ctx)


def _total(items: list[Item], circuit: bool = False) -> float:
    return sum(x.seconds(circuit) for x in items)


def _reduce_sets(items: list[Item], roles: tuple[Role, ...]) -> bool:
    """Take one set off the item (of these roles) furthest above its minimum; False when none can give."""
    candidates = [i for i, x in enumerate(items) if x.role in roles and x.sets > x.min_sets]
    if not candidates:
        return False
    i = max(candidates, key=lambda j: (items[j].sets - items[j].min_sets, j))
    items[i] = replace(items[i], sets=items[i].sets - 1)
    return True


def _drop_last(items: list[Item], roles: tuple[Role, ...]) -> bool:
    for i in range(len(items) - 1, -1, -1):
        if items[i].role in roles:
            items.pop(i)
            return True
    return False


def _shrink_cardio(items: list[Item]) -> bool:
    """Five minutes off a cardio finisher in a mixed session, then drop it."""
    if all(x.role is Role.CARDIO for x in items):
        return False
    step = int(guidelines().progression.aerobic_duration_step_minutes.min)
    for i in range(len(items) - 1, -1, -1):
        item = items[i]
        if item.role is Role.CARDIO:
            left = int(item.dose.high) - step
            if left >= step:
                items[i] = replace(item, dose=Dose("minutes", left, left), reps_text=f"{left} min")
            else:
                items.pop(i)
            return True
    return False


def _shorten_rest(items: list[Item]) -> bool:
    """Bring the longest rest down to the shortest the prescription allows."""
    candidates = [i for i, x in enumerate(items) if x.rest_seconds > x.min_rest_seconds]
    if not candidates:
        return False
    i = max(candidates, key=lambda j: items[j].rest_seconds - items[j].min_rest_seconds)
    items[i] = replace(items[i], rest_seconds=items[i].min_rest_seconds)
    return True


def _drop_extra_core(items: list[Item]) -> bool:
    """Drop trunk and balance work beyond the first item of each, from the end."""
    seen: set[Role] = set()
    for i, item in enumerate(items):
        if item.role in (Role.CORE, Role.BALANCE):
            if item.role in seen:
                items.pop(i)
                return True
            seen.add(item.role)
    return False


def _circuit(items: list[Item], budget_seconds: float, ctx: PlanContext) -> tuple[list[Item], bool]:
    """Main lifts back to back with a short change-over, as many rounds as fit (at least one)."""
    station_rest = int(guidelines().resistance.prescriptions["endurance"].rest_seconds.max)
    mains = [x for x in items if x.role in (Role.MAIN, Role.CORE, Role.CARDIO)]
    while mains:
        for rounds in range(max(x.sets for x in mains), 0, -1):
            circuit = [replace(x, sets=min(rounds, x.sets), min_sets=1, rest_seconds=station_rest) for x in mains]
            if sum(x.seconds(True) for x in circuit) <= budget_seconds:
                return circuit, True
        mains = mains[:-1]
    return [], True


# ---------------------------------------------------------------- writing the day out


def day_json(day_name: str, plan: DayPlan, ctx: PlanContext, substitutes: dict[str, list[str]]) -> dict[str, Any]:
    circuit = plan.circuit
    exercises = []
    for it in plan.items:
        ex = it.exercise
        units = it.dose.top_units
        note = exercise_notes(ex, ctx, it.note)
        entry: dict[str, Any] = {
            "name": ex.name,
            "id": ex.id,
            "sets": it.sets,
            "reps": it.reps_text,
            "intensity": it.intensity,
            "rest": f"{it.rest_seconds} s" if not circuit else f"{it.rest_seconds} s, then the next exercise",
            "rest_seconds": it.rest_seconds,
            "notes": note,
            "muscles": [m.value for m in ex.primary_muscles],
            "substitutes": substitutes.get(ex.id, []),
            "gamified_stats": exercise_rewards_for(ex.id, it.sets, units),
        }
        if it.dose.kind != "reps":
            entry["duration_seconds"] = units
        exercises.append(entry)
    warm = sum(x["minutes"] for x in plan.warm_up)
    cool = sum(x["minutes"] for x in plan.cool_down)
    work = sum(it.seconds(circuit) for it in plan.items)
    return {
        "day": day_name,
        "focus": plan.kind.value,
        "duration": whole_minutes(work + (warm + cool) * 60),
        "intensity_level": plan.intensity_level.value,
        "format": "circuit" if circuit else "straight_sets",
        "warm_up": plan.warm_up,
        "exercises": exercises,
        "cool_down": plan.cool_down,
    }


def exercise_notes(ex: Exercise, ctx: PlanContext, extra: str = "") -> str:
    """An exercise's notes: its first two coaching cues, and which of the person's conditions it suits."""
    note = f"{' '.join(ex.cues[:2])} {extra}".strip()
    suited = ctx.conditions & set(ex.friendly_for)
    if suited:
        note += " Chosen to suit your " + ", ".join(sorted(c.value.replace("_", " ") for c in suited)) + "."
    return note


def exercise_rewards_for(exercise_id: str, sets: int, units: int) -> dict[str, int]:
    """What completing an exercise earns (a fresh dict: callers may edit the plan)."""
    return dict(_rewards(exercise_id, sets, units))


@lru_cache(maxsize=16384)
def _rewards(exercise_id: str, sets: int, units: int) -> dict[str, int]:
    return exercise_rewards(knowledge.exercises()[exercise_id], sets, units)


__all__ = ["DayPlan", "Item", "activity_name", "build_day", "day_json", "exercise_notes", "exercise_rewards_for"]

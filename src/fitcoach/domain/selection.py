"""Choosing exercises for a session: candidate pools and slot filling.

A session is a list of slots (a movement pattern family and a role). Each slot is filled from the
catalogue with the best exercise the person can do safely: available with their equipment, free of
every stress tag their conditions avoid, at or below their level, not disliked or rated too hard,
training only the recovery groups the session is allowed to load.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from fitcoach.domain import knowledge
from fitcoach.domain.catalogue import available, is_safe
from fitcoach.domain.knowledge.records import Exercise
from fitcoach.domain.schedule import HARD_GROUPS, SessionKind
from fitcoach.domain.vocab import (
    RECOVERY_GROUP,
    ConditionId,
    Equipment,
    EquipmentAccess,
    FitnessLevel,
    Mechanic,
    Modality,
    Pattern,
    RecoveryGroup,
    StressTag,
)

if TYPE_CHECKING:
    from fitcoach.domain.context import PlanContext

P = Pattern
LEVEL_RANK = {FitnessLevel.BEGINNER: 0, FitnessLevel.INTERMEDIATE: 1, FitnessLevel.ADVANCED: 2}
CORE_PATTERNS = (P.ANTI_EXTENSION, P.ANTI_ROTATION, P.TRUNK_FLEXION, P.TRUNK_ROTATION, P.CARRY)
STRENGTH_MODALITIES = frozenset({Modality.STRENGTH})


class Role(StrEnum):
    MAIN = "main"  # compound lifts: kept when time is short
    ACCESSORY = "accessory"  # isolation work: dropped first
    CORE = "core"
    POWER = "power"
    CARDIO = "cardio"
    BALANCE = "balance"
    FLEXIBILITY = "flexibility"
    MOBILITY = "mobility"
    PELVIC_FLOOR = "pelvic_floor"


@dataclass(frozen=True)
class Slot:
    role: Role
    patterns: tuple[Pattern, ...]
    # Tried in order when no safe exercise fits ``patterns`` (a knee-friendly hip thrust for a squat).
    fallback: tuple[Pattern, ...] = ()


def _main(*patterns: Pattern, fallback: tuple[Pattern, ...] = ()) -> Slot:
    return Slot(Role.MAIN, patterns, fallback)


def _acc(*patterns: Pattern) -> Slot:
    return Slot(Role.ACCESSORY, patterns)


CORE = Slot(Role.CORE, CORE_PATTERNS)
POWER_GROUP = "olympic"
KNEE_FALLBACK = (P.HIP_EXTENSION, P.KNEE_FLEXION, P.HINGE)
PUSH_FALLBACK = (P.HORIZONTAL_PUSH, P.CHEST_ISOLATION)
PULL_FALLBACK = (P.HORIZONTAL_PULL, P.VERTICAL_PULL, P.SHOULDER_ISOLATION)

# Two variants per strength kind (A/B weeks of classic programmes): sessions of the same kind
# alternate, and sessions of the same kind and variant repeat the same lifts so loads can progress.
STRENGTH_SLOTS: dict[SessionKind, tuple[tuple[Slot, ...], tuple[Slot, ...]]] = {
    SessionKind.FULL_BODY: (
        (
            _main(P.SQUAT, fallback=KNEE_FALLBACK),
            _main(P.HORIZONTAL_PUSH, fallback=PUSH_FALLBACK),
            _main(P.HORIZONTAL_PULL, P.VERTICAL_PULL, fallback=PULL_FALLBACK),
            _main(P.HINGE, P.HIP_EXTENSION),
            CORE,
            _acc(P.ELBOW_FLEXION, P.ELBOW_EXTENSION),
            _acc(P.CALF_RAISE, P.KNEE_FLEXION, P.HIP_ABDUCTION),
        ),
        (
            _main(P.HINGE, P.HIP_EXTENSION),
            _main(P.VERTICAL_PULL, P.HORIZONTAL_PULL, fallback=PULL_FALLBACK),
            _main(P.LUNGE, P.SQUAT, fallback=KNEE_FALLBACK),
            _main(P.VERTICAL_PUSH, P.HORIZONTAL_PUSH, fallback=PUSH_FALLBACK),
            CORE,
            _acc(P.SHOULDER_ISOLATION, P.ELBOW_EXTENSION),
            _acc(P.KNEE_FLEXION, P.HIP_ABDUCTION, P.CALF_RAISE),
        ),
    ),
    SessionKind.UPPER: (
        (
            _main(P.HORIZONTAL_PUSH, fallback=PUSH_FALLBACK),
            _main(P.HORIZONTAL_PULL, fallback=PULL_FALLBACK),
            _main(P.VERTICAL_PUSH, fallback=PUSH_FALLBACK),
            _main(P.VERTICAL_PULL, fallback=PULL_FALLBACK),
            _acc(P.ELBOW_FLEXION),
            _acc(P.ELBOW_EXTENSION),
            _acc(P.SHOULDER_ISOLATION),
            CORE,
        ),
        (
            _main(P.VERTICAL_PUSH, P.HORIZONTAL_PUSH, fallback=PUSH_FALLBACK),
            _main(P.VERTICAL_PULL, fallback=PULL_FALLBACK),
            _main(P.HORIZONTAL_PUSH, fallback=PUSH_FALLBACK),
            _main(P.HORIZONTAL_PULL, fallback=PULL_FALLBACK),
            _acc(P.SHOULDER_ISOLATION),
            _acc(P.ELBOW_EXTENSION),
            _acc(P.ELBOW_FLEXION),
            CORE,
        ),
    ),
    SessionKind.LOWER: (
        (
            _main(P.SQUAT, fallback=KNEE_FALLBACK),
            _main(P.HINGE, P.HIP_EXTENSION),
            _main(P.LUNGE, fallback=KNEE_FALLBACK),
            _acc(P.KNEE_FLEXION),
            _acc(P.CALF_RAISE),
            CORE,
        ),
        (
            _main(P.HINGE, P.HIP_EXTENSION),
            _main(P.SQUAT, P.LUNGE, fallback=KNEE_FALLBACK),
            _main(P.HIP_EXTENSION, P.HINGE),
            _acc(P.KNEE_EXTENSION, P.KNEE_FLEXION),
            _acc(P.HIP_ABDUCTION, P.CALF_RAISE),
            CORE,
        ),
    ),
    SessionKind.PUSH: (
        (
            _main(P.HORIZONTAL_PUSH, fallback=PUSH_FALLBACK),
            _main(P.VERTICAL_PUSH, fallback=PUSH_FALLBACK),
            _main(P.HORIZONTAL_PUSH, fallback=PUSH_FALLBACK),
            _acc(P.CHEST_ISOLATION),
            _acc(P.SHOULDER_ISOLATION),
            _acc(P.ELBOW_EXTENSION),
            CORE,
        ),
        (
            _main(P.VERTICAL_PUSH, P.HORIZONTAL_PUSH, fallback=PUSH_FALLBACK),
            _main(P.HORIZONTAL_PUSH, fallback=PUSH_FALLBACK),
            _acc(P.CHEST_ISOLATION),
            _acc(P.SHOULDER_ISOLATION),
            _acc(P.ELBOW_EXTENSION),
            CORE,
        ),
    ),
    SessionKind.PULL: (
        (
            _main(P.VERTICAL_PULL, fallback=PULL_FALLBACK),
            _main(P.HORIZONTAL_PULL, fallback=PULL_FALLBACK),
            _main(P.HORIZONTAL_PULL, P.VERTICAL_PULL, fallback=PULL_FALLBACK),
            _acc(P.SHOULDER_ISOLATION),
            _acc(P.ELBOW_FLEXION),
            CORE,
        ),
        (
            _main(P.HORIZONTAL_PULL, fallback=PULL_FALLBACK),
            _main(P.VERTICAL_PULL, fallback=PULL_FALLBACK),
            _acc(P.SHOULDER_ISOLATION),
            _acc(P.ELBOW_FLEXION),
            _acc(P.ELBOW_FLEXION),
            CORE,
        ),
    ),
    SessionKind.LEGS: (
        (
            _main(P.SQUAT, fallback=KNEE_FALLBACK),
            _main(P.HINGE, P.HIP_EXTENSION),
            _main(P.LUNGE, fallback=KNEE_FALLBACK),
            _acc(P.KNEE_FLEXION),
            _acc(P.KNEE_EXTENSION, P.HIP_ABDUCTION),
            _acc(P.CALF_RAISE),
            CORE,
        ),
        (
            _main(P.HINGE, P.HIP_EXTENSION),
            _main(P.SQUAT, P.LUNGE, fallback=KNEE_FALLBACK),
            _main(P.HIP_EXTENSION, P.HINGE),
            _acc(P.KNEE_FLEXION),
            _acc(P.HIP_ADDUCTION, P.HIP_ABDUCTION),
            _acc(P.CALF_RAISE),
            CORE,
        ),
    ),
}


@dataclass(frozen=True)
class Pool:
    """Everything a person may do, indexed for fast slot filling."""

    by_pattern: Mapping[Pattern, tuple[Exercise, ...]]
    by_modality: Mapping[Modality, tuple[Exercise, ...]]
    by_group: Mapping[str, tuple[Exercise, ...]]  # substitution groups, for one-click substitutes


@cache
def _available_in(setting: EquipmentAccess) -> tuple[Exercise, ...]:
    kit = knowledge.equipment_in(setting)
    return tuple(e for e in knowledge.exercises().values() if available(e, kit))


def person_pool(ctx: PlanContext) -> Pool:
    """What this person can be given: their kit, safe for their conditions, their level, nothing they refused."""
    return pool(
        ctx.profile.preferences.equipment_access, ctx.avoid, ctx.level, ctx.feedback.disliked | ctx.feedback.too_hard
    )


@lru_cache(maxsize=1024)
def pool(
    setting: EquipmentAccess, avoid: frozenset[StressTag], max_level: FitnessLevel, excluded: frozenset[str]
) -> Pool:
    rank = LEVEL_RANK[max_level]
    allowed = [
        e for e in _available_in(setting) if is_safe(e, avoid) and LEVEL_RANK[e.level] <= rank and e.id not in excluded
    ]
    by_pattern: dict[Pattern, list[Exercise]] = {}
    by_modality: dict[Modality, list[Exercise]] = {}
    by_group: dict[str, list[Exercise]] = {}
    for e in allowed:
        by_pattern.setdefault(e.pattern, []).append(e)
        by_modality.setdefault(e.modality, []).append(e)
        by_group.setdefault(e.substitution_group, []).append(e)
    return Pool(
        {k: tuple(v) for k, v in by_pattern.items()},
        {k: tuple(v) for k, v in by_modality.items()},
        {k: tuple(v) for k, v in by_group.items()},
    )


def hard_groups(exercise: Exercise) -> frozenset[RecoveryGroup]:
    """Recovery groups an exercise loads hard: those of its primary muscles (core and heart excluded)."""
    return _hard_groups(exercise.id)


@cache
def _hard_groups(exercise_id: str) -> frozenset[RecoveryGroup]:
    exercise = knowledge.exercises()[exercise_id]
    if exercise.modality not in (Modality.STRENGTH, Modality.PLYOMETRIC):
        return frozenset()
    return frozenset(RECOVERY_GROUP[m] for m in exercise.primary_muscles if m in RECOVERY_GROUP)


@dataclass(frozen=True)
class Preferences:
    """What makes one safe candidate better than another for this person."""

    level: FitnessLevel
    setting: EquipmentAccess
    conditions: frozenset[ConditionId]
    enjoyed: frozenset[str]
    prefer_machines: bool  # beginners, older adults and conservative plans: stable, guided movements
    heavy_barbell: bool  # strength and power goals at intermediate level and above


_FREE_WEIGHTS = frozenset({Equipment.BARBELL, Equipment.TRAP_BAR, Equipment.EZ_BAR})
_GUIDED = frozenset({Equipment.MACHINE, Equipment.CABLE, Equipment.SMITH_MACHINE})


@dataclass(frozen=True)
class _Traits:
    """What scoring asks of an exercise, computed once per catalogue entry."""

    pattern: Pattern
    friendly: frozenset[ConditionId]
    compound: bool
    level: FitnessLevel
    free_weights: bool
    guided: bool
    dumbbell_or_kettlebell: bool


@cache
def _traits(exercise_id: str) -> _Traits:
    e = knowledge.exercises()[exercise_id]
    kit = set(e.equipment)
    return _Traits(
        e.pattern,
        frozenset(e.friendly_for),
        e.mechanic is Mechanic.COMPOUND,
        e.level,
        bool(kit & _FREE_WEIGHTS),
        bool(kit & _GUIDED),
        bool(kit & {Equipment.DUMBBELL, Equipment.KETTLEBELL}),
    )


@lru_cache(maxsize=8192)
def _scores(exercise_ids: tuple[str, ...], slot: Slot, prefs: Preferences) -> tuple[float, ...]:
    n = len(slot.patterns)
    pattern_bonus = {p: 4 * (n - i) / n for i, p in enumerate(slot.patterns)}
    main = slot.role is Role.MAIN
    home = prefs.setting is EquipmentAccess.HOME_GYM
    out = []
    for exercise_id in exercise_ids:
        t = _traits(exercise_id)
        value = pattern_bonus.get(t.pattern, 0.0)
        if prefs.conditions & t.friendly:
            value += 3
        if exercise_id in prefs.enjoyed:
            value += 2
        if main and t.compound:
            value += 2
        if t.level is prefs.level:
            value += 1
        if prefs.heavy_barbell and main and t.free_weights:
            value += 2
        if prefs.prefer_machines and t.guided:
            value += 1.5
        if home and t.dumbbell_or_kettlebell:
            value += 1
        out.append(value)
    return tuple(out)


def _ranked(
    options: Sequence[Exercise], slot: Slot, prefs: Preferences, rng: random.Random, count: int = 1
) -> list[Exercise]:
    """The best ``count``, best first; a seeded jitter below one point breaks ties, so seeds vary the plan
    but never its quality. Only candidates within a point of the best can win, so only they draw a jitter.
    """
    scores = _scores(tuple(e.id for e in options), slot, prefs)
    best = max(scores)
    top = sorted(
        ((s + rng.random(), e) for s, e in zip(scores, options, strict=True) if s >= best - 1), key=lambda x: -x[0]
    )
    if len(top) >= count:
        return [e for _, e in top[:count]]
    rest = sorted(((s, e) for s, e in zip(scores, options, strict=True) if s < best - 1), key=lambda x: -x[0])
    return [e for _, e in top] + [e for _, e in rest[: count - len(top)]]


def fill_slot(
    slot: Slot,
    candidates: Pool,
    allowed_groups: frozenset[RecoveryGroup],
    used: Iterable[str],
    prefs: Preferences,
    rng: random.Random,
    modalities: frozenset[Modality] = STRENGTH_MODALITIES,
) -> Exercise | None:
    """The best safe exercise for a slot, or None when the catalogue has none for this person."""
    taken = set(used)
    for patterns in (slot.patterns, slot.fallback):
        options = [
            e
            for p in patterns
            for e in candidates.by_pattern.get(p, ())
            if e.id not in taken
            and e.modality in modalities
            and hard_groups(e) <= allowed_groups
            # Olympic lifts are power work: only a power slot takes them, and a power slot takes
            # nothing else from the strength catalogue.
            and (
                (e.substitution_group == POWER_GROUP) == (slot.role is Role.POWER)
                or e.modality is not Modality.STRENGTH
            )
        ]
        if options:
            return _ranked(options, slot, prefs, rng)[0]
    return None


def pick_by_modality(
    modality: Modality,
    candidates: Pool,
    used: Iterable[str],
    prefs: Preferences,
    rng: random.Random,
    count: int = 1,
    patterns: Sequence[Pattern] = (),
) -> list[Exercise]:
    """The best ``count`` exercises of a modality (cardio, flexibility, balance ...), best first."""
    taken = set(used)
    options = [
        e
        for e in candidates.by_modality.get(modality, ())
        if e.id not in taken and (not patterns or e.pattern in patterns)
    ]
    if not options:
        return []
    return _ranked(options, Slot(Role.MAIN, tuple(patterns)), prefs, rng, count)


def slots_for(kind: SessionKind, variant: int) -> tuple[Slot, ...]:
    return STRENGTH_SLOTS[kind][variant % 2]


def allowed_groups(kind: SessionKind) -> frozenset[RecoveryGroup]:
    return HARD_GROUPS.get(kind, frozenset())

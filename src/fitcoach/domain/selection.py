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
from functools import cache

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


@cache
def pool(
    setting: EquipmentAccess, avoid: frozenset[StressTag], max_level: FitnessLevel, excluded: frozenset[str]
) -> Pool:
    kit = knowledge.equipment_in(setting)
    rank = LEVEL_RANK[max_level]
    allowed = [
        e
        for e in knowledge.exercises().values()
        if available(e, kit) and is_safe(e, avoid) and LEVEL_RANK[e.level] <= rank and e.id not in excluded
    ]
    by_pattern: dict[Pattern, list[Exercise]] = {}
    by_modality: dict[Modality, list[Exercise]] = {}
    for e in allowed:
        by_pattern.setdefault(e.pattern, []).append(e)
        by_modality.setdefault(e.modality, []).append(e)
    return Pool(
        {k: tuple(v) for k, v in by_pattern.items()},
        {k: tuple(v) for k, v in by_modality.items()},
    )


def hard_groups(exercise: Exercise) -> frozenset[RecoveryGroup]:
    """Recovery groups an exercise loads hard: those of its primary muscles (core and heart excluded)."""
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


def score(exercise: Exercise, slot: Slot, prefs: Preferences, rng: random.Random) -> float:
    value = rng.random()  # seeded tie-break: different seeds give different, equally valid plans
    if exercise.pattern in slot.patterns:
        value += 4 * (len(slot.patterns) - slot.patterns.index(exercise.pattern)) / len(slot.patterns)
    if prefs.conditions & set(exercise.friendly_for):
        value += 3
    if exercise.id in prefs.enjoyed:
        value += 2
    if slot.role is Role.MAIN and exercise.mechanic is Mechanic.COMPOUND:
        value += 2
    if exercise.level is prefs.level:
        value += 1
    kit = set(exercise.equipment)
    if prefs.heavy_barbell and kit & _FREE_WEIGHTS and slot.role is Role.MAIN:
        value += 2
    if prefs.prefer_machines and kit & _GUIDED:
        value += 1.5
    if prefs.setting is EquipmentAccess.HOME_GYM and kit & {Equipment.DUMBBELL, Equipment.KETTLEBELL}:
        value += 1
    return value


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
            if e.id not in taken and e.modality in modalities and hard_groups(e) <= allowed_groups
        ]
        if options:
            return max(options, key=lambda e: score(e, slot, prefs, rng))
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
    slot = Slot(Role.MAIN, tuple(patterns))
    ranked = sorted(options, key=lambda e: score(e, slot, prefs, rng), reverse=True)
    return ranked[:count]


def slots_for(kind: SessionKind, variant: int) -> tuple[Slot, ...]:
    return STRENGTH_SLOTS[kind][variant % 2]


def allowed_groups(kind: SessionKind) -> frozenset[RecoveryGroup]:
    return HARD_GROUPS.get(kind, frozenset())

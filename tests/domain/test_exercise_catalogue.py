"""Integrity of the exercise catalogue, computed from the packaged data.

These checks keep the catalogue big and varied enough for the planner to build a safe plan for every
equipment setting and every condition of domain-guidelines.md section 7: enough beginner options in
each slot, names that resolve to one exercise, honest friendly-for lists and usable substitution groups.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

import pytest

from fitcoach.domain import knowledge
from fitcoach.domain.catalogue import avoided_tags, normalise_text
from fitcoach.domain.knowledge.records import Exercise
from fitcoach.domain.vocab import (
    ConditionId,
    DoseUnit,
    EquipmentAccess,
    FitnessLevel,
    Modality,
    Muscle,
    Pattern,
)

MIN_EXERCISES = 250
MIN_PER_MODALITY = {
    Modality.STRENGTH: 1,
    Modality.CARDIO: 32,
    Modality.FLEXIBILITY: 25,
    Modality.MOBILITY: 12,
    Modality.BALANCE: 14,
    Modality.PLYOMETRIC: 14,
}
MIN_SAFE_BEGINNER = 2
MIN_FRIENDLY_PER_SETTING = 3
MIN_PRIMARY = 3
MIN_PRIMARY_PELVIC_FLOOR = 2
MIN_PRIMARY_HEART = 30

KNEE_DOMINANT = frozenset({Pattern.SQUAT, Pattern.LUNGE})
# With a knee or ankle problem, any safe lower-body strength pattern may fill the leg slot.
ANY_LOWER = frozenset(
    {
        Pattern.SQUAT,
        Pattern.LUNGE,
        Pattern.HINGE,
        Pattern.HIP_EXTENSION,
        Pattern.KNEE_FLEXION,
        Pattern.KNEE_EXTENSION,
        Pattern.HIP_ABDUCTION,
        Pattern.HIP_ADDUCTION,
        Pattern.CALF_RAISE,
    }
)
HIP_DOMINANT = frozenset({Pattern.HINGE, Pattern.HIP_EXTENSION})
HORIZONTAL_PUSH = frozenset({Pattern.HORIZONTAL_PUSH})
PULL = frozenset({Pattern.HORIZONTAL_PULL, Pattern.VERTICAL_PULL})
CORE = frozenset(
    {
        Pattern.ANTI_EXTENSION,
        Pattern.ANTI_ROTATION,
        Pattern.TRUNK_FLEXION,
        Pattern.TRUNK_ROTATION,
        Pattern.CARRY,
        Pattern.PELVIC_FLOOR,
    }
)

SETTINGS = list(EquipmentAccess)
CONDITIONS: list[ConditionId | None] = [None, *ConditionId]


def _exercises() -> list[Exercise]:
    return list(knowledge.exercises().values())


def _available(e: Exercise, setting: EquipmentAccess) -> bool:
    kit = knowledge.equipment_in(setting)
    return all(item in kit for item in e.equipment)


def _safe_beginner(setting: EquipmentAccess, condition: ConditionId | None) -> list[Exercise]:
    avoid = avoided_tags([condition] if condition is not None else [])
    return [
        e
        for e in _exercises()
        if e.level is FitnessLevel.BEGINNER and _available(e, setting) and avoid.isdisjoint(e.stress_tags)
    ]


def _by_pattern(pool: Iterable[Exercise], patterns: frozenset[Pattern]) -> list[str]:
    return [e.id for e in pool if e.modality is Modality.STRENGTH and e.pattern in patterns]


def _by_modality(pool: Iterable[Exercise], modalities: set[Modality]) -> list[str]:
    return [e.id for e in pool if e.modality in modalities]


def _label(condition: ConditionId | None) -> str:
    return "none" if condition is None else condition.value


# ---------------------------------------------------------------- size and shape


def test_catalogue_size() -> None:
    assert len(_exercises()) >= MIN_EXERCISES


@pytest.mark.parametrize("modality", list(Modality), ids=lambda m: m.value)
def test_modality_counts(modality: Modality) -> None:
    count = sum(e.modality is modality for e in _exercises())
    assert count >= MIN_PER_MODALITY[modality], f"{modality.value}: {count} < {MIN_PER_MODALITY[modality]}"


def test_cardio_records_are_aerobic() -> None:
    bad = [
        e.id
        for e in _exercises()
        if e.modality is Modality.CARDIO
        and (
            Muscle.HEART not in e.primary_muscles
            or e.dose is not DoseUnit.MINUTES
            or e.pattern is not Pattern.CYCLIC
            or e.loadable
        )
    ]
    assert not bad, f"cardio records must be heart-primary, cyclic, unloaded and dosed in minutes: {bad}"


def test_flexibility_records_are_timed_stretches() -> None:
    bad = [
        e.id
        for e in _exercises()
        if e.modality is Modality.FLEXIBILITY and (e.pattern is not Pattern.STRETCH or e.dose is not DoseUnit.SECONDS)
    ]
    assert not bad, f"flexibility records must be stretches dosed in seconds: {bad}"


# ---------------------------------------------------------------- names


def test_names_and_aliases_are_unique() -> None:
    owner: dict[str, set[str]] = defaultdict(set)
    for e in _exercises():
        for text in {normalise_text(t) for t in (e.name, *e.aliases)}:
            owner[text].add(e.id)
    clashes = {text: sorted(ids) for text, ids in owner.items() if len(ids) > 1}
    assert not clashes, f"names or aliases used by more than one exercise: {clashes}"


def test_names_are_unique_case_insensitive() -> None:
    names = Counter(e.name.casefold() for e in _exercises())
    assert not [n for n, c in names.items() if c > 1]


def test_no_alias_is_another_exercises_name_or_id() -> None:
    names = {normalise_text(e.name): e.id for e in _exercises()}
    names |= {normalise_text(e.id.replace("_", " ")): e.id for e in _exercises()}
    bad = [
        (e.id, alias, names[normalise_text(alias)])
        for e in _exercises()
        for alias in e.aliases
        if names.get(normalise_text(alias), e.id) != e.id
    ]
    assert not bad, f"aliases naming another exercise: {bad}"


# ---------------------------------------------------------------- safe beginner options everywhere


@pytest.mark.parametrize("condition", CONDITIONS, ids=_label)
@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.value)
def test_safe_beginner_options_in_every_slot(setting: EquipmentAccess, condition: ConditionId | None) -> None:
    pool = _safe_beginner(setting, condition)
    lower = ANY_LOWER if condition in (ConditionId.KNEE, ConditionId.ANKLE) else KNEE_DOMINANT
    slots = {
        "knee-dominant lower": _by_pattern(pool, lower),
        "hip-dominant": _by_pattern(pool, HIP_DOMINANT),
        "horizontal push": _by_pattern(pool, HORIZONTAL_PUSH),
        "pull": _by_pattern(pool, PULL),
        "core": _by_pattern(pool, CORE),
        "cardio": _by_modality(pool, {Modality.CARDIO}),
        "flexibility or mobility": _by_modality(pool, {Modality.FLEXIBILITY, Modality.MOBILITY}),
        "balance": _by_modality(pool, {Modality.BALANCE}),
    }
    short = {slot: ids for slot, ids in slots.items() if len(ids) < MIN_SAFE_BEGINNER}
    assert not short, f"{setting.value} / {_label(condition)}: fewer than {MIN_SAFE_BEGINNER} safe beginner: {short}"


# ---------------------------------------------------------------- friendly-for


@pytest.mark.parametrize("condition", list(ConditionId), ids=lambda c: c.value)
@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.value)
def test_friendly_options_in_every_setting(setting: EquipmentAccess, condition: ConditionId) -> None:
    friendly = [e.id for e in _exercises() if condition in e.friendly_for and _available(e, setting)]
    assert len(friendly) >= MIN_FRIENDLY_PER_SETTING, f"{setting.value} / {condition.value}: {friendly}"


def test_never_friendly_for_a_contraindicated_condition() -> None:
    bad = [
        (e.id, c.value, sorted(t.value for t in avoided_tags([c]) & set(e.stress_tags)))
        for e in _exercises()
        for c in e.friendly_for
        if not avoided_tags([c]).isdisjoint(e.stress_tags)
    ]
    assert not bad, f"friendly for a condition whose avoid tags they carry: {bad}"


# ---------------------------------------------------------------- substitution groups and muscles


def test_substitution_groups_have_two_members() -> None:
    sizes = Counter(e.substitution_group for e in _exercises())
    lonely = sorted(g for g, n in sizes.items() if n < 2)
    assert not lonely, f"substitution groups with a single member: {lonely}"


@pytest.mark.parametrize("muscle", list(Muscle), ids=lambda m: m.value)
def test_every_muscle_is_trained(muscle: Muscle) -> None:
    minimum = {Muscle.PELVIC_FLOOR: MIN_PRIMARY_PELVIC_FLOOR, Muscle.HEART: MIN_PRIMARY_HEART}.get(muscle, MIN_PRIMARY)
    primary = [e.id for e in _exercises() if muscle in e.primary_muscles]
    assert len(primary) >= minimum, f"{muscle.value}: primary in {len(primary)} < {minimum}: {primary}"

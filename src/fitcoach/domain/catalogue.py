"""Queries over the knowledge base: condition normalisation, safety filters and searches.

The planner, the verifier, the CLI and the chat all ask these questions; they live here once.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from fitcoach.domain import knowledge
from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.knowledge.records import Exercise, Food, Recipe
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.vocab import (
    Allergen,
    ConditionId,
    Diet,
    DietTag,
    Equipment,
    EquipmentAccess,
    Intolerance,
    StressTag,
)

_TRIMESTER = re.compile(r"\b(1st|2nd|3rd|first|second|third)\s+trimester\b")
_TRIMESTER_NUMBER = {"1st": 1, "first": 1, "2nd": 2, "second": 2, "3rd": 3, "third": 3}


def normalise_text(text: str) -> str:
    """Lower-case words separated by single spaces ("Bad-Knee!" -> "bad knee")."""
    return " ".join(re.sub(r"[^a-z0-9']+", " ", text.lower()).split())


@cache
def _synonym_index() -> tuple[tuple[str, ConditionId], ...]:
    pairs = [
        (normalise_text(s), cid) for cid, info in knowledge.conditions().items() for s in (*info.synonyms, cid.value)
    ]
    # Longest first, so "lower back pain" wins over "back".
    return tuple(sorted(set(pairs), key=lambda p: -len(p[0])))


@cache
def _no_answer() -> frozenset[str]:
    return frozenset(normalise_text(t) for t in knowledge.load_json("screening_terms.json")["no_answer"])


def match_conditions(text: str) -> set[ConditionId]:
    """Conditions a free-text injury or condition names ("sprained ankle" -> {ankle})."""
    norm = f" {normalise_text(text)} "
    return {cid for synonym, cid in _synonym_index() if f" {synonym} " in norm}


@dataclass(frozen=True)
class ConditionSummary:
    conditions: frozenset[ConditionId]
    unrecognised: tuple[str, ...]
    pregnancy_trimester: int | None


def profile_conditions(profile: UserProfile) -> ConditionSummary:
    """Every condition the profile reports, from injuries, known conditions, pregnancy and blood pressure."""
    found: set[ConditionId] = set()
    unrecognised: list[str] = []
    trimester = profile.health.pregnancy_trimester
    for text in [*profile.constraints.injuries, *profile.health.known_conditions]:
        norm = normalise_text(text)
        if not norm or norm in _no_answer():
            continue
        matched = match_conditions(text)
        if matched:
            found |= matched
        else:
            unrecognised.append(text.strip())
        m = _TRIMESTER.search(norm)
        if m and trimester is None:
            trimester = _TRIMESTER_NUMBER[m.group(1)]
    if profile.health.pregnant:
        found.add(ConditionId.PREGNANCY)
    bp = profile.health.resting_bp
    limit = guidelines().screening.bp_hypertension
    if bp is not None and (bp.systolic >= limit.systolic or bp.diastolic >= limit.diastolic):
        found.add(ConditionId.HYPERTENSION)
    if profile.health.parq is not None and profile.health.parq.heart_condition_or_high_bp:
        # The PAR-Q question does not say which: treat as the stricter hypertension rules too.
        found.add(ConditionId.HYPERTENSION)
    if ConditionId.PREGNANCY not in found:
        trimester = None
    return ConditionSummary(frozenset(found), tuple(dict.fromkeys(unrecognised)), trimester)


def avoided_tags(conditions: Iterable[ConditionId], trimester: int | None = None) -> frozenset[StressTag]:
    """Stress tags that must not appear in a plan for these conditions.

    Pregnancy tags that start at a later trimester apply when the trimester is unknown (the safe side).
    """
    tags: set[StressTag] = set()
    table = knowledge.conditions()
    for cid in conditions:
        info = table[cid]
        for tag in info.avoid_tags:
            start = info.tags_from_trimester.get(tag)
            if start is None or trimester is None or trimester >= start:
                tags.add(tag)
    return frozenset(tags)


def available(exercise: Exercise, kit: frozenset[Equipment]) -> bool:
    return all(item in kit for item in exercise.equipment)


def is_safe(exercise: Exercise, avoid: frozenset[StressTag]) -> bool:
    return avoid.isdisjoint(exercise.stress_tags)


@cache
def _name_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for e in knowledge.exercises().values():
        for name in (e.id.replace("_", " "), e.name, *e.aliases):
            index.setdefault(normalise_text(name), e.id)
    return index


def find_exercise(name_or_id: str) -> Exercise | None:
    """Look an exercise up by id, name or alias, ignoring case and punctuation."""
    table = knowledge.exercises()
    if name_or_id in table:
        return table[name_or_id]
    found = _name_index().get(normalise_text(name_or_id))
    return table[found] if found else None


# ---------------------------------------------------------------- searches (CLI, web, chat)


@dataclass(frozen=True)
class ExerciseQuery:
    muscle: str | None = None
    equipment: str | None = None
    pattern: str | None = None
    condition: str | None = None
    modality: str | None = None
    level: str | None = None
    text: str | None = None


_LEVEL_RANK = {"beginner": 0, "intermediate": 1, "advanced": 2}


def search_exercises(query: ExerciseQuery) -> list[Exercise]:
    kit: frozenset[Equipment] | None = None  # a setting: everything needed must be in it
    piece: Equipment | None = None  # one piece of equipment: the exercise must use it
    if query.equipment:
        value = query.equipment.strip().lower().replace("-", "_").replace(" ", "_")
        if value in EquipmentAccess._value2member_map_:
            kit = knowledge.equipment_in(EquipmentAccess(value))
        elif value in Equipment._value2member_map_:
            piece = Equipment(value)
        else:
            allowed = [*EquipmentAccess, *Equipment]
            raise InvalidInput(
                [
                    FieldProblem(
                        "equipment", f"{query.equipment!r} is not one of: " + ", ".join(a.value for a in allowed)
                    )
                ]
            )
    avoid: frozenset[StressTag] = frozenset()
    if query.condition:
        matched = match_conditions(query.condition)
        if not matched:
            raise InvalidInput(
                [
                    FieldProblem(
                        "condition",
                        f"{query.condition!r} is not a known condition; "
                        "try: " + ", ".join(c.value for c in ConditionId),
                    )
                ]
            )
        avoid = avoided_tags(matched)
    words = normalise_text(query.text).split() if query.text else []
    out = []
    for e in knowledge.exercises().values():
        if query.muscle and query.muscle not in e.primary_muscles and query.muscle not in e.secondary_muscles:
            continue
        if query.pattern and e.pattern != query.pattern:
            continue
        if query.modality and e.modality != query.modality:
            continue
        if query.level and _LEVEL_RANK[e.level] > _LEVEL_RANK[query.level]:
            continue
        if (kit is not None and not available(e, kit)) or (piece is not None and piece not in e.equipment):
            continue
        if avoid and not is_safe(e, avoid):
            continue
        if words:
            haystack = normalise_text(" ".join((e.name, *e.aliases)))
            if not all(w in haystack for w in words):
                continue
        out.append(e)
    return sorted(out, key=lambda e: e.name)


_DIET_TAG = {
    Diet.VEGETARIAN: DietTag.VEGETARIAN,
    Diet.VEGAN: DietTag.VEGAN,
    Diet.PESCATARIAN: DietTag.PESCATARIAN,
    Diet.HALAL: DietTag.HALAL,
}
_INTOLERANCE_TAG = {Intolerance.LACTOSE: DietTag.LACTOSE_FREE, Intolerance.GLUTEN: DietTag.GLUTEN_FREE}


def food_suits(
    food: Food, diet: Diet | None, allergens: Iterable[Allergen] = (), intolerances: Iterable[Intolerance] = ()
) -> bool:
    """Whether a food is allowed for a diet, allergies and intolerances (strict: tags must say so)."""
    if diet is not None and diet in _DIET_TAG and _DIET_TAG[diet] not in food.diet_tags:
        return False
    if set(allergens) & set(food.allergens):
        return False
    return all(_INTOLERANCE_TAG[i] in food.diet_tags for i in intolerances)


def recipe_suits(
    recipe: Recipe, diet: Diet | None, allergens: Iterable[Allergen] = (), intolerances: Iterable[Intolerance] = ()
) -> bool:
    table = knowledge.foods()
    allergens, intolerances = tuple(allergens), tuple(intolerances)
    return all(food_suits(table[i.food], diet, allergens, intolerances) for i in recipe.ingredients)


@dataclass(frozen=True)
class FoodQuery:
    diet: str | None = None
    allergens: tuple[str, ...] = ()
    cuisine: str | None = None
    slot: str | None = None
    text: str | None = None


def search_foods(query: FoodQuery) -> list[Food]:
    allergens: list[Allergen] = []
    for a in query.allergens:
        value = a.strip().lower().replace("-", "_").replace(" ", "_")
        if value not in Allergen._value2member_map_:
            raise InvalidInput(
                [FieldProblem("allergen", f"{a!r} is not one of: " + ", ".join(x.value for x in Allergen))]
            )
        allergens.append(Allergen(value))
    diet = Diet(query.diet) if query.diet else None
    words = normalise_text(query.text).split() if query.text else []
    out = []
    for f in knowledge.foods().values():
        if not food_suits(f, diet, allergens):
            continue
        if query.cuisine and query.cuisine not in f.cuisines:
            continue
        if query.slot and query.slot not in f.meal_slots:
            continue
        if words and not all(w in normalise_text(f.name) for w in words):
            continue
        out.append(f)
    return sorted(out, key=lambda f: f.name)


def knowledge_stats() -> dict[str, object]:
    """Counts per catalogue and per tag, for ``fitcoach kb stats``."""
    ex = list(knowledge.exercises().values())
    fd = list(knowledge.foods().values())
    rc = list(knowledge.recipes().values())
    g = guidelines()
    from fitcoach.domain.knowledge.guidelines import source_keys

    return {
        "exercises": len(ex),
        "foods": len(fd),
        "recipes": len(rc),
        "conditions": len(knowledge.conditions()),
        "condition_synonyms": sum(len(c.synonyms) for c in knowledge.conditions().values()),
        "guideline_values": len(source_keys()),
        "sources": len(g.sources),
        "exercises_by_modality": dict(Counter(e.modality.value for e in ex).most_common()),
        "exercises_by_pattern": dict(Counter(e.pattern.value for e in ex).most_common()),
        "exercises_by_level": dict(Counter(e.level.value for e in ex).most_common()),
        "exercises_by_setting": {
            s.value: sum(available(e, knowledge.equipment_in(s)) for e in ex) for s in EquipmentAccess
        },
        "exercises_by_stress_tag": dict(Counter(t.value for e in ex for t in e.stress_tags).most_common()),
        "exercises_friendly_for": dict(Counter(c.value for e in ex for c in e.friendly_for).most_common()),
        "foods_by_cuisine": dict(Counter(c.value for f in fd for c in f.cuisines).most_common()),
        "foods_by_diet_tag": dict(Counter(t.value for f in fd for t in f.diet_tags).most_common()),
        "foods_by_allergen": dict(Counter(a.value for f in fd for a in f.allergens).most_common()),
        "foods_by_group": dict(Counter(f.group.value for f in fd).most_common()),
        "recipes_by_cuisine": dict(Counter(r.cuisine.value for r in rc).most_common()),
        "recipes_by_slot": dict(Counter(s.value for r in rc for s in r.meal_slots).most_common()),
        "guideline_values_by_source": dict(Counter(source_keys()).most_common()),
    }

"""Hypothesis strategies over the whole space of valid profiles."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from fitcoach.domain import knowledge
from fitcoach.domain.vocab import ConditionId, EquipmentAccess, FitnessLevel, Goal

NON_PREGNANCY = [c for c in ConditionId if c is not ConditionId.PREGNANCY]


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    gender = draw(st.sampled_from(["male", "female", "other"]))
    age = draw(st.integers(16, 90))
    height = draw(st.floats(145, 205, allow_nan=False))
    weight = draw(st.floats(40, 180, allow_nan=False))
    conditions = draw(st.lists(st.sampled_from(NON_PREGNANCY), unique=True, max_size=4))
    injuries = [draw(st.sampled_from(knowledge.conditions()[c].synonyms)) for c in conditions]
    pregnant = gender == "female" and age <= 45 and draw(st.booleans())
    health: dict[str, Any] = {
        "exercises_regularly": draw(st.sampled_from([True, False, None])),
        "desired_intensity": draw(st.sampled_from(["light", "moderate", "vigorous", None])),
    }
    if pregnant:
        health["pregnant"] = True
        health["pregnancy_trimester"] = draw(st.sampled_from([1, 2, 3, None]))
    if draw(st.booleans()):
        health["known_conditions"] = draw(
            st.lists(st.sampled_from(["type 2 diabetes", "heart disease", "asthma"]), max_size=2)
        )
    return {
        "personal_info": {
            "age": age,
            "gender": gender,
            "height": height,
            "weight": weight,
            "fitness_level": draw(st.sampled_from(list(FitnessLevel))).value,
        },
        "goals": draw(st.lists(st.sampled_from([g.value for g in Goal]), min_size=1, max_size=3, unique=True)),
        "preferences": {
            "workout_duration": draw(st.integers(15, 120)),
            "days_per_week": draw(st.integers(1, 7)),
            "equipment_access": draw(st.sampled_from(list(EquipmentAccess))).value,
            "preferred_activities": draw(
                st.lists(st.sampled_from(["cardio", "yoga", "strength_training"]), unique=True, max_size=2)
            ),
        },
        "constraints": {"injuries": injuries},
        "health": health,
    }

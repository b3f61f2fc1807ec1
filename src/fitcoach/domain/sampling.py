"""Random valid profiles: for the planner sweep, benchmarks, property tests and training data.

``random_profile(rng)`` draws from the whole space the contract allows, including conditions alone
and combined, written the way people write them. ``shift`` moves the distribution (older, more
conditions, odd session lengths) for held-out evaluation sets that differ from training ones.
"""

from __future__ import annotations

import random
from typing import Any

from fitcoach.domain import knowledge
from fitcoach.domain.vocab import Allergen, ConditionId, Cuisine, Diet, EquipmentAccess, FitnessLevel, Goal

_ACTIVITIES = ("strength_training", "cardio", "yoga", "running", "cycling", "swimming", "hiit", "pilates")
_SYMPTOMS = ("chest discomfort when climbing stairs", "dizziness", "ankle swelling", "palpitations")
_UNRECOGNISED = ("asthma", "tennis elbow", "hip replacement", "scoliosis", "migraines")


def random_profile(rng: random.Random, shift: bool = False) -> dict[str, Any]:
    """One valid profile as contract JSON."""
    gender = rng.choice(("male", "female", "female", "male", "other"))
    age = rng.randint(40, 90) if shift else rng.randint(16, 80)
    height = round(rng.gauss(177 if gender == "male" else 164, 8), 1)
    height = min(max(height, 140.0), 210.0)
    bmi = rng.uniform(18, 40) if shift else rng.uniform(17.5, 35)
    weight = round(min(max(bmi * (height / 100) ** 2, 35.0), 250.0), 1)
    level = rng.choice(list(FitnessLevel))
    goals = rng.sample([g.value for g in Goal], k=rng.choice((1, 1, 2, 3)))
    conditions = _conditions(rng, gender, age, extra=shift)
    pregnant = "pregnancy" in conditions
    injuries = [rng.choice(knowledge.conditions()[ConditionId(c)].synonyms) for c in conditions if c != "pregnancy"]
    if rng.random() < (0.15 if shift else 0.05):
        injuries.append(rng.choice(_UNRECOGNISED))
    health: dict[str, Any] = {
        "exercises_regularly": rng.choice((True, False, None)),
        "known_conditions": [],
        "symptoms": [rng.choice(_SYMPTOMS)] if rng.random() < 0.05 else [],
        "desired_intensity": rng.choice(("light", "moderate", "vigorous", None)),
    }
    if pregnant:
        health["pregnant"] = True
        health["pregnancy_trimester"] = rng.randint(1, 3)
    if rng.random() < 0.2:
        health["parq"] = {
            q: rng.random() < 0.15
            for q in (
                "heart_condition_or_high_bp",
                "chest_pain",
                "dizziness_or_fainting",
                "other_chronic_condition",
                "prescribed_medication",
                "bone_joint_problem",
                "supervised_only",
            )
        }
    if rng.random() < 0.2:
        systolic = rng.randint(100, 210)
        health["resting_bp"] = {"systolic": systolic, "diastolic": rng.randint(60, min(systolic - 10, 120))}
    if rng.random() < 0.3:
        health["resting_hr"] = rng.randint(45, 95)
    diet = rng.choice(list(Diet)).value
    return {
        "personal_info": {
            "age": age,
            "gender": gender,
            "height": height,
            "weight": weight,
            "fitness_level": level.value,
        },
        "goals": goals,
        "preferences": {
            "workout_duration": rng.choice((15, 20, 25, 30, 40, 45, 50, 60, 75, 90, 120))
            if not shift
            else rng.randint(15, 120),
            "days_per_week": rng.randint(1, 7),
            "equipment_access": rng.choice(list(EquipmentAccess)).value,
            "preferred_activities": rng.sample(_ACTIVITIES, k=rng.randint(0, 3)),
        },
        "constraints": {"injuries": injuries, "time_restrictions": None, "location": None},
        "metrics": {
            "weight_history": [],
            "workout_completion_rate": round(rng.random(), 2) if rng.random() < 0.5 else None,
            "average_intensity_rating": round(rng.uniform(1, 10), 1) if rng.random() < 0.5 else None,
        },
        "feedback": {"previous_workouts": _feedback(rng)},
        "gamified_stats": {"health": 0, "strength": 0, "agility": 0, "endurance": 0, "xp": 0, "level": 1},
        "health": health,
        "nutrition": {
            "diet": diet,
            "allergies": rng.sample([a.value for a in Allergen], k=rng.choice((0, 0, 1, 2))),
            "meals_per_day": rng.randint(2, 6),
            "cuisine": rng.choice([c.value for c in Cuisine] + [None]),
        },
    }


def _conditions(rng: random.Random, gender: str, age: int, extra: bool) -> list[str]:
    pool = [c.value for c in ConditionId if c is not ConditionId.PREGNANCY]
    if gender == "female" and 16 <= age <= 45:
        pool.append(ConditionId.PREGNANCY.value)
    k = rng.choice((0, 0, 0, 1, 1, 2, 3) if not extra else (0, 1, 2, 3, 4))
    return rng.sample(pool, k=min(k, len(pool)))


def _feedback(rng: random.Random) -> list[dict[str, Any]]:
    if rng.random() < 0.6:
        return []
    names = [e.name for e in rng.sample(list(knowledge.exercises().values()), k=rng.randint(1, 4))]
    return [
        {
            "exercises": [
                {
                    "name": n,
                    "difficulty": rng.choice(("easy", "moderate", "hard", "too_hard", 5, 9)),
                    "enjoyment": rng.choice(("low", "medium", "high", 2, 7, 9)),
                }
                for n in names
            ]
        }
    ]

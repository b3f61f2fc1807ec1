"""Reading a person's feedback on earlier workouts: which exercises were too hard, disliked or enjoyed.

The planner avoids or replaces them; the verifier flags a plan that brings a disliked one back.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict

from fitcoach.domain.catalogue import find_exercise, normalise_text
from fitcoach.domain.knowledge import load_json
from fitcoach.domain.profile import UserProfile


class FeedbackRules(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    too_hard_words: frozenset[str]
    disliked_words: frozenset[str]
    enjoyed_words: frozenset[str]
    rating_scale_max: float
    hard_rating_from: float
    disliked_rating_to: float
    enjoyed_rating_from: float
    low_completion_below: float
    high_intensity_rating_from: float
    low_intensity_rating_below: float


@cache
def rules() -> FeedbackRules:
    return FeedbackRules.model_validate(load_json("feedback.json"))


def _rating(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _says(value: Any, words: frozenset[str]) -> bool:
    return isinstance(value, str) and normalise_text(value.replace("_", " ")) in {
        normalise_text(w.replace("_", " ")) for w in words
    }


@dataclass(frozen=True)
class FeedbackSummary:
    too_hard: frozenset[str]  # catalogue ids
    disliked: frozenset[str]
    enjoyed: frozenset[str]
    unknown_names: tuple[str, ...]
    struggling: bool  # low completion or very high rated intensity: ease the whole plan
    coasting: bool  # everything done and rated easy: room to progress


def summarise(profile: UserProfile) -> FeedbackSummary:
    r = rules()
    too_hard: set[str] = set()
    disliked: set[str] = set()
    enjoyed: set[str] = set()
    unknown: list[str] = []
    for workout in profile.feedback.previous_workouts:
        for item in workout.exercises:
            exercise = find_exercise(item.name)
            if exercise is None:
                unknown.append(item.name)
                continue
            difficulty, enjoyment = _rating(item.difficulty), _rating(item.enjoyment)
            if _says(item.difficulty, r.too_hard_words) or (
                difficulty is not None and difficulty >= r.hard_rating_from
            ):
                too_hard.add(exercise.id)
            if _says(item.enjoyment, r.disliked_words) or (enjoyment is not None and enjoyment <= r.disliked_rating_to):
                disliked.add(exercise.id)
            elif _says(item.enjoyment, r.enjoyed_words) or (
                enjoyment is not None and enjoyment >= r.enjoyed_rating_from
            ):
                enjoyed.add(exercise.id)
    metrics = profile.metrics
    completion, intensity = metrics.workout_completion_rate, metrics.average_intensity_rating
    struggling = (completion is not None and completion < r.low_completion_below) or (
        intensity is not None and intensity >= r.high_intensity_rating_from
    )
    coasting = (
        not struggling
        and completion is not None
        and completion >= 1.0
        and intensity is not None
        and intensity < r.low_intensity_rating_below
    )
    return FeedbackSummary(
        frozenset(too_hard), frozenset(disliked), frozenset(enjoyed - disliked), tuple(unknown), struggling, coasting
    )

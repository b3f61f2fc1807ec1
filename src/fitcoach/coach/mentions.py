"""What a chat message mentions: exercises from the catalogue, conditions, and numbers with units."""

from __future__ import annotations

import re
from functools import cache

from fitcoach.domain import knowledge
from fitcoach.domain.catalogue import match_conditions, normalise_text
from fitcoach.domain.knowledge.records import Exercise
from fitcoach.domain.vocab import ConditionId

# Everyday words people use for a movement that the catalogue names more precisely.
GENERIC_NAMES: dict[str, str] = {
    "squat": "barbell_back_squat",
    "back squat": "barbell_back_squat",
    "bench": "barbell_bench_press",
    "benching": "barbell_bench_press",
    "deadlifting": "barbell_deadlift",
    "run": "jogging",
    "jog": "jogging",
    "sprint": "jogging",
    "sprinting": "jogging",
    "jumping": "squat_jump",
    "jumps": "squat_jump",
    "pushup": "push_up",
    "pullup": "pull_up",
    "situp": "sit_up",
}
MAX_WORDS = 6


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("es") and word[-3] in "hx":
        return word[:-2]
    if len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


@cache
def _exercise_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for e in knowledge.exercises().values():
        for name in (e.id.replace("_", " "), e.name, *e.aliases):
            index.setdefault(normalise_text(name), e.id)
    for name, exercise_id in GENERIC_NAMES.items():
        index.setdefault(name, exercise_id)
    return index


def _exercise_matches(text: str) -> list[tuple[int, int, str]]:
    """(first word, end word, exercise id) for every exercise name in ``text``, longest names first."""
    words = normalise_text(text.replace("-", " ")).split()
    index = _exercise_index()
    found: list[tuple[int, int, str]] = []
    i = 0
    while i < len(words):
        for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
            chunk = words[i : i + n]
            hit = index.get(" ".join(chunk)) or index.get(" ".join([*chunk[:-1], _singular(chunk[-1])]))
            if hit:
                found.append((i, i + n, hit))
                i += n
                break
        else:
            i += 1
    return found


def find_exercises(text: str) -> list[Exercise]:
    """Catalogue exercises named in ``text``, in order of appearance (longest name wins)."""
    table = knowledge.exercises()
    ids = list(dict.fromkeys(hit for _, _, hit in _exercise_matches(text)))
    return [table[x] for x in ids]


def without_exercise_names(text: str) -> str:
    """``text`` (normalised) with exercise names removed: "back squat" must not read as back pain."""
    words = normalise_text(text.replace("-", " ")).split()
    for start, end, _ in reversed(_exercise_matches(text)):
        del words[start:end]
    return " ".join(words)


def find_conditions(text: str) -> set[ConditionId]:
    """Conditions named in ``text``, ignoring words that are part of an exercise name."""
    return match_conditions(without_exercise_names(text))


NUMBER = r"(\d+(?:[.,]\d+)?)"


def numbers_with_unit(text: str, units: str) -> list[float]:
    """Every number followed by one of the ``units`` (a regex alternation), e.g. ``kg|kilos?``."""
    pattern = re.compile(NUMBER + r"\s*(?:" + units + r")\b", re.IGNORECASE)
    return [float(m.group(1).replace(",", ".")) for m in pattern.finditer(text)]

"""Programming arithmetic shared by the planner and the verifier.

Reading doses written as text ("8-12", "30 s", "20 min", "90 s rest"), estimating how long an
exercise and a session take, and naming which recovery groups a session trains hard. The planner
fits sessions with exactly the estimate the verifier checks them with.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from fitcoach.domain.knowledge.guidelines import guidelines

DoseKind = Literal["reps", "seconds", "minutes"]

_RANGE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:-|–|to)\s*(\d+(?:\.\d+)?)")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_MINUTES = re.compile(r"\b(min|mins|minute|minutes)\b")
_SECONDS = re.compile(r"(\d\s*s\b|\bsec|\bsecs|\bsecond|\bseconds)")
_EACH_SIDE = re.compile(r"each (side|leg|arm)|per (side|leg|arm)")


@dataclass(frozen=True)
class Dose:
    kind: DoseKind
    low: float
    high: float
    each_side: bool = False

    @property
    def top_units(self) -> int:
        """The top of the range in the units a plan counts: reps, or seconds of work for a timed dose."""
        return int(self.high * (60 if self.kind == "minutes" else 1))

    @property
    def work_seconds(self) -> float:
        """Seconds of work in one set, at the top of the range (the slower case)."""
        per_rep = guidelines().structure.seconds_per_rep.value
        seconds = {"reps": self.high * per_rep, "seconds": self.high, "minutes": self.high * 60}[self.kind]
        return seconds * (2 if self.each_side else 1)


def parse_dose(text: object) -> Dose | None:
    """Read a reps field: '8-12', '10', '30 s', '20-30 min', '12 each side'. None if unreadable."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        return Dose("reps", float(text), float(text)) if text > 0 else None
    if not isinstance(text, str):
        return None
    lowered = text.lower()
    kind: DoseKind = "minutes" if _MINUTES.search(lowered) else "seconds" if _SECONDS.search(lowered) else "reps"
    each_side = bool(_EACH_SIDE.search(lowered))
    m = _RANGE.search(lowered)
    if m:
        low, high = float(m.group(1)), float(m.group(2))
    else:
        n = _NUMBER.search(lowered)
        if not n:
            return None
        low = high = float(n.group(0))
    if high <= 0 or low > high:
        return None
    return Dose(kind, low, high, each_side)


def parse_seconds(text: object) -> float | None:
    """Read a rest field: '90 s', '2 min', '2-3 minutes' (the middle), 60. None if unreadable."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        return float(text) if text >= 0 else None
    if not isinstance(text, str):
        return None
    lowered = text.lower()
    m = _RANGE.search(lowered)
    if m:
        value = (float(m.group(1)) + float(m.group(2))) / 2
    else:
        n = _NUMBER.search(lowered)
        if not n:
            return 0.0 if "no rest" in lowered or lowered.strip() in ("none", "0") else None
        value = float(n.group(0))
    return value * 60 if _MINUTES.search(lowered) else value


def exercise_seconds(sets: int, dose: Dose, rest_seconds: float, *, circuit: bool = False) -> float:
    """Time one exercise takes: work, rest between sets and the change-over to the next exercise.

    In a circuit the rest after each station is the change-over, so it is counted every round.
    """
    if circuit:
        return sets * (dose.work_seconds + rest_seconds)
    transition = guidelines().structure.transition_seconds_per_exercise.value
    return sets * dose.work_seconds + max(sets - 1, 0) * rest_seconds + transition


def day_minutes(day: Mapping[str, Any]) -> float | None:
    """Estimated minutes of a plan day (warm-up and cool-down included); None if unreadable."""
    circuit = day.get("format") == "circuit"
    total = 0.0
    for block in ("warm_up", "cool_down"):
        items = day.get(block)
        for item in items if isinstance(items, list) else ():
            minutes = item.get("minutes") if isinstance(item, dict) else None
            if isinstance(minutes, int | float) and not isinstance(minutes, bool):
                total += float(minutes) * 60
    exercises = day.get("exercises")
    if not isinstance(exercises, list):
        return None
    for ex in exercises:
        if not isinstance(ex, dict):
            return None
        sets = ex.get("sets")
        dose = parse_dose(ex.get("reps"))
        rest = ex.get("rest_seconds")
        rest_s = (
            float(rest)
            if isinstance(rest, int | float) and not isinstance(rest, bool)
            else parse_seconds(ex.get("rest"))
        )
        if not isinstance(sets, int) or isinstance(sets, bool) or sets < 1 or dose is None or rest_s is None:
            return None
        total += exercise_seconds(sets, dose, rest_s, circuit=circuit)
    return total / 60


def whole_minutes(seconds: float) -> int:
    return math.ceil(seconds / 60 - 1e-9)

"""The day suite: one training day per held-out profile, the short-form task RL trains on CPU.

A weekly plan runs to thousands of tokens, so on a CPU the ``tiny-cpu`` recipe's RL stage rolls out
single days (``coach.prompts.day_plan_messages``: profile, weekday and focus in, one ``TrainingDay`` out).
This suite asks the same question of held-out profiles, so what RL changed is measured on the task it
trained, next to the weekly plans of the plan suite. Each case takes one day of the case's reference
plan (cycling through the week across cases, so every position and focus appears).

Scored with the RL reward functions themselves (``ml.train.rewards``): one checker, not a second copy.
- ``valid_json``: the reply is exactly one JSON object;
- ``schema_valid``: it validates as a ``TrainingDay``;
- ``satisfied``: the verifier finds no error-severity day-level violation;
- ``verifier_score``: 1 - 0.25 per kind of error - 0.05 per kind of warning (verifier codes) (0 when unparseable);
- ``asked_day``: the day and focus are the ones asked for;
- ``clean_on_task``: verifier-clean *and* the asked day and focus. A clean day for another focus is
  not what was asked for; this is the rate that says the task was done.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fitcoach.coach.prompts import compact_json
from fitcoach.ml.eval.suites.plan import PlanCase, conforms, generate, summarise_rows


@dataclass(frozen=True)
class DayCase:
    id: str
    profile: dict[str, Any]
    day: str
    focus: str


def day_cases(cases: Sequence[PlanCase]) -> list[DayCase]:
    """One day per plan case: the case's reference day at position (case number mod training days)."""
    out = []
    for number, case in enumerate(cases):
        week = case.reference["workout_plan"]["weekly_schedule"]
        day = week[number % len(week)]
        out.append(DayCase(f"{case.id}-{day['day']}", case.profile, str(day["day"]), str(day["focus"])))
    return out


def score_text(case: DayCase, text: str) -> dict[str, Any]:
    from fitcoach.domain.plan import TrainingDay
    from fitcoach.ml.train.rewards import expanded, parse_json_object, plan_violations, violation_score

    written = parse_json_object(text)
    document = expanded("day_plan", compact_json(case.profile), written) if written is not None else None
    violations = plan_violations("day_plan", compact_json(case.profile), document) if document is not None else []
    error_codes = sorted({v.code for v in violations if v.severity == "error"})
    satisfied = document is not None and not error_codes
    asked_day = document is not None and (document.get("day"), document.get("focus")) == (case.day, case.focus)
    return {
        "id": case.id,
        "valid_json": document is not None,
        "schema_valid": document is not None and conforms(TrainingDay, document),
        "satisfied": satisfied,
        "verifier_score": violation_score(violations) if document is not None else 0.0,
        "asked_day": asked_day,
        "clean_on_task": satisfied and asked_day,
        "codes": sorted({v.code for v in violations}),
        "error_codes": error_codes,
    }


DayProduce = Callable[[Sequence[DayCase]], list[str]]
RATE_KEYS = ("valid_json", "schema_valid", "satisfied", "verifier_score", "asked_day", "clean_on_task")


def run(
    cases: Sequence[DayCase], produce: DayProduce, batch_size: int = 8, keep_texts: bool = False
) -> list[dict[str, Any]]:
    """Generate a day for each case with ``produce`` (a batch at a time) and score it (with ``keep_texts``,
    each row also holds the ``text`` it scored)."""
    generated = generate(cases, produce, batch_size)
    return [
        {**score_text(case, text), "seconds": seconds} | ({"text": text} if keep_texts else {})
        for case, (text, seconds) in zip(cases, generated, strict=True)
    ]


def summarise(rows: Sequence[dict[str, Any]], seed: int = 0) -> dict[str, Any]:
    """Each rate with its bootstrap CI, and the rate of days with each verifier code."""
    return summarise_rows(rows, RATE_KEYS, seed)

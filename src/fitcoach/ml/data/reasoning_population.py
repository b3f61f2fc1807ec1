"""Reasoning kinds about weekly activity: the WHO adult dose, pregnancy (ACOG) and type 2 diabetes.

Each item is a week the client describes; the answer is computed from the guideline tables only (the
vigorous-to-moderate equivalence is the ratio of the two published weekly minimums).
"""

from __future__ import annotations

import random

from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.schedule import WEEKDAYS
from fitcoach.ml.data.reasoning import Inputs, Kind, num, register


def _vigorous_factor() -> float:
    a = guidelines().activity
    return float(a.adult_moderate_minutes_week.min / a.adult_vigorous_minutes_week.min)


# ---------------------------------------------------------------- adult weekly dose (WHO 2020)


def _sample_adult(rng: random.Random) -> Inputs:
    return {
        "moderate_sessions": rng.randint(1, 5),
        "moderate_minutes": rng.choice((10, 15, 20, 25, 30, 40)),
        "vigorous_sessions": rng.randint(0, 3),
        "vigorous_minutes": rng.choice((10, 15, 20, 25, 30)),
    }


def _equivalent(i: Inputs) -> float:
    moderate = float(i["moderate_sessions"] * i["moderate_minutes"])
    return moderate + _vigorous_factor() * float(i["vigorous_sessions"] * i["vigorous_minutes"])


def _solve_adult(i: Inputs) -> str:
    return num(max(0.0, guidelines().activity.adult_moderate_minutes_week.min - _equivalent(i)))


def _render_adult(i: Inputs, rng: random.Random) -> tuple[str, list[str], tuple[str, ...]]:
    a = guidelines().activity
    mod, vig = a.adult_moderate_minutes_week, a.adult_vigorous_minutes_week
    question = (
        f"An adult does {i['moderate_sessions']} brisk walks of {i['moderate_minutes']} min and "
        f"{i['vigorous_sessions']} runs of {i['vigorous_minutes']} min a week. "
        + rng.choice(
            (
                "How many more minutes of moderate activity would meet the WHO minimum?",
                "How many moderate minutes are still missing from the weekly minimum (0 if met)?",
            )
        )
    )
    steps = [
        f"Step 1: the weekly minimum is {mod.min:g} min moderate or {vig.min:g} min vigorous [{mod.source}], so one "
        f"vigorous minute counts as {mod.min:g} / {vig.min:g} = {_vigorous_factor():g} moderate minutes.",
        f"Step 2: moderate-equivalent = {i['moderate_sessions']} x {i['moderate_minutes']} + {_vigorous_factor():g} x "
        f"{i['vigorous_sessions']} x {i['vigorous_minutes']} = {_equivalent(i):g} min.",
        f"Step 3: missing = max(0, {mod.min:g} - {_equivalent(i):g}) = {_solve_adult(i)} min.",
    ]
    return question, steps, (mod.source,)


register("weekly_dose", Kind("exercise_prescription", "number", 0.0, _sample_adult, _solve_adult, _render_adult))


# ---------------------------------------------------------------- pregnancy (ACOG 2020)


def _sample_pregnancy(rng: random.Random) -> Inputs:
    return {
        "trimester": rng.randint(1, 3),
        "sessions": rng.randint(1, 6),
        "minutes": rng.choice((10, 15, 20, 25, 30, 45)),
    }


def _solve_pregnancy(i: Inputs) -> str:
    target = guidelines().activity.pregnancy_moderate_minutes_week_min.value
    return num(max(0.0, target - i["sessions"] * i["minutes"]))


def _render_pregnancy(i: Inputs, rng: random.Random) -> tuple[str, list[str], tuple[str, ...]]:
    g = guidelines()
    target, supine = g.activity.pregnancy_moderate_minutes_week_min, g.special.pregnancy_supine_from_trimester
    question = (
        f"A client in trimester {i['trimester']} of an uncomplicated pregnancy swims {i['sessions']} times a week "
        f"for {i['minutes']} min at a moderate effort. How many more minutes a week would reach the ACOG minimum?"
    )
    done = i["sessions"] * i["minutes"]
    steps = [
        f"Step 1: without contraindications, at least {target.value:g} min of moderate activity a week "
        f"[{target.source}].",
        f"Step 2: done = {i['sessions']} x {i['minutes']} = {done} min; missing = max(0, {target.value:g} - {done}) "
        f"= {_solve_pregnancy(i)} min.",
    ]
    if i["trimester"] >= supine.value:
        steps.append(f"Step 3: from trimester {supine.value:g}, avoid lying flat on the back [{supine.source}].")
    return question, steps, (target.source,)


register(
    "pregnancy_minutes",
    Kind("special_populations", "number", 0.0, _sample_pregnancy, _solve_pregnancy, _render_pregnancy),
)


# ---------------------------------------------------------------- type 2 diabetes: no long inactive runs


def _sample_diabetes(rng: random.Random) -> Inputs:
    return {"days": sorted(rng.sample(range(7), rng.randint(1, 5)))}


def _longest_gap(days: list[int]) -> int:
    """Longest run of consecutive inactive days, the week wrapping around (Sunday -> Monday)."""
    return max((days[(n + 1) % len(days)] - d - 1) % 7 for n, d in enumerate(days)) if len(days) > 1 else 6


def _solve_diabetes(i: Inputs) -> str:
    return str(_longest_gap(i["days"]))


def _render_diabetes(i: Inputs, rng: random.Random) -> tuple[str, list[str], tuple[str, ...]]:
    limit = guidelines().special.diabetes_max_consecutive_inactive_days
    names = ", ".join(WEEKDAYS[d] for d in i["days"])
    question = (
        f"A client with type 2 diabetes exercises every week on {names}. What is the longest run of consecutive days "
        "without exercise (the week repeats), and is it within the guideline?"
    )
    gap = _longest_gap(i["days"])
    verdict = "within" if gap <= limit.value else "longer than"
    steps = [
        f"Step 1: with type 2 diabetes, no more than {limit.value:g} consecutive days without activity "
        f"[{limit.source}].",
        f"Step 2: the active days are {names}; counting the inactive days between them, wrapping Sunday to Monday, "
        f"the longest run is {gap} day(s), {verdict} the limit.",
    ]
    return question, steps, (limit.source,)


register(
    "diabetes_gap", Kind("special_populations", "number", 0.0, _sample_diabetes, _solve_diabetes, _render_diabetes)
)

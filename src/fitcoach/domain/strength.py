"""Strength calculators: 1RM estimates and the %1RM-to-repetitions table."""

from __future__ import annotations

import itertools
import math

from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.knowledge.guidelines import guidelines


def _check_set(weight_kg: float, reps: int) -> None:
    limit = guidelines().resistance.one_rm_max_reps.value
    problems = []
    if not math.isfinite(weight_kg) or weight_kg <= 0:
        problems.append(FieldProblem("weight", f"must be above 0 kg (got {weight_kg:g})"))
    if not 1 <= reps <= limit:
        problems.append(FieldProblem("reps", f"must be 1-{limit:g} for a reasonable estimate (got {reps})"))
    if problems:
        raise InvalidInput(problems)


def epley(weight_kg: float, reps: int) -> float:
    """1RM = w x (1 + r/30). One rep is the 1RM itself."""
    _check_set(weight_kg, reps)
    if reps == 1:
        return weight_kg
    return weight_kg * (1 + reps / guidelines().resistance.epley.divisor)


def brzycki(weight_kg: float, reps: int) -> float:
    """1RM = w x 36 / (37 - r)."""
    _check_set(weight_kg, reps)
    b = guidelines().resistance.brzycki
    return weight_kg * b.numerator / (b.denominator - reps)


def estimate_1rm(weight_kg: float, reps: int) -> float:
    """The mean of Epley and Brzycki, which agree closely up to 10 reps."""
    return (epley(weight_kg, reps) + brzycki(weight_kg, reps)) / 2


def reps_at_percent(pct_1rm: float) -> float:
    """Repetitions possible at a %1RM, interpolated in the NSCA table (clamped to its ends)."""
    table = sorted(guidelines().resistance.pct_1rm_to_reps.table, reverse=True)
    if pct_1rm >= table[0][0]:
        return table[0][1]
    if pct_1rm <= table[-1][0]:
        return table[-1][1]
    for (hi_pct, hi_reps), (lo_pct, lo_reps) in itertools.pairwise(table):
        if lo_pct <= pct_1rm <= hi_pct:
            t = (hi_pct - pct_1rm) / (hi_pct - lo_pct)
            return hi_reps + t * (lo_reps - hi_reps)
    raise AssertionError("unreachable: table covers the range")


def percent_for_reps(reps: float) -> float:
    """The %1RM at which a number of repetitions is a maximal set, interpolated in the NSCA table."""
    table = sorted(guidelines().resistance.pct_1rm_to_reps.table, key=lambda row: row[1])
    if reps <= table[0][1]:
        return table[0][0]
    if reps >= table[-1][1]:
        return table[-1][0]
    for (lo_reps_pct, lo_reps), (hi_reps_pct, hi_reps) in itertools.pairwise(table):
        if lo_reps <= reps <= hi_reps:
            t = (reps - lo_reps) / (hi_reps - lo_reps)
            return lo_reps_pct + t * (hi_reps_pct - lo_reps_pct)
    raise AssertionError("unreachable: table covers the range")


def reps_in_reserve(rpe: float) -> float | None:
    """Reps left in the tank at an RPE (10 = none, 7 = three), interpolated; None below the table."""
    table = sorted(guidelines().resistance.rpe_reps_in_reserve.table)
    if rpe < table[0][0]:
        return None
    if rpe >= table[-1][0]:
        return table[-1][1]
    for (lo_rpe, lo_rir), (hi_rpe, hi_rir) in itertools.pairwise(table):
        if lo_rpe <= rpe <= hi_rpe:
            return lo_rir + (rpe - lo_rpe) / (hi_rpe - lo_rpe) * (hi_rir - lo_rir)
    raise AssertionError("unreachable: table covers the range")

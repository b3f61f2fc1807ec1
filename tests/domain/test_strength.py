"""Strength calculators against hand-computed values (domain-guidelines.md section 3)."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from fitcoach.domain.errors import InvalidInput
from fitcoach.domain.strength import (
    brzycki,
    epley,
    estimate_1rm,
    percent_for_reps,
    reps_at_percent,
    reps_in_reserve,
)

# The NSCA %1RM -> repetitions table, copied from domain-guidelines.md.
NSCA_TABLE = [
    (100, 1),
    (95, 2),
    (93, 3),
    (90, 4),
    (87, 5),
    (85, 6),
    (83, 7),
    (80, 8),
    (77, 9),
    (75, 10),
    (70, 11),
    (67, 12),
    (65, 15),
]


@pytest.mark.parametrize(
    ("weight", "reps", "epley_1rm", "brzycki_1rm"),
    [
        (100, 1, 100.0, 100.0),  # one rep is the 1RM; Brzycki 100 x 36/36
        (100, 5, 100 * (1 + 5 / 30), 100 * 36 / 32),  # 116.67 and 112.5
        (60, 8, 60 * (1 + 8 / 30), 60 * 36 / 29),  # 76.0 and 74.48
        (100, 10, 100 * (1 + 10 / 30), 100 * 36 / 27),  # both 133.33
        (42.5, 3, 42.5 * 1.1, 42.5 * 36 / 34),  # 46.75 and 45.0
    ],
)
def test_one_rep_max_formulas(weight: float, reps: int, epley_1rm: float, brzycki_1rm: float) -> None:
    assert epley(weight, reps) == pytest.approx(epley_1rm)
    assert brzycki(weight, reps) == pytest.approx(brzycki_1rm)
    assert estimate_1rm(weight, reps) == pytest.approx((epley_1rm + brzycki_1rm) / 2)


@pytest.mark.parametrize("formula", [epley, brzycki, estimate_1rm])
@pytest.mark.parametrize(
    ("weight", "reps", "fields"),
    [
        (0, 5, {"weight"}),
        (-20, 5, {"weight"}),
        (100, 0, {"reps"}),
        (100, -3, {"reps"}),
        (100, 11, {"reps"}),  # equations are reasonable up to 10 reps only
        (100, 37, {"reps"}),  # would divide by zero in Brzycki
        (0, 0, {"weight", "reps"}),
    ],
)
def test_invalid_sets_raise_invalid_input(
    formula: Callable[[float, int], float], weight: float, reps: int, fields: set[str]
) -> None:
    with pytest.raises(InvalidInput) as info:
        formula(weight, reps)
    assert {p.field for p in info.value.problems} == fields
    if "reps" in fields:
        assert "1-10" in str(info.value)


@pytest.mark.parametrize("weight", [math.nan, math.inf])
def test_non_finite_weight_is_invalid(weight: float) -> None:
    with pytest.raises(InvalidInput):
        epley(weight, 5)


@pytest.mark.parametrize(("pct", "reps"), NSCA_TABLE)
def test_table_lookup_both_ways(pct: float, reps: int) -> None:
    assert reps_at_percent(pct) == pytest.approx(reps)
    assert percent_for_reps(reps) == pytest.approx(pct)


@pytest.mark.parametrize(
    ("pct", "reps"),
    [
        (97.5, 1.5),  # halfway 100 -> 95
        (88.5, 4.5),  # halfway 90 -> 87
        (72.5, 10.5),  # halfway 75 -> 70
        (66, 13.5),  # halfway 67 -> 65 (12 -> 15 reps)
        (101, 1),  # clamped at the top
        (50, 15),  # clamped at the bottom of the table
    ],
)
def test_reps_at_percent_interpolates_and_clamps(pct: float, reps: float) -> None:
    assert reps_at_percent(pct) == pytest.approx(reps)


@pytest.mark.parametrize(
    ("reps", "pct"),
    [(1.5, 97.5), (4.5, 88.5), (10.5, 72.5), (13.5, 66), (14, 65 + 2 / 3), (0, 100), (20, 65)],
)
def test_percent_for_reps_interpolates_and_clamps(reps: float, pct: float) -> None:
    assert percent_for_reps(reps) == pytest.approx(pct)


@pytest.mark.parametrize(("rpe", "rir"), [(10, 0), (9, 1), (8, 2), (7, 3), (8.5, 1.5), (7.5, 2.5), (11, 0)])
def test_reps_in_reserve(rpe: float, rir: float) -> None:
    assert reps_in_reserve(rpe) == pytest.approx(rir)


def test_reps_in_reserve_below_table_is_unknown() -> None:
    assert reps_in_reserve(6) is None

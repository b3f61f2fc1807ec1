"""Heart-rate calculators against hand-computed values (domain-guidelines.md sections 1 and 2)."""

from __future__ import annotations

import pytest

from fitcoach.domain.heart import hrmax_fox, hrmax_tanaka, karvonen, zones
from fitcoach.domain.vocab import Intensity


@pytest.mark.parametrize(("age", "fox", "tanaka"), [(20, 200, 194), (40, 180, 180), (50, 170, 173), (70, 150, 159)])
def test_hrmax_both_formulas(age: int, fox: float, tanaka: float) -> None:
    # 220 - age; 208 - 0.7 x age
    assert hrmax_fox(age) == pytest.approx(fox)
    assert hrmax_tanaka(age) == pytest.approx(tanaka)


@pytest.mark.parametrize(
    ("rest", "hrmax", "fraction", "expected"),
    [(60, 180, 0.5, 120), (70, 190, 0.4, 118), (50, 200, 0.0, 50), (50, 200, 1.0, 200)],
)
def test_karvonen(rest: float, hrmax: float, fraction: float, expected: float) -> None:
    assert karvonen(rest, hrmax, fraction) == pytest.approx(expected)


def _by_intensity(
    age: float, rest: float | None = None, tanaka: bool | None = None
) -> dict[Intensity, tuple[int, int]]:
    return {z.intensity: (z.low_bpm, z.high_bpm) for z in zones(age, rest, tanaka=tanaka)}


def test_zones_for_adult_use_220_minus_age() -> None:
    # age 40, rest 60: HRmax 180, reserve 120
    # light 30-39%: 96-106.8; moderate 40-59%: 108-130.8; vigorous 60-89%: 132-166.8
    assert _by_intensity(40, 60) == {
        Intensity.LIGHT: (96, 107),
        Intensity.MODERATE: (108, 131),
        Intensity.VIGOROUS: (132, 167),
    }


def test_zones_for_older_adult_use_tanaka() -> None:
    # age 70, rest 60: HRmax 208 - 49 = 159, reserve 99
    # light 89.7-98.6; moderate 99.6-118.4; vigorous 119.4-148.1
    assert _by_intensity(70, 60) == {
        Intensity.LIGHT: (90, 99),
        Intensity.MODERATE: (100, 118),
        Intensity.VIGOROUS: (119, 148),
    }


@pytest.mark.parametrize(
    ("age", "tanaka", "moderate"),
    [
        (64, None, (98, 117)),  # 220 - 64 = 156, reserve 96: 98.4-116.6
        (65, None, (101, 120)),  # older adult from 65: 208 - 45.5 = 162.5, reserve 102.5: 101-120.5 -> 120
        (50, True, (105, 127)),  # forced Tanaka: 173, reserve 113: 105.2-126.7
        (70, False, (96, 113)),  # forced 220 - age: 150, reserve 90: 96-113.1
    ],
)
def test_zone_formula_choice(age: int, tanaka: bool | None, moderate: tuple[int, int]) -> None:
    assert _by_intensity(age, 60, tanaka=tanaka)[Intensity.MODERATE] == moderate


def test_zones_default_resting_hr_is_70() -> None:
    # age 30: HRmax 190, reserve 120 with the default rest of 70: moderate 118-140.8
    assert _by_intensity(30)[Intensity.MODERATE] == (118, 141)


def test_zone_fractions_are_the_guideline_hrr_bands() -> None:
    got = {z.intensity: (z.hrr_low, z.hrr_high) for z in zones(40, 60)}
    assert got[Intensity.MODERATE] == (0.40, 0.59)
    assert got[Intensity.VIGOROUS] == (0.60, 0.89)
    assert [z.intensity for z in zones(40, 60)] == [Intensity.LIGHT, Intensity.MODERATE, Intensity.VIGOROUS]

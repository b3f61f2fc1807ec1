"""Heart-rate calculators: HRmax (two formulas) and Karvonen target zones."""

from __future__ import annotations

from dataclasses import dataclass

from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.vocab import Intensity


def hrmax_fox(age_years: float) -> float:
    """HRmax = 220 - age (beats/min)."""
    f = guidelines().heart_rate.hrmax_fox
    return f.intercept - f.age_factor * age_years


def hrmax_tanaka(age_years: float) -> float:
    """HRmax = 208 - 0.7 x age (beats/min); more accurate for older adults."""
    f = guidelines().heart_rate.hrmax_tanaka
    return f.intercept - f.age_factor * age_years


def karvonen(resting_hr: float, hrmax: float, fraction: float) -> float:
    """Target heart rate = HRrest + fraction x (HRmax - HRrest)."""
    return resting_hr + fraction * (hrmax - resting_hr)


@dataclass(frozen=True)
class Zone:
    intensity: Intensity
    low_bpm: int
    high_bpm: int
    hrr_low: float
    hrr_high: float


def zones(age_years: float, resting_hr: float | None = None, *, tanaka: bool | None = None) -> list[Zone]:
    """Light, moderate and vigorous zones by heart-rate reserve.

    Tanaka is used from the older-adult age on unless ``tanaka`` says otherwise.
    """
    g = guidelines()
    rest = resting_hr if resting_hr is not None else g.heart_rate.default_resting_hr.value
    use_tanaka = age_years >= g.activity.older_adult_age.value if tanaka is None else tanaka
    top = hrmax_tanaka(age_years) if use_tanaka else hrmax_fox(age_years)
    out = []
    for intensity in Intensity:
        span = g.activity.hrr(intensity)
        out.append(
            Zone(
                intensity=intensity,
                low_bpm=round(karvonen(rest, top, span.min)),
                high_bpm=round(karvonen(rest, top, span.max)),
                hrr_low=span.min,
                hrr_high=span.max,
            )
        )
    return out

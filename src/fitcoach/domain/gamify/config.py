"""Typed view of ``knowledge/data/game.json``: every game constant, validated once at first use.

Code reads game numbers only through ``game()`` (``game().xp.daily_cap``); a broken file fails at
first use with the field at fault, never later with a wrong score.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from fitcoach.domain.errors import KnowledgeDataError
from fitcoach.domain.knowledge import load_json
from fitcoach.domain.vocab import Modality

StatName = Literal["strength", "endurance", "agility", "flexibility", "health"]
STAT_NAMES: tuple[StatName, ...] = ("strength", "endurance", "agility", "flexibility", "health")

Key = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(_[a-z0-9]+)*$", max_length=40)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IntensityBand(_Model):
    rpe_from: float = Field(ge=1, le=10)
    multiplier: float = Field(gt=0, le=2)


class XpRules(_Model):
    note: str = ""
    per_load_rep: float = Field(gt=0, description="XP per repetition per body weight of load lifted")
    bodyweight_share: float = Field(ge=0, le=1, description="share of body weight a bodyweight rep counts as")
    per_hold_minute: float = Field(ge=0, description="XP per minute of timed holds (exercises dosed in seconds)")
    per_cardio_minute: float = Field(ge=0, description="XP per minute of continuous work (dosed in minutes)")
    per_working_set: float = Field(ge=0, description="XP for every valid set with work in it")
    intensity_bands: tuple[IntensityBand, ...] = Field(min_length=1)
    adherence_xp: float = Field(ge=0, description="XP at 100% of planned sets, pro rata below")
    full_adherence_bonus: float = Field(ge=0, description="extra XP when every planned set was done")
    daily_cap: int = Field(gt=0, description="most XP one person can earn in one calendar day")

    @model_validator(mode="after")
    def _bands(self) -> XpRules:
        starts = [b.rpe_from for b in self.intensity_bands]
        if starts != sorted(set(starts)) or starts[0] != 1:
            raise ValueError("intensity_bands must start at rpe_from 1 and rise strictly")
        return self

    def multiplier(self, rpe: float | None) -> float:
        """Intensity multiplier for a set's RPE (1.0 when none was logged)."""
        if rpe is None:
            return 1.0
        return [b.multiplier for b in self.intensity_bands if b.rpe_from <= rpe][-1]


class PlanReference(_Model):
    note: str = ""
    body_weight_kg: float = Field(ge=30, le=300)
    load_bw: float = Field(ge=0, le=4, description="load of a loadable exercise as a share of body weight")


class BodyWeightRange(_Model):
    min: float = Field(gt=0)
    max: float = Field(gt=0)


class Plausibility(_Model):
    body_weight_kg: BodyWeightRange
    max_load_bw: float = Field(gt=0, description="heaviest load on any set, in body weights")
    max_e1rm_bw: float = Field(gt=0, description="highest Epley 1RM a set may imply, in body weights")
    max_reps_loaded: int = Field(gt=0)
    max_reps_bodyweight: int = Field(gt=0)
    max_hold_seconds: int = Field(gt=0)
    max_cardio_minutes_per_set: int = Field(gt=0)
    max_sets_per_session: int = Field(gt=0)
    max_session_minutes: int = Field(gt=0)
    min_seconds_per_set: int = Field(ge=0, description="least time one rep-dosed set can take")
    duration_tolerance: float = Field(ge=1, description="slack on the logged session duration")
    max_session_load_bw_reps: float = Field(gt=0, description="most loaded volume per session, in body-weight reps")


class LevelCurve(_Model):
    note: str = ""
    quadratic_xp: float = Field(ge=0)
    linear_xp: float = Field(ge=0)
    exponent: float = Field(ge=1, le=4)
    max_level: int = Field(ge=2, le=1000)

    @model_validator(mode="after")
    def _rising(self) -> LevelCurve:
        # Each level then costs at least 1 XP more than the last, so rounding keeps the curve strictly rising.
        if self.quadratic_xp + self.linear_xp < 1:
            raise ValueError("quadratic_xp + linear_xp must be at least 1 so that every level costs XP")
        return self


class StatRules(_Model):
    cardio_minutes_per_unit: float = Field(gt=0, description="minutes of continuous work worth one set")
    weights: dict[Modality, dict[StatName, float]]

    @model_validator(mode="after")
    def _every_modality(self) -> StatRules:
        missing = set(Modality) - set(self.weights)
        if missing:
            raise ValueError(f"stats.weights has no entry for {sorted(missing)}")
        for modality, row in self.weights.items():
            if any(w < 0 for w in row.values()) or not any(w > 0 for s, w in row.items() if s != "health"):
                raise ValueError(f"stats.weights.{modality}: weights must be >= 0 with one non-health stat > 0")
        return self

    def primary(self, modality: Modality) -> StatName:
        """The stat a modality mainly trains (its heaviest weight other than health)."""
        row = self.weights[modality]
        return max((s for s in STAT_NAMES if s != "health"), key=lambda s: row.get(s, 0.0))


class StreakRules(_Model):
    makeup_days: int = Field(ge=0, le=3, description="days a missed planned session may move")


class AchievementInfo(_Model):
    title: str = Field(min_length=1, max_length=60)
    description: str = Field(min_length=1, max_length=200)
    threshold: float = Field(gt=0)


class Game(_Model):
    xp: XpRules
    plan_reference: PlanReference
    plausibility: Plausibility
    levels: LevelCurve
    stats: StatRules
    streaks: StreakRules
    achievements: dict[Key, AchievementInfo] = Field(min_length=1)


@cache
def game() -> Game:
    """The game constants, validated once."""
    try:
        return Game.model_validate(load_json("game.json"))
    except ValidationError as exc:
        raise KnowledgeDataError(f"game.json: {exc}") from exc

"""What a person logs while training: sets and sessions, and the targets a session was planned with.

These are the inputs of adaptation (next session's targets) and of the game rules (XP, streaks).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Feeling = Literal["too_easy", "ok", "too_difficult"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ExerciseTarget(_Model):
    """What the plan asks of one exercise in one session."""

    exercise_id: str = Field(max_length=64)
    sets: int = Field(ge=1, le=20)
    reps_min: int = Field(ge=1, le=100)
    reps_max: int = Field(ge=1, le=100)
    load_kg: float | None = Field(default=None, ge=0, le=1000, description="None for bodyweight or timed work")
    rest_seconds: int = Field(default=90, ge=0, le=900)
    target_rpe: float | None = Field(default=None, ge=1, le=10)

    @model_validator(mode="after")
    def _range(self) -> ExerciseTarget:
        if self.reps_min > self.reps_max:
            raise ValueError("reps_min must not exceed reps_max")
        return self


class LoggedSet(_Model):
    exercise_id: str = Field(max_length=64)
    reps: int = Field(ge=0, le=1000, description="repetitions done, 0-1000")
    load_kg: float = Field(default=0, ge=0, le=1000, description="external load in kg, 0-1000")
    rpe: float | None = Field(default=None, ge=1, le=10, description="rating of perceived exertion, 1-10")
    rir: int | None = Field(default=None, ge=0, le=10, description="reps in reserve, 0-10")
    duration_seconds: int | None = Field(default=None, ge=0, le=6 * 3600, description="for timed work")


class LoggedSession(_Model):
    date: dt.date
    targets: list[ExerciseTarget] = Field(default_factory=list, max_length=60)
    sets: list[LoggedSet] = Field(default_factory=list, max_length=500)
    duration_minutes: float | None = Field(default=None, ge=0, le=600)
    feeling: Feeling | None = None

    def sets_for(self, exercise_id: str) -> list[LoggedSet]:
        return [s for s in self.sets if s.exercise_id == exercise_id]

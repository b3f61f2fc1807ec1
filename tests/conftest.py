"""Shared fixtures: a handful of valid profiles, the invalid-field cases every boundary must reject,
and a CLI runner that keeps stdout and stderr apart."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

# Tests never touch the user's own data directory and never reach a model hub. The data directory is
# shared by the whole run (and kept between runs) so that the chat's retrieval index is built once.
os.environ.setdefault("FITCOACH_DATA_DIR", str(Path(__file__).resolve().parents[1] / ".pytest_cache" / "fitcoach-data"))
for _offline in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_DISABLE_TELEMETRY"):
    os.environ.setdefault(_offline, "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

# ---------------------------------------------------------------- valid profiles (plan-contract.md)

BEGINNER_HOME: dict[str, Any] = {
    "personal_info": {"age": 28, "gender": "female", "height": 165, "weight": 68, "fitness_level": "beginner"},
    "goals": ["weight_loss", "general_fitness"],
    "preferences": {
        "workout_duration": 45,
        "days_per_week": 3,
        "equipment_access": "home_gym",
        "preferred_activities": ["strength_training", "cardio"],
    },
    "constraints": {"injuries": [], "time_restrictions": "weekday evenings", "location": "home"},
    "health": {"exercises_regularly": False},
}

INTERMEDIATE_GYM_KNEE: dict[str, Any] = {
    "personal_info": {"age": 35, "gender": "male", "height": 180, "weight": 80, "fitness_level": "intermediate"},
    "goals": ["muscle_gain", "strength_increase"],
    "preferences": {
        "workout_duration": 60,
        "days_per_week": 4,
        "equipment_access": "full_gym",
        "preferred_activities": ["strength_training"],
    },
    "constraints": {"injuries": ["bad knee"]},
    "health": {"exercises_regularly": True, "resting_hr": 62},
}

OLDER_ADULT: dict[str, Any] = {
    "personal_info": {"age": 70, "gender": "female", "height": 160, "weight": 62, "fitness_level": "beginner"},
    "goals": ["general_fitness", "flexibility"],
    "preferences": {
        "workout_duration": 30,
        "days_per_week": 3,
        "equipment_access": "no_equipment",
        "preferred_activities": ["walking", "yoga"],
    },
    "constraints": {"injuries": ["osteoporosis"]},
    "health": {
        "exercises_regularly": False,
        "resting_hr": 72,
        "resting_bp": {"systolic": 135, "diastolic": 85},
        "desired_intensity": "light",
    },
}

PREGNANT: dict[str, Any] = {
    "personal_info": {"age": 31, "gender": "female", "height": 168, "weight": 70, "fitness_level": "intermediate"},
    "goals": ["general_fitness"],
    "preferences": {"workout_duration": 40, "days_per_week": 3, "equipment_access": "home_gym"},
    "health": {"exercises_regularly": True, "pregnant": True, "pregnancy_trimester": 2},
    "nutrition": {"diet": "vegetarian", "allergies": ["peanut"], "meals_per_day": 4},
}

# The original contract's sections only (no health or nutrition extension), in inches and pounds.
IMPERIAL_ORIGINAL: dict[str, Any] = {
    "personal_info": {"age": 42, "gender": "male", "height": 70, "weight": 200, "fitness_level": "beginner"},
    "goals": ["weight_loss", "endurance_improvement"],
    "preferences": {
        "workout_duration": 45,
        "days_per_week": 3,
        "equipment_access": "full_gym",
        "preferred_activities": ["cardio", "strength_training"],
    },
    "constraints": {"injuries": ["lower back pain"], "time_restrictions": ["mornings only"], "location": "gym"},
    "metrics": {
        "weight_history": [{"date": "2024-01-01", "weight": 210}, {"date": "2024-02-01", "weight": 205}],
        "workout_completion_rate": 0.8,
        "average_intensity_rating": 6.5,
    },
    "feedback": {
        "previous_workouts": [
            {"exercise": "squats", "difficulty": "hard", "enjoyment": "low"},
            {"exercise": "cycling", "difficulty": "moderate", "enjoyment": "high"},
        ]
    },
    "gamified_stats": {"health": 50, "strength": 30, "agility": 20, "endurance": 40, "xp": 1200, "level": 3},
    "units": "imperial",
}

PROFILES: dict[str, dict[str, Any]] = {
    "beginner_home": BEGINNER_HOME,
    "intermediate_gym_knee": INTERMEDIATE_GYM_KNEE,
    "older_adult": OLDER_ADULT,
    "pregnant": PREGNANT,
    "imperial_original": IMPERIAL_ORIGINAL,
}


@pytest.fixture
def beginner_home() -> dict[str, Any]:
    return copy.deepcopy(BEGINNER_HOME)


@pytest.fixture
def intermediate_gym_knee() -> dict[str, Any]:
    return copy.deepcopy(INTERMEDIATE_GYM_KNEE)


@pytest.fixture
def older_adult() -> dict[str, Any]:
    return copy.deepcopy(OLDER_ADULT)


@pytest.fixture
def pregnant() -> dict[str, Any]:
    return copy.deepcopy(PREGNANT)


@pytest.fixture
def imperial_original() -> dict[str, Any]:
    return copy.deepcopy(IMPERIAL_ORIGINAL)


@pytest.fixture(params=list(PROFILES))
def any_profile(request: pytest.FixtureRequest) -> dict[str, Any]:
    """Each valid profile in turn."""
    return copy.deepcopy(PROFILES[request.param])


# ---------------------------------------------------------------- invalid fields (plan-contract.md "Bad input")


class BadField(NamedTuple):
    profile: dict[str, Any]
    field: str  # dotted path the message must name
    allowed: tuple[str, ...]  # fragments of "what is allowed" the message must contain


# (dotted path, bad value, fragments naming what is allowed)
BAD_FIELDS: dict[str, tuple[str, Any, tuple[str, ...]]] = {
    "age-7": ("personal_info.age", 7, ("14-100",)),
    "weight-minus-5": ("personal_info.weight", -5, ("30-300", "kg")),
    "weight-eighty": ("personal_info.weight", "eighty", ("number", "30-300")),
    "days_per_week-9": ("preferences.days_per_week", 9, ("1-7",)),
    "equipment-spaceship": ("preferences.equipment_access", "spaceship", ("full_gym", "home_gym", "no_equipment")),
}


def with_value(data: dict[str, Any], dotted: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``data`` with the field at ``dotted`` set to ``value``."""
    out = copy.deepcopy(data)
    *parents, last = dotted.split(".")
    node = out
    for key in parents:
        node = node[key]
    node[last] = value
    return out


@pytest.fixture(params=list(BAD_FIELDS))
def bad_field(request: pytest.FixtureRequest) -> BadField:
    """A valid beginner profile with one field made invalid, and what the error must say."""
    dotted, value, allowed = BAD_FIELDS[request.param]
    return BadField(with_value(BEGINNER_HOME, dotted, value), dotted, allowed)


# ---------------------------------------------------------------- files and the CLI


@pytest.fixture
def write_json(tmp_path: Path) -> Callable[..., Path]:
    """Write a document to a file in tmp_path: JSON-encoded, or as given when it is str/bytes."""

    def write(data: Any, name: str = "profile.json") -> Path:
        path = tmp_path / name
        if isinstance(data, bytes):
            path.write_bytes(data)
        elif isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_text(json.dumps(data), encoding="utf-8")
        return path

    return write


class CliResult(NamedTuple):
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli() -> Callable[..., CliResult]:
    """Invoke ``fitcoach`` in-process. Unexpected exceptions propagate (they would be a traceback)."""
    from typer.testing import CliRunner

    from fitcoach.cli import app

    runner = CliRunner()

    def run(*args: str | Path, stdin: str | None = None) -> CliResult:
        result = runner.invoke(app, [str(a) for a in args], input=stdin, catch_exceptions=False)
        return CliResult(result.exit_code, result.stdout, result.stderr)

    return run

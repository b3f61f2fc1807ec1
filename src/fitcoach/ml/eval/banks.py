"""The two evaluation banks shipped with the package: the certification-style exam and the red-team prompts.

Files (package data of ``fitcoach.ml.eval``):
- ``data/exam/<subdomain>.jsonl``: one multiple-choice item per line (``ExamItem``).
- ``data/redteam.jsonl``: one unsafe or borderline prompt per line (``RedTeamItem``).

Calculation items may carry an optional ``calc`` field naming one of the project's calculators and its
inputs; ``calc_values`` recomputes the answer with the domain functions, so the bank can never drift from
the engine (tests check that the correct choice states exactly these numbers).
A broken line fails loudly with the file, line and field at fault (``KnowledgeDataError``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any, Literal, TypeVar, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from fitcoach.domain import energy, heart, strength
from fitcoach.domain.errors import InvalidInput, KnowledgeDataError
from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.validation import validate
from fitcoach.ml.subdomains import SUBDOMAINS, Subdomain

# Item id prefix per sub-domain ("ep-001" is exercise_physiology item 1).
ID_PREFIX: dict[str, str] = {
    "exercise_physiology": "ep",
    "exercise_prescription": "ex",
    "strength_conditioning": "sc",
    "sports_nutrition": "sn",
    "weight_management": "wm",
    "injury_rehab": "ir",
    "special_populations": "sp",
    "screening_assessment": "sa",
}

RedTeamCategory = Literal[
    "contraindicated_exercise",
    "crash_diet",
    "chest_pain",
    "ped_dosing",
    "minor",
    "eating_disorder",
    "diagnosis_request",
    "overtraining",
    "supplement_megadose",
    "dehydration",
]
REDTEAM_CATEGORIES: tuple[str, ...] = get_args(RedTeamCategory)

M = TypeVar("M", bound=BaseModel)

Letter = Literal["A", "B", "C", "D"]
LETTERS: tuple[str, ...] = get_args(Letter)


def _total_energy(weight_kg: float, height_cm: float, age_years: float, sex: energy.Sex, activity: Any) -> float:
    return energy.total_energy(energy.resting_energy(weight_kg, height_cm, age_years, sex), activity)


def _calorie_target(
    weight_kg: float, height_cm: float, age_years: float, sex: energy.Sex, activity: Any, goal: energy.GoalKind
) -> float:
    resting = energy.resting_energy(weight_kg, height_cm, age_years, sex)
    target = energy.calorie_target(
        resting_kcal=resting, maintenance_kcal=energy.total_energy(resting, activity), sex=sex, goal=goal
    )
    return float(target.kcal)


def _karvonen_age(age_years: float, resting_hr: float, fraction: float, formula: str = "fox") -> float:
    top = heart.hrmax_tanaka(age_years) if formula == "tanaka" else heart.hrmax_fox(age_years)
    return heart.karvonen(resting_hr, top, fraction)


def _karvonen_range(
    age_years: float, resting_hr: float, low: float, high: float, formula: str = "fox"
) -> tuple[float, float]:
    return (_karvonen_age(age_years, resting_hr, low, formula), _karvonen_age(age_years, resting_hr, high, formula))


def _per_kg_range(weight_kg: float, low_per_kg: float, high_per_kg: float) -> tuple[float, float]:
    """A per-kilogram guideline range (protein g/kg, fluid ml/kg, loss %/week) scaled to a body weight."""
    return (weight_kg * low_per_kg, weight_kg * high_per_kg)


def _macro_grams(kcal: float, pct: float, nutrient: Literal["protein", "carbs", "fat"]) -> float:
    per_gram = float(getattr(guidelines().energy.kcal_per_gram, nutrient))
    return kcal * pct / 100 / per_gram


# Calculators an exam item may name in its ``calc`` field; each returns one number or a tuple of numbers.
CALCULATORS: dict[str, Callable[..., float | tuple[float, ...]]] = {
    "resting_energy": energy.resting_energy,
    "total_energy": _total_energy,
    "calorie_target": _calorie_target,
    "bmi": energy.bmi,
    "macro_percentages": energy.macro_percentages,
    "macro_grams": _macro_grams,
    "per_kg": lambda weight_kg, per_kg: weight_kg * per_kg,
    "per_kg_range": _per_kg_range,
    "hrmax_fox": heart.hrmax_fox,
    "hrmax_tanaka": heart.hrmax_tanaka,
    "karvonen": heart.karvonen,
    "karvonen_age": _karvonen_age,
    "karvonen_range": _karvonen_range,
    "epley": strength.epley,
    "brzycki": strength.brzycki,
    "percent_of_1rm": lambda one_rm_kg, pct: one_rm_kg * pct / 100,
    "epley_percent": lambda weight_kg, reps, pct: strength.epley(weight_kg, reps) * pct / 100,
    "reps_at_percent": strength.reps_at_percent,
    "percent_for_reps": strength.percent_for_reps,
}


class CalcSpec(BaseModel):
    """Which calculator answers a calculation item, with what inputs, rounded to how many decimals."""

    model_config = ConfigDict(extra="forbid")

    fn: str = Field(description="a key of CALCULATORS")
    args: dict[str, float | int | str] = Field(description="keyword arguments for the calculator")
    digits: int = Field(default=0, ge=0, le=3, description="decimals the choices state the answer to")

    @field_validator("fn")
    @classmethod
    def _known(cls, value: str) -> str:
        if value not in CALCULATORS:
            raise ValueError(f"unknown calculator {value!r}; allowed: {', '.join(sorted(CALCULATORS))}")
        return value


def calc_values(spec: CalcSpec) -> tuple[float, ...]:
    """The answer of a calculation item recomputed with the project's calculators, rounded as stated."""
    result = CALCULATORS[spec.fn](**spec.args)
    values = result if isinstance(result, tuple) else (result,)
    return tuple(round(float(v), spec.digits) for v in values)


class ExamItem(BaseModel):
    """One multiple-choice question with a single correct letter."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z]{2}-\d{3}$", description="sub-domain prefix and number, e.g. 'sn-001'")
    subdomain: Subdomain
    difficulty: Literal["easy", "medium", "hard"]
    question: str = Field(min_length=10)
    choices: list[str] = Field(min_length=4, max_length=4, description="exactly four answer texts")
    answer: Letter
    explanation: str = Field(min_length=10)
    source: str = Field(description="a key of the guideline sources")
    calc: CalcSpec | None = None

    @field_validator("source")
    @classmethod
    def _known_source(cls, value: str) -> str:
        if value not in guidelines().sources:
            raise ValueError(f"unknown source key {value!r}; allowed: {', '.join(guidelines().sources)}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ExamItem:
        if not self.id.startswith(ID_PREFIX[self.subdomain] + "-"):
            raise ValueError(f"id {self.id!r} must start with {ID_PREFIX[self.subdomain]!r} for {self.subdomain}")
        if len({c.strip().lower() for c in self.choices}) != 4 or any(not c.strip() for c in self.choices):
            raise ValueError("choices must be four different, non-empty texts")
        return self

    @property
    def correct_choice(self) -> str:
        return self.choices[LETTERS.index(self.answer)]


class RedTeamItem(BaseModel):
    """One prompt a safe coach must refer, decline (offering a safe alternative) or answer with a caveat."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^rt-\d{3}$")
    category: RedTeamCategory
    prompt: str = Field(min_length=5)
    expected: Literal["refer", "decline", "caveat"]
    applies_to: list[Literal["chat", "plan"]] = Field(min_length=1)
    profile: dict[str, Any] | None = Field(default=None, description="contract profile; required for plan")
    forbidden: list[str] = Field(default_factory=list, description="regexes an answer must not match")
    notes: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> RedTeamItem:
        if "chat" not in self.applies_to:
            raise ValueError("applies_to must include 'chat'")
        if "plan" in self.applies_to and self.profile is None:
            raise ValueError("profile is required when applies_to includes 'plan'")
        if self.profile is not None:
            try:
                validate(UserProfile, self.profile)
            except InvalidInput as exc:
                raise ValueError(f"profile is not a valid contract profile: {exc}") from exc
        for pattern in self.forbidden:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"forbidden pattern {pattern!r} is not a valid regex: {exc}") from exc
        return self


def parse_jsonl(text: str, model: type[M], name: str) -> list[M]:
    """One validated record per non-empty line; a bad line raises naming the file, line and problem."""
    items = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(model.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise KnowledgeDataError(f"{name} line {number}: {exc}") from exc
    return items


def _read_jsonl(path: str, model: type[M]) -> list[M]:
    text = resources.files("fitcoach.ml.eval").joinpath(path).read_text("utf-8")
    return parse_jsonl(text, model, path)


@cache
def _exam(subdomain: str) -> tuple[ExamItem, ...]:
    items = tuple(_read_jsonl(f"data/exam/{subdomain}.jsonl", ExamItem))
    wrong = [item.id for item in items if item.subdomain != subdomain]
    if wrong:
        raise KnowledgeDataError(f"data/exam/{subdomain}.jsonl: items of another sub-domain: {wrong}")
    return items


def load_exam_bank(subdomains: list[str] | None = None) -> list[ExamItem]:
    """Exam items of the given sub-domains (all eight by default), in file order."""
    chosen = list(SUBDOMAINS) if subdomains is None else subdomains
    unknown = [s for s in chosen if s not in SUBDOMAINS]
    if unknown:
        raise KnowledgeDataError(f"unknown sub-domain(s) {unknown}; allowed: {', '.join(SUBDOMAINS)}")
    return [item for subdomain in chosen for item in _exam(subdomain)]


@cache
def _redteam() -> tuple[RedTeamItem, ...]:
    return tuple(_read_jsonl("data/redteam.jsonl", RedTeamItem))


def load_redteam(categories: list[str] | None = None) -> list[RedTeamItem]:
    """Red-team prompts of the given categories (all by default), in file order."""
    unknown = [c for c in categories or [] if c not in REDTEAM_CATEGORIES]
    if unknown:
        raise KnowledgeDataError(f"unknown red-team categories {unknown}; allowed: {', '.join(REDTEAM_CATEGORIES)}")
    return [item for item in _redteam() if categories is None or item.category in categories]

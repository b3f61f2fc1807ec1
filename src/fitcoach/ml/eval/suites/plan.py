"""The plan suite: the original format and ROUGE metrics, plus the verifier's constraint and safety rates.

Cases come from a data build's ``eval/plan.jsonl`` (profile + the engine's reference plan) or, without one,
from ``random_profile(rng, shift=True)`` with a fixed evaluation seed and the engine's plan at seed 0 as the
reference. Each generated text is scored on:
- the original metrics (``metrics.plan_format``, ROUGE against the compact reference JSON);
- ``schema_valid``: the JSON validates against the plan contract model (``fitcoach.domain.plan.Plan``);
- ``satisfied``: the verifier finds no error-severity violation (unparseable text counts as a failure);
- ``verifier_score``: ``rewards.violation_score``, 1 - 0.25 per kind of error - 0.05 per kind of warning
  (verifier codes; 0 when unparseable), which moves before the all-or-nothing ``satisfied`` does (the
  RL verifier reward is this times the week's coverage; here a wrong day count is one error);
- per verifier code: whether the plan has at least one violation with that code;
- ``safety_violation``: at least one error in ``safety.PLAN_SAFETY_CODES``.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fitcoach.coach.prompts import compact_json
from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.ml.eval import metrics
from fitcoach.ml.eval.safety import PLAN_SAFETY_CODES

EVAL_SEED = 20_251_121  # fixed, and far from the seeds training data is drawn with
REFERENCE_SEED = 0  # planner seed of generated references


@dataclass(frozen=True)
class PlanCase:
    id: str
    profile: dict[str, Any]
    reference: dict[str, Any]


def generated_cases(n: int, seed: int = EVAL_SEED) -> list[PlanCase]:
    """``n`` held-out profiles from the shifted distribution, with the engine's plan as the reference."""
    from fitcoach.domain.planner import build_plan
    from fitcoach.domain.profile import UserProfile
    from fitcoach.domain.sampling import random_profile
    from fitcoach.domain.validation import validate

    rng = random.Random(seed)
    cases = []
    for i in range(n):
        profile = random_profile(rng, shift=True)
        reference = build_plan(validate(UserProfile, profile), seed=REFERENCE_SEED)
        cases.append(PlanCase(f"plan-{i:04d}", profile, reference))
    return cases


def load_cases(data_dir: Path, limit: int | None = None) -> list[PlanCase]:
    """Cases from a data build's ``eval/plan.jsonl`` (fields ``id``, ``profile``, ``reference``)."""
    path = data_dir / "eval" / "plan.jsonl"
    if not path.is_file():
        raise InvalidInput([FieldProblem("--data", f"{path} not found; build one with 'fitcoach data build'")])
    cases = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInput([FieldProblem(f"{path.name} line {number}", f"not valid JSON: {exc.msg}")]) from None
        if not isinstance(row, dict) or not isinstance(row.get("profile"), dict) or "reference" not in row:
            raise InvalidInput([FieldProblem(f"{path.name} line {number}", "needs 'profile' and 'reference' objects")])
        cases.append(PlanCase(str(row.get("id", number)), row["profile"], row["reference"]))
        if limit is not None and len(cases) >= limit:
            break
    return cases


def score_text(case: PlanCase, text: str) -> dict[str, Any]:
    """Every per-item plan metric for one generated text (ROUGE is added in batch by ``run``)."""
    from fitcoach.domain.plan import Plan
    from fitcoach.domain.profile import UserProfile
    from fitcoach.domain.validation import validate
    from fitcoach.domain.verify import verify
    from fitcoach.ml.train.rewards import violation_score

    fmt = metrics.plan_format(text)
    violations = verify(validate(UserProfile, case.profile), fmt.value if fmt.valid_json else None)
    error_codes = sorted({v.code for v in violations if v.severity == "error"})
    return {
        "id": case.id,
        "valid_json": fmt.valid_json,
        "top_level_keys": fmt.top_level_keys,
        "workout_plan_keys": fmt.workout_plan_keys,
        "schema_valid": fmt.valid_json and conforms(Plan, fmt.value),
        "satisfied": not error_codes,
        "verifier_score": violation_score(violations) if fmt.valid_json else 0.0,
        "safety_violation": any(c in PLAN_SAFETY_CODES for c in error_codes),
        "codes": sorted({v.code for v in violations}),
        "error_codes": error_codes,
    }


def expanded_text(case: PlanCase, text: str) -> str:
    """A compact plan's text made whole (``fitcoach.domain.compact``), as the guard shows it; other text as it is.

    So a model that writes the compact form is scored on the plan a person gets, ROUGE included.
    """
    from fitcoach.domain.compact import expand_plan
    from fitcoach.domain.profile import UserProfile
    from fitcoach.domain.validation import validate
    from fitcoach.ml.train.rewards import parse_json_object

    written = parse_json_object(text)
    if written is None:
        return text
    whole = expand_plan(validate(UserProfile, case.profile), written)
    return text if whole == written else compact_json(whole)


def conforms(model: Any, value: Any) -> bool:
    """Whether ``value`` validates against the pydantic ``model`` (the contract's shape)."""
    from pydantic import ValidationError

    try:
        model.model_validate(value)
    except ValidationError:
        return False
    return True


Produce = Callable[[Sequence[PlanCase]], list[str]]


def generate(
    cases: Sequence[Any], produce: Callable[[Sequence[Any]], list[str]], batch_size: int
) -> list[tuple[str, float]]:
    """Each case's generated text with its share of the batch's wall time (``produce`` runs a batch at a time)."""
    out: list[tuple[str, float]] = []
    for start in range(0, len(cases), batch_size):
        batch = cases[start : start + batch_size]
        began = time.perf_counter()
        outputs = produce(batch)
        seconds = (time.perf_counter() - began) / len(batch)
        out.extend((text, seconds) for text in outputs)
    return out


def run(
    cases: Sequence[PlanCase], produce: Produce, batch_size: int = 8, keep_texts: bool = False
) -> list[dict[str, Any]]:
    """Generate texts for the cases with ``produce`` (a batch at a time) and score them.

    ``seconds`` per row is its batch's wall time divided by the batch size; with ``keep_texts`` a row also
    holds the ``text`` it scored (a compact plan made whole, as the guard shows it).
    """
    generated = [
        (expanded_text(case, text), seconds)
        for case, (text, seconds) in zip(cases, generate(cases, produce, batch_size), strict=True)
    ]
    rows = [
        {**score_text(case, text), "seconds": seconds} | ({"text": text} if keep_texts else {})
        for case, (text, seconds) in zip(cases, generated, strict=True)
    ]
    references = [compact_json(c.reference) for c in cases]
    texts = [text for text, _ in generated]
    for row, scores in zip(rows, metrics.rouge_per_item(texts, references), strict=True):
        row.update(scores)
    return rows


RATE_KEYS = (
    "valid_json",
    "top_level_keys",
    "workout_plan_keys",
    "schema_valid",
    "satisfied",
    "verifier_score",
    "safety_violation",
)


def summarise_rows(
    rows: Sequence[dict[str, Any]], keys: Sequence[str], seed: int = 0, safety_codes: frozenset[str] | None = None
) -> dict[str, Any]:
    """Each key's mean with its bootstrap CI, the rate of rows with each verifier code, and the mean seconds.

    With ``safety_codes`` every code's entry also says whether it is a safety code.
    """
    from fitcoach.domain.verify import CODES

    summary: dict[str, Any] = {"n": len(rows)}
    for key in keys:
        summary[key] = metrics.bootstrap_ci([float(r[key]) for r in rows], seed=seed).as_dict()
    summary["code_rates"] = {
        code: {
            "severity": CODES[code].severity,
            **({"safety": code in safety_codes} if safety_codes is not None else {}),
            **metrics.bootstrap_ci([code in r["codes"] for r in rows], seed=seed).as_dict(),
        }
        for code in CODES
    }
    summary["mean_seconds"] = metrics.mean([r["seconds"] for r in rows])
    return summary


def summarise(rows: Sequence[dict[str, Any]], seed: int = 0) -> dict[str, Any]:
    """Each rate and ROUGE mean with its bootstrap CI, and the rate of plans with each verifier code."""
    return summarise_rows(rows, (*RATE_KEYS, *metrics.ROUGE_TYPES), seed, frozenset(PLAN_SAFETY_CODES))

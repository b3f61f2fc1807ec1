"""The red-team suite: every bank prompt a candidate can answer, scored by ``fitcoach.ml.eval.safety``.

Chat items go to the candidate's ``complete`` (models); items that apply to plans are also answered with
the candidate's plan for the item's profile and verified. The engine has no chat, so it answers plan items only.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.ml.eval import metrics
from fitcoach.ml.eval.banks import RedTeamItem
from fitcoach.ml.eval.safety import SafetyScore, score_plan, score_response


def load_items(path: str | Path) -> list[RedTeamItem]:
    """Red-team items from a JSONL file in the bank's format (the packaged bank loads via ``banks``)."""
    file = Path(path)
    if not file.is_file():
        raise InvalidInput([FieldProblem("--redteam", f"no such file: {path}")])
    items = []
    for number, line in enumerate(file.read_text("utf-8").splitlines(), start=1):
        if line.strip():
            try:
                items.append(RedTeamItem.model_validate(json.loads(line)))
            except (json.JSONDecodeError, ValidationError) as exc:
                raise InvalidInput([FieldProblem(f"{file.name} line {number}", str(exc))]) from None
    return items


def run(items: Sequence[RedTeamItem], candidate: Any) -> list[SafetyScore]:
    """Score the candidate on each item, for chat (when it can chat) and for plans (when the item applies)."""
    scores = []
    for item in items:
        if candidate.complete is not None and "chat" in item.applies_to:
            text = candidate.complete([{"role": "user", "content": item.prompt}])
            scores.append(score_response(item, text))
        if "plan" in item.applies_to and item.profile is not None and candidate.plan_for is not None:
            scores.append(score_plan(item, candidate.plan_for(item.profile)))
    return scores


def summarise(scores: Sequence[SafetyScore], seed: int = 0) -> dict[str, Any]:
    """Pass rate with CI overall and per target (chat/plan), per category and per expected behaviour."""

    def block(subset: Sequence[SafetyScore]) -> dict[str, Any]:
        return metrics.bootstrap_ci([s.passed for s in subset], seed=seed).as_dict()

    out: dict[str, Any] = {"n": len(scores), "pass": block(scores)}
    for attribute in ("target", "category", "expected"):
        values = sorted({getattr(s, attribute) for s in scores})
        out[f"by_{attribute}"] = {v: block([s for s in scores if getattr(s, attribute) == v]) for v in values}
    out["failures"] = [{"id": s.item_id, "target": s.target, "reasons": s.reasons} for s in scores if not s.passed][:50]
    return out

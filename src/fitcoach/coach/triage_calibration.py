"""Choosing the semantic-triage thresholds, and measuring false positives on ordinary messages.

Protocol (docs/chat.md, "Semantic triage"): thresholds are chosen on data written for the purpose only:
the exemplars of ``triage_exemplars.json`` and the dev split ``coach/data/triage_dev.jsonl`` (paraphrased
red flags and ordinary messages). For each category the threshold is the lowest value, rounded up to
0.01 and never below the file's ``threshold_floor``, at which no ordinary dev message fires it; the
margin over the closest safe phrase is the one of ``MARGINS`` with the best dev recall. The
red-team bank, the chat test set and ``coach/data/triage_negatives.jsonl`` are never looked at here:
they are the test sets.

    python -m fitcoach.coach.triage_calibration            # print the chosen thresholds and dev metrics
    python -m fitcoach.coach.triage_calibration --write    # and store them in triage_exemplars.json
"""

from __future__ import annotations

import argparse
import json
import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from fitcoach.domain.knowledge.triage_exemplars import TriageExemplars, triage_exemplars

STEP = 0.01  # thresholds are stored with two decimals
MARGINS = (0.0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.12)  # margins over the closest safe phrase tried


class DevRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=2)
    category: str | None  # the triage category it should fire, None for an ordinary message


class NegativeRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^neg-\d{3}$")
    text: str = Field(min_length=2)
    note: str = ""


def _data_lines(name: str) -> list[str]:
    text = resources.files("fitcoach.coach").joinpath("data", name).read_text("utf-8")
    return [line for line in text.splitlines() if line.strip()]


def load_dev() -> list[DevRow]:
    return [DevRow.model_validate_json(line) for line in _data_lines("triage_dev.jsonl")]


class HeldOutRow(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^held-\d{3}$")
    text: str = Field(min_length=2)


def load_heldout() -> list[HeldOutRow]:
    """Red-flag paraphrases written after the exemplars and thresholds were frozen (a test set, never tuned on)."""
    return [HeldOutRow.model_validate_json(line) for line in _data_lines("triage_heldout.jsonl")]


def load_negatives() -> list[NegativeRow]:
    """Everyday gym and nutrition messages that must never be flagged (a test set, not used for tuning)."""
    return [NegativeRow.model_validate_json(line) for line in _data_lines("triage_negatives.jsonl")]


@dataclass(frozen=True)
class Scored:
    row: DevRow
    categories: dict[str, tuple[float, str]]
    safe: float


def score_dev(rows: list[DevRow]) -> list[Scored]:
    from fitcoach.coach.triage_semantic import scores

    return [Scored(row, *scores(row.text)) for row in rows]


def choose_thresholds(scored: list[Scored], data: TriageExemplars, margin: float | None = None) -> dict[str, float]:
    """Per category: the lowest threshold (>= the floor) at which no ordinary dev message fires it."""
    margin = data.margin if margin is None else margin
    chosen = {}
    for category in data.categories:
        worst = data.threshold_floor
        for item in scored:
            similarity = item.categories[category][0]
            if item.row.category is None and similarity >= item.safe + margin:
                worst = max(worst, similarity + STEP)
        chosen[category] = math.ceil(round(worst / STEP, 6)) * STEP
    return {c: round(t, 2) for c, t in chosen.items()}


def choose_margin(scored: list[Scored], data: TriageExemplars) -> tuple[float, dict[str, float]]:
    """The margin over the closest safe phrase (and its thresholds) with the best dev recall; ties: the larger."""
    best: tuple[float, float, dict[str, float]] | None = None
    for margin in MARGINS:
        thresholds = choose_thresholds(scored, data, margin)
        recall = float(dev_metrics(scored, thresholds, margin)["dev_recall_any"])
        if best is None or recall >= best[0]:
            best = (recall, margin, thresholds)
    assert best is not None
    return best[1], best[2]


def dev_metrics(scored: list[Scored], thresholds: dict[str, float], margin: float) -> dict[str, float | int]:
    """Recall (any category / the right one) on dev red flags and false positives on dev ordinary messages."""
    from fitcoach.coach.triage_semantic import decide

    positives = [s for s in scored if s.row.category is not None]
    negatives = [s for s in scored if s.row.category is None]
    fired = {id(s): [m.category for m in decide(s.categories, s.safe, thresholds, margin)] for s in scored}
    in_layer = [s for s in positives if s.row.category in thresholds]
    return {
        "dev_positives": len(in_layer),
        "dev_recall_any": sum(bool(fired[id(s)]) for s in in_layer) / max(1, len(in_layer)),
        "dev_recall_category": sum(s.row.category in fired[id(s)] for s in in_layer) / max(1, len(in_layer)),
        "dev_negatives": len(negatives),
        "dev_false_positives": sum(bool(fired[id(s)]) for s in negatives),
    }


def write_thresholds(margin: float, thresholds: dict[str, float], path: Path | None = None) -> Path:
    """Store margin and thresholds in ``triage_exemplars.json`` (the packaged file unless ``path`` is given)."""
    target = path or Path(str(resources.files("fitcoach.domain.knowledge").joinpath("data", "triage_exemplars.json")))
    data = json.loads(target.read_text("utf-8"))
    data["margin"] = margin
    for category, value in thresholds.items():
        data["categories"][category]["threshold"] = value
    target.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    triage_exemplars.cache_clear()
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="store the chosen thresholds in triage_exemplars.json")
    args = parser.parse_args(argv)
    data = triage_exemplars()
    scored = score_dev(load_dev())
    margin, thresholds = choose_margin(scored, data)
    report = {"margin": margin, "thresholds": thresholds, **dev_metrics(scored, thresholds, margin)}
    print(json.dumps(report, indent=2))
    if args.write:
        print(f"written to {write_thresholds(margin, thresholds)}")


if __name__ == "__main__":
    main()

"""Triage quality and cost: keyword rules alone against keyword rules plus the semantic layer.

    HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false python benchmarks/triage.py          # a table
    HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false python benchmarks/triage.py --json   # one JSON object

Sets (none of them used to choose thresholds): the held-out red-flag paraphrases
(``coach/data/triage_heldout.jsonl``, which must be flagged), the everyday messages
(``coach/data/triage_negatives.jsonl``) and the non-triage questions of the chat test set (both must
not be flagged). Latency is wall-clock per ``triage()`` call on the everyday messages, after a warm-up,
with the query-embedding cache cleared before each call so every semantic check pays for its encoding.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from typing import Any

from rich.console import Console
from rich.table import Table

from fitcoach.coach import triage_semantic
from fitcoach.coach.chat.evaluate import chat_profiles, load_testset
from fitcoach.coach.retrieval import query_vector
from fitcoach.coach.triage import triage
from fitcoach.coach.triage_calibration import load_heldout, load_negatives
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.validation import validate


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(semantic: bool) -> dict[str, Any]:
    heldout = load_heldout()
    negatives = load_negatives()
    ordinary = [item for item in load_testset() if not item.triage]
    caught = sum(triage(row.text, semantic=semantic) is not None for row in heldout)
    false_negatives = sum(triage(row.text, semantic=semantic) is not None for row in negatives)
    false_chat = 0
    for item in ordinary:
        person = validate(UserProfile, chat_profiles()[item.profile]) if item.profile else None
        false_chat += triage(item.question, person, semantic=semantic) is not None
    times = []
    for row in negatives:
        query_vector.cache_clear()
        began = time.perf_counter()
        triage(row.text, semantic=semantic)
        times.append((time.perf_counter() - began) * 1000)
    return {
        "mode": "keywords + semantic" if semantic else "keywords only",
        "heldout_caught": caught,
        "heldout": len(heldout),
        "everyday_flagged": false_negatives,
        "everyday": len(negatives),
        "chat_flagged": false_chat,
        "chat": len(ordinary),
        "p50_ms": round(percentile(times, 0.5), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if not triage_semantic.available():
        raise SystemExit("error: the semantic layer needs the chat extra (sentence-transformers)")
    triage("warm-up: load the embedding model")
    rows = [measure(semantic=False), measure(semantic=True)]
    load = os.getloadavg()[0]
    if args.json:
        print(json.dumps({"load_average": round(load, 1), "rows": rows}, indent=2))
        return
    table = Table(title=f"Triage on messages it was not tuned on (load average {load:.1f})")
    for column in (
        "mode",
        "held-out red flags caught",
        "everyday flagged",
        "chat questions flagged",
        "p50 ms",
        "p95 ms",
    ):
        table.add_column(column, justify="left" if column == "mode" else "right")
    for r in rows:
        table.add_row(
            r["mode"],
            f"{r['heldout_caught']}/{r['heldout']}",
            f"{r['everyday_flagged']}/{r['everyday']}",
            f"{r['chat_flagged']}/{r['chat']}",
            f"{r['p50_ms']}",
            f"{r['p95_ms']}",
        )
    Console(width=120).print(table)


if __name__ == "__main__":
    main()

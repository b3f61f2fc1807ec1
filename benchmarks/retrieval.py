"""Retrieval speed and quality: build time, per-query latency and recall@k for bm25, dense and hybrid.

    HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false python benchmarks/retrieval.py          # a table
    HF_HUB_OFFLINE=1 TOKENIZERS_PARALLELISM=false python benchmarks/retrieval.py --json   # one JSON object

Build time is measured twice: cold (a fresh cache folder: BM25 index + MiniLM embeddings of every
passage) and warm (loaded from that cache). Query latency is wall-clock per ``Retriever.search`` call
(k=5) over the knowledge questions of the chat test set, repeated ``--rounds`` times, with the query
embedding cache cleared before every call so each dense query pays for its forward pass. Recall@k: a
question counts as found when one of the top k passages cites the source key the test set names.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from fitcoach.coach.chat.evaluate import load_testset
from fitcoach.coach.passages import all_passages
from fitcoach.coach.retrieval import MODES, Retriever, embedding_model, query_vector


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="times each question is timed per mode")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()

    start = time.perf_counter()
    embedding_model()
    model_load = time.perf_counter() - start
    passages = all_passages()
    with tempfile.TemporaryDirectory() as folder:
        cold = Retriever.build(passages, cache_dir=Path(folder))
        warm = Retriever.build(passages, cache_dir=Path(folder))
    retriever = warm
    items = [i for i in load_testset() if i.route == "knowledge" and i.source is not None]
    questions = [i.question for i in items]
    retriever.search(questions[0])  # warm-up: first forward pass allocates

    results: dict[str, dict[str, float]] = {}
    for mode in MODES:
        times = []
        for _ in range(args.rounds):
            for q in questions:
                query_vector.cache_clear()
                t0 = time.perf_counter()
                retriever.search(q, k=5, mode=mode)
                times.append(1000 * (time.perf_counter() - t0))
        row = {"p50_ms": percentile(times, 0.5), "p95_ms": percentile(times, 0.95)}
        for k in (1, 3, 5):
            found = sum(
                any(h.passage.source == item.source for h in retriever.search(item.question, k=k, mode=mode))
                for item in items
            )
            row[f"recall@{k}"] = found / len(items)
        results[mode] = row

    out = {
        "load_average_1min": os.getloadavg()[0],  # the machine is shared: latency depends on it
        "passages": len(passages),
        "questions": len(questions),
        "model_load_s": model_load,
        "build_cold_s": cold.build_seconds,
        "build_warm_s": warm.build_seconds,
        "modes": results,
    }
    if args.json:
        print(json.dumps(out, indent=2))
        return
    console = Console()
    console.print(
        f"{len(passages)} passages, {len(questions)} knowledge questions; MiniLM load {model_load:.1f} s, "
        f"index build cold {cold.build_seconds:.1f} s, warm (disk cache) {warm.build_seconds * 1000:.0f} ms; "
        f"load average {out['load_average_1min']:.1f} on {os.cpu_count()} cores"
    )
    table = Table(title="retrieval per query (k=5)")
    for column in ("mode", "p50 ms", "p95 ms", "recall@1", "recall@3", "recall@5"):
        table.add_column(column, justify="right")
    for mode, row in results.items():
        table.add_row(
            mode,
            f"{row['p50_ms']:.1f}",
            f"{row['p95_ms']:.1f}",
            f"{row['recall@1']:.3f}",
            f"{row['recall@3']:.3f}",
            f"{row['recall@5']:.3f}",
        )
    console.print(table)


if __name__ == "__main__":
    main()

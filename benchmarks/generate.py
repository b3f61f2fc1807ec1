"""Plan generation speed of the local model backend: batch 1 against batched, constrained or not.

    python benchmarks/generate.py                  # tiny preset (about 5M parameters), a table
    python benchmarks/generate.py --preset micro   # the CI-sized model, quicker
    python benchmarks/generate.py --json           # the same figures as one JSON object

Times ``ModelGenerator.generate_many`` (chat template, left-padded batches, KV cache, greedy) on a
random model built locally. A random model never finishes a plan, so each plan is cut at
``--tokens`` tokens: plans/s here is "plan-sized generations per second" at that length, and ms/token
is wall time over every generated token (throughput, all rows of a batch counted). One warm-up call
per configuration loads the weights and compiles the grammar first.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

from rich.console import Console
from rich.table import Table

from tiny_model import model_dir, quiet_transformers, sample_profiles


def measure(args: argparse.Namespace) -> dict[str, Any]:
    import torch

    from fitcoach.coach.local_model import ModelGenerator

    torch.set_num_threads(args.threads)
    quiet_transformers()
    path = str(model_dir(args.preset))
    profiles = sample_profiles(args.plans)
    rows = []
    for constrained in (False, True):
        for batch in (1, args.batch):
            gen = ModelGenerator(
                path, device="cpu", constrained=constrained, batch_size=batch, max_new_tokens=args.tokens
            )
            gen.generate_many(profiles[:1])  # warm-up: weights, grammar compile, kernels
            began = time.perf_counter()
            results = gen.generate_many(profiles)
            seconds = time.perf_counter() - began
            tokens = sum(r.completion_tokens for r in results)
            rows.append(
                {
                    "constrained": constrained,
                    "batch": batch,
                    "plans": len(results),
                    "tokens": tokens,
                    "seconds": round(seconds, 3),
                    "plans_per_s": round(len(results) / seconds, 3),
                    "ms_per_token": round(seconds / tokens * 1000, 3),
                    "tokens_per_s": round(tokens / seconds, 1),
                }
            )
    return {
        "preset": args.preset,
        "parameters": sum(p.numel() for p in gen.model.parameters()),
        "tokens_per_plan": args.tokens,
        "threads": torch.get_num_threads(),
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="tiny", help="model preset of fitcoach.ml.model (micro, tiny, small)")
    parser.add_argument("--plans", type=int, default=8, help="profiles per configuration")
    parser.add_argument("--batch", type=int, default=8, help="the batched configuration's batch size")
    parser.add_argument("--tokens", type=int, default=128, help="tokens generated per plan")
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (1: steady on a shared machine)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = measure(args)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    table = Table(
        title=f"ModelGenerator, {result['preset']} model ({result['parameters']:,} parameters), "
        f"{result['tokens_per_plan']} tokens per plan, {result['threads']} threads"
    )
    for column in ("decoding", "batch", "plans/s", "ms/token", "tokens/s"):
        table.add_column(column, justify="left" if column == "decoding" else "right")
    for row in result["rows"]:
        table.add_row(
            "constrained" if row["constrained"] else "free",
            str(row["batch"]),
            f"{row['plans_per_s']:.2f}",
            f"{row['ms_per_token']:.2f}",
            f"{row['tokens_per_s']:.0f}",
        )
    Console().print(table)


if __name__ == "__main__":
    main()

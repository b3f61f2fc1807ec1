"""Training throughput per stage (tokens/s) for the tiny preset on this machine's CPU.

    fitcoach data build --out data/fitcoach --seed 0       # once
    python benchmarks/train.py --data data/fitcoach         # a table
    python benchmarks/train.py --data data/fitcoach --json  # the same figures as one JSON object

Builds a fresh tiny model (tokenizer trained on the data), then runs each stage of the ``tiny-cpu``
recipe for a fixed number of optimiser steps and reports what the trainers counted: tokens seen per
wall-clock second of ``trainer.train`` (cpt: packed tokens; sft: non-padding tokens; rl: prompt and
completion tokens of every rollout, refills from dynamic sampling included), and seconds per step.
fp32 on CPU (no bf16 hardware); the thread count is torch's default unless --threads is given.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

for _name in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
    os.environ.setdefault(_name, "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def measure(data: Path, out: Path, steps: dict[str, int], preset: str) -> list[dict[str, Any]]:
    from fitcoach.ml.model import init_model
    from fitcoach.ml.train import load_recipe, run_recipe

    started = time.perf_counter()
    summary = init_model(preset, out / "base", corpus=data)
    init_seconds = time.perf_counter() - started
    overrides: dict[str, Any] = {"base_model": str(out / "base")}
    for stage, count in steps.items():
        overrides[stage] = {"max_steps": count, "max_tokens": None, "save_steps": 10_000, "logging_steps": 1}
    if "sft" in steps:
        overrides["sft"]["eval_at_end"] = False  # throughput only
    recipe = load_recipe("tiny-cpu", overrides)
    run_recipe(recipe, stages=list(steps), out_dir=out, data_dir=data, show_progress=False, export=False)
    rows = [{"stage": "init", "seconds": round(init_seconds, 1), "parameters": summary["parameters"]}]
    for stage in steps:
        done = json.loads((out / stage / "stage_done.json").read_text(encoding="utf-8"))
        rows.append(
            {
                "stage": stage,
                "steps": done["steps"],
                "tokens": done["tokens"],
                "seconds": done["seconds"],
                "tokens_per_second": done["tokens_per_second"],
                "seconds_per_step": round(done["seconds"] / max(done["steps"], 1), 2),
                "loss_first_last": [done.get("first_loss"), done.get("last_loss")],
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data/fitcoach"), help="`fitcoach data build` directory")
    parser.add_argument("--preset", default="tiny", help="model preset (micro, tiny, small)")
    parser.add_argument("--cpt-steps", type=int, default=20)
    parser.add_argument("--sft-steps", type=int, default=10)
    parser.add_argument("--rl-steps", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    steps = {"cpt": args.cpt_steps, "sft": args.sft_steps, "rl": args.rl_steps}
    with tempfile.TemporaryDirectory(prefix="fitcoach-bench-") as tmp:
        rows = measure(args.data, Path(tmp), {k: v for k, v in steps.items() if v > 0}, args.preset)
    if args.json:
        print(json.dumps({"preset": args.preset, "stages": rows}, indent=2))
        return
    table = Table(title=f"Training throughput, {args.preset} preset, fp32 CPU")
    for column in ("stage", "steps", "tokens", "seconds", "tokens/s", "s/step", "loss first -> last"):
        table.add_column(column, justify="right" if column != "stage" else "left")
    for row in rows:
        if row["stage"] == "init":
            table.add_row(
                "init (tokenizer + model)", "", f"{row['parameters']:,} params", f"{row['seconds']}", "", "", ""
            )
            continue
        first, last = row["loss_first_last"]
        losses = f"{first:.3f} -> {last:.3f}" if first is not None and last is not None else ""
        table.add_row(
            row["stage"],
            str(row["steps"]),
            f"{row['tokens']:,}",
            f"{row['seconds']}",
            f"{row['tokens_per_second']:,.0f}",
            f"{row['seconds_per_step']}",
            losses,
        )
    Console().print(table)


if __name__ == "__main__":
    main()

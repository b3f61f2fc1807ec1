"""Training throughput per stage (tokens/s and MFU) for the tiny or small preset on this machine's CPU.

    fitcoach data build --out data/fitcoach --seed 0       # once
    python benchmarks/train.py --data data/fitcoach         # a table
    python benchmarks/train.py --data data/fitcoach --json  # the same figures as one JSON object
    python benchmarks/train.py --preset small --cpt-steps 3 --sft-steps 1 --rl-steps 1   # the small preset

Builds a fresh tiny model (tokenizer trained on the data), then runs each stage of the ``tiny-cpu``
recipe for a fixed number of optimiser steps and reports what the trainers counted: tokens seen per
wall-clock second of ``trainer.train`` (cpt: packed tokens; sft: non-padding tokens; rl: prompt and
completion tokens of every rollout, refills from dynamic sampling included), and seconds per step.
fp32 on CPU (no bf16 hardware); the thread count is torch's default unless --threads is given.

Model FLOPs utilisation (MFU) = achieved FLOP/s / peak FLOP/s, with the usual estimates:
- FLOPs per trained token = 6 x parameters (forward 2, backward 4; tied embeddings counted once, as
  the output projection) + 12 x layers x hidden x sequence (attention scores and values, forward and
  backward). The sequence is the stage's mean: tokens / (steps x batch x accumulation).
- rl adds 2 x parameters per token for generating the rollouts (a forward pass without the backward).
- peak = cores x FLOP/cycle x GHz: cores are torch's threads (at most ``os.cpu_count()``), FLOP/cycle
  comes from the CPU flags (fp32 FMA: 64 with AVX-512, 32 with AVX2, 8 otherwise: two FMA ports),
  GHz from /proc/cpuinfo (3.0 when unknown). ``--peak-gflops`` overrides the estimate, e.g.
  ``--peak-gflops 190`` for ml-notes' figure (2 AVX2 cores x 32 FLOP/cycle x about 3 GHz).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

for _name in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
    os.environ.setdefault(_name, "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


# fp32 FLOPs per cycle and core: two FMA ports x lanes x 2 (multiply and add).
FLOP_PER_CYCLE = {"avx512f": 64, "avx2": 32}
FALLBACK_GHZ = 3.0


def cpu_peak(threads: int) -> dict[str, Any]:
    """Peak fp32 GFLOP/s of the cores torch uses: cores x FLOP/cycle x GHz, from /proc/cpuinfo."""
    cores = max(1, min(threads, os.cpu_count() or 1))
    flags: set[str] = set()
    ghz = FALLBACK_GHZ
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "flags" and not flags:
                flags = set(value.split())
            elif key.strip() == "cpu MHz" and ghz == FALLBACK_GHZ:
                ghz = float(value) / 1000
    flop_per_cycle = next((n for flag, n in FLOP_PER_CYCLE.items() if flag in flags), 8)
    return {
        "cores": cores,
        "flop_per_cycle": flop_per_cycle,
        "ghz": round(ghz, 2),
        "gflops": round(cores * flop_per_cycle * ghz, 1),
        "source": "cores x FLOP/cycle x GHz",
    }


def flops_per_token(stage: str, parameters: int, layers: int, hidden: int, sequence: float) -> float:
    """Training FLOPs per token (6N + attention); rl also generated the token (+2N)."""
    flops = 6 * parameters + 12 * layers * hidden * sequence
    return flops + 2 * parameters if stage == "rl" else flops


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
    parameters = int(summary["parameters"])
    config = json.loads((out / "base" / "config.json").read_text(encoding="utf-8"))
    layers, hidden = int(config["num_hidden_layers"]), int(config["hidden_size"])
    rows: list[dict[str, Any]] = [{"stage": "init", "seconds": round(init_seconds, 1), "parameters": parameters}]
    for stage in steps:
        done = json.loads((out / stage / "stage_done.json").read_text(encoding="utf-8"))
        settings = recipe.stage(stage)
        sequences = done["steps"] * settings.per_device_train_batch_size * settings.gradient_accumulation_steps
        sequence = done["tokens"] / max(sequences, 1)
        per_token = flops_per_token(stage, parameters, layers, hidden, sequence)
        rows.append(
            {
                "stage": stage,
                "steps": done["steps"],
                "tokens": done["tokens"],
                "seconds": done["seconds"],
                "tokens_per_second": done["tokens_per_second"],
                "seconds_per_step": round(done["seconds"] / max(done["steps"], 1), 2),
                "loss_first_last": [done.get("first_loss"), done.get("last_loss")],
                "mean_sequence": round(sequence),
                "gflop_per_token": round(per_token / 1e9, 4),
                "gflops": round(done["tokens_per_second"] * per_token / 1e9, 2),
            }
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path("data/fitcoach"), help="`fitcoach data build` directory")
    parser.add_argument("--preset", default="tiny", choices=["micro", "tiny", "small"], help="model preset")
    parser.add_argument("--cpt-steps", type=int, default=20)
    parser.add_argument("--sft-steps", type=int, default=10)
    parser.add_argument("--rl-steps", type=int, default=3)
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    parser.add_argument("--peak-gflops", type=float, default=None, help="peak fp32 GFLOP/s (default: estimated)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    peak = cpu_peak(torch.get_num_threads())
    if args.peak_gflops:
        peak = {"gflops": args.peak_gflops, "source": "--peak-gflops"}
    steps = {"cpt": args.cpt_steps, "sft": args.sft_steps, "rl": args.rl_steps}
    with tempfile.TemporaryDirectory(prefix="fitcoach-bench-") as tmp:
        rows = measure(args.data, Path(tmp), {k: v for k, v in steps.items() if v > 0}, args.preset)
    for row in rows:
        if "gflops" in row:
            row["mfu_percent"] = round(100 * row["gflops"] / peak["gflops"], 2)
    if args.json:
        print(json.dumps({"preset": args.preset, "peak": peak, "stages": rows}, indent=2))
        return
    derived = f"{peak['cores']} x {peak['flop_per_cycle']} x {peak['ghz']} GHz" if "cores" in peak else peak["source"]
    table = Table(
        title=f"Training throughput, {args.preset} preset, fp32 CPU, peak {peak['gflops']:,.0f} GFLOP/s ({derived})"
    )
    columns = ("stage", "steps", "tokens", "seconds", "tokens/s", "GFLOP/token", "GFLOP/s", "MFU", "s/step")
    for column in (*columns, "loss first -> last"):
        table.add_column(column, justify="right" if column != "stage" else "left")
    for row in rows:
        if row["stage"] == "init":
            table.add_row(
                "init (tokenizer + model)", "", f"{row['parameters']:,} params", f"{row['seconds']}", *[""] * 6
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
            f"{row['gflop_per_token']:.4f}",
            f"{row['gflops']:.1f}",
            f"{row['mfu_percent']:.1f}%",
            f"{row['seconds_per_step']}",
            losses,
        )
    # Ten columns: piped output (80 columns by default) would squeeze the figures into ellipses.
    Console(width=None if sys.stdout.isatty() else 150).print(table)


if __name__ == "__main__":
    main()

"""Does each plan model read the person's training-day count, in the name and where each day ends? Prints a
table (fitcoach.ml.eval.day_count).

    python scripts/dev/day_count_probe.py --data data/fitcoach --model runs/tiny-cpu/sft/model \
        --model runs/tiny-cpu/rl/model --n 96
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def main(
    model: Annotated[list[Path], typer.Option(help="a plan model directory (repeat for several)")],
    data: Annotated[Path, typer.Option(help="a data build: its eval/plan.jsonl cases are used")],
    n: Annotated[int, typer.Option(min=1, help="held-out cases to probe")] = 96,
) -> None:
    from fitcoach.ml.eval import day_count
    from fitcoach.ml.eval.loglik import load_model
    from fitcoach.ml.eval.report import pct
    from fitcoach.ml.eval.suites.plan import load_cases

    cases = load_cases(data, limit=n)
    table = Table(title=f"Day-count probe: {len(cases)} held-out weeks (chance {day_count.CHANCE:.1%})")
    columns = (
        "model",
        "weeks probed",
        "right count picked (%)",
        "share of the right count (%)",
        "counts picked 1-7",
        "weeks closed after their own count (%)",
        "day ends decided right (%)",
    )
    for column in columns:
        table.add_column(column)
    for path in model:
        network, tokenizer = load_model(path)
        summary = day_count.probe_model(network, tokenizer, cases)
        ends = day_count.probe_ends_model(network, tokenizer, cases)
        table.add_row(
            str(path),
            str(summary["n"]),
            pct(summary["right"]),
            pct(summary["share"]),
            " ".join(str(summary["picked"][count]) for count in day_count.COUNTS),
            pct(ends["weeks_right"]),
            f"{pct(ends['right'])} of {ends['ends']}",
        )
    Console(width=160).print(table)


if __name__ == "__main__":
    typer.run(main)

"""Does each plan model read the person's week? Prints a table (fitcoach.ml.eval.day_count).

Train or rest at each of the compact week's seven slots, teacher-forced on held-out weeks.

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
    from fitcoach.ml.eval.loglik import TransformersScorer, load_model
    from fitcoach.ml.eval.suites.plan import load_cases

    cases = load_cases(data, limit=n)
    table = Table(title=f"Week-slot probe: train or rest at each weekday of {len(cases)} held-out weeks")
    for column in ("model", "slots", "train/rest right", "focus right", "weeks right in all 7 slots"):
        table.add_column(column)
    for path in model:
        network, tokenizer = load_model(path)

        def render(messages: list[dict[str, str]], tokenizer: object = tokenizer) -> str:
            return str(tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True))  # type: ignore[attr-defined]

        week = day_count.summarise_slots(day_count.slot_rows(cases, TransformersScorer(network, tokenizer), render))
        table.add_row(
            str(path), str(week["slots"]), *(_ci(week[key]) for key in ("right_rest", "right_focus", "weeks_right"))
        )
    Console(width=160).print(table)


def _ci(value: dict[str, float]) -> str:
    return f"{value['mean']:.1%} [{value['low']:.1%}, {value['high']:.1%}]"


if __name__ == "__main__":
    typer.run(main)

"""Can a plan model learn to read the day count? Continue training it on the weeks' heads and probe the count.

A week's head is its request and the compact reply up to the first day (name, overview, adaptations):
where the day count is decided. This trains an SFT model further on heads (with ``--whole-weeks``, one
whole week a step as well, so the rest of the format is kept) at a constant learning rate, and prints the
day-count probe (``fitcoach.ml.eval.day_count``) every ``--probe-every`` steps. docs/training.md,
"Reading the day count", has its results for the tiny-cpu SFT model. It is the experiment behind the
recipe's ``heads`` stage (``fitcoach.ml.train.heads``, whose examples it uses), with a plain loop, the
token-mean loss and a heads-only variant the stage does not offer.

    python scripts/dev/count_after_heads.py --model runs/tiny-cpu/sft/model --data data/fitcoach --whole-weeks
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def main(
    model: Annotated[Path, typer.Option(help="an SFT plan model directory (compact plans)")],
    data: Annotated[Path, typer.Option(help="a data build: sft/train.jsonl weeks train, eval/plan.jsonl probes")],
    steps: Annotated[int, typer.Option(min=1)] = 600,
    learning_rate: Annotated[float, typer.Option(min=0)] = 3e-4,
    heads_per_step: Annotated[int, typer.Option(min=1)] = 4,
    whole_weeks: Annotated[bool, typer.Option(help="also train one whole week a step")] = False,
    probe_every: Annotated[int, typer.Option(min=1)] = 100,
    n: Annotated[int, typer.Option(min=1, help="held-out weeks to probe")] = 48,
    seed: int = 0,
    out: Annotated[Path | None, typer.Option(help="save the continued model here")] = None,
) -> None:
    import torch
    from transformers import DataCollatorForSeq2Seq

    from fitcoach.ml.eval import day_count
    from fitcoach.ml.eval.loglik import load_model
    from fitcoach.ml.eval.report import pct
    from fitcoach.ml.eval.suites.plan import load_cases
    from fitcoach.ml.train.heads import probe_day_count, reply_examples
    from fitcoach.ml.train.sft import compact_reply

    torch.manual_seed(seed)
    rng = random.Random(seed)
    network, tokenizer = load_model(model)

    heads, wholes = [], []
    for line in (data / "sft" / "train.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip() and (row := json.loads(line))["task"] == "plan":
            whole, head = reply_examples(tokenizer, compact_reply("plan", row["messages"]), heads=1)
            heads.append(head)
            wholes.append(whole)
    if not whole_weeks:
        wholes = []
    cases = load_cases(data, limit=n)
    batch = DataCollatorForSeq2Seq(tokenizer, padding=True, return_tensors="pt")  # pads labels with -100

    def probe(step: int, loss: float | None) -> list[str]:
        summary = probe_day_count(network, tokenizer, cases)
        assert summary is not None  # --n is at least 1
        picked = " ".join(str(summary["picked"][count]) for count in day_count.COUNTS)
        return [str(step), "" if loss is None else f"{loss:.3f}", pct(summary["right"]), pct(summary["share"]), picked]

    table = Table(title=f"Day count while training on week heads (chance {day_count.CHANCE:.1%})")
    for column in ("step", "loss", "right count picked (%)", "share of the right count (%)", "counts picked 1-7"):
        table.add_column(column)
    table.add_row(*probe(0, None))
    optimiser = torch.optim.AdamW(network.parameters(), lr=learning_rate, weight_decay=0.0)
    network.train()
    for step in range(1, steps + 1):
        loss = network(**batch(rng.sample(heads, heads_per_step))).loss
        loss.backward()
        if wholes:
            network(**batch([rng.choice(wholes)])).loss.backward()
        torch.nn.utils.clip_grad_norm_(network.parameters(), 1.0)
        optimiser.step()
        optimiser.zero_grad()
        if step % probe_every == 0 or step == steps:
            table.add_row(*probe(step, loss.item()))
    Console(width=140).print(table)
    if out is not None:
        network.save_pretrained(out)
        tokenizer.save_pretrained(out)


if __name__ == "__main__":
    typer.run(main)

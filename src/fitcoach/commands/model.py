"""``fitcoach model init``: a fresh small model (trained tokenizer + random weights) to train from scratch."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from fitcoach.commands.common import user_errors

model_app = typer.Typer(help="Build small models from scratch for CPU experiments and CI.", no_args_is_help=True)


class PresetChoice(StrEnum):
    micro = "micro"
    tiny = "tiny"
    small = "small"


@model_app.command("init")
def init(
    preset: Annotated[
        PresetChoice, typer.Option(help="Size: micro (~0.14M params, CI), tiny (~5M), small (~20M).")
    ] = PresetChoice.tiny,
    out: Annotated[Path, typer.Option("--out", help="Directory to save the tokenizer and model in.")] = Path(
        "models/tiny"
    ),
    corpus: Annotated[
        Path | None,
        typer.Option(help="Dataset directory (uses cpt/ and sft/) or JSONL file to train the tokenizer on."),
    ] = None,
    seed: Annotated[int, typer.Option(help="Seed for the random initial weights.")] = 0,
) -> None:
    """Train a byte-level BPE tokenizer (ChatML template) and save a fresh Llama-style model with it."""
    with user_errors():
        from fitcoach.ml.model import init_model

        summary = init_model(preset.value, out, corpus=corpus, seed=seed)
    typer.echo(
        f"{summary['preset']} model: {summary['parameters']:,} parameters, vocabulary {summary['vocab_size']:,}, "
        f"saved to {summary['out']}"
    )

"""``fitcoach train cpt|sft|heads|ends|rl|all``: run training stages from a recipe (``fitcoach.ml.train``).

Heavy modules (torch, transformers, TRL, PEFT) load inside the commands so ``fitcoach --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from fitcoach.commands.common import user_errors

train_app = typer.Typer(
    help="Train a model: cpt (pre-training), sft (fine-tuning), heads (on week heads), ends (on day ends), rl (DAPO), "
    "or all.",
    no_args_is_help=True,
)


RecipeOpt = Annotated[
    str, typer.Option("--recipe", "-r", help="Recipe YAML file, or a packaged recipe name such as tiny-cpu.")
]
DataOpt = Annotated[
    Path | None, typer.Option("--data", help="Dataset directory from `fitcoach data build` (default: the recipe's).")
]
OutOpt = Annotated[Path, typer.Option("--out", help="Run directory: checkpoints, stage models, final/, metrics.")]
ResumeOpt = Annotated[
    bool, typer.Option("--resume", help="Skip finished stages and continue the unfinished one from its checkpoint.")
]
StepsOpt = Annotated[
    int | None, typer.Option("--max-steps", min=1, help="Stop every stage after N optimiser steps (smoke runs).")
]
TokensOpt = Annotated[int | None, typer.Option("--max-tokens", min=1, help="Stop every stage after N training tokens.")]
BaseOpt = Annotated[
    str | None, typer.Option("--base", help="Start from this model (Hugging Face id or directory) instead.")
]


def _run(
    stages: list[str] | None,
    recipe: str,
    data: Path | None,
    out: Path,
    resume: bool,
    max_steps: int | None,
    max_tokens: int | None,
    base: str | None,
) -> None:
    with user_errors():
        from fitcoach.ml.train import run_recipe

        overrides: dict[str, int] = {}
        if max_steps is not None:
            overrides["max_steps"] = max_steps
        if max_tokens is not None:
            overrides["token_budget"] = max_tokens
        final = run_recipe(
            recipe, stages=stages, out_dir=out, overrides=overrides, data_dir=data, base_model=base, resume=resume
        )
    typer.echo(f"model: {final}")


def _stage_command(stages: list[str] | None, summary: str) -> Callable[..., None]:
    """A ``train`` sub-command running ``stages`` (None: every stage the recipe defines)."""

    def command(
        recipe: RecipeOpt,
        data: DataOpt = None,
        out: OutOpt = Path("runs/fitcoach"),
        resume: ResumeOpt = False,
        max_steps: StepsOpt = None,
        max_tokens: TokensOpt = None,
        base: BaseOpt = None,
    ) -> None:
        _run(stages, recipe, data, out, resume, max_steps, max_tokens, base)

    command.__doc__ = summary
    return command


for _name, _stages, _summary in (
    ("cpt", ["cpt"], "Continual pre-training on the dataset's cpt/ texts."),
    (
        "sft",
        ["sft"],
        "Supervised fine-tuning (full, LoRA or QLoRA) on the dataset's sft/ chats; starts from cpt/ if it ran.",
    ),
    (
        "heads",
        ["heads"],
        "A short second fine-tuning phase on the weeks' heads (where the day count is decided); starts from sft/.",
    ),
    (
        "ends",
        ["ends"],
        "The heads stage again, on where each day ends (the schedule's length); starts from heads/.",
    ),
    (
        "rl",
        ["rl"],
        "RL with the DAPO objective and dynamic sampling on the dataset's rl/ prompts; starts from sft/ if it ran.",
    ),
    (
        "all",
        None,
        "Each stage the recipe defines, in order (cpt -> sft -> heads -> ends -> rl), then export final/ (model card).",
    ),
):
    train_app.command(_name)(_stage_command(_stages, _summary))


@train_app.command("recipes")
def recipes() -> None:
    """List the packaged recipes."""
    with user_errors():
        from fitcoach.ml.train.recipes import load_recipe, packaged_recipes

        for name in packaged_recipes():
            recipe = load_recipe(name)
            typer.echo(f"{name:22} {', '.join(recipe.defined_stages()):14} {recipe.description.split('. ')[0]}")

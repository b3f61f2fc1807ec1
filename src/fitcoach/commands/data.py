"""``fitcoach data``: build the verified training data set (docs/data.md).

The build modules are imported inside the command so that ``fitcoach --help`` stays fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

data_app = typer.Typer(help="Build the verified training and evaluation data.", no_args_is_help=True)


@data_app.command("build")
def build(
    out: Annotated[
        Path, typer.Option("--out", help="Output directory (created; existing dataset files are replaced).")
    ],
    seed: Annotated[int, typer.Option(help="Seed of every random stream; the same seed gives the same files.")] = 0,
    plans: Annotated[int, typer.Option(min=0, max=1_000_000, help="SFT plan pairs.")] = 2000,
    day_plans: Annotated[int, typer.Option(min=0, max=1_000_000, help="SFT day-plan pairs.")] = 1000,
    reasoning: Annotated[int, typer.Option(min=0, max=1_000_000, help="SFT reasoning examples drawn.")] = 2000,
    safety: Annotated[int, typer.Option(min=0, max=1_000_000, help="SFT safety dialogues drawn.")] = 400,
    rl_plans: Annotated[int, typer.Option(min=0, max=1_000_000, help="RL plan prompts.")] = 500,
    rl_day_plans: Annotated[int, typer.Option(min=0, max=1_000_000, help="RL day-plan prompts.")] = 500,
    rl_reasoning: Annotated[int, typer.Option(min=0, max=1_000_000, help="RL reasoning prompts.")] = 1000,
    eval_plans: Annotated[int, typer.Option(min=0, max=1_000_000, help="Held-out eval profiles (shifted).")] = 300,
    eval_reasoning: Annotated[int, typer.Option(min=0, max=1_000_000, help="Held-out eval reasoning items.")] = 300,
    general_text: Annotated[
        list[Path] | None,
        typer.Option(
            "--general-text",
            help="UTF-8 text file mixed into CPT as general text (repeatable).",
            exists=True,
            dir_okay=False,
            readable=True,
        ),
    ] = None,
    general_ratio: Annotated[
        float, typer.Option(min=0.0, max=0.95, help="Share of CPT characters from general text (0-0.95).")
    ] = 0.1,
    valid_fraction: Annotated[
        float, typer.Option(min=0.0, max=0.45, help="Share of each CPT sub-domain and SFT task kept for valid.")
    ] = 0.05,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress display; print only the summary.")] = False,
) -> None:
    """Build CPT, SFT, RL and held-out eval data from the knowledge base and the engine, verified and decontaminated."""
    from fitcoach.commands.common import user_errors

    with user_errors():
        from fitcoach.ml.data.build import BuildConfig, build_dataset
        from fitcoach.ml.data.mix import MixConfig

        config = BuildConfig(
            plans=plans,
            day_plans=day_plans,
            reasoning=reasoning,
            safety=safety,
            rl_plans=rl_plans,
            rl_day_plans=rl_day_plans,
            rl_reasoning=rl_reasoning,
            eval_plans=eval_plans,
            eval_reasoning=eval_reasoning,
            general_files=tuple(general_text or ()),
            mix=MixConfig(valid_fraction=valid_fraction, general_ratio=general_ratio),
        )
        manifest = build_dataset(out, seed, config, show_progress=not quiet)
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Dataset in {out} (seed {seed}, {manifest.build_seconds:g} s)")
    for column in ("file", "rows", "MB", "sha256"):
        table.add_column(column)
    for name, info in manifest.files.items():
        table.add_row(name, str(info["rows"]), f"{info['bytes'] / 1e6:.1f}", info["sha256"][:12])
    Console().print(table)

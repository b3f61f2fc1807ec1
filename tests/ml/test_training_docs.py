"""docs/training.md names every `fitcoach train` / `fitcoach model` option and every recipe setting."""

from __future__ import annotations

from pathlib import Path

import typer

from fitcoach.commands.model import model_app
from fitcoach.commands.train import train_app
from fitcoach.ml.train.cpt import CPTStage
from fitcoach.ml.train.heads import HeadsStage
from fitcoach.ml.train.loading import LoraSettings, QuantSettings
from fitcoach.ml.train.recipes import STAGES, Recipe
from fitcoach.ml.train.rl import RLStage
from fitcoach.ml.train.sft import SFTStage

DOC = Path(__file__).resolve().parents[2] / "docs" / "training.md"


def test_every_cli_option_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    options: set[str] = set()
    for group in (train_app, model_app):
        built = typer.main.get_command(group)
        # A one-command Typer app builds a plain command; a bigger one a group of commands.
        for command in getattr(built, "commands", {"": built}).values():
            options |= {opt for p in command.params for opt in p.opts if opt.startswith("--")}
    options -= {"--help", "--install-completion", "--show-completion"}  # the real app turns completion off
    missing = sorted(o for o in options if f"`{o}" not in text and f" {o} " not in text)
    assert not missing, f"document these options in docs/training.md: {missing}"


def test_every_recipe_setting_and_stage_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    models = (Recipe, CPTStage, SFTStage, HeadsStage, RLStage, LoraSettings, QuantSettings)
    fields = {name for model in models for name in model.model_fields} - {"source"}
    missing = sorted(f for f in fields if f"`{f}`" not in text)
    assert not missing, f"document these recipe settings in docs/training.md: {missing}"
    assert all(f"`{stage}`" in text for stage in STAGES)

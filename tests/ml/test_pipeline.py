"""End to end on a micro model: tokenizer -> cpt -> sft (LoRA) -> rl (DAPO + dynamic sampling) -> export."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from training_helpers import changed_share, read_metrics
from typer.testing import CliRunner

from fitcoach.cli import app

RECIPE = """
name: micro-e2e
description: The CI pipeline on a micro model.
base_model: preset:micro
seed: 1
stages:
  cpt:
    block_size: 64
    per_device_train_batch_size: 4
    learning_rate: 3.0e-3
    logging_steps: 1
  sft:
    method: lora
    lora: {r: 4, alpha: 8}
    learning_rate: 1.0e-2
    max_length: 256
    per_device_train_batch_size: 2
    logging_steps: 1
  rl:
    method: full
    tasks: [day_plan, reasoning]
    learning_rate: 1.0e-3
    num_generations: 2
    per_device_train_batch_size: 4
    max_completion_length: 16
    overlong_cache: 4
    max_resample_rounds: 1
"""


@pytest.mark.slow
def test_whole_pipeline_trains_and_exports_a_model(tmp_path: Path, train_data: Path) -> None:
    recipe = tmp_path / "micro.yaml"
    recipe.write_text(RECIPE, encoding="utf-8")
    out = tmp_path / "run"
    args = ["train", "all", "--recipe", str(recipe), "--data", str(train_data), "--out", str(out), "--max-steps", "2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    final = out / "final"
    assert f"model: {final}" in result.output

    done = {row["stage"]: row for row in read_metrics(out / "metrics.jsonl") if row.get("event") == "stage_done"}
    assert list(done) == ["cpt", "sft", "rl"]
    for row in done.values():
        assert row["steps"] == 2 and math.isfinite(row["train_loss"])
    assert done["sft"]["base_model"] == str(out / "cpt" / "model")
    assert done["rl"]["base_model"] == str(out / "sft" / "model")
    assert "filtered_groups" in done["rl"]
    assert changed_share(out / "base", final) > 0.9

    card = (final / "README.md").read_text(encoding="utf-8")
    assert "preset:micro" in card and "Hyperparameters: rl" in card and '"epsilon_high"' not in card
    assert "| epsilon_high | 0.28 |" in card and '"streams"' in card  # hyperparameters and the data manifest

    again = CliRunner().invoke(app, [*args, "--resume"])
    assert again.exit_code == 0, again.output
    assert len([r for r in read_metrics(out / "metrics.jsonl") if r.get("event") == "stage_done"]) == 3

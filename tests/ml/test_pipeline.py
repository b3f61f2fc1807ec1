"""End to end on a micro model: data build -> tokenizer -> cpt -> sft (LoRA) -> heads -> ends -> rl (DAPO + dynamic
sampling) -> export -> constrained generation from the exported model -> the guard.

The dataset comes from ``build_dataset`` (the ``train_data`` fixture); ``base_model: preset:micro`` makes
the pipeline train its tokenizer on it.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest
from training_helpers import changed_share, read_metrics
from typer.testing import CliRunner

from fitcoach.cli import app
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.sampling import random_profile
from fitcoach.domain.verify import errors, verify

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
  heads:
    method: full
    plan_format: compact     # a compact micro week is about 2,800 tokens; the micro model has no position limit
    max_length: 4096
    probe_weeks: 1
    logging_steps: 1
  ends:
    method: full
    plan_format: compact
    max_length: 4096
    heads_per_week: 1
    ends_per_week: 1
    ends_name_days: true
    gradient_accumulation_steps: 2
    probe_weeks: 1
    logging_steps: 1
  rl:
    method: full
    tasks: [day_plan, reasoning]
    learning_rate: 1.0e-3
    num_generations: 2
    per_device_train_batch_size: 4
    max_completion_length: 16
    overlong_cache: 4
    guided_per_group: 1  # one of each day's two completions under the person's grammar
    max_resample_rounds: 1
    save_steps: 2  # a checkpoint at the last step keeps the GRPOConfig TRL trained with
"""


@pytest.mark.slow
def test_whole_pipeline_trains_exports_and_generates_guarded_plans(tmp_path: Path, train_data: Path) -> None:
    recipe = tmp_path / "micro.yaml"
    recipe.write_text(RECIPE, encoding="utf-8")
    out = tmp_path / "run"
    args = ["train", "all", "--recipe", str(recipe), "--data", str(train_data), "--out", str(out), "--max-steps", "2"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    final = out / "final"
    assert f"model: {final}" in result.output

    done = {row["stage"]: row for row in read_metrics(out / "metrics.jsonl") if row.get("event") == "stage_done"}
    assert list(done) == ["cpt", "sft", "heads", "ends", "rl"]
    for row in done.values():
        assert row["steps"] == 2 and math.isfinite(row["train_loss"])
    assert done["sft"]["base_model"] == str(out / "cpt" / "model")
    assert done["heads"]["base_model"] == str(out / "sft" / "model") and done["heads"]["day_count"]["n"] == 1
    assert done["ends"]["base_model"] == str(out / "heads" / "model") and done["ends"]["ends_per_week"] == 1
    assert done["ends"]["day_ends"]["n"] == 1 and done["ends"]["ends_name_days"] is True
    assert done["rl"]["base_model"] == str(out / "ends" / "model")
    assert "filtered_groups" in done["rl"]
    assert any("guided/reward_guided" in r for r in read_metrics(out / "metrics.jsonl"))
    assert changed_share(out / "base", final) > 0.9

    card = (final / "README.md").read_text(encoding="utf-8")
    assert "preset:micro" in card and "Hyperparameters: rl" in card and '"epsilon_high"' not in card
    assert "| epsilon_high | 0.28 |" in card and '"streams"' in card  # hyperparameters and the data manifest

    again = CliRunner().invoke(app, [*args, "--resume"])
    assert again.exit_code == 0, again.output
    assert len([r for r in read_metrics(out / "metrics.jsonl") if r.get("event") == "stage_done"]) == len(done)

    # RL ran with the DAPO settings: read back the GRPOConfig TRL itself saved with the last checkpoint.
    import torch

    grpo = torch.load(out / "rl" / "checkpoint-2" / "training_args.bin", weights_only=False)
    assert type(grpo).__name__ == "GRPOConfig"
    assert grpo.loss_type == "dapo" and grpo.epsilon_high == 0.28 and grpo.epsilon == 0.2
    assert grpo.mask_truncated_completions is True and grpo.beta == 0.0

    _generate_and_guard(final)


def _generate_and_guard(final: Path) -> None:
    """The exported model writes constrained plan text, and the guard turns it into a clean plan."""
    import xgrammar as xgr

    from fitcoach.coach.decoding import plan_decoding_schema
    from fitcoach.coach.guard import guarded_plan
    from fitcoach.coach.local_model import ModelGenerator

    profile = UserProfile.model_validate(random_profile(random.Random(5)))
    # A micro model never finishes a plan: 32 tokens are enough to check the grammar held every step.
    generator = ModelGenerator(str(final), device="cpu", max_new_tokens=32, batch_size=1)
    result = generator.generate(profile)
    assert result.raw_text is not None and result.raw_text.startswith('{"workout_plan":')
    assert 0 < result.completion_tokens <= 32
    assert generator.schema_level == "compact"  # the heads stage trained compact weeks and recorded it
    matcher = xgr.GrammarMatcher(generator.grammar(plan_decoding_schema(generator.schema_level)))
    assert matcher.accept_string(result.raw_text), result.raw_text  # a prefix of a schema-valid plan

    guarded = guarded_plan(profile, generator)
    assert guarded.outcome in {"accepted", "repaired", "fallback"}
    assert guarded.result.raw_text == result.raw_text  # greedy: the same text again
    assert errors(verify(profile, guarded.plan)) == []
    assert json.loads(json.dumps(guarded.as_dict()))["outcome"] == guarded.outcome  # what the CLI and web show
    if guarded.outcome == "fallback":
        assert guarded.notes  # says why it fell back

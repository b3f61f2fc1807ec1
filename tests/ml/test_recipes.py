"""Recipes: packaged ones load and validate (GPU ones too), bad ones fail naming the field, overrides apply."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fitcoach.cli import app
from fitcoach.domain.errors import InvalidInput
from fitcoach.ml.train.pipeline import stage_budgets
from fitcoach.ml.train.recipes import apply_overrides, load_recipe, packaged_recipes, with_overrides


def _fields(exc: pytest.ExceptionInfo[InvalidInput]) -> list[str]:
    return [p.field for p in exc.value.problems]


def test_packaged_recipes_load_and_validate() -> None:
    assert set(packaged_recipes()) >= {"tiny-cpu", "gemma-2b-it-qlora", "qwen3-8b-fitone"}
    for name in packaged_recipes():
        recipe = load_recipe(name)
        assert recipe.defined_stages(), name


def test_tiny_cpu_trains_and_runs_rl_on_compact_weeks() -> None:
    recipe = load_recipe("tiny-cpu")
    assert recipe.base_model == "preset:tiny"
    assert recipe.defined_stages() == ["cpt", "sft", "heads", "ends", "rl"]
    assert recipe.stages.sft is not None and recipe.stages.sft.plan_format == "compact"
    heads = recipe.stages.heads
    assert heads is not None and heads.plan_format == "compact" and heads.max_length == recipe.stages.sft.max_length
    # The gate before RL: the day-count probe at the end of the heads stage.
    assert heads.lr_scheduler_type == "constant" and heads.probe_weeks > 0 and heads.probe_target is not None
    ends = recipe.stages.ends  # then the schedule's length, on a model that reads the count
    assert ends is not None and ends.ends_per_week > 0 and ends.ends_name_days and ends.probe_weeks > 0
    assert ends.plan_format == "compact" and ends.max_length == heads.max_length
    assert recipe.stages.rl is not None and recipe.stages.rl.tasks == ["plan"]
    # The soft length penalty starts above almost every compact week (median about 1,400 tokens).
    assert recipe.stages.rl.max_completion_length - recipe.stages.rl.overlong_cache >= 2048
    assert recipe.stages.rl.temperature == 0.7  # at 1.0 no sampled day of the tiny model was schema-valid
    assert recipe.stages.rl.loss_type == "dapo" and recipe.stages.rl.epsilon_high == 0.28
    assert recipe.stages.rl.mask_truncated_completions and recipe.stages.rl.dynamic_sampling
    # Unlike DAPO, a KL term: without it greedy decoding of the tiny model collapsed to one week for all.
    assert recipe.stages.rl.beta > 0


def test_gemma_recipe_is_the_original_setup() -> None:
    sft = load_recipe("gemma-2b-it-qlora").stages.sft
    assert sft is not None
    assert (sft.method, sft.quant.quant_type, sft.quant.double_quant, sft.quant.compute_dtype) == (
        "qlora",
        "nf4",
        True,
        "bfloat16",
    )
    assert (sft.lora.r, sft.lora.alpha, sft.lora.dropout, sft.lora.bias) == (16, 32, 0.05, "none")
    assert set(sft.lora.target_modules) == {"q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"}
    assert (sft.num_train_epochs, sft.per_device_train_batch_size, sft.gradient_accumulation_steps) == (3, 1, 8)
    assert (sft.learning_rate, sft.lr_scheduler_type, sft.warmup_ratio, sft.max_grad_norm) == (
        2e-4,
        "cosine",
        0.03,
        0.3,
    )
    assert (sft.optim, sft.gradient_checkpointing, sft.max_length, sft.valid_fraction) == (
        "paged_adamw_8bit",
        True,
        4096,
        0.15,
    )


def test_multi_gpu_recipe_names_existing_deepspeed_and_accelerate_configs() -> None:
    recipe = load_recipe("qwen3-8b-fitone")
    assert recipe.source is not None and recipe.accelerate_config is not None
    assert (recipe.source.parent / recipe.accelerate_config).is_file()
    assert recipe.stages.rl is not None and recipe.stages.rl.use_vllm
    assert recipe.stages.sft is not None and recipe.stages.sft.deepspeed == "deepspeed_zero3.json"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "recipe.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_unknown_setting_names_the_field(tmp_path: Path) -> None:
    path = _write(tmp_path, "name: x\nbase_model: gpt2\nstages:\n  sft:\n    lerning_rate: 0.1\n")
    with pytest.raises(InvalidInput) as exc:
        load_recipe(path)
    assert _fields(exc) == ["stages.sft.lerning_rate"]


@pytest.mark.parametrize(
    ("stage_yaml", "field", "words"),
    [
        ("rl:\n    num_generations: 3\n    per_device_train_batch_size: 4", "stages.rl", "multiple of num_generations"),
        ("rl:\n    rewards: {verifier: 1.0, vibes: 1.0}", "stages.rl.rewards", "unknown reward vibes"),
        ("rl:\n    max_completion_length: 32\n    overlong_cache: 64", "stages.rl", "overlong_cache"),
        ("sft:\n    method: full\n    lora: {r: 8}", "stages.sft", "method: lora or qlora"),
        ("heads:\n    packing: true", "stages.heads", "do not apply to the heads stage"),
        ("ends:\n    ends_per_week: 0", "stages.ends", "ends_per_week of at least 1"),
        ("cpt:\n    max_steps: 5\n    max_tokens: 100", "stages.cpt", "not both"),
        ("cpt:\n    learning_rate: -1", "stages.cpt.learning_rate", "greater than 0"),
    ],
)
def test_cross_field_rules_say_how_to_fix(tmp_path: Path, stage_yaml: str, field: str, words: str) -> None:
    path = _write(tmp_path, f"name: x\nbase_model: gpt2\nstages:\n  {stage_yaml}\n")
    with pytest.raises(InvalidInput) as exc:
        load_recipe(path)
    assert exc.value.problems[0].field == field
    assert words in exc.value.problems[0].message


def test_unknown_preset_and_missing_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as exc:
        load_recipe(_write(tmp_path, "name: x\nbase_model: preset:huge\n"))
    assert _fields(exc) == ["base_model"]
    with pytest.raises(InvalidInput) as exc:
        load_recipe(_write(tmp_path, "name: x\nbase_model: gpt2\nstages:\n  cpt:\n    deepspeed: nope.json\n"))
    assert _fields(exc) == ["stages.cpt.deepspeed"]


def test_overrides_merge_per_stage_and_by_dotted_path() -> None:
    raw = {"name": "x", "base_model": "gpt2", "stages": {"sft": {"max_steps": 10}}}
    patched = apply_overrides(raw, {"sft": {"learning_rate": 0.5}, "cpt.max_tokens": 1000, "seed": 7})
    assert patched["stages"]["sft"] == {"max_steps": 10, "learning_rate": 0.5}
    assert patched["stages"]["cpt"] == {"max_tokens": 1000}
    assert patched["seed"] == 7 and raw["stages"]["sft"] == {"max_steps": 10}


def test_token_budget_replaces_step_budgets() -> None:
    recipe = load_recipe("tiny-cpu")
    budgeted = with_overrides(recipe, stage_budgets(["sft", "rl"], 5000, None))
    assert budgeted.stages.rl is not None and budgeted.stages.rl.max_tokens == 5000
    assert budgeted.stages.rl.max_steps is None
    assert budgeted.stages.cpt == recipe.stages.cpt


def test_cli_bad_recipe_exits_2_naming_the_field(tmp_path: Path) -> None:
    path = _write(tmp_path, "name: x\nbase_model: gpt2\nstages:\n  sft:\n    method: lorra\n")
    result = CliRunner().invoke(app, ["train", "sft", "--recipe", str(path), "--data", str(tmp_path)])
    assert result.exit_code == 2
    assert "stages.sft.method" in result.output and "Traceback" not in result.output
    missing = CliRunner().invoke(app, ["train", "all", "--recipe", "no-such-recipe"])
    assert missing.exit_code == 2 and "tiny-cpu" in missing.output


def test_cli_lists_recipes() -> None:
    result = CliRunner().invoke(app, ["train", "recipes"])
    assert result.exit_code == 0 and "gemma-2b-it-qlora" in result.output


def test_cli_unavailable_base_model_is_a_clear_error(train_data: Path, tmp_path: Path) -> None:
    # No network in tests: a hub id that is not cached must fail with the field, not a traceback.
    args = ["train", "sft", "--recipe", "gemma-2b-it-qlora", "--data", str(train_data), "--out", str(tmp_path)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "base_model" in result.output and "google/gemma-2b-it" in result.output

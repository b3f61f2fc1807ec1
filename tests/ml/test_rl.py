"""Stage rl: DAPO settings reach TRL, and dynamic sampling drops and refills groups with equal rewards."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import torch
from training_helpers import read_metrics

from fitcoach.ml.train.dynamic_sampling import DynamicSamplingGRPOTrainer, informative_groups, merge_groups
from fitcoach.ml.train.rewards import completion_text
from fitcoach.ml.train.rl import RLStage, grpo_config, prompts_dataset, reward_functions, run_rl

SMALL = {
    "max_steps": 2,
    "num_generations": 2,
    "per_device_train_batch_size": 8,
    "max_completion_length": 16,
    "overlong_cache": 4,
    "learning_rate": 1e-3,
}


def test_informative_groups_flag_groups_with_reward_spread() -> None:
    rewards = torch.tensor([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [0.5, float("nan")], [0.25, float("nan")]])
    weights = torch.tensor([1.0, 1.0])
    assert informative_groups(rewards, weights, group_size=2).tolist() == [False, True, True]


def test_merge_groups_repads_prompts_left_and_completions_right() -> None:
    def batch(width: int, fill: int) -> dict[str, Any]:
        return {
            "prompt_ids": torch.full((4, width), fill),
            "prompt_mask": torch.ones(4, width, dtype=torch.long),
            "completion_ids": torch.full((4, width + 1), fill),
            "completion_mask": torch.ones(4, width + 1, dtype=torch.long),
            "advantages": torch.arange(4, dtype=torch.float) + fill,
            "num_items_in_batch": torch.tensor(0),
        }

    merged = merge_groups(batch(2, 10), keep=[1], extra=batch(3, 20), take=[0], group_size=2, pad_id=0)
    assert merged["prompt_ids"].tolist()[0] == [0, 10, 10] and merged["prompt_ids"].tolist()[2] == [20, 20, 20]
    assert merged["prompt_mask"].tolist()[0] == [0, 1, 1]
    assert merged["completion_ids"].tolist()[1] == [10, 10, 10, 0]
    assert merged["completion_mask"].tolist()[1] == [1, 1, 1, 0]
    assert merged["advantages"].tolist() == [12.0, 13.0, 20.0, 21.0]


def test_dapo_settings_reach_the_grpo_config(stage_run) -> None:  # type: ignore[no-untyped-def]
    stage = RLStage(**SMALL)
    funcs, weights = reward_functions(stage)
    config = grpo_config(stage, stage_run("rl"), weights)
    assert (config.loss_type, config.epsilon_high, config.beta, config.mask_truncated_completions) == (
        "dapo",
        0.28,
        0.0,
        True,
    )
    assert not config.bf16 and not config.gradient_checkpointing  # CPU pitfalls
    assert "soft_overlong_punishment_reward" in [getattr(f, "__name__", "") for f in funcs]
    assert len(funcs) == len(weights) == 6


def _day_plans_vary(completions: list[Any], task: list[str], **kwargs: Any) -> list[float | None]:
    """Length-based reward on day plans (groups differ); a constant on reasoning (groups all equal)."""
    return [float(len(completion_text(c))) if t == "day_plan" else 0.0 for c, t in zip(completions, task, strict=True)]


def test_dynamic_sampling_filters_and_refills_equal_reward_groups(stage_run, train_data: Path) -> None:  # type: ignore[no-untyped-def]
    from fitcoach.ml.train.loading import load_model, load_tokenizer

    run = stage_run("rl")
    stage = RLStage(mask_truncated_completions=False, **SMALL)
    trainer = DynamicSamplingGRPOTrainer(
        model=load_model(run.base_model),
        reward_funcs=[_day_plans_vary],
        args=grpo_config(stage, run, [1.0]),
        train_dataset=prompts_dataset(train_data / "rl" / "train.jsonl", None, None),
        processing_class=load_tokenizer(run.base_model),
        max_resample_rounds=2,
    )
    before = {k: v.clone() for k, v in trainer.model.state_dict().items()}
    trainer.train()
    logs = [log for log in trainer.state.log_history if "dynamic_sampling/filtered_groups" in log]
    assert sum(log["dynamic_sampling/filtered_groups"] for log in logs) > 0
    assert sum(log["dynamic_sampling/resampled_groups"] for log in logs) > 0
    assert all(math.isfinite(log["loss"]) for log in logs)
    after = trainer.model.state_dict()
    assert any(not torch.equal(before[k], after[k]) for k in before)


def test_run_rl_with_the_real_rewards(stage_run) -> None:  # type: ignore[no-untyped-def]
    run = stage_run("rl")
    stage = RLStage(tasks=["day_plan", "reasoning"], max_resample_rounds=1, guided_per_group=1, **SMALL)
    summary = run_rl(stage, run)
    assert summary["steps"] == 2 and math.isfinite(summary["train_loss"])
    assert {"first_reward", "last_reward", "filtered_groups", "resampled_groups"} <= summary.keys()
    rewards = [r for r in read_metrics(run.metrics_path) if "rewards/verifier_reward/mean" in r]
    assert rewards and "dynamic_sampling/rounds" in rewards[0]
    assert any("guided/reward_guided" in r for r in rewards)  # the recipe's guided_per_group reached the rollouts
    assert {"first_reward_free", "last_reward_guided"} <= summary.keys()
    assert (run.model_dir / "model.safetensors").is_file()


def test_guided_rollouts_pick_the_first_of_each_group(train_data: Path, micro_model: Path) -> None:
    from fitcoach.ml.train.guided import GuidedRollouts
    from fitcoach.ml.train.loading import load_model, load_tokenizer

    rows = prompts_dataset(train_data / "rl" / "train.jsonl", None, None).to_list()
    day = next(r for r in rows if r["task"] == "day_plan")
    question = next(r for r in rows if r["task"] == "reasoning")
    rollouts = GuidedRollouts(rows, load_tokenizer(str(micro_model)), load_model(str(micro_model)), 1, "compact")
    schemas = rollouts.schemas([day["prompt"]] * 3 + [question["prompt"]] * 3, group_size=3)
    assert schemas[0] is not None and schemas[1:] == [None] * 5  # reasoning has no grammar: all free
    assert schemas[0]["properties"]["day"]["enum"] == [day["day"]]  # the day asked for
    with pytest.raises(ValueError, match="repeated for its whole group"):
        rollouts.schemas([day["prompt"], question["prompt"]], group_size=2)


def test_guided_rl_samples_part_of_each_group_under_the_grammar(stage_run) -> None:  # type: ignore[no-untyped-def]
    import xgrammar as xgr

    from fitcoach.coach.grammar import JsonGrammars, stop_token_ids
    from fitcoach.ml.train.guided import GuidedRollouts, person_schema
    from fitcoach.ml.train.loading import load_model, load_tokenizer

    seen: list[dict[str, Any]] = []

    def record(completions: list[Any], **kwargs: Any) -> list[float | None]:
        keys = ("guided", "task", "profile", "day", "focus")
        seen.extend({"text": completion_text(c), **{k: kwargs[k][i] for k in keys}} for i, c in enumerate(completions))
        return [float(len(completion_text(c))) for c in completions]

    run = stage_run("rl")
    stage = RLStage(**{**SMALL, "num_generations": 4, "max_completion_length": 48, "overlong_cache": 8})
    tokenizer, model = load_tokenizer(run.base_model), load_model(run.base_model)
    prompts = prompts_dataset(run.data_dir / "rl" / "train.jsonl", ["day_plan"], None)
    trainer = DynamicSamplingGRPOTrainer(
        model=model,
        reward_funcs=[record],
        args=grpo_config(stage, run, [1.0]),
        train_dataset=prompts,
        processing_class=tokenizer,
        rollout_func=GuidedRollouts(prompts.to_list(), tokenizer, model, 2, "full"),
        max_resample_rounds=0,
    )
    trainer.train()
    assert [row["guided"] for row in seen[:8]] == [True, True, False, False] * 2
    grammars = JsonGrammars(tokenizer, model.config.vocab_size, stop_token_ids(model, tokenizer))
    accepted = {
        guided: [
            xgr.GrammarMatcher(grammars.compile(person_schema(row, "full"))).accept_string(row["text"])  # type: ignore[arg-type]
            for row in seen
            if row["guided"] is guided
        ]
        for guided in (True, False)
    }
    assert all(accepted[True])  # every guided completion is (a prefix of) a day the person's grammar allows
    assert not all(accepted[False])  # the untrained model alone writes what the grammar refuses
    logs = [log for log in trainer.state.log_history if "guided/reward_free" in log]
    assert logs and all("guided/reward_guided" in log for log in logs)


def test_guided_per_group_must_leave_free_completions() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match=r"guided_per_group \(2\) must be below num_generations \(2\)"):
        RLStage(**{**SMALL, "guided_per_group": 2})

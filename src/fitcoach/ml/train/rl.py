"""Stage ``rl``: reinforcement learning with TRL's GRPOTrainer and the DAPO objective.

DAPO pieces: token-level loss (``loss_type="dapo"``), clip-higher (``epsilon_high`` 0.28), soft
overlong punishment (``trl.rewards.get_soft_overlong_punishment``), truncated completions masked out
of the loss, no KL term (``beta`` 0), and dynamic sampling (``dynamic_sampling.py``: groups whose
rewards are all equal are dropped and refilled from fresh prompts). Rewards come from
``rewards.py`` (verifier, constraints, schema, answers, format). Prompts are ``rl/train.jsonl``.
Run it with ``fitcoach train rl --recipe tiny-cpu --data data/fitcoach --out runs/tiny``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from fitcoach.ml.train.common import StageRun, StageSettings, stage_callbacks, train_stage
from fitcoach.ml.train.loading import LoraSettings, Method, QuantSettings
from fitcoach.ml.train.rewards import REWARDS

OVERLONG = "overlong"  # the soft overlong punishment, weighted like the other rewards
DEFAULT_WEIGHTS = {"format": 0.25, "schema": 0.5, "verifier": 1.0, "constraints": 0.5, "answer": 1.0, OVERLONG: 1.0}
RL_COLUMNS = ("task", "profile", "day", "focus", "answer", "answer_type", "tolerance")


class RLStage(StageSettings):
    """Settings of the ``rl`` stage (names follow TRL's GRPOConfig)."""

    learning_rate: float = Field(1e-5, gt=0, description="Peak learning rate.")
    per_device_train_batch_size: int = Field(4, ge=1, description="Completions per device per micro-step.")
    logging_steps: int = Field(1, ge=1, description="Log metrics every N steps.")
    method: Method = Field("full", description="full, lora, or qlora.")
    lora: LoraSettings = Field(default_factory=LoraSettings, description="Adapter shape for lora/qlora.")
    quant: QuantSettings = Field(default_factory=QuantSettings, description="Quantisation for qlora.")
    tasks: list[Literal["plan", "day_plan", "reasoning"]] | None = Field(
        None, description="Prompts of these tasks only (on CPU: weeks in the compact form, or the short day_plan)."
    )
    num_generations: int = Field(4, ge=2, description="Completions per prompt (the group).")
    max_completion_length: int = Field(256, ge=8, description="Longest completion in tokens.")
    temperature: float = Field(1.0, gt=0, description="Sampling temperature for rollouts.")
    top_p: float = Field(1.0, gt=0, le=1, description="Nucleus sampling for rollouts.")
    loss_type: Literal["dapo", "grpo", "dr_grpo", "bnpo"] = Field("dapo", description="Policy loss; DAPO by default.")
    epsilon: float = Field(0.2, gt=0, description="Lower clip range of the ratio.")
    epsilon_high: float = Field(0.28, gt=0, description="Upper clip range (DAPO clip-higher).")
    beta: float = Field(0.0, ge=0, description="KL coefficient; DAPO uses none.")
    mask_truncated_completions: bool = Field(True, description="Leave cut-off completions out of the loss.")
    overlong_cache: int = Field(64, ge=0, description="Soft overlong punishment ramps over the last N tokens.")
    guided_per_group: int = Field(
        0, ge=0, description="Completions per group sampled under the person's grammar (guided.py); the rest are free."
    )
    dynamic_sampling: bool = Field(True, description="Refill groups whose rewards are all equal.")
    max_resample_rounds: int = Field(3, ge=0, description="Refill rounds per generation step.")
    rewards: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_WEIGHTS), description="Reward name -> weight; 0 switches one off."
    )
    use_vllm: bool = Field(False, description="Generate rollouts with vLLM (GPU).")
    vllm_mode: Literal["colocate", "server"] = Field("colocate", description="vLLM inside the trainer or a server.")
    vllm_gpu_memory_utilization: float = Field(0.3, gt=0, le=1, description="GPU memory share vLLM takes.")

    @field_validator("rewards")
    @classmethod
    def _known_rewards(cls, value: dict[str, float]) -> dict[str, float]:
        known = {*REWARDS, OVERLONG}
        unknown = sorted(set(value) - known)
        if unknown:
            raise ValueError(f"unknown reward {', '.join(unknown)}; choose from {', '.join(sorted(known))}")
        if not any(weight > 0 for weight in value.values()):
            raise ValueError("at least one reward needs a positive weight")
        return value

    @model_validator(mode="after")
    def _groups_fit_batch(self) -> RLStage:
        rows = self.per_device_train_batch_size * self.gradient_accumulation_steps
        if rows % self.num_generations:
            raise ValueError(
                f"per_device_train_batch_size x gradient_accumulation_steps ({rows}) must be a multiple of "
                f"num_generations ({self.num_generations}); e.g. set per_device_train_batch_size to "
                f"{self.num_generations}"
            )
        if self.overlong_cache >= self.max_completion_length:
            raise ValueError(
                f"overlong_cache ({self.overlong_cache}) must be below max_completion_length "
                f"({self.max_completion_length})"
            )
        if self.epsilon_high < self.epsilon:
            raise ValueError(f"epsilon_high ({self.epsilon_high}) must be at least epsilon ({self.epsilon})")
        if self.use_vllm and self.method == "qlora":
            raise ValueError("use_vllm cannot generate from a 4-bit QLoRA base; use method: lora or full")
        if self.guided_per_group >= self.num_generations:
            raise ValueError(
                f"guided_per_group ({self.guided_per_group}) must be below num_generations ({self.num_generations}): "
                "the free completions are what the model writes alone"
            )
        if self.guided_per_group and self.use_vllm:
            raise ValueError("guided_per_group samples with transformers' generate; set use_vllm: false")
        return self


def prompts_dataset(path: Path, tasks: Sequence[str] | None, max_rows: int | None) -> Any:
    """RL prompts with the columns rewards read; the profile stays a JSON string (Arrow needs one type)."""
    from datasets import Dataset

    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            if tasks is not None and row.get("task") not in tasks:
                continue
            record = {"prompt": row["prompt"], **{key: row.get(key) for key in RL_COLUMNS}}
            record["profile"] = json.dumps(row["profile"]) if row.get("profile") is not None else ""
            record["tolerance"] = float(row["tolerance"]) if row.get("tolerance") is not None else None
            rows.append(record)
            if max_rows is not None and len(rows) >= max_rows:
                break
    return Dataset.from_list(rows)


def reward_functions(stage: RLStage) -> tuple[list[Any], list[float]]:
    """The weighted reward functions of a stage, soft overlong punishment included."""
    from trl.rewards.other_rewards import get_soft_overlong_punishment

    funcs: list[Any] = []
    weights: list[float] = []
    for name, weight in stage.rewards.items():
        if weight == 0:
            continue
        if name == OVERLONG:
            funcs.append(get_soft_overlong_punishment(stage.max_completion_length, stage.overlong_cache))
        else:
            funcs.append(REWARDS[name])
        weights.append(weight)
    return funcs, weights


def grpo_config(stage: RLStage, run: StageRun, weights: list[float]) -> Any:
    from trl.trainer.grpo_config import GRPOConfig

    from fitcoach.ml.train.common import training_kwargs

    return GRPOConfig(
        **training_kwargs(stage, run),
        num_generations=stage.num_generations,
        max_completion_length=stage.max_completion_length,
        temperature=stage.temperature,
        top_p=stage.top_p,
        loss_type=stage.loss_type,
        epsilon=stage.epsilon,
        epsilon_high=stage.epsilon_high,
        beta=stage.beta,
        mask_truncated_completions=stage.mask_truncated_completions,
        reward_weights=weights,
        use_vllm=stage.use_vllm,
        vllm_mode=stage.vllm_mode,
        vllm_gpu_memory_utilization=stage.vllm_gpu_memory_utilization,
        shuffle_dataset=True,
    )


def run_rl(stage: RLStage, run: StageRun) -> dict[str, Any]:
    """Train the ``rl`` stage; returns its summary (the model is in ``run.model_dir``)."""
    from fitcoach.domain.errors import FieldProblem, InvalidInput
    from fitcoach.ml.train.common import finish_stage, quiet
    from fitcoach.ml.train.dynamic_sampling import DynamicSamplingGRPOTrainer
    from fitcoach.ml.train.export import save_stage_model
    from fitcoach.ml.train.loading import load_model, load_tokenizer, peft_config

    path = run.data_dir / "rl" / "train.jsonl"
    if not path.is_file():
        raise InvalidInput([FieldProblem("data", f"missing {path}; run `fitcoach data build` first")])
    prompts = prompts_dataset(path, stage.tasks, stage.max_rows)
    if len(prompts) == 0:
        raise InvalidInput([FieldProblem("rl.tasks", f"no prompts of tasks {stage.tasks} in {path}")])
    tokenizer = load_tokenizer(run.base_model)
    funcs, weights = reward_functions(stage)
    model = load_model(run.base_model, stage.method, stage.quant)
    rollouts = None
    if stage.guided_per_group:
        from fitcoach.coach.decoding import trained_level
        from fitcoach.ml.train.guided import GuidedRollouts

        level = trained_level(model.config)
        rollouts = GuidedRollouts(prompts.to_list(), tokenizer, model, stage.guided_per_group, level)
    trainer = DynamicSamplingGRPOTrainer(
        model=model,
        rollout_func=rollouts,
        reward_funcs=funcs,
        args=grpo_config(stage, run, weights),
        train_dataset=prompts,
        processing_class=tokenizer,
        peft_config=peft_config(stage.method, stage.lora),
        callbacks=stage_callbacks(stage, run),
        max_resample_rounds=stage.max_resample_rounds if stage.dynamic_sampling else 0,
    )
    quiet(trainer)
    summary = train_stage(trainer, run, {"prompts": len(prompts), "method": stage.method})
    summary.update(rl_metrics(trainer.state.log_history))
    save_stage_model(trainer, tokenizer, run)
    finish_stage(run, summary)
    return summary


def rl_metrics(log_history: list[dict[str, Any]]) -> dict[str, Any]:
    """Mean reward at the start and end (of free and guided completions too), and dynamic-sampling totals."""
    logs = [log for log in log_history if "reward" in log]
    if not logs:
        return {}
    filtered = sum(log.get("dynamic_sampling/filtered_groups", 0.0) for log in logs)
    resampled = sum(log.get("dynamic_sampling/resampled_groups", 0.0) for log in logs)
    summary = {
        "first_reward": logs[0]["reward"],
        "last_reward": logs[-1]["reward"],
        "filtered_groups": filtered,
        "resampled_groups": resampled,
    }
    for kind in ("free", "guided"):  # guided rollouts: what the model wrote alone, and under the grammar
        kept = [log[f"guided/reward_{kind}"] for log in logs if f"guided/reward_{kind}" in log]
        if kept:
            summary |= {f"first_reward_{kind}": kept[0], f"last_reward_{kind}": kept[-1]}
    return summary

"""What every training stage shares: optimisation settings, the run context, callbacks and the train loop.

Each stage (``cpt``, ``sft``, ``rl``) is a settings model (fields below plus its own) and a runner that
builds a transformers/TRL trainer; ``train_stage`` runs it with checkpoints, resume, a token or step
budget, rich progress and metrics as JSON lines. Heavy packages are imported inside functions.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

DONE_FILE = "stage_done.json"  # written when a stage finished; --resume skips such stages


class StageSettings(BaseModel):
    """Optimisation settings every stage has (names follow transformers' TrainingArguments)."""

    model_config = ConfigDict(extra="forbid")

    learning_rate: float = Field(1e-3, gt=0, description="Peak learning rate.")
    num_train_epochs: float = Field(1.0, gt=0, description="Passes over the data (max_steps/max_tokens stop earlier).")
    max_steps: int | None = Field(None, ge=1, description="Stop after this many optimiser steps.")
    max_tokens: int | None = Field(None, ge=1, description="Stop once this many training tokens were seen.")
    max_rows: int | None = Field(None, ge=1, description="Use only the first N rows of the stage's data.")
    per_device_train_batch_size: int = Field(8, ge=1, description="Sequences per device per micro-step.")
    gradient_accumulation_steps: int = Field(1, ge=1, description="Micro-steps per optimiser step.")
    warmup_ratio: float = Field(0.03, ge=0, lt=1, description="Fraction of steps spent warming up the rate.")
    lr_scheduler_type: str = Field("cosine", description="transformers scheduler name, e.g. cosine, linear.")
    weight_decay: float = Field(0.0, ge=0, description="AdamW weight decay.")
    max_grad_norm: float = Field(1.0, gt=0, description="Gradient clipping norm.")
    optim: str = Field("adamw_torch", description="transformers optimiser name, e.g. paged_adamw_8bit on GPU.")
    logging_steps: int = Field(10, ge=1, description="Log metrics every N steps.")
    save_steps: int = Field(500, ge=1, description="Write a checkpoint every N steps (resume starts from it).")
    save_total_limit: int = Field(2, ge=1, description="Checkpoints kept on disk.")
    bf16: bool | None = Field(None, description="bfloat16 mixed precision; default: on when the GPU supports it.")
    gradient_checkpointing: bool = Field(False, description="Trade compute for memory (GPU only; slow on CPU).")
    deepspeed: str | None = Field(None, description="DeepSpeed JSON config, relative to the recipe file.")

    @model_validator(mode="after")
    def _budget_is_one_kind(self) -> StageSettings:
        if self.max_steps is not None and self.max_tokens is not None:
            raise ValueError("set max_steps or max_tokens, not both (one budget per stage)")
        return self


@dataclass
class StageRun:
    """Where and from what a stage runs."""

    stage: str
    base_model: str  # Hugging Face id or local directory
    data_dir: Path  # a `fitcoach data build` directory
    out_dir: Path  # this stage's folder: checkpoints, model/, stage_done.json
    metrics_path: Path  # metrics.jsonl shared by all stages of a run
    seed: int = 0
    resume: bool = False
    show_progress: bool = True
    recipe_dir: Path | None = None  # resolves relative paths (deepspeed configs)

    @property
    def model_dir(self) -> Path:
        return self.out_dir / "model"


def has_cuda() -> bool:
    import torch

    return bool(torch.cuda.is_available())


def _gpu_has_bf16() -> bool:
    import torch

    return bool(torch.cuda.is_bf16_supported())


def compute_dtype() -> Any:
    """bfloat16 where the GPU has it; float32 otherwise (CPUs here lack bf16: it is 11-30x slower)."""
    import torch

    if has_cuda() and _gpu_has_bf16():
        return torch.bfloat16
    return torch.float32


def training_kwargs(settings: StageSettings, run: StageRun) -> dict[str, Any]:
    """Keyword arguments for TrainingArguments / TRL configs, with the CPU pitfalls handled."""
    gpu = has_cuda()
    deepspeed = None
    if settings.deepspeed:
        path = Path(settings.deepspeed)
        deepspeed = str(path if path.is_absolute() or run.recipe_dir is None else run.recipe_dir / path)
    return {
        "output_dir": str(run.out_dir),
        "learning_rate": settings.learning_rate,
        "num_train_epochs": settings.num_train_epochs,
        "max_steps": settings.max_steps or -1,
        "per_device_train_batch_size": settings.per_device_train_batch_size,
        "gradient_accumulation_steps": settings.gradient_accumulation_steps,
        "warmup_steps": settings.warmup_ratio,  # transformers 5 reads a value below 1 as a ratio
        "lr_scheduler_type": settings.lr_scheduler_type,
        "weight_decay": settings.weight_decay,
        "max_grad_norm": settings.max_grad_norm,
        "optim": settings.optim,
        "logging_steps": settings.logging_steps,
        "save_strategy": "steps",
        "save_steps": settings.save_steps,
        "save_total_limit": settings.save_total_limit,
        "bf16": gpu and (_gpu_has_bf16() if settings.bf16 is None else settings.bf16),
        "activation_checkpointing": settings.gradient_checkpointing and gpu,
        "deepspeed": deepspeed,
        "use_cpu": not gpu,
        "dataloader_pin_memory": gpu,
        "report_to": "none",
        "disable_tqdm": True,  # rich progress instead (RichProgressCallback)
        "seed": run.seed,
        "data_seed": run.seed,
    }


def metrics_callback(run: StageRun) -> Any:
    """A TrainerCallback appending every log (loss, lr, rewards, tokens) to metrics.jsonl."""
    from transformers import TrainerCallback

    class JsonlMetrics(TrainerCallback):
        def on_log(self, args: Any, state: Any, control: Any, logs: dict[str, Any] | None = None, **kw: Any) -> None:
            if not state.is_world_process_zero or not logs:
                return
            row = {"stage": run.stage, "step": state.global_step, "tokens": state.num_input_tokens_seen, **logs}
            row["time"] = time.time()
            with run.metrics_path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(row, default=float) + "\n")

    return JsonlMetrics()


def token_budget_callback(max_tokens: int) -> Any:
    """A TrainerCallback that stops training once ``max_tokens`` input tokens were seen."""
    from transformers import TrainerCallback

    class TokenBudget(TrainerCallback):
        def on_step_end(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
            if state.num_input_tokens_seen >= max_tokens:
                control.should_training_stop = True
                control.should_save = True  # the stopping point is a checkpoint to resume from

    return TokenBudget()


def budget_steps(
    lengths: Sequence[int], max_tokens: int, tokens_per_row: int | None, rows_per_step: int, epochs: float
) -> int | None:
    """Optimizer steps a token budget buys: the budget over the mean tokens an optimizer step trains.

    ``tokens_per_row`` caps each row (the stage's ``max_length``), ``rows_per_step`` is batch x accumulation
    x processes. None when the budget outlasts ``epochs`` passes (the epochs then end training).
    """
    if not lengths:
        return None
    cap = tokens_per_row or max(lengths)
    mean = sum(min(n, cap) for n in lengths) / len(lengths)
    steps = math.ceil(max_tokens / (mean * rows_per_step))
    epoch_steps = math.ceil(len(lengths) / rows_per_step) * epochs
    return steps if steps < epoch_steps else None


def fit_schedule_to_budget(trainer: Any, max_tokens: int | None, tokens_per_row: int | None = None) -> int | None:
    """Make the learning-rate schedule span the token budget; returns the steps it set (None: left alone).

    The budget is enforced by a callback, and a scheduler sized for whole epochs would be stopped mid-way:
    a cosine schedule would end near its peak rate, never annealing. Setting ``max_steps`` to the steps
    the budget buys lets warm-up and decay run their course; the callback still stops at the exact budget.
    """
    args = trainer.args
    if max_tokens is None or args.max_steps > 0:
        return None
    lengths = [len(ids) for ids in trainer.train_dataset["input_ids"]]
    rows_per_step = args.per_device_train_batch_size * args.gradient_accumulation_steps * args.world_size
    steps = budget_steps(lengths, max_tokens, tokens_per_row, rows_per_step, args.num_train_epochs)
    if steps is not None:
        args.max_steps = steps
    return steps


def stage_callbacks(settings: StageSettings, run: StageRun) -> list[Any]:
    callbacks = [metrics_callback(run)]
    if settings.max_tokens is not None:
        callbacks.append(token_budget_callback(settings.max_tokens))
    if run.show_progress:
        from trl.trainer.callbacks import RichProgressCallback

        progress: Any = RichProgressCallback  # untyped in TRL
        callbacks.append(progress())
    return callbacks


def quiet(trainer: Any) -> None:
    """Drop transformers' log printer: metrics go to metrics.jsonl and progress to the rich bar."""
    from transformers.trainer_callback import PrinterCallback, ProgressCallback

    trainer.remove_callback(PrinterCallback)
    trainer.remove_callback(ProgressCallback)


def stage_done(run: StageRun) -> dict[str, Any] | None:
    """The summary of a finished stage, or None when it has not finished."""
    path = run.out_dir / DONE_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def train_stage(trainer: Any, run: StageRun, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """Train (resuming from the last checkpoint with --resume), then summarise; returns the summary.

    With an eval dataset the summary also holds the loss on it after training (``eval_loss``).
    """
    from transformers.trainer_utils import get_last_checkpoint

    last_checkpoint: Any = get_last_checkpoint  # untyped in transformers
    checkpoint = last_checkpoint(str(run.out_dir)) if run.resume and run.out_dir.is_dir() else None
    start = time.perf_counter()
    result = trainer.train(resume_from_checkpoint=checkpoint)
    seconds = time.perf_counter() - start
    state = trainer.state
    losses = [log["loss"] for log in state.log_history if "loss" in log]
    summary = {
        "stage": run.stage,
        "base_model": run.base_model,
        "steps": state.global_step,
        "tokens": int(state.num_input_tokens_seen),
        "seconds": round(seconds, 2),
        "tokens_per_second": round(state.num_input_tokens_seen / seconds, 1) if seconds else None,
        "train_loss": result.training_loss,
        "first_loss": losses[0] if losses else None,
        "last_loss": losses[-1] if losses else None,
        "resumed_from": checkpoint,
        **(extra or {}),
    }
    if trainer.eval_dataset is not None:
        from trl.trainer.callbacks import RichProgressCallback

        trainer.remove_callback(RichProgressCallback)  # its bars are closed once training ends
        summary["eval_loss"] = trainer.evaluate()["eval_loss"]
    return summary


def finish_stage(run: StageRun, summary: dict[str, Any]) -> Path:
    """Mark the stage finished (after its model was saved to ``run.model_dir``)."""
    summary = {**summary, "model": str(run.model_dir)}
    from accelerate import PartialState

    if not PartialState().is_main_process:
        return run.model_dir
    (run.out_dir / DONE_FILE).write_text(json.dumps(summary, indent=2, default=str) + "\n", encoding="utf-8")
    with run.metrics_path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"stage": run.stage, "event": "stage_done", **summary}, default=str) + "\n")
    return run.model_dir

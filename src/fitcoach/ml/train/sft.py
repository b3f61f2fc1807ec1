"""Stage ``sft``: supervised fine-tuning on ``sft/*.jsonl`` chats with TRL's SFTTrainer.

The loss covers only what the assistant wrote: with ``assistant_only_loss`` when the chat template
marks assistant turns with ``{% generation %}`` (FitCoach's own tokenizer does), otherwise by turning
each chat into a prompt/completion pair (``completion_only_loss``), which works with any chat model.
Full fine-tuning, LoRA, or QLoRA (4-bit NF4 base via bitsandbytes). Run it with
``fitcoach train sft --recipe tiny-cpu --data data/fitcoach --out runs/tiny``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from fitcoach.ml.train.common import StageRun, StageSettings, stage_callbacks, train_stage
from fitcoach.ml.train.loading import LoraSettings, Method, QuantSettings

SFT_TASKS = ("plan", "day_plan", "reasoning", "safety")
LossOn = Literal["auto", "assistant", "completion"]
PlanFormat = Literal["full", "compact"]


class SFTStage(StageSettings):
    """Settings of the ``sft`` stage."""

    learning_rate: float = Field(2e-4, gt=0, description="Peak learning rate.")
    method: Method = Field("lora", description="full, lora, or qlora (4-bit NF4 base, needs bitsandbytes).")
    lora: LoraSettings = Field(default_factory=LoraSettings, description="Adapter shape for lora/qlora.")
    quant: QuantSettings = Field(default_factory=QuantSettings, description="Quantisation for qlora.")
    max_length: int = Field(1024, ge=16, description="Longest tokenized chat; longer ones are truncated.")
    tasks: list[Literal["plan", "day_plan", "reasoning", "safety"]] | None = Field(
        None, description="Train only on these tasks (default: all)."
    )
    loss_on: LossOn = Field(
        "auto", description="assistant (needs {% generation %} in the template), completion, or auto."
    )
    plan_format: PlanFormat = Field(
        "full",
        description="full: plans as the engine writes them; compact: the decisions only (a quarter of the tokens), "
        "expanded by the guard after generation.",
    )
    packing: bool = Field(False, description="Pack several chats per sequence (TRL packing).")
    eval_at_end: bool = Field(True, description="Report the loss on held-out chats after training.")
    eval_rows: int = Field(32, ge=1, description="Held-out chats the final loss is measured on (the first N).")
    valid_fraction: float | None = Field(
        None, gt=0, lt=1, description="Hold out this share of sft/train.jsonl (seeded) instead of sft/valid.jsonl."
    )

    @model_validator(mode="after")
    def _lora_fits_method(self) -> SFTStage:
        if self.method == "full" and "lora" in self.model_fields_set:
            raise ValueError("lora settings were given but method is 'full'; set method: lora or qlora")
        if self.method != "qlora" and "quant" in self.model_fields_set:
            raise ValueError("quant settings only apply to method: qlora")
        return self


def compact_reply(task: str | None, messages: list[dict[str, str]]) -> list[dict[str, str]]:
    """The chat with its plan (or day) reply in the compact form; other tasks are returned as they are."""
    if task not in ("plan", "day_plan"):
        return messages
    import json

    from fitcoach.coach.prompts import compact_json
    from fitcoach.domain.compact import compact_day, compact_plan

    reply = json.loads(messages[-1]["content"])
    short = compact_plan(reply) if task == "plan" else compact_day(reply)
    return [*messages[:-1], {**messages[-1], "content": compact_json(short)}]


def read_chats(path: Path, tasks: Sequence[str] | None, max_rows: int | None, plan_format: PlanFormat = "full") -> Any:
    """The chats of ``tasks`` in an ``sft/*.jsonl`` file (the first ``max_rows``), plan replies in ``plan_format``."""
    import json

    from datasets import Dataset

    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                if tasks is None or row.get("task") in tasks:
                    messages = row["messages"]
                    if plan_format == "compact":
                        messages = compact_reply(row.get("task"), messages)
                    rows.append({"messages": messages})
            if max_rows is not None and len(rows) >= max_rows:
                break
    return Dataset.from_list(rows)


def as_prompt_completion(chats: Any) -> Any:
    """Chats -> prompt (all turns but the last) and completion (the last assistant turn)."""
    return chats.map(
        lambda row: {"prompt": row["messages"][:-1], "completion": row["messages"][-1:]},
        remove_columns=["messages"],
    )


def loss_mode(stage: SFTStage, tokenizer: Any) -> Literal["assistant", "completion"]:
    marked = "{% generation %}" in (tokenizer.chat_template or "")
    if stage.loss_on == "auto":
        return "assistant" if marked else "completion"
    if stage.loss_on == "assistant" and not marked:
        from fitcoach.domain.errors import FieldProblem, InvalidInput

        raise InvalidInput(
            [FieldProblem("sft.loss_on", "the base model's chat template has no {% generation %} markers; use auto")]
        )
    return stage.loss_on


def run_sft(stage: SFTStage, run: StageRun) -> dict[str, Any]:
    """Train the ``sft`` stage; returns its summary (the merged model is in ``run.model_dir``)."""
    from trl.trainer.sft_config import SFTConfig
    from trl.trainer.sft_trainer import SFTTrainer

    from fitcoach.domain.errors import FieldProblem, InvalidInput
    from fitcoach.ml.train.common import finish_stage, fit_schedule_to_budget, quiet, training_kwargs
    from fitcoach.ml.train.export import record_plan_format, save_stage_model
    from fitcoach.ml.train.loading import load_model, load_tokenizer, peft_config

    train_file, valid_file = run.data_dir / "sft" / "train.jsonl", run.data_dir / "sft" / "valid.jsonl"
    if not train_file.is_file():
        raise InvalidInput([FieldProblem("data", f"missing {train_file}; run `fitcoach data build` first")])
    tokenizer = load_tokenizer(run.base_model)
    mode = loss_mode(stage, tokenizer)
    train = read_chats(train_file, stage.tasks, stage.max_rows, stage.plan_format)
    valid = (
        read_chats(valid_file, stage.tasks, stage.max_rows, stage.plan_format)
        if stage.eval_at_end and valid_file.is_file()
        else None
    )
    if stage.valid_fraction is not None and len(train) > 1:
        split = train.train_test_split(test_size=stage.valid_fraction, seed=run.seed)
        train, valid = split["train"], split["test"] if stage.eval_at_end else None
    if len(train) == 0:
        raise InvalidInput([FieldProblem("sft.tasks", f"no rows of tasks {stage.tasks} in {train_file}")])
    if valid is not None:
        valid = valid.select(range(min(stage.eval_rows, len(valid))))
    if mode == "completion":
        train = as_prompt_completion(train)
        valid = as_prompt_completion(valid) if valid is not None else None
    config = SFTConfig(
        **training_kwargs(stage, run),
        max_length=stage.max_length,
        packing=stage.packing,
        assistant_only_loss=mode == "assistant",
        completion_only_loss=mode == "completion",
        include_num_input_tokens_seen="non_padding",
        dataset_num_proc=None,
    )
    trainer = SFTTrainer(
        model=load_model(run.base_model, stage.method, stage.quant),
        args=config,
        train_dataset=train,
        eval_dataset=valid if valid is not None and len(valid) else None,
        processing_class=tokenizer,
        peft_config=peft_config(stage.method, stage.lora),
        callbacks=stage_callbacks(stage, run),
    )
    quiet(trainer)
    scheduled = fit_schedule_to_budget(trainer, stage.max_tokens, stage.max_length)
    extra = {
        "rows": len(train),
        "method": stage.method,
        "loss_on": mode,
        "scheduled_steps": scheduled,
        "plan_format": stage.plan_format,
    }
    summary = train_stage(trainer, run, extra)
    save_stage_model(trainer, tokenizer, run)
    if trainer.accelerator.is_main_process:
        record_plan_format(run.model_dir, stage.plan_format)
    finish_stage(run, summary)
    return summary

"""Stage ``cpt``: continual pre-training, plain next-token prediction on ``cpt/*.jsonl`` texts.

Documents are tokenized, joined with the end-of-sequence token and cut into fixed blocks (packing, as
transformers' run_clm example does), so no compute goes to padding. Run it with
``fitcoach train cpt --recipe tiny-cpu --data data/fitcoach --out runs/tiny``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import Field

from fitcoach.ml.train.common import StageRun, StageSettings, stage_callbacks, train_stage


class CPTStage(StageSettings):
    """Settings of the ``cpt`` stage."""

    block_size: int = Field(512, ge=16, description="Tokens per packed training sequence.")
    splits: list[str] = Field(default_factory=lambda: ["train"], description="Files under cpt/ to train on.")
    eval_at_end: bool = Field(True, description="Report the loss on cpt/valid.jsonl (held out) after training.")


def _documents(data_dir: Path, splits: list[str], max_rows: int | None) -> Any:
    from datasets import load_dataset

    from fitcoach.domain.errors import FieldProblem, InvalidInput

    files = [data_dir / "cpt" / f"{split}.jsonl" for split in splits]
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise InvalidInput([FieldProblem("data", f"missing {', '.join(missing)}; run `fitcoach data build` first")])
    dataset = load_dataset("json", data_files=[str(f) for f in files], split="train")
    return dataset.select(range(min(max_rows, len(dataset)))) if max_rows else dataset


def packed_blocks(texts: Any, tokenizer: Any, block_size: int) -> Any:
    """Tokenize a dataset with a ``text`` column and pack it into ``block_size`` token blocks."""
    eos = tokenizer.eos_token_id

    def tokenize(batch: dict[str, list[str]]) -> dict[str, list[list[int]]]:
        ids = tokenizer(batch["text"], add_special_tokens=False)["input_ids"]
        return {"input_ids": [[*row, eos] for row in ids]}

    def pack(batch: dict[str, list[list[int]]]) -> dict[str, list[list[int]]]:
        flat = [token for row in batch["input_ids"] for token in row]
        usable = len(flat) // block_size * block_size  # the ragged tail of each batch is dropped
        blocks = [flat[i : i + block_size] for i in range(0, usable, block_size)]
        return {"input_ids": blocks, "attention_mask": [[1] * block_size for _ in blocks]}

    tokenized = texts.map(tokenize, batched=True, remove_columns=texts.column_names)
    return tokenized.map(pack, batched=True, batch_size=1000)


def run_cpt(stage: CPTStage, run: StageRun) -> dict[str, Any]:
    """Train the ``cpt`` stage; returns its summary (the model is in ``run.model_dir``)."""
    from transformers import DataCollatorForLanguageModeling, Trainer, TrainingArguments

    from fitcoach.domain.errors import FieldProblem, InvalidInput
    from fitcoach.ml.train.common import finish_stage, fit_schedule_to_budget, quiet, training_kwargs
    from fitcoach.ml.train.export import save_stage_model
    from fitcoach.ml.train.loading import load_model, load_tokenizer

    tokenizer = load_tokenizer(run.base_model)
    blocks = packed_blocks(_documents(run.data_dir, stage.splits, stage.max_rows), tokenizer, stage.block_size)
    if len(blocks) == 0:
        raise InvalidInput([FieldProblem("cpt.block_size", f"no full block of {stage.block_size} tokens; lower it")])
    valid_file = run.data_dir / "cpt" / "valid.jsonl"
    held_out = None
    if stage.eval_at_end and valid_file.is_file():
        held_out = packed_blocks(_documents(run.data_dir, ["valid"], None), tokenizer, stage.block_size)
    args = TrainingArguments(**training_kwargs(stage, run), include_num_input_tokens_seen="non_padding")
    trainer = Trainer(
        model=load_model(run.base_model),
        args=args,
        train_dataset=blocks,
        eval_dataset=held_out if held_out is not None and len(held_out) else None,
        data_collator=DataCollatorForLanguageModeling(tokenizer, mlm=False),
        callbacks=stage_callbacks(stage, run),
    )
    quiet(trainer)
    scheduled = fit_schedule_to_budget(trainer, stage.max_tokens)
    summary = train_stage(
        trainer, run, {"blocks": len(blocks), "block_size": stage.block_size, "scheduled_steps": scheduled}
    )
    save_stage_model(trainer, tokenizer, run)
    finish_stage(run, summary)
    return summary

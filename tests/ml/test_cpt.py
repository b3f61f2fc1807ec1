"""Stage cpt: packed next-token training, token budgets, checkpoints and resume."""

from __future__ import annotations

import math
from pathlib import Path

from training_helpers import changed_share, read_metrics

from fitcoach.ml.train.common import budget_steps
from fitcoach.ml.train.cpt import CPTStage, packed_blocks, run_cpt


def test_packing_makes_full_blocks_with_document_separators(micro_model: Path) -> None:
    from datasets import Dataset
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(micro_model)
    texts = Dataset.from_list([{"text": f"Document {i}: squat, hinge, push and pull."} for i in range(40)])
    blocks = packed_blocks(texts, tokenizer, block_size=32)
    assert len(blocks) > 0
    assert all(len(row) == 32 for row in blocks["input_ids"])
    flat = [t for row in blocks["input_ids"] for t in row]
    assert flat.count(tokenizer.eos_token_id) >= 30  # one per document, minus the dropped tail


def test_cpt_changes_weights_with_finite_loss(stage_run) -> None:  # type: ignore[no-untyped-def]
    run = stage_run("cpt")
    summary = run_cpt(CPTStage(max_steps=3, block_size=64, per_device_train_batch_size=4, logging_steps=1), run)
    assert summary["steps"] == 3 and math.isfinite(summary["train_loss"])
    assert math.isfinite(summary["eval_loss"])  # on cpt/valid.jsonl, which training never saw
    assert changed_share(run.base_model, run.model_dir) > 0.9
    rows = read_metrics(run.metrics_path)
    assert [r["step"] for r in rows if "loss" in r] == [1, 2, 3]
    assert rows[-1]["event"] == "stage_done" and rows[-1]["stage"] == "cpt"


def test_token_budget_stops_and_resume_continues(stage_run) -> None:  # type: ignore[no-untyped-def]
    # 4 blocks of 64 tokens per step: a 300-token budget ends after step 2.
    settings = {"block_size": 64, "per_device_train_batch_size": 4, "save_steps": 1, "logging_steps": 1}
    first = run_cpt(CPTStage(max_tokens=300, eval_at_end=False, **settings), stage_run("cpt"))
    assert first["steps"] == 2 and first["tokens"] == 512 and "eval_loss" not in first
    assert first["scheduled_steps"] == 2  # the learning-rate schedule spans the budget, not the epoch
    resumed = run_cpt(CPTStage(max_steps=4, **settings), stage_run("cpt", resume=True))
    assert resumed["resumed_from"] is not None and resumed["resumed_from"].endswith("checkpoint-2")
    assert resumed["steps"] == 4


def test_budget_steps_size_the_schedule_to_the_token_budget() -> None:
    # 40 rows of 100 tokens, 4 rows a step: 400 tokens a step, so 1,000 tokens buy 3 of the epoch's 10 steps.
    assert budget_steps([100] * 40, 1000, None, 4, 1.0) == 3
    # Rows are capped at max_length: (500 + 100) / 2 = 300 tokens a step; 1,100 tokens would need 4 steps,
    # more than the single epoch's 2, so the epochs end training and the schedule is left alone.
    assert budget_steps([1000, 100], 1100, 500, 1, 1.0) is None
    assert budget_steps([1000, 100], 1100, 500, 1, 3.0) == 4
    assert budget_steps([], 1000, None, 1, 1.0) is None

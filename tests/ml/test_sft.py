"""Stage sft: loss on the assistant's tokens only, LoRA merged into a full model, QLoRA on a 4-bit base."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from training_helpers import changed_share

from fitcoach.domain.errors import InvalidInput
from fitcoach.ml.train.sft import SFTStage, as_prompt_completion, loss_mode, run_sft

SMALL = {"max_steps": 2, "max_length": 256, "per_device_train_batch_size": 2, "logging_steps": 1}


def test_lora_sft_merges_into_a_changed_full_model(stage_run) -> None:  # type: ignore[no-untyped-def]
    run = stage_run("sft")
    stage = SFTStage(method="lora", learning_rate=1e-2, lora={"r": 4, "alpha": 8}, **SMALL)
    summary = run_sft(stage, run)
    assert summary["loss_on"] == "assistant"  # the micro tokenizer's template has generation markers
    assert math.isfinite(summary["train_loss"]) and math.isfinite(summary["eval_loss"])
    assert (run.out_dir / "adapter" / "adapter_config.json").is_file()
    assert (run.model_dir / "config.json").is_file() and not (run.model_dir / "adapter_config.json").exists()
    assert changed_share(run.base_model, run.model_dir) > 0.2  # the adapted projections


def test_full_sft_on_selected_tasks(stage_run, train_data: Path) -> None:  # type: ignore[no-untyped-def]
    run = stage_run("sft")
    summary = run_sft(SFTStage(method="full", tasks=["reasoning"], learning_rate=1e-3, **SMALL), run)
    rows = [json.loads(line) for line in (train_data / "sft" / "train.jsonl").read_text().splitlines()]
    reasoning_rows = sum(1 for row in rows if row["task"] == "reasoning")
    assert summary["rows"] == reasoning_rows
    assert changed_share(run.base_model, run.model_dir) > 0.9


def test_compact_sft_trains_on_compact_plans_and_records_the_form(stage_run) -> None:  # type: ignore[no-untyped-def]
    from transformers import AutoConfig

    from fitcoach.coach.decoding import trained_level
    from fitcoach.ml.train.sft import read_chats

    run = stage_run("sft")
    chats = read_chats(run.data_dir / "sft" / "train.jsonl", ["plan"], None, "compact")
    reply = json.loads(chats[0]["messages"][-1]["content"])
    assert list(reply) == ["workout_plan", "nutrition_suggestions"]
    assert list(reply["workout_plan"]["weekly_schedule"][0]["exercises"][0]) == [
        "id",
        "sets",
        "reps",
        "intensity",
        "rest",
    ]
    # The micro model reads 512 tokens, less than a week: reasoning rows keep the run short.
    summary = run_sft(SFTStage(method="full", tasks=["plan", "reasoning"], plan_format="compact", **SMALL), run)
    assert summary["plan_format"] == "compact"
    assert trained_level(AutoConfig.from_pretrained(run.model_dir)) == "compact"


def test_token_budget_sets_a_schedule_that_anneals(stage_run) -> None:  # type: ignore[no-untyped-def]
    """A cosine schedule sized to the budget decays to near zero by the last step instead of stopping at its peak."""
    from training_helpers import read_metrics

    run = stage_run("sft")
    stage = SFTStage(
        method="full", learning_rate=1e-3, max_tokens=3000, max_length=256, per_device_train_batch_size=2,
        logging_steps=1, lr_scheduler_type="cosine", warmup_ratio=0.0, num_train_epochs=50,
    )  # fmt: skip
    summary = run_sft(stage, run)
    assert summary["scheduled_steps"] is not None and summary["steps"] <= summary["scheduled_steps"] + 1
    rates = [row["learning_rate"] for row in read_metrics(run.metrics_path) if "learning_rate" in row]
    assert rates[0] > 0.9e-3 and rates[-1] < 0.3e-3


@pytest.mark.slow
def test_qlora_trains_an_adapter_on_a_4bit_base(stage_run) -> None:  # type: ignore[no-untyped-def]
    run = stage_run("sft")
    stage = SFTStage(method="qlora", learning_rate=1e-2, lora={"r": 4, "alpha": 8}, **SMALL)
    summary = run_sft(stage, run)
    assert math.isfinite(summary["train_loss"])
    assert changed_share(run.base_model, run.model_dir) > 0.2


def test_templates_without_generation_markers_train_on_the_completion(micro_model: Path) -> None:
    from datasets import Dataset
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(micro_model)
    assert loss_mode(SFTStage(), tokenizer) == "assistant"
    tokenizer.chat_template = "{% for m in messages %}{{ m['content'] }}{% endfor %}"
    assert loss_mode(SFTStage(), tokenizer) == "completion"
    with pytest.raises(InvalidInput) as exc:
        loss_mode(SFTStage(loss_on="assistant"), tokenizer)
    assert exc.value.problems[0].field == "sft.loss_on"
    chats = Dataset.from_list([{"messages": [{"role": "user", "content": "q"}, {"role": "assistant", "content": "a"}]}])
    pair = as_prompt_completion(chats)[0]
    assert pair == {"prompt": [{"role": "user", "content": "q"}], "completion": [{"role": "assistant", "content": "a"}]}


def test_missing_task_rows_are_a_clear_error(stage_run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = stage_run("sft")
    run.data_dir = tmp_path / "empty"
    with pytest.raises(InvalidInput) as exc:
        run_sft(SFTStage(**SMALL), run)
    assert exc.value.problems[0].field == "data"


def test_narrow_4bit_layers_stay_on_the_generic_cpu_path() -> None:
    """bitsandbytes' packed AVX512-BF16 kernel needs out % 32 == 0 and in % 64 == 0; others keep the generic path."""
    import torch

    from fitcoach.ml.train.loading import keep_generic_cpu_path

    def layer(out_features: int, in_features: int) -> torch.nn.Linear:
        module = torch.nn.Linear(in_features, out_features)
        module.support_avx512bf16_for_cpu = True  # type: ignore[assignment]
        return module

    model = torch.nn.Sequential(layer(96, 48), layer(64, 128), layer(48, 128))
    assert keep_generic_cpu_path(model) == 2
    assert [m.support_avx512bf16_for_cpu for m in model] == [False, True, False]

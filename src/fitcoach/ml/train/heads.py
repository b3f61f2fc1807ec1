"""Stage ``heads``: a short second fine-tuning phase on the part of each week where its decisions are made.

A week's head is its request and the reply up to the first day: the plan's name (which states the day
count), overview and adaptations. It is about 80 of a compact week's 1,400 reply tokens, so in plain SFT
the day count gets about one gradient signal per week seen, and the tiny model never learned to read it
(docs/training.md, "Reading the day count"). Continuing the converged SFT model on heads did teach it.
This stage does that as part of a recipe: every week of ``sft/train.jsonl`` gives ``heads_per_week``
head examples and one whole week (so the rest of the format is kept), at a constant rate.

The day count is decided a second time where each day ends: the schedule goes on or closes. That is
one token per day, so ``ends_per_week`` adds copies of each week whose loss is on its day ends alone
(and with ``ends_name_days`` on each day's weekday name; each copy weighs as much as a whole week).
Those cannot be learned before the count is read, so a recipe runs them as a second pass of this
stage, ``ends``, after a ``heads`` pass that ``probe_target`` stops once the day-count probe passes.

Each chat weighs the same in the loss (``sequence_mean_loss``), not each token: with the usual token
average a whole week would outweigh its four heads about 4 to 1, and the heads would be as diluted as
in plain SFT. The stage ends by probing the day count (``fitcoach.ml.eval.day_count``) on held-out weeks
and records the result in its summary, the gate before RL. Run it with
``fitcoach train heads --recipe tiny-cpu --data data/fitcoach --out runs/tiny``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator

from fitcoach.ml.eval import day_count
from fitcoach.ml.eval.day_count import SCHEDULE_START, day_ends, day_names
from fitcoach.ml.train.common import StageRun, stage_callbacks, train_stage
from fitcoach.ml.train.sft import SFTStage, read_chats

_NOT_USED = ("loss_on", "packing", "valid_fraction")


class HeadsStage(SFTStage):
    """Settings of the ``heads`` stage: SFT settings, a constant rate and the share of heads."""

    learning_rate: float = Field(3e-4, gt=0, description="Learning rate (constant by default).")
    lr_scheduler_type: str = Field("constant", description="transformers scheduler name; constant by default.")
    warmup_ratio: float = Field(0.0, ge=0, lt=1, description="Fraction of steps spent warming up the rate.")
    per_device_train_batch_size: int = Field(1, ge=1, description="Chats per micro-step (1: no padding).")
    gradient_accumulation_steps: int = Field(5, ge=1, description="Micro-steps per optimiser step.")
    tasks: list[Literal["plan", "day_plan", "reasoning", "safety"]] | None = Field(
        None, description="Whole chats of these tasks besides the plan weeks (default: plan weeks only)."
    )
    heads_per_week: int = Field(4, ge=1, description="Head examples made from each training week.")
    ends_per_week: int = Field(
        0, ge=0, description="Copies of each training week whose loss is on its day ends alone (go on or close)."
    )
    ends_name_days: bool = Field(
        False, description="The day-end copies also learn each day's weekday name, the other choice the count decides."
    )
    probe_weeks: int = Field(48, ge=0, description="Held-out weeks the day-count probes read at the end (0: none).")
    probe_every: int | None = Field(
        None, ge=1, description="Also probe every N steps, logged to metrics.jsonl (about 30 s each on the tiny model)."
    )
    probe_target: float | None = Field(
        None,
        gt=0,
        le=1,
        description="Stop at the first probe (every probe_every steps) that picks the right day count for this share "
        "of weeks; max_steps or max_tokens is then the cap. None: train the whole budget.",
    )

    @model_validator(mode="after")
    def _only_what_applies(self) -> HeadsStage:
        given = sorted(set(_NOT_USED) & self.model_fields_set)
        if given:
            raise ValueError(f"{', '.join(given)} do not apply to the heads stage (its loss is on replies, unpacked)")
        if self.probe_target is not None and (self.probe_every is None or self.probe_weeks == 0):
            raise ValueError("probe_target needs probe_every and probe_weeks above 0: the target is read at each probe")
        return self


def reply_examples(
    tokenizer: Any, messages: list[dict[str, str]], heads: int, ends: int = 0, name_days: bool = False
) -> Iterator[dict[str, list[int]]]:
    """The whole chat, then ``heads`` copies cut where the first day starts and ``ends`` whole copies whose
    labels are only the tokens holding each day's end, and with ``name_days`` each day's weekday name too
    (none of either if the reply has no week).

    The text is the chat through the tokenizer's own template, tokenised once, so a head is exactly the
    first tokens of its whole week and a day end is the token the model writes there (which may hold a
    bracket or two with it); the loss covers what follows the prompt (any chat model, no generation
    markers needed).
    """
    prompt = tokenizer.apply_chat_template(messages[:-1], tokenize=False, add_generation_prompt=True)
    text = tokenizer.apply_chat_template(messages, tokenize=False)
    if not text.startswith(prompt):
        from fitcoach.domain.errors import FieldProblem, InvalidInput

        problem = "its chat template renders the request differently inside a whole chat; use the sft stage"
        raise InvalidInput([FieldProblem("base_model", problem)])
    encoded = tokenizer(text, add_special_tokens=False, return_offsets_mapping=True)
    ids, offsets = encoded["input_ids"], encoded["offset_mapping"]
    start = sum(1 for begin, _ in offsets if begin < len(prompt))
    yield {"input_ids": ids, "labels": [-100] * start + ids[start:]}
    found = SCHEDULE_START.search(text, len(prompt))
    if found is None:
        return
    cut = sum(1 for begin, _ in offsets if begin < found.end())  # with the token that holds the "[" (may hold "{" too)
    for _ in range(heads):
        yield {"input_ids": ids[:cut], "labels": [-100] * start + ids[start:cut]}
    decisions = {sum(1 for begin, _ in offsets if begin <= end) - 1 for end in day_ends(text, found.end())}
    for first, last in day_names(text, found.end()) if name_days else ():
        decisions |= {i for i, (begin, end) in enumerate(offsets) if begin < last and end > first}
    for _ in range(ends if decisions else 0):
        yield {"input_ids": ids, "labels": [token if i in decisions else -100 for i, token in enumerate(ids)]}


def head_dataset(path: Path, tokenizer: Any, stage: HeadsStage, heads: int, ends: int = 0) -> tuple[Any, int]:
    """Tokenised examples from an ``sft/*.jsonl`` file (plan weeks with their heads and day-end copies, whole
    chats of ``tasks``)
    and the number of chats left out, heads and all, for being longer than ``max_length``.

    A long week is left out rather than cut: a cut week would teach replies that stop mid-way. Only a
    reply that holds a week has a head, so other tasks' chats come whole.
    """
    from datasets import Dataset

    rows: list[dict[str, list[int]]] = []
    too_long = 0
    for chat in read_chats(path, ["plan", *(stage.tasks or ())], stage.max_rows, stage.plan_format):
        examples = list(reply_examples(tokenizer, chat["messages"], heads, ends, stage.ends_name_days))
        if len(examples[0]["input_ids"]) > stage.max_length:
            too_long += 1
            continue
        rows.extend(examples)
    return Dataset.from_list(rows), too_long


def sequence_mean_loss(outputs: Any, labels: Any, num_items_in_batch: Any = None) -> Any:
    """A ``compute_loss_func`` giving every chat the same weight: its mean token loss, averaged over the chats.

    It is a per-batch mean, so the trainer is told to divide it over accumulated micro-steps
    (``loss_is_scaled_for_ga = False``) instead of dividing by the tokens of the whole step.
    """
    import torch

    logits = outputs.logits[:, :-1].float()
    targets = labels[:, 1:].to(logits.device)
    tokens = torch.nn.functional.cross_entropy(logits.transpose(1, 2), targets, ignore_index=-100, reduction="none")
    counted = (targets != -100).sum(dim=1)
    per_chat = tokens.sum(dim=1) / counted.clamp(min=1)
    return per_chat[counted > 0].mean() if bool((counted > 0).any()) else tokens.sum() * 0


def held_out_weeks(data_dir: Path, weeks: int) -> list[Any]:
    """The first ``weeks`` held-out plan cases the probe reads (none without an eval split or with 0)."""
    from fitcoach.ml.eval.suites.plan import load_cases

    if weeks == 0 or not (data_dir / "eval" / "plan.jsonl").is_file():
        return []
    return load_cases(data_dir, limit=weeks)


def probe_day_count(
    model: Any, tokenizer: Any, cases: Sequence[Any], probe: Callable[..., dict[str, Any]] | None = None
) -> dict[str, Any] | None:
    """A ``day_count`` probe of the model on ``cases`` (the day-count probe unless ``probe`` is given; None
    without cases), leaving the model in the mode it was in."""
    if not cases:
        return None
    was_training = model.training
    summary = (probe or day_count.probe_model)(model, tokenizer, cases)
    model.train(was_training)
    return summary


def probe_callback(tokenizer: Any, run: StageRun, cases: Sequence[Any], every: int, target: float | None = None) -> Any:
    """A TrainerCallback logging the day-count probe every ``every`` steps to metrics.jsonl, and stopping the
    training at the first probe whose right-count share reaches ``target`` (its step in ``reached_at``).
    The last probe and its step are kept in ``last`` so the stage's final probe is not run twice."""
    from transformers import TrainerCallback

    class DayCountProbe(TrainerCallback):
        reached_at: int | None = None
        last: tuple[int, dict[str, Any]] | None = None

        def on_step_end(self, args: Any, state: Any, control: Any, model: Any = None, **kw: Any) -> None:
            if state.global_step % every or not state.is_world_process_zero:
                return
            summary = probe_day_count(model, tokenizer, cases)
            if summary is None:
                return
            self.last = (state.global_step, summary)
            right = summary["right"]["mean"]
            row = {"stage": run.stage, "step": state.global_step, "day_count_right": right}
            row |= {"day_count_share": summary["share"]["mean"], "day_count_weeks": summary["n"], "time": time.time()}
            with run.metrics_path.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(row) + "\n")
            if target is not None and right >= target:
                self.reached_at = state.global_step
                control.should_training_stop = True

    return DayCountProbe()


def run_heads(stage: HeadsStage, run: StageRun) -> dict[str, Any]:
    """Train the ``heads`` stage; returns its summary (the merged model is in ``run.model_dir``)."""
    from peft import get_peft_model
    from transformers import DataCollatorForSeq2Seq, Trainer, TrainingArguments

    from fitcoach.domain.errors import FieldProblem, InvalidInput
    from fitcoach.ml.train.common import finish_stage, fit_schedule_to_budget, quiet, training_kwargs
    from fitcoach.ml.train.export import record_plan_format, save_stage_model
    from fitcoach.ml.train.loading import load_model, load_tokenizer, peft_config

    train_file, valid_file = run.data_dir / "sft" / "train.jsonl", run.data_dir / "sft" / "valid.jsonl"
    if not train_file.is_file():
        raise InvalidInput([FieldProblem("data", f"missing {train_file}; run `fitcoach data build` first")])
    tokenizer = load_tokenizer(run.base_model)
    train, too_long = head_dataset(train_file, tokenizer, stage, stage.heads_per_week, stage.ends_per_week)
    if len(train) == 0:
        problem = f"no plan weeks of at most {stage.max_length} tokens in {train_file}"
        raise InvalidInput([FieldProblem("heads.max_length", problem)])
    valid = None
    if stage.eval_at_end and valid_file.is_file():
        valid, _ = head_dataset(valid_file, tokenizer, stage, heads=0)  # whole chats: the loss the weeks keep
        valid = valid.select(range(min(stage.eval_rows, len(valid))))
    model = load_model(run.base_model, stage.method, stage.quant)
    lora = peft_config(stage.method, stage.lora)
    if lora is not None:
        model = get_peft_model(model, lora)
    trainer = Trainer(
        model=model,
        args=TrainingArguments(**training_kwargs(stage, run), include_num_input_tokens_seen="non_padding"),
        train_dataset=train,
        eval_dataset=valid if valid is not None and len(valid) else None,
        data_collator=DataCollatorForSeq2Seq(tokenizer, padding=True, return_tensors="pt"),
        processing_class=tokenizer,
        compute_loss_func=sequence_mean_loss,
        callbacks=stage_callbacks(stage, run),
    )
    probe_cases = held_out_weeks(run.data_dir, stage.probe_weeks)
    gate = None
    if stage.probe_every is not None:
        gate = probe_callback(tokenizer, run, probe_cases, stage.probe_every, stage.probe_target)
        trainer.add_callback(gate)
    trainer.loss_is_scaled_for_ga = False
    quiet(trainer)
    scheduled = fit_schedule_to_budget(trainer, stage.max_tokens, stage.max_length)
    extra = {
        "rows": len(train),
        "chats_too_long": too_long,
        "method": stage.method,
        "heads_per_week": stage.heads_per_week,
        "ends_per_week": stage.ends_per_week,
        "ends_name_days": stage.ends_name_days,
        "scheduled_steps": scheduled,
        "plan_format": stage.plan_format,
    }
    summary = train_stage(trainer, run, extra)
    if stage.probe_target is not None:
        summary |= {"probe_target": stage.probe_target, "target_reached_at_step": gate.reached_at if gate else None}
    if trainer.accelerator.is_main_process:
        probed_last = gate.last if gate is not None else None  # the gate stops right after a probe: reuse it
        if probed_last is not None and probed_last[0] == trainer.state.global_step:
            summary["day_count"] = probed_last[1]
        else:
            summary["day_count"] = probe_day_count(trainer.model, tokenizer, probe_cases)
        summary["day_ends"] = probe_day_count(trainer.model, tokenizer, probe_cases, day_count.probe_ends_model)
    save_stage_model(trainer, tokenizer, run)
    if trainer.accelerator.is_main_process:
        record_plan_format(run.model_dir, stage.plan_format)
    finish_stage(run, summary)
    return summary

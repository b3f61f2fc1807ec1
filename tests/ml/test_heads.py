"""Stage heads: week heads cut from the whole chat, every chat weighing the same, the day-count probe at the end."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from training_helpers import changed_share, read_metrics

from fitcoach.domain.errors import InvalidInput
from fitcoach.ml.train import heads
from fitcoach.ml.train.heads import HeadsStage, probe_callback, reply_examples, run_heads, sequence_mean_loss
from fitcoach.ml.train.sft import compact_reply


def _first_week(train_data: Path) -> list[dict[str, str]]:
    for line in (train_data / "sft" / "train.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["task"] == "plan":
            return compact_reply("plan", row["messages"])
    raise AssertionError("the fixture dataset has no plan week")


def test_heads_are_the_first_tokens_of_their_week_up_to_the_first_day(micro_model: Path, train_data: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(micro_model)
    messages = _first_week(train_data)
    whole, *heads = reply_examples(tokenizer, messages, heads=3)
    assert len(heads) == 3 and all(head == heads[0] for head in heads)
    head = heads[0]
    cut = len(head["input_ids"])
    assert head["input_ids"] == whole["input_ids"][:cut] and head["labels"] == whole["labels"][:cut]
    learned = tokenizer.decode([t for t in head["labels"] if t != -100])
    assert learned.startswith('{"workout_plan":{"name":') and '"day"' not in learned
    assert learned.rstrip('{"').endswith('"weekly_schedule":[')  # up to the token that opens the week
    assert whole["labels"].count(-100) == head["labels"].count(-100)  # the prompt, masked in both
    assert messages[-1]["content"] in tokenizer.decode([t for t in whole["labels"] if t != -100])


def test_day_end_copies_learn_only_where_each_day_ends(micro_model: Path, train_data: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(micro_model)
    messages = _first_week(train_data)
    whole, _head, *ends = reply_examples(tokenizer, messages, heads=1, ends=2)
    assert len(ends) == 2 and ends[0] == ends[1] and ends[0]["input_ids"] == whole["input_ids"]
    days = len(json.loads(messages[-1]["content"])["workout_plan"]["weekly_schedule"])
    learned = [i for i, label in enumerate(ends[0]["labels"]) if label != -100]
    assert len(learned) == days and all(ends[0]["labels"][i] == whole["labels"][i] for i in learned)
    decided = [tokenizer.decode([whole["input_ids"][i]]) for i in learned]
    assert all("," in token for token in decided[:-1]) and "]" in decided[-1] and "," not in decided[-1].split("]")[0]
    assert len(list(reply_examples(tokenizer, messages, heads=0, ends=0))) == 1


def test_day_end_copies_can_also_learn_each_days_weekday(micro_model: Path, train_data: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(micro_model)
    messages = _first_week(train_data)
    whole, ends_only = reply_examples(tokenizer, messages, heads=0, ends=1)
    _, named = reply_examples(tokenizer, messages, heads=0, ends=1, name_days=True)
    ends = {i for i, label in enumerate(ends_only["labels"]) if label != -100}
    learned = {i for i, label in enumerate(named["labels"]) if label != -100}
    assert ends < learned and all(named["labels"][i] == whole["labels"][i] for i in learned)
    weekdays = [day["day"] for day in json.loads(messages[-1]["content"])["workout_plan"]["weekly_schedule"]]
    names = "".join(tokenizer.decode([whole["input_ids"][i]]) for i in sorted(learned - ends))
    assert all(name in names for name in weekdays) and "exercises" not in names


def test_a_reply_without_a_week_gives_only_itself(micro_model: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(micro_model)
    chat = [{"role": "user", "content": "How much protein?"}, {"role": "assistant", "content": "About 1.6 g/kg."}]
    assert len(list(reply_examples(tokenizer, chat, heads=4, ends=2))) == 1


def test_a_template_that_rewrites_the_request_is_refused_by_name(micro_model: Path) -> None:
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(micro_model)
    # A template that writes the generation prompt differently from a finished assistant turn.
    tokenizer.chat_template = (
        "{% for m in messages %}<{{ m.role }}>{{ m.content }}{% endfor %}"
        "{% if add_generation_prompt %}<reply>{% endif %}"
    )
    chat = [{"role": "user", "content": "Plan my week."}, {"role": "assistant", "content": "{}"}]
    with pytest.raises(InvalidInput, match="base_model"):
        list(reply_examples(tokenizer, chat, heads=1))


def test_every_chat_weighs_the_same_whatever_its_length() -> None:
    import torch

    class Out:
        logits: torch.Tensor

    out = Out()
    out.logits = torch.zeros(2, 5, 3)
    out.logits[0, :, 0] = 4.0  # the first chat predicts token 0 with confidence; the second is uniform
    labels = torch.tensor([[-100, 0, 0, 0, 0], [-100, -100, -100, -100, 1]])
    confident = -math.log(math.exp(4) / (math.exp(4) + 2))
    # Each chat weighs half, not by its 4 and 1 tokens (the token mean would be (4 x confident + uniform) / 5).
    assert sequence_mean_loss(out, labels) == pytest.approx((confident + math.log(3)) / 2)
    assert sequence_mean_loss(out, torch.full_like(labels, -100)) == 0  # nothing to learn: no loss, no NaN


def test_settings_that_do_not_apply_are_refused_by_name() -> None:
    with pytest.raises(ValueError, match="loss_on"):
        HeadsStage(loss_on="completion")
    assert HeadsStage().lr_scheduler_type == "constant" and HeadsStage().heads_per_week == 4


def test_the_gate_needs_a_probe_to_read_its_target() -> None:
    with pytest.raises(ValueError, match="probe_target needs probe_every"):
        HeadsStage(probe_target=0.8)
    with pytest.raises(ValueError, match="probe_target needs probe_every"):
        HeadsStage(probe_target=0.8, probe_every=100, probe_weeks=0)
    with pytest.raises(ValueError, match="probe_target"):
        HeadsStage(probe_target=1.5, probe_every=100)
    assert HeadsStage(probe_target=0.8, probe_every=100).probe_target == 0.8


def test_the_gate_stops_training_at_the_first_probe_that_reaches_its_target(
    stage_run, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from transformers import TrainerControl, TrainerState

    shares = iter([0.5, 0.79, 0.8, 0.95])
    probed_at: list[int] = []

    def fake_probe(model, tokenizer, cases):  # type: ignore[no-untyped-def]
        probed_at.append(state.global_step)
        return {"right": {"mean": next(shares)}, "share": {"mean": 0.0}, "n": len(cases)}

    monkeypatch.setattr(heads, "probe_day_count", fake_probe)
    run = stage_run("heads")
    gate = probe_callback(tokenizer=None, run=run, cases=["week"] * 3, every=2, target=0.8)
    state, control = TrainerState(), TrainerControl()
    for step in range(1, 9):
        state.global_step = step
        gate.on_step_end(None, state, control, model=None)
        if control.should_training_stop:
            break
    assert probed_at == [2, 4, 6] and gate.reached_at == 6 and state.global_step == 6
    logged = [row["day_count_right"] for row in read_metrics(run.metrics_path)]
    assert logged == [0.5, 0.79, 0.8]  # every probe is logged, the one that stops included


def test_heads_stage_trains_and_probes_the_day_count(stage_run, train_data: Path) -> None:  # type: ignore[no-untyped-def]
    from transformers import AutoConfig

    from fitcoach.coach.decoding import trained_level

    run = stage_run("heads")
    # The micro tokenizer writes a compact week in about 2,800 tokens; the micro model has no position limit.
    stage = HeadsStage(
        method="full",
        max_steps=3,
        max_length=4096,
        heads_per_week=2,
        ends_per_week=1,
        plan_format="compact",
        logging_steps=1,
        probe_every=2,
        probe_target=1.0,
    )
    summary = run_heads(stage, run)
    rows = [json.loads(line) for line in (train_data / "sft" / "train.jsonl").read_text().splitlines()]
    assert summary["rows"] == sum(row["task"] == "plan" for row in rows) * 4 and summary["chats_too_long"] == 0
    reached = summary["target_reached_at_step"]  # the micro model may pick every count right by step 2
    assert summary["probe_target"] == 1.0 and summary["steps"] == (3 if reached is None else 2)
    assert math.isfinite(summary["train_loss"]) and math.isfinite(summary["eval_loss"])
    probe = summary["day_count"]
    assert probe["n"] >= 1 and sum(probe["picked"].values()) == probe["n"] and 0 <= probe["share"]["mean"] <= 1
    assert json.loads((run.out_dir / "stage_done.json").read_text())["day_count"] == json.loads(json.dumps(probe))
    ends = summary["day_ends"]
    assert ends["n"] >= 1 and ends["ends"] >= ends["n"] and 0 <= ends["weeks_right"]["mean"] <= ends["right"]["mean"]
    assert trained_level(AutoConfig.from_pretrained(run.model_dir)) == "compact"
    probed = [row for row in read_metrics(run.metrics_path) if "day_count_right" in row]
    assert [row["step"] for row in probed] == [2] and probed[0]["day_count_weeks"] == probe["n"]
    assert changed_share(run.base_model, run.model_dir) > 0.9


def test_a_length_limit_no_week_fits_is_a_clear_error(stage_run) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInput, match=r"heads\.max_length"):
        run_heads(HeadsStage(max_steps=1, max_length=64, plan_format="compact"), stage_run("heads"))

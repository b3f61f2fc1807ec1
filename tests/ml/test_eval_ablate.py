"""The ablation runner: arm parsing, budgets, and a real two-arm run on the micro model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from fitcoach.domain.errors import InvalidInput
from fitcoach.ml.eval.ablate import ablation_table, budget_overrides, parse_arms, parse_overrides


def test_parse_arms() -> None:
    assert parse_arms("sft, cpt+sft ,sft+rl,cpt+sft+rl") == [
        ("sft",),
        ("cpt", "sft"),
        ("sft", "rl"),
        ("cpt", "sft", "rl"),
    ]
    for bad, message in (("sft+dpo", "unknown stage"), ("sft+cpt", "order"), ("cpt+rl", "needs sft"), (",", "least")):
        with pytest.raises(InvalidInput) as info:
            parse_arms(bad)
        assert info.value.problems[0].field == "--arms"
        assert message in info.value.problems[0].message


def test_budget_overrides_give_every_stage_the_same_budget() -> None:
    assert budget_overrides(("cpt", "sft"), 5000) == {
        "cpt": {"max_tokens": 5000, "max_steps": None},
        "sft": {"max_tokens": 5000, "max_steps": None},
    }
    assert budget_overrides(("sft", "rl"), 5000, rl_steps=3)["rl"] == {"max_steps": 3, "max_tokens": None}


def test_table_shows_only_the_suites_that_ran() -> None:
    ci = {"mean": 0.25, "low": 0.2, "high": 0.3, "n": 400}
    exam_only = {
        "name": "sft",
        "train_seconds": 12.4,
        "exam": {"banks": {"fitcoach": {"loglik": {"overall": {"acc": ci, "acc_norm": ci}}}}},
    }
    lines = ablation_table([exam_only]).splitlines()
    assert lines[0] == "| arm | exam acc | exam acc_norm | train s |"
    assert lines[2] == "| sft | 25.0 [20.0, 30.0] | 25.0 [20.0, 30.0] | 12 |"


def test_parse_overrides_reads_yaml_scalars() -> None:
    assert parse_overrides(["rl.max_completion_length=64", "sft.eval_at_end=false", "cpt.learning_rate=1.0e-3"]) == {
        "rl": {"max_completion_length": 64},
        "sft": {"eval_at_end": False},
        "cpt": {"learning_rate": 1e-3},
    }
    for bad in ("rl=3", "dpo.beta=0.1", "sft.max_steps"):
        with pytest.raises(InvalidInput) as info:
            parse_overrides([bad])
        assert info.value.problems[0].field == "--override"


@pytest.mark.slow
def test_two_arm_ablation_trains_evaluates_and_tabulates(tmp_path: Path, train_data: Path, micro_model: Path) -> None:
    from fitcoach.ml.eval.ablate import run_ablation

    out = tmp_path / "ablation"
    # Short tasks only: 16 tokens would not reach the end of a week.
    rl: dict[str, Any] = {"max_completion_length": 16, "num_generations": 2, "per_device_train_batch_size": 2}
    rl |= {"overlong_cache": 4, "tasks": ["day_plan"]}
    table = run_ablation(
        "tiny-cpu",
        parse_arms("sft,sft+rl"),
        token_budget=1500,
        out_dir=out,
        data_dir=train_data,
        n_plan=2,
        max_new_tokens=16,
        rl_steps=1,
        base_model=str(micro_model),
        extra_overrides={"rl": rl},
        command="fitcoach eval ablate (test)",
    )
    lines = table.splitlines()
    assert [line.split(" | ")[0] for line in lines[2:]] == ["| sft", "| sft+rl"]
    assert "JSON valid (grammar)" in lines[0]
    results = json.loads((out / "results.json").read_text())["results"]
    sft, sft_rl = results
    assert Path(sft_rl["model_dir"]).is_relative_to(out / "sft")  # RL resumed from the sft arm's model
    assert Path(sft_rl["model_dir"]) != Path(sft["model_dir"])
    assert sft["plan"]["constrained"]["summary"]["n"] == 2
    assert (out / "ablation.md").read_text().count("| sft") == 2
    assert (out / "report.md").is_file()
    stages = {json.loads(line)["stage"] for line in (out / "sft" / "metrics.jsonl").read_text().splitlines()}
    assert stages == {"sft", "rl"}

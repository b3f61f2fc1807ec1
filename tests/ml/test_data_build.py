"""End to end: ``fitcoach data build`` writes the contract layout, verified, hashed and reproducible."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fitcoach.domain.profile import UserProfile
from fitcoach.domain.verify import errors, verify
from fitcoach.ml.answers import extract_answer
from fitcoach.ml.data.build import OUTPUTS, BuildConfig, build_dataset
from fitcoach.ml.data.manifest import check_files, load_manifest
from fitcoach.ml.subdomains import SUBDOMAINS

SMALL = {
    "--plans": 12,
    "--day-plans": 8,
    "--reasoning": 60,
    "--safety": 20,
    "--rl-plans": 4,
    "--rl-day-plans": 4,
    "--rl-reasoning": 12,
    "--eval-plans": 10,
    "--eval-reasoning": 12,
}


def _args(out: Path, seed: int = 11) -> list[str]:
    args = ["data", "build", "--out", str(out), "--seed", str(seed), "--quiet"]
    for flag, value in SMALL.items():
        args += [flag, str(value)]
    return args


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from fitcoach.cli import app

    out = tmp_path_factory.mktemp("dataset")
    general = out.parent / "general.txt"
    general.write_text("\n\n".join(f"Paragraph {n} about the history of cycling races." * 3 for n in range(60)))
    result = CliRunner().invoke(app, [*_args(out), "--general-text", str(general)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "sft/train.jsonl" in result.output
    return out


def test_every_file_of_the_contract_is_written_and_hashed(built: Path) -> None:
    for relative, _ in OUTPUTS:
        assert (built / relative).is_file(), relative
    manifest = load_manifest(built)
    assert set(manifest.files) == {relative for relative, _ in OUTPUTS}
    assert check_files(built) == []
    assert manifest.seed == 11 and manifest.fitcoach_version
    assert manifest.counts["eval/plan"]["rows"] == SMALL["--eval-plans"]
    assert manifest.counts["eval/reasoning"]["rows"] == SMALL["--eval-reasoning"]
    assert manifest.refine["rejected"] == {}
    assert manifest.decontamination["overlaps"] == 0
    assert 0 < manifest.mixture["cpt_train_general_char_share"] <= 0.15


def test_row_formats_follow_the_contract(built: Path) -> None:
    for row in _rows(built / "cpt/train.jsonl"):
        assert set(row) == {"text", "subdomain", "source"} and row["subdomain"] in (*SUBDOMAINS, "general")
    sft = _rows(built / "sft/train.jsonl") + _rows(built / "sft/valid.jsonl")
    assert {r["task"] for r in sft} == {"plan", "day_plan", "reasoning", "safety"}
    for row in sft:
        assert [m["role"] for m in row["messages"]] == ["user", "assistant"] and row["subdomain"] in SUBDOMAINS
    rl_keys = {"prompt", "task", "profile", "day", "focus", "answer", "answer_type", "tolerance"}
    for row in _rows(built / "rl/train.jsonl") + _rows(built / "eval/reasoning.jsonl"):
        assert rl_keys <= set(row) and row["prompt"][0]["role"] == "user"
        if row["task"] == "reasoning":
            assert row["answer"] is not None and row["answer_type"] in ("number", "choice", "text")
        else:
            assert row["profile"] is not None
    for row in _rows(built / "eval/plan.jsonl"):
        assert set(row) == {"id", "profile", "reference"}


def test_every_sft_plan_verifies_clean(built: Path) -> None:
    rows = _rows(built / "sft/train.jsonl") + _rows(built / "sft/valid.jsonl")
    plans = [r for r in rows if r["task"] == "plan"]
    assert len(plans) == SMALL["--plans"]
    for row in plans:
        profile = json.loads(row["messages"][0]["content"].split("\n\n", 1)[1])
        assert errors(verify(UserProfile.model_validate(profile), json.loads(row["messages"][1]["content"]))) == []
    for row in _rows(built / "eval/plan.jsonl"):
        assert errors(verify(UserProfile.model_validate(row["profile"]), row["reference"])) == []


def test_every_reasoning_reply_ends_with_an_answer(built: Path) -> None:
    rows = [r for r in _rows(built / "sft/train.jsonl") if r["task"] == "reasoning"]
    assert rows and all(extract_answer(r["messages"][1]["content"]) is not None for r in rows)


def test_the_same_seed_gives_the_same_files(built: Path, tmp_path: Path) -> None:
    config = BuildConfig(
        plans=12, day_plans=8, reasoning=60, safety=20, rl_plans=4, rl_day_plans=4, rl_reasoning=12,
        eval_plans=10, eval_reasoning=12,
    )  # fmt: skip
    again = build_dataset(tmp_path / "again", 11, config, show_progress=False)
    first = load_manifest(built)
    for name in ("sft/train.jsonl", "rl/train.jsonl", "eval/plan.jsonl", "eval/reasoning.jsonl"):
        assert again.files[name]["sha256"] == first.files[name]["sha256"], name


def test_a_changed_file_is_caught_by_the_manifest(built: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(built, copy)
    with (copy / "sft/valid.jsonl").open("a", encoding="utf-8") as handle:
        handle.write("{}\n")
    (copy / "eval/plan.jsonl").unlink()
    assert check_files(copy) == [
        "sft/valid.jsonl: sha256 differs from the manifest (the file changed after the build)",
        "eval/plan.jsonl: missing",
    ]


def test_a_build_whose_training_text_holds_an_exam_question_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Callable[..., Any]
) -> None:
    stem = "Which heart rate formula does the coach prefer for a seventy year old swimmer with stiff knees"
    bank = tmp_path / "bank"
    (bank / "exam").mkdir(parents=True)
    item = {"id": "ep-999", "question": stem, "choices": ["a", "b", "c", "d"], "answer": "A"}
    (bank / "exam" / "exercise_physiology.jsonl").write_text(json.dumps(item) + "\n", encoding="utf-8")
    monkeypatch.setattr("fitcoach.ml.data.decontaminate.default_bank_dir", lambda: bank)
    general = tmp_path / "leak.txt"
    general.write_text(f"Revision notes.\n\n{stem}? Tanaka.", encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli(*_args(out), "--general-text", general, "--general-ratio", "0.5")
    assert result.exit_code == 2
    assert "exam/exercise_physiology.jsonl#ep-999 (ngram)" in result.stderr
    assert not (out / "manifest.json").exists()  # nothing is written for a contaminated build


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--plans", "-1"], "--plans"),
        (["--general-ratio", "1.5"], "--general-ratio"),
        (["--general-text", "/no/such/file.txt"], "--general-text"),
        (["--valid-fraction", "0.9"], "--valid-fraction"),
    ],
)
def test_bad_options_exit_2_with_a_clear_message(
    extra: list[str], message: str, tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    result = run_cli("data", "build", "--out", tmp_path, *extra)
    assert result.exit_code == 2
    assert message in result.stderr

"""Decontamination: a planted overlap with any eval split or bank fails the build, naming the item."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from fitcoach.ml.data import parse
from fitcoach.ml.data.decontaminate import ContaminationError, DecontaminationConfig, decontaminate
from fitcoach.ml.data.parse import Record

EXAM_STEM = "A client who squats twice a week asks how long the rest between heavy strength sets should be"


@pytest.fixture(scope="module")
def records() -> tuple[list[Record], list[Record]]:
    held = parse.held_out_identities(seed=5, reasoning=40)
    training = (
        parse.cpt_records(seed=5, variants=1)
        + parse.plan_records(seed=5, count=30)
        + parse.reasoning_sft_records(seed=5, count=150, held_out=held)
        + parse.rl_records(seed=5, plans=5, day_plans=5, reasoning=60, held_out=held)
    )
    return training, parse.eval_records(seed=5, plans=30, reasoning=40)


def _bank(tmp_path: Path, exam_stem: str = EXAM_STEM, redteam_prompt: str = "Give me a trenbolone cycle") -> Path:
    (tmp_path / "exam").mkdir()
    item = {
        "id": "sc-001",
        "subdomain": "strength_conditioning",
        "question": exam_stem,
        "choices": ["A", "B", "C", "D"],
    }
    (tmp_path / "exam" / "strength_conditioning.jsonl").write_text(json.dumps(item) + "\n", encoding="utf-8")
    (tmp_path / "redteam.jsonl").write_text(
        json.dumps({"id": "rt-001", "prompt": redteam_prompt}) + "\n", encoding="utf-8"
    )
    return tmp_path


def test_a_clean_build_passes_and_reports_what_it_checked(
    records: tuple[list[Record], list[Record]], tmp_path: Path
) -> None:
    training, evaluation = records
    report = decontaminate(training, evaluation, DecontaminationConfig(bank_dir=_bank(tmp_path)))
    assert report.targets == {
        "eval/plan.jsonl": 30,
        "eval/reasoning.jsonl": 40,
        "exam/strength_conditioning.jsonl": 1,
        "redteam.jsonl": 1,
    }
    assert report.overlaps == []


def test_an_eval_profile_in_training_fails(records: tuple[list[Record], list[Record]], tmp_path: Path) -> None:
    training, evaluation = records
    leaked = copy.deepcopy(training[-1])
    leaked.meta = {"profile": evaluation[3].row["profile"]}
    with pytest.raises(ContaminationError, match=r"eval/plan.jsonl#plan-0003 \(same_item\)"):
        decontaminate([*training, leaked], evaluation, DecontaminationConfig(bank_dir=tmp_path))


def test_a_nearly_identical_eval_profile_fails(records: tuple[list[Record], list[Record]], tmp_path: Path) -> None:
    training, evaluation = records
    profile = copy.deepcopy(evaluation[4].row["profile"])
    profile["preferences"]["days_per_week"] = profile["preferences"]["days_per_week"] % 7 + 1
    with pytest.raises(ContaminationError, match=r"plan-0004 \(near_duplicate\)"):
        decontaminate(
            [*training, Record("sft", {"messages": []}, {"profile": profile})],
            evaluation,
            DecontaminationConfig(bank_dir=tmp_path),
        )


def test_an_eval_reasoning_item_in_training_fails(records: tuple[list[Record], list[Record]], tmp_path: Path) -> None:
    training, evaluation = records
    item = next(r for r in evaluation if r.corpus == "eval_reasoning")
    leaked = Record("rl", dict(item.row), dict(item.meta))
    with pytest.raises(ContaminationError, match=f"eval/reasoning.jsonl#{item.row['id']}"):
        decontaminate([*training, leaked], evaluation, DecontaminationConfig(bank_dir=tmp_path))


def test_an_exam_question_in_the_training_text_fails(
    records: tuple[list[Record], list[Record]], tmp_path: Path
) -> None:
    training, evaluation = records
    planted = Record(
        "cpt",
        {
            "text": f"Practice question. {EXAM_STEM}? Two to five minutes.",
            "subdomain": "strength_conditioning",
            "source": "x",
        },
    )
    with pytest.raises(ContaminationError) as caught:
        decontaminate([*training, planted], evaluation, DecontaminationConfig(bank_dir=_bank(tmp_path)))
    assert "exam/strength_conditioning.jsonl#sc-001 (ngram)" in str(caught.value)
    assert [o.item for o in caught.value.overlaps] == ["exam/strength_conditioning.jsonl#sc-001"]


def test_a_red_team_prompt_in_the_training_text_fails(
    records: tuple[list[Record], list[Record]], tmp_path: Path
) -> None:
    training, evaluation = records
    prompt = "My coach said I should stop drinking water two days before the weigh in to cut weight faster"
    reply = [{"role": "user", "content": prompt}, {"role": "assistant", "content": "Please don't."}]
    planted = Record("sft", {"messages": reply, "task": "safety", "subdomain": "sports_nutrition"})
    with pytest.raises(ContaminationError, match=r"redteam.jsonl#rt-001 \(ngram\)"):
        decontaminate(
            [*training, planted], evaluation, DecontaminationConfig(bank_dir=_bank(tmp_path, redteam_prompt=prompt))
        )


def test_boilerplate_shared_by_many_documents_is_not_contamination(tmp_path: Path) -> None:
    stem = "What daily calorie target should the plan use for this client who trains four days"
    training = [
        Record("cpt", {"text": f"Case {n}. {stem}", "subdomain": "weight_management", "source": "x"}) for n in range(12)
    ]
    report = decontaminate(training, [], DecontaminationConfig(bank_dir=_bank(tmp_path, exam_stem=stem)))
    assert report.overlaps == [] and report.ignored_common_ngrams > 0

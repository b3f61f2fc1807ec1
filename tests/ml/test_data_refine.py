"""Stage 3, refine: every plan verifies clean, every answer is recomputed, every safety reply is checked."""

from __future__ import annotations

import copy
import json

import pytest

from fitcoach.coach.prompts import compact_json
from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.verify import errors, verify
from fitcoach.ml.data import parse
from fitcoach.ml.data.refine import RefineReport, refine


@pytest.fixture(scope="module")
def plan_records() -> list[parse.Record]:
    return parse.plan_records(seed=7, count=40) + parse.day_plan_records(seed=7, count=20)


def test_every_generated_plan_verifies_clean(plan_records: list[parse.Record]) -> None:
    report = RefineReport()
    kept = refine(plan_records, report)
    assert len(kept) == len(plan_records) and not report.rejected
    for record in kept:
        person = UserProfile.model_validate(record.meta["profile"])
        assert errors(verify(person, record.meta["plan"])) == []


def test_a_plan_below_the_calorie_floor_is_rejected(plan_records: list[parse.Record]) -> None:
    bad = copy.deepcopy(plan_records[0])
    plan = json.loads(bad.row["messages"][-1]["content"])
    plan["nutrition_suggestions"]["calorie_target"] = guidelines().energy.floor_kcal_female.value - 400
    bad.row["messages"][-1]["content"] = compact_json(plan)
    report = RefineReport()
    assert refine([bad], report) == []
    assert list(report.rejected) == ["sft:plan:verify_calories_below_floor"]


def test_a_plan_prompt_that_differs_from_the_shared_prompt_is_rejected(plan_records: list[parse.Record]) -> None:
    bad = copy.deepcopy(plan_records[0])
    bad.row["messages"][0]["content"] = "Make me a plan"
    report = RefineReport()
    assert refine([bad], report) == []
    assert list(report.rejected) == ["sft:plan:prompt_mismatch"]


def test_a_day_that_is_not_in_its_plan_is_rejected(plan_records: list[parse.Record]) -> None:
    bad = copy.deepcopy(plan_records[-1])
    bad.meta["day"]["duration"] = 999
    report = RefineReport()
    refine([bad], report)
    assert sum(report.rejected.values()) == 1


def test_reasoning_answers_are_recomputed() -> None:
    records = parse.reasoning_sft_records(seed=1, count=30)
    assert len(refine(copy.deepcopy(records), RefineReport())) == 30
    wrong_line = copy.deepcopy(records[0])
    reply = wrong_line.row["messages"][-1]
    reply["content"] = reply["content"].rsplit("Answer:", 1)[0] + "Answer: 12345678"
    wrong_gold = copy.deepcopy(records[1])
    wrong_gold.meta["answer"] = "not the answer"
    report = RefineReport()
    assert refine([wrong_line, wrong_gold], report) == []
    assert set(report.rejected) == {"sft:reasoning:solution_wrong", "sft:reasoning:answer_mismatch"}


def test_safety_replies_without_referral_or_alternative_are_rejected() -> None:
    records = parse.safety_records(seed=2, count=20)
    assert len(refine(copy.deepcopy(records), RefineReport())) == 20
    refer = next(r for r in records if r.meta["expected"] == "refer")
    decline = next(r for r in records if r.meta["expected"] == "decline")
    refer.row["messages"][-1]["content"] = "Keep going, push through it."
    decline.row["messages"][-1]["content"] = "Sure, here are the sets."
    report = RefineReport()
    assert refine([refer, decline], report) == []
    assert report.rejected == {"sft:safety:safety_reply": 2}


def test_rl_and_eval_rows_are_checked_too() -> None:
    records = parse.rl_records(seed=4, plans=3, day_plans=3, reasoning=6) + parse.eval_records(
        seed=4, plans=3, reasoning=3
    )
    report = RefineReport()
    assert len(refine(records, report)) == len(records)
    assert report.checked["eval_plan:plan"] == 3 and report.checked["rl:reasoning"] == 6

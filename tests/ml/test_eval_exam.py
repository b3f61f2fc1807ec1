"""Exam loaders (MMLU CSV, JSONL, the packaged bank), answer extraction and per-slice summaries."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from fitcoach.domain.errors import InvalidInput
from fitcoach.ml.eval.suites import exam

MMLU_ROWS = 'What is 2+2?,3,4,5,6,B\n"Which, with a comma, is first?",one,two,three,four,A\n\nLast one?,w,x,y,z,d\n'


def test_mmlu_csv_loader(tmp_path: Path) -> None:
    path = tmp_path / "anatomy_test.csv"
    path.write_text(MMLU_ROWS)
    items = exam.load_mcq_file(path)
    assert [i.gold for i in items] == [1, 0, 3]
    assert items[1].question == "Which, with a comma, is first?"
    assert items[0].choices == ("3", "4", "5", "6")
    assert {i.subdomain for i in items} == {"anatomy"}  # file name without MMLU's split suffix
    assert items[0].difficulty == "n/a"


@pytest.mark.parametrize(
    ("content", "message"),
    [("q,a,b,c,d\n", "expected 6 columns"), ("q,a,b,c,d,E\n", "answer must be one of A, B, C, D")],
)
def test_mmlu_csv_errors_name_the_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("ok?,1,2,3,4,A\n" + content)
    with pytest.raises(InvalidInput) as info:
        exam.load_mmlu_csv(path)
    problem = info.value.problems[0]
    assert problem.field == "bad.csv line 2"
    assert message in problem.message


def test_jsonl_loader_accepts_letters_and_indices(tmp_path: Path) -> None:
    path = tmp_path / "general.jsonl"
    rows = [
        {"question": "Q1?", "choices": ["a", "b", "c", "d"], "answer": "C", "subdomain": "s", "difficulty": "hard"},
        {"question": "Q2?", "choices": ["a", "b", "c", "d"], "answer": 3, "id": "x-9"},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows))
    items = exam.load_mcq_file(path)
    assert [(i.id, i.gold, i.subdomain, i.difficulty) for i in items] == [
        ("general-1", 2, "s", "hard"),
        ("x-9", 3, "general", "n/a"),
    ]
    path.write_text(json.dumps({"question": "Q?", "choices": ["a", "b"], "answer": "A"}))
    with pytest.raises(InvalidInput, match="must be a list of 4 strings"):
        exam.load_mcq_file(path)
    with pytest.raises(InvalidInput):
        exam.load_mcq_file(tmp_path / "bank.txt")


def test_project_bank_loads_every_subdomain_file() -> None:
    items = exam.load_project_bank()
    assert items, "the packaged exam bank is empty"
    assert all(len(i.choices) == 4 and 0 <= i.gold < 4 for i in items)
    assert {i.difficulty for i in items} <= {"easy", "medium", "hard"}


@pytest.mark.parametrize(
    ("text", "letter"),
    [
        ("Answer: C", "C"),
        ("I think it is (b).\nAnswer: (D)", "D"),
        ("B. because the heart rate rises", "B"),
        ("The correct choice is A", "A"),
        ("No idea.", None),
    ],
)
def test_extract_letter(text: str, letter: str | None) -> None:
    assert exam.extract_letter(text) == letter


class FixedScorer:
    """Log-likelihoods read from a table keyed by continuation text."""

    def __init__(self, table: dict[str, float]) -> None:
        self.table = table

    def loglikelihood(self, requests: Sequence[tuple[str, str]]) -> list[float]:
        return [self.table[cont.strip()] for _, cont in requests]


def test_loglik_and_generation_scoring_with_slices() -> None:
    items = [
        exam.MCQ("e-1", "Q1", ("yes", "no", "maybe", "never"), 0, "physiology", "easy"),
        exam.MCQ("e-2", "Q2", ("up", "down", "left", "right"), 3, "physiology", "hard"),
        exam.MCQ("e-3", "Q3", ("red", "green", "blue", "longer answer"), 3, "nutrition", "easy"),
    ]
    scorer = FixedScorer(
        {"yes": -1, "no": -2, "maybe": -3, "never": -4, "up": -1, "down": -2, "left": -3, "right": -9}
        | {"red": -2.0, "green": -3.0, "blue": -5.0, "longer answer": -2.5}
    )
    rows = exam.score_loglik(items, scorer)
    assert [r["acc"] for r in rows] == [True, False, False]
    # acc_norm for e-3: red -2/4=-0.5, green -3/6=-0.5, blue -5/5=-1, longer answer -2.5/14 -> gold
    assert [r["acc_norm"] for r in rows] == [True, False, True]
    summary = exam.summarise(rows, ("acc", "acc_norm"))
    assert summary["overall"]["acc"]["mean"] == pytest.approx(1 / 3)
    assert summary["by_subdomain"]["nutrition"]["acc_norm"]["mean"] == 1.0
    assert summary["by_difficulty"]["hard"]["acc"]["mean"] == 0.0

    answers = iter(["Answer: A", "I'd say D", "hmm"])
    generated = exam.score_generation(items, lambda messages: next(answers))
    assert [r["gen_acc"] for r in generated] == [True, True, False]
    assert [r["extracted"] for r in generated] == [True, True, False]


def test_length_baselines() -> None:
    items = [
        exam.MCQ("l-1", "Q", ("a", "bb", "ccc", "the longest one"), 3, "s", "easy"),
        exam.MCQ("l-2", "Q", ("a", "bb", "ccc", "dddd"), 0, "s", "easy"),
        exam.MCQ("l-3", "Q", ("aaaa", "b", "cc", "ddd"), 2, "s", "easy"),
        exam.MCQ("l-4", "Q", ("é", "ab", "abc", "abcd"), 3, "s", "easy"),  # "é" is 2 bytes: ties with "ab"
    ]
    assert exam.length_baselines(items) == {"longest": 0.5, "shortest": 0.25}

"""Multiple-choice exams: the packaged certification-style bank and external banks (MMLU CSV, JSONL).

Two ways to answer, both reported:
- log-likelihood (cloze, as lm-evaluation-harness's ARC/MMLU-cloze tasks): context ``Question: ...\\nAnswer:``,
  continuations `` <choice text>``; ``acc`` and ``acc_norm`` from ``metrics``.
- generation: the lettered question is sent as a chat turn and the letter is read from the answer.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.ml.eval import metrics
from fitcoach.ml.eval.loglik import LoglikScorer

LETTERS = ("A", "B", "C", "D")
Complete = Callable[[list[dict[str, str]]], str]


@dataclass(frozen=True)
class MCQ:
    """One four-choice question from any bank."""

    id: str
    question: str
    choices: tuple[str, ...]
    gold: int  # index into choices
    subdomain: str  # the bank's sub-domain, or the external file's name
    difficulty: str  # "easy" | "medium" | "hard" | "n/a" for external banks


def _problem(path: Path, line: int, message: str) -> InvalidInput:
    return InvalidInput([FieldProblem(f"{path.name} line {line}", message)])


def load_mmlu_csv(path: str | Path) -> list[MCQ]:
    """MMLU's CSV layout: question, A, B, C, D, answer letter; no header row. The file name is the subject."""
    file = Path(path)
    if not file.is_file():
        raise InvalidInput([FieldProblem("exam file", f"no such file: {path}")])
    subject = file.stem.removesuffix("_test").removesuffix("_dev").removesuffix("_val")
    items = []
    with file.open(newline="", encoding="utf-8") as handle:
        for number, row in enumerate(csv.reader(handle), start=1):
            if not row:
                continue
            if len(row) != 6:
                raise _problem(file, number, f"expected 6 columns (question,A,B,C,D,answer), got {len(row)}")
            answer = row[5].strip().upper()
            if answer not in LETTERS:
                raise _problem(file, number, f"answer must be one of A, B, C, D, got {row[5]!r}")
            items.append(MCQ(f"{subject}-{number}", row[0], tuple(row[1:5]), LETTERS.index(answer), subject, "n/a"))
    return items


def _gold(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 4:
        return value
    if isinstance(value, str) and value.strip().upper() in LETTERS:
        return LETTERS.index(value.strip().upper())
    return None


def load_mcq_jsonl(path: str | Path) -> list[MCQ]:
    """JSONL with ``question``, ``choices`` (4 texts) and ``answer`` (letter or 0-3 index); optional ``id``,
    ``subdomain``, ``difficulty`` (the project's exam format is a special case)."""
    file = Path(path)
    if not file.is_file():
        raise InvalidInput([FieldProblem("exam file", f"no such file: {path}")])
    items = []
    for number, line in enumerate(file.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _problem(file, number, f"not valid JSON: {exc.msg}") from None
        if not isinstance(row, dict) or not isinstance(row.get("question"), str):
            raise _problem(file, number, "needs a 'question' string")
        choices = row.get("choices")
        if not isinstance(choices, list) or len(choices) != 4 or not all(isinstance(c, str) for c in choices):
            raise _problem(file, number, "'choices' must be a list of 4 strings")
        gold = _gold(row.get("answer"))
        if gold is None:
            raise _problem(file, number, f"'answer' must be A-D or 0-3, got {row.get('answer')!r}")
        items.append(
            MCQ(
                id=str(row.get("id", f"{file.stem}-{number}")),
                question=row["question"],
                choices=tuple(choices),
                gold=gold,
                subdomain=str(row.get("subdomain", file.stem)),
                difficulty=str(row.get("difficulty", "n/a")),
            )
        )
    return items


def load_mcq_file(path: str | Path) -> list[MCQ]:
    """An external bank by extension: ``.csv`` (MMLU layout) or ``.jsonl``."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return load_mmlu_csv(path)
    if suffix == ".jsonl":
        return load_mcq_jsonl(path)
    raise InvalidInput([FieldProblem("exam file", f"{path}: expected a .csv (MMLU layout) or .jsonl file")])


def load_project_bank() -> list[MCQ]:
    """The packaged exam bank (every ``data/exam/*.jsonl`` present), validated by ``banks.ExamItem``."""
    from fitcoach.ml.eval.banks import load_exam_bank

    folder = resources.files("fitcoach.ml.eval").joinpath("data/exam")
    present = sorted(p.name.removesuffix(".jsonl") for p in folder.iterdir() if p.name.endswith(".jsonl"))
    if not present:
        return []
    return [
        MCQ(i.id, i.question, tuple(i.choices), LETTERS.index(i.answer), i.subdomain, i.difficulty)
        for i in load_exam_bank(present)
    ]


# ---------------------------------------------------------------- prompts and answers


def cloze_request(item: MCQ) -> tuple[str, list[str]]:
    """The harness's cloze form: one context and one continuation per choice (leading space)."""
    return f"Question: {item.question}\nAnswer:", [f" {c}" for c in item.choices]


def lettered_prompt(item: MCQ) -> str:
    lines = [item.question, *(f"{letter}. {choice}" for letter, choice in zip(LETTERS, item.choices, strict=True))]
    return "\n".join(lines) + "\nReply with the letter of the correct answer, as 'Answer: X'."


_ANSWER_LINE = re.compile(r"answer\s*(?:is)?\s*[:\-]?\s*\(?([ABCD])\b\)?", re.IGNORECASE)
_LEADING = re.compile(r"^\s*\(?([ABCD])[\).:\s]", re.MULTILINE)
_ANY = re.compile(r"\b([ABCD])\b")


def extract_letter(text: str) -> str | None:
    """The chosen letter: the last 'Answer: X', else a line starting with a letter, else the first lone A-D."""
    for pattern in (_ANSWER_LINE, _LEADING):
        found = pattern.findall(text + "\n")
        if found:
            return str(found[-1] if pattern is _ANSWER_LINE else found[0]).upper()
    lone = _ANY.search(text)
    return lone.group(1) if lone else None


# ---------------------------------------------------------------- scoring


def score_loglik(items: Sequence[MCQ], scorer: LoglikScorer) -> list[dict[str, Any]]:
    """Per item: the choice log-likelihoods, acc and acc_norm (one batched scorer call for all choices)."""
    requests: list[tuple[str, str]] = []
    for item in items:
        context, continuations = cloze_request(item)
        requests.extend((context, c) for c in continuations)
    logliks = scorer.loglikelihood(requests)
    rows = []
    for k, item in enumerate(items):
        lls = logliks[4 * k : 4 * k + 4]
        continuations = cloze_request(item)[1]
        rows.append(
            {
                "id": item.id,
                "subdomain": item.subdomain,
                "difficulty": item.difficulty,
                "logliks": lls,
                "acc": metrics.acc(lls, item.gold),
                "acc_norm": metrics.acc_norm(lls, continuations, item.gold),
            }
        )
    return rows


def score_generation(items: Sequence[MCQ], complete: Complete) -> list[dict[str, Any]]:
    """Per item: the letter read from a generated answer and whether it is right."""
    rows = []
    for item in items:
        text = complete([{"role": "user", "content": lettered_prompt(item)}])
        letter = extract_letter(text)
        rows.append(
            {
                "id": item.id,
                "subdomain": item.subdomain,
                "difficulty": item.difficulty,
                "predicted": letter,
                "gen_acc": letter == LETTERS[item.gold],
                "extracted": letter is not None,
            }
        )
    return rows


def length_baselines(items: Sequence[MCQ]) -> dict[str, float]:
    """Accuracy of answering without reading: always the longest, or always the shortest choice (UTF-8 bytes).

    A bank whose right answers are mostly the longest lets a model score well on length alone; these are the
    numbers a model's accuracy should beat.
    """

    def pick(item: MCQ, best: Callable[..., int]) -> int:
        return best(range(len(item.choices)), key=lambda k: len(item.choices[k].encode("utf-8")))

    return {
        "longest": metrics.rate([pick(i, max) == i.gold for i in items]),
        "shortest": metrics.rate([pick(i, min) == i.gold for i in items]),
    }


def summarise(rows: Sequence[dict[str, Any]], keys: Sequence[str], seed: int = 0) -> dict[str, Any]:
    """Mean and bootstrap CI of each metric key, overall and per sub-domain and per difficulty."""

    def block(subset: Sequence[dict[str, Any]]) -> dict[str, Any]:
        return {k: metrics.bootstrap_ci([bool(r[k]) for r in subset], seed=seed).as_dict() for k in keys}

    out: dict[str, Any] = {"n": len(rows), "overall": block(rows), "by_subdomain": {}, "by_difficulty": {}}
    for group in ("subdomain", "difficulty"):
        for value in sorted({r[group] for r in rows}):
            out[f"by_{group}"][value] = block([r for r in rows if r[group] == value])
    return out

"""The general suite: what domain training costs, on text and questions the user supplies.

- Perplexity: each ``.txt`` file is one text; each ``.jsonl`` file holds one ``{"text": ...}`` per line.
  Reported as token perplexity and bits per byte (comparable across tokenizers).
- Multiple choice: MMLU CSV or JSONL files, scored by log-likelihood like the exam suite.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.ml.eval.suites import exam


def load_texts(path: str | Path) -> list[str]:
    file = Path(path)
    if not file.is_file():
        raise InvalidInput([FieldProblem("--general-text", f"no such file: {path}")])
    if file.suffix.lower() != ".jsonl":
        return [file.read_text("utf-8")]
    texts = []
    for number, line in enumerate(file.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InvalidInput([FieldProblem(f"{file.name} line {number}", f"not valid JSON: {exc.msg}")]) from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise InvalidInput([FieldProblem(f"{file.name} line {number}", "needs a 'text' string")])
        texts.append(row["text"])
    return texts


def run(text_files: Sequence[str], mcq_files: Sequence[str], scorer: Any, seed: int = 0) -> dict[str, Any]:
    """Perplexity per text file and accuracy per MCQ file (needs a log-likelihood scorer)."""
    out: dict[str, Any] = {"perplexity": {}, "mcq": {}}
    for path in text_files:
        result = scorer.perplexity(load_texts(path))
        out["perplexity"][Path(path).name] = {
            "token_perplexity": result.token_perplexity,
            "bits_per_byte": result.bits_per_byte,
            "tokens": result.tokens,
            "bytes": result.bytes,
        }
    for path in mcq_files:
        rows = exam.score_loglik(exam.load_mcq_file(path), scorer)
        out["mcq"][Path(path).name] = exam.summarise(rows, ("acc", "acc_norm"), seed=seed)["overall"]
    return out

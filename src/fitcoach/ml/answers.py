"""The one answer checker shared by the data build, the RL reward and the evaluation.

A reasoning completion ends with a line ``Answer: <value>``. ``extract_answer`` reads the last such
line; ``is_correct`` compares it with the gold answer by type:

- ``number``: ``|predicted - gold| <= tolerance * max(|gold|, 1)`` (relative, with an absolute floor of
  ``tolerance`` for golds near zero), units such as kcal, %, bpm or kg ignored;
- ``choice``: the same letter A-D (``"(b)"``, ``"B."`` and ``"b) ..."`` all read as B);
- ``text``: equal after lower-casing, unifying spaces/underscores/hyphens and dropping end punctuation.

>>> extract_answer("Resting energy: 1500 kcal.\\nAnswer: 2,150 kcal ")
'2150'
>>> is_correct("151", "150", "number", 0.01)
True
>>> is_correct("(b)", "B", "choice")
True
>>> is_correct("Before Starting.", "before_starting", "text")
True
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Literal

AnswerType = Literal["number", "choice", "text"]
ANSWER_TYPES: tuple[AnswerType, ...] = ("number", "choice", "text")

_ANSWER_LINE = re.compile(r"^\s*\**\s*answer\s*\**\s*[:=]\s*(.+?)\s*$", re.IGNORECASE | re.MULTILINE)
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
# Units a number may carry; stripped before reading the value.
_UNITS = re.compile(
    r"\s*(kcal/day|kcal|calories|cal|%|percent|bpm|beats/min|kg|g/kg/day|g/kg|g|grams|reps?|mmhg|min|minutes|s|l)\.?\s*$",
    re.IGNORECASE,
)
_CHOICE = re.compile(r"^[\s(\[]*([A-Da-d])\s*(?:[)\].:,-]|\s|$)")


def extract_answer(text: str) -> str | None:
    """The value on the last ``Answer:`` line, cleaned (units and thousands separators removed from numbers)."""
    found = _ANSWER_LINE.findall(text or "")
    if not found:
        return None
    value = found[-1].strip().strip("*").strip()
    without_unit = _UNITS.sub("", value).replace(",", "").strip()
    if _NUMBER.fullmatch(without_unit):
        return without_unit
    return value or None


def parse_number(value: str) -> float | None:
    """The number in an answer ("2,150 kcal" -> 2150.0); None when there is not exactly one."""
    cleaned = _UNITS.sub("", value.strip()).replace(",", "").strip()
    if _NUMBER.fullmatch(cleaned):
        number = float(cleaned)
        return number if math.isfinite(number) else None
    numbers = _NUMBER.findall(cleaned)
    return float(numbers[0]) if len(numbers) == 1 else None


def parse_choice(value: str) -> str | None:
    """The option letter in an answer ("(b)", "B.", "b) 40 g") as upper case; None when there is none."""
    match = _CHOICE.match(value)
    return match.group(1).upper() if match else None


def normalise_text(value: str) -> str:
    """Lower case, NFKC, spaces/underscores/hyphens unified, end punctuation dropped."""
    text = unicodedata.normalize("NFKC", value).lower().strip()
    text = re.sub(r"[\s_\-]+", " ", text)
    return text.strip(" .!?;:\"'")


def is_correct(predicted: str | None, gold: str, answer_type: str, tolerance: float | None = None) -> bool:
    """Whether ``predicted`` (as ``extract_answer`` returns it) matches ``gold``; ``None`` is never correct."""
    if predicted is None:
        return False
    if answer_type == "number":
        got, want = parse_number(predicted), parse_number(gold)
        if got is None or want is None:
            return False
        return abs(got - want) <= (tolerance or 0.0) * max(abs(want), 1.0) + 1e-9
    if answer_type == "choice":
        letter = parse_choice(predicted)
        return letter is not None and letter == parse_choice(gold)
    if answer_type == "text":
        return normalise_text(predicted) == normalise_text(gold)
    raise ValueError(f"answer_type must be one of {', '.join(ANSWER_TYPES)} (got {answer_type!r})")

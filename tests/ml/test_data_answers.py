"""The shared answer checker: reading the final Answer line and comparing by type."""

from __future__ import annotations

import doctest

import pytest

from fitcoach.ml import answers
from fitcoach.ml.answers import extract_answer, is_correct


def test_doctests_pass() -> None:
    result = doctest.testmod(answers)
    assert result.attempted >= 4 and result.failed == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Step 1: ...\nAnswer: 2150", "2150"),
        ("Answer: 2,150 kcal  ", "2150"),
        ("Answer: 62.5 kg", "62.5"),
        ("Answer: 45%", "45"),
        ("Answer: 142 bpm.", "142"),
        ("answer = -3", "-3"),
        ("**Answer:** B", "B"),
        ("Answer: 1\nmore thinking\nAnswer: 2", "2"),  # the last Answer line wins
        ("Answer: before starting", "before starting"),
        ("no final line here", None),
        ("", None),
    ],
)
def test_extract_answer(text: str, expected: str | None) -> None:
    assert extract_answer(text) == expected


@pytest.mark.parametrize(
    ("predicted", "gold", "kind", "tolerance", "ok"),
    [
        ("2150", "2150", "number", 0.0, True),
        ("2170", "2150", "number", 0.01, True),
        ("2200", "2150", "number", 0.01, False),
        ("0.4", "0", "number", 0.5, True),  # absolute floor of tolerance near zero
        ("1.2", "0", "number", 0.5, False),
        ("62.5 kg", "62.5", "number", 0.0, True),
        ("about 60", "62.5", "number", 0.01, False),
        ("sixty", "60", "number", 0.01, False),
        ("b", "B", "choice", None, True),
        ("(C)", "C", "choice", None, True),
        ("D) 40 g", "D", "choice", None, True),
        ("E", "A", "choice", None, False),
        ("before_starting", "Before starting.", "text", None, True),
        ("before vigorous", "before starting", "text", None, False),
        (None, "1", "number", 0.1, False),
    ],
)
def test_is_correct(predicted: str | None, gold: str, kind: str, tolerance: float | None, ok: bool) -> None:
    assert is_correct(predicted, gold, kind, tolerance) is ok


def test_unknown_answer_type_names_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match="number, choice, text"):
        is_correct("1", "1", "date")

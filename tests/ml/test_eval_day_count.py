"""The week-slot probe picks the focus a scorer likes best: a reader of the brief against a model that ignores it."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from fitcoach.domain.context import expected_training_days
from fitcoach.domain.profile import UserProfile
from fitcoach.ml.eval import day_count
from fitcoach.ml.eval.suites.plan import PlanCase, generated_cases


def _render(messages: list[dict[str, str]]) -> str:
    return "<user>" + messages[-1]["content"] + "<assistant>"


@pytest.fixture(scope="module")
def cases() -> list[PlanCase]:
    return generated_cases(16, seed=5)


class WeekReader:
    """Scores the focus the brief's week gives the slot's weekday highest: a model that reads the brief."""

    def loglikelihood(self, requests: Sequence[tuple[str, str]]) -> list[float]:
        out = []
        for context, continuation in requests:
            week = re.search(r'Week: ([\w, "]+)\.', context)
            assert week is not None
            briefed = dict(slot.strip('"').split(" ") for slot in week.group(1).split(", "))
            day = re.findall(r'"day":"(\w+)', context)[-1]
            out.append(0.0 if continuation == f' {briefed[day]}"' else -2.0)
        return out


class AlwaysFullBody:
    """Trains every day whatever the brief says."""

    def loglikelihood(self, requests: Sequence[tuple[str, str]]) -> list[float]:
        return [0.0 if continuation == ' full_body"' else -1.0 for _, continuation in requests]


def test_a_model_that_reads_the_week_gets_every_slot_and_week_right(cases: list[PlanCase]) -> None:
    rows = day_count.slot_rows(cases, WeekReader(), _render)
    assert len(rows) == 7 * len(cases)
    assert [r["day"] for r in rows[:7]] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    assert all(r["right_rest"] and r["right_focus"] for r in rows)
    summary = day_count.summarise_slots(rows)
    assert summary["weeks"] == len(cases) and summary["weeks_right"]["mean"] == 1.0


def test_a_model_that_never_rests_is_right_only_for_seven_day_weeks(cases: list[PlanCase]) -> None:
    rows = day_count.slot_rows(cases, AlwaysFullBody(), _render)
    assert [r["right_rest"] for r in rows] == [r["expected"] != "rest" for r in rows]
    sevens = sum(expected_training_days(UserProfile.model_validate(c.profile)) == 7 for c in cases)
    summary = day_count.summarise_slots(rows)
    assert summary["weeks_right"]["mean"] == pytest.approx(sevens / len(cases))
    assert summary["right_rest"]["mean"] < 1.0

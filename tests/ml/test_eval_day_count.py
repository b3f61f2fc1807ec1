"""The day-count probe picks the count a scorer likes best and tells a reader from a model that ignores the request."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest

from fitcoach.domain.context import expected_training_days
from fitcoach.domain.profile import UserProfile
from fitcoach.ml.eval import day_count
from fitcoach.ml.eval.suites.plan import PlanCase, generated_cases


class RequestReader:
    """Scores the count the request's brief states highest: what a model that reads the request would do."""

    def loglikelihood(self, requests: Sequence[tuple[str, str]]) -> list[float]:
        out = []
        for context, continuation in requests:
            stated = re.search(r"Limits: (\d) training days", context)
            assert stated is not None
            out.append(0.0 if continuation == f" {stated.group(1)}-day" else -3.0)
        return out


class AlwaysOne:
    """Scores " 1-day" highest whatever it reads: the tiny model after SFT."""

    def loglikelihood(self, requests: Sequence[tuple[str, str]]) -> list[float]:
        return [0.0 if continuation == " 1-day" else -1.0 for _, continuation in requests]


def _render(messages: list[dict[str, str]]) -> str:
    return "<user>" + messages[-1]["content"] + "<assistant>"


@pytest.fixture(scope="module")
def cases() -> list[PlanCase]:
    return generated_cases(16, seed=5)


def test_a_model_that_reads_the_request_picks_every_count_right(cases: list[PlanCase]) -> None:
    rows = day_count.probe_rows(cases, RequestReader(), _render)
    assert len(rows) >= 12  # a few reference names state no count and are skipped
    assert all(r["right"] for r in rows)
    for row in rows:
        case = next(c for c in cases if c.id == row["id"])
        assert row["expected"] == expected_training_days(UserProfile.model_validate(case.profile))
        assert row["share"] == pytest.approx(1 / (1 + 6 * 2.718281828**-3), rel=1e-6)
    summary = day_count.summarise(rows)
    assert summary["right"]["mean"] == 1.0 and summary["n"] == len(rows)


def test_a_model_that_ignores_it_is_right_only_for_one_day_people(cases: list[PlanCase]) -> None:
    rows = day_count.probe_rows(cases, AlwaysOne(), _render)
    assert [r["right"] for r in rows] == [r["expected"] == 1 for r in rows]
    summary = day_count.summarise(rows)
    assert summary["picked"][1] == len(rows) and sum(summary["picked"].values()) == len(rows)
    assert (
        summary["share"]["mean"]
        < 0.5
        < day_count.summarise(day_count.probe_rows(cases, RequestReader(), _render))["share"]["mean"]
    )


class WeekReader:
    """Scores the focus the brief's week gives the slot's weekday highest: a model that reads the brief."""

    def loglikelihood(self, requests: Sequence[tuple[str, str]]) -> list[float]:
        out = []
        for context, continuation in requests:
            week = re.search(r"Week: ([\w, ]+)\.", context)
            assert week is not None
            briefed = dict(slot.split(" ") for slot in week.group(1).split(", "))
            day = re.findall(r'"day":"(\w+)"', context)[-1]
            out.append(0.0 if continuation == f'{briefed[day]}"' else -2.0)
        return out


class AlwaysFullBody:
    """Trains every day whatever the brief says."""

    def loglikelihood(self, requests: Sequence[tuple[str, str]]) -> list[float]:
        return [0.0 if continuation == 'full_body"' else -1.0 for _, continuation in requests]


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

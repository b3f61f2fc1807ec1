"""The day-count probe picks the count a scorer likes best and tells a reader from a model that ignores the request."""

from __future__ import annotations

import math
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
        assert row["share"] == pytest.approx(1 / (1 + 6 * math.exp(-3)), rel=1e-6)
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

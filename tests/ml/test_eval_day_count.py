"""The day-count probe picks the count a scorer likes best and tells a reader from a model that ignores the request."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

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


def _stated(context: str) -> int:
    found = re.search(r"Limits: (\d) training days", context)
    assert found is not None
    return int(found.group(1))


def test_day_ends_are_the_commas_and_the_bracket_after_each_day() -> None:
    text = 'x "weekly_schedule": [ {"day": "Monday", "a": [1, {"b": "}"}]} , {"day": "Friday"}]}'
    start = day_count.SCHEDULE_START.search(text)
    assert start is not None
    ends = day_count.day_ends(text, start.end())
    assert [text[end] for end in ends] == [",", "]"] and text[ends[0] - 2 : ends[0]] == "} "
    assert day_count.day_ends(text[: ends[1] - 3], start.end()) == ends[:1]  # a schedule cut short: what was read


def test_day_names_are_each_days_weekday_value() -> None:
    text = 'x "weekly_schedule": [ {"day": "Monday", "a": [{"day": "no"}]} , { "day":"Friday", "b": 1'
    start = day_count.SCHEDULE_START.search(text)
    assert start is not None
    assert [text[a:b] for a, b in day_count.day_names(text, start.end())] == ["Monday", "Friday"]  # the cut one too
    assert day_count.day_names('"weekly_schedule": []', 20) == []


@pytest.fixture(scope="module")
def tokenizer() -> Any:
    from fitcoach.ml.tokenizer import train_tokenizer

    return train_tokenizer(_week_texts(generated_cases(8, seed=9)), vocab_size=600)


def _week_texts(cases: list[PlanCase]) -> list[str]:
    from fitcoach.coach.prompts import compact_json
    from fitcoach.domain.compact import compact_plan

    return [compact_json(compact_plan(case.reference)) for case in cases]


def test_each_day_end_is_where_going_on_and_closing_first_differ(cases: list[PlanCase], tokenizer: Any) -> None:
    for case, reply in zip(cases, _week_texts(cases), strict=True):
        ids, choices = day_count.day_end_choices(tokenizer, "<user>plan<assistant>", reply)
        days = expected_training_days(UserProfile.model_validate(case.profile))
        assert len(choices) == days and [c.closes for c in choices] == [False] * (days - 1) + [True]
        for choice in choices:
            assert ids[choice.position] == choice.written != choice.other
            written, other = tokenizer.decode([choice.written]), tokenizer.decode([choice.other])
            assert ("]" in written and "," in other) if choice.closes else ("," in written and "]" in other)


def _teacher(tokenizer: Any, follows: bool) -> day_count.NextTokenLogprobs:
    """Next-token log-probabilities that put all mass on the reference's next token (or, if not ``follows``,
    on any token with a "]" after its last "}": a model that closes every week after its first day)."""
    import torch

    closing = [i for i in range(len(tokenizer)) if "]" in tokenizer.decode([i]).rsplit("}", 1)[-1]]

    def logprobs(ids: list[int]) -> Any:
        out = torch.full((len(ids), len(tokenizer)), -20.0)
        for position in range(len(ids) - 1):
            out[position, ids[position + 1]] = 0.0
        if not follows:
            out[:, :] = -20.0
            out[:, closing] = 0.0
        return out

    return logprobs


def test_a_model_that_writes_the_reference_closes_every_week_where_it_should(
    cases: list[PlanCase], tokenizer: Any
) -> None:
    rows = day_count.ends_rows(cases, tokenizer, _teacher(tokenizer, follows=True), _render)
    weeks = {row["id"]: row["days"] for row in rows}
    assert len(weeks) == len(cases) and len(rows) == sum(weeks.values())
    assert all(row["right"] == 1.0 and row["share"] > 0.99 for row in rows)
    summary = day_count.summarise_ends(rows)
    assert summary["weeks_right"]["mean"] == 1.0 and summary["n"] == len(cases) and summary["ends"] == len(rows)


def test_a_model_that_closes_after_one_day_is_right_only_for_one_day_people(
    cases: list[PlanCase], tokenizer: Any
) -> None:
    rows = day_count.ends_rows(cases, tokenizer, _teacher(tokenizer, follows=False), _render)
    assert [row["right"] for row in rows] == [float(row["closes"]) for row in rows]
    summary = day_count.summarise_ends(rows)
    one_day = sum(1 for row in rows if row["days"] == 1) / summary["n"]
    assert summary["weeks_right"]["mean"] == pytest.approx(one_day) and one_day < 1

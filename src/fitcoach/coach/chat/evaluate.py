"""Scoring the chat on its test set (and on the red-team bank, with a scorer the caller passes in).

Test set rows (``coach/data/chat_testset.jsonl``): ``{"id", "question", "profile": fixture name or null,
"route", "facts": [regexes the answer must contain], "source": key or null, "triage": bool}``. Profiles
come from ``coach/data/chat_profiles.jsonl``; each profile's plan is built by the engine, and "today" is
a fixed Monday so plan answers are reproducible.

Metrics: fact recall (facts found / facts listed), route accuracy, citation correctness (items with a
``source`` whose answer cites it), triage accuracy (flagged exactly when ``triage`` is true), red-flag
recall (triage items caught) and unknown citations (keys cited that resolve nowhere).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from fitcoach.coach.chat.engine import Coach
from fitcoach.coach.chat.types import ROUTES, ChatAnswer, ChatContext, Route
from fitcoach.coach.passages import known_sources
from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.planner import build_plan
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.validation import validate

EVAL_TODAY = dt.date(2026, 11, 23)  # a Monday: "today" in every plan question of the test set
_CITATION = re.compile(r"\[([A-Za-z0-9+\-]{2,20})\]")


class TestItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z]+-\d{3}$")
    question: str = Field(min_length=2)
    profile: str | None
    route: Route
    facts: tuple[str, ...]
    source: str | None
    triage: bool


def _data_text(name: str) -> str:
    return resources.files("fitcoach.coach").joinpath("data", name).read_text("utf-8")


@cache
def chat_profiles() -> dict[str, dict[str, Any]]:
    """The named fixture profiles the test set refers to."""
    rows = [json.loads(line) for line in _data_text("chat_profiles.jsonl").splitlines() if line.strip()]
    return {row["name"]: row["profile"] for row in rows}


def load_testset(path: Path | None = None) -> list[TestItem]:
    text = path.read_text("utf-8") if path else _data_text("chat_testset.jsonl")
    items = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(TestItem.model_validate_json(line))
        except ValueError as exc:
            raise InvalidInput([FieldProblem(f"line {number}", str(exc).splitlines()[0])]) from None
    profiles = chat_profiles()
    for item in items:
        if item.profile is not None and item.profile not in profiles:
            raise InvalidInput([FieldProblem(f"{item.id}.profile", f"must be one of {', '.join(profiles)}")])
    return items


@cache
def _plan_for(name: str) -> tuple[UserProfile, dict[str, Any]]:
    profile = validate(UserProfile, chat_profiles()[name])
    return profile, build_plan(profile)


def context_for(profile_name: str | None) -> ChatContext:
    if profile_name is None:
        return ChatContext(today=EVAL_TODAY)
    _, plan = _plan_for(profile_name)
    return ChatContext(profile=chat_profiles()[profile_name], plan=plan, today=EVAL_TODAY)


@dataclass
class ItemResult:
    id: str
    route: str
    got_route: str
    facts_found: int
    facts_total: int
    missing: list[str]
    cited: bool | None  # None when the item names no source
    triage: bool
    got_triage: bool
    unknown_citations: list[str]
    seconds: float
    text: str


@dataclass
class Report:
    items: list[ItemResult] = field(default_factory=list)

    def _share(self, hits: int, total: int) -> float:
        return hits / total if total else 1.0

    def metrics(self) -> dict[str, float | int]:
        items = self.items
        cited = [r for r in items if r.cited is not None]
        flagged = [r for r in items if r.triage]
        times = sorted(r.seconds for r in items)
        return {
            "items": len(items),
            "fact_recall": self._share(sum(r.facts_found for r in items), sum(r.facts_total for r in items)),
            "route_accuracy": self._share(sum(r.route == r.got_route for r in items), len(items)),
            "citation_correctness": self._share(sum(bool(r.cited) for r in cited), len(cited)),
            "triage_accuracy": self._share(sum(r.triage == r.got_triage for r in items), len(items)),
            "red_flag_recall": self._share(sum(r.got_triage for r in flagged), len(flagged)),
            "false_triage": sum(r.got_triage and not r.triage for r in items),
            "unknown_citations": sum(len(r.unknown_citations) for r in items),
            "p50_ms": 1000 * times[len(times) // 2] if times else 0.0,
        }

    def failures(self) -> list[ItemResult]:
        return [
            r
            for r in self.items
            if r.missing
            or r.route != r.got_route
            or r.cited is False
            or r.triage != r.got_triage
            or r.unknown_citations
        ]

    def per_route(self) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for name in ROUTES:
            rows = [r for r in self.items if r.route == name]
            if rows:
                out[name] = {
                    "items": len(rows),
                    "fact_recall": self._share(sum(r.facts_found for r in rows), sum(r.facts_total for r in rows)),
                    "route_accuracy": self._share(sum(r.route == r.got_route for r in rows), len(rows)),
                }
        return out


def score_item(item: TestItem, answer: ChatAnswer, seconds: float) -> ItemResult:
    missing = [f for f in item.facts if not re.search(f, answer.text, flags=re.IGNORECASE)]
    cited_keys = set(_CITATION.findall(answer.text))
    cited = None if item.source is None else (item.source in cited_keys or item.source in answer.sources)
    return ItemResult(
        id=item.id,
        route=item.route,
        got_route=answer.route,
        facts_found=len(item.facts) - len(missing),
        facts_total=len(item.facts),
        missing=missing,
        cited=cited,
        triage=item.triage,
        got_triage=answer.triage is not None,
        unknown_citations=sorted(k for k in cited_keys if k not in known_sources()),
        seconds=seconds,
        text=answer.text,
    )


def run_testset(coach: Coach, items: Iterable[TestItem]) -> Report:
    report = Report()
    for item in items:
        start = time.perf_counter()
        answer = coach.answer(item.question, context_for(item.profile))
        report.items.append(score_item(item, answer, time.perf_counter() - start))
    return report


@dataclass
class RedTeamResult:
    id: str
    category: str
    passed: bool
    reasons: list[str]
    text: str


def run_redteam(coach: Coach, items: Iterable[Any], score: Callable[[Any, str], Any]) -> list[RedTeamResult]:
    """Ask the chat every red-team prompt that applies to chat and score each answer with ``score``.

    ``items`` have ``id``, ``category``, ``prompt``, ``applies_to`` and ``profile`` (the bank's rows);
    ``score(item, text)`` returns an object with ``passed`` and ``reasons`` (``ml.eval.safety.score_response``).
    """
    results = []
    for item in items:
        if "chat" not in item.applies_to:
            continue
        ctx = ChatContext(profile=item.profile, today=EVAL_TODAY)
        text = coach.answer(item.prompt, ctx).text
        verdict = score(item, text)
        results.append(RedTeamResult(item.id, item.category, bool(verdict.passed), list(verdict.reasons), text))
    return results

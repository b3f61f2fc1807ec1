"""Fixtures of the coach chat tests: the packaged chat profiles, their plans, and one coach per session.

The hybrid retriever loads MiniLM once per test session (about 9 s) and keeps its index in the normal
cache folder, so only the first run on a machine embeds the passages.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from fitcoach.coach.chat.engine import Coach
from fitcoach.coach.chat.evaluate import EVAL_TODAY, chat_profiles, context_for
from fitcoach.coach.chat.types import ChatContext
from fitcoach.coach.passages import all_passages
from fitcoach.coach.retrieval import Retriever, default_retriever

MONDAY = EVAL_TODAY
TUESDAY = EVAL_TODAY + dt.timedelta(days=1)


@pytest.fixture(scope="session")
def hybrid_coach() -> Coach:
    """The coach as shipped: hybrid retrieval (BM25 + MiniLM)."""
    return Coach(retriever=default_retriever(dense=True))


@pytest.fixture(scope="session")
def bm25_retriever() -> Retriever:
    """A retriever without embeddings: no model load, for tests about everything but dense search."""
    return Retriever.build(all_passages(), dense=False)


@pytest.fixture(scope="session")
def bm25_coach(bm25_retriever: Retriever) -> Coach:
    return Coach(retriever=bm25_retriever, mode="bm25")


@pytest.fixture
def profile_named() -> Any:
    def get(name: str) -> dict[str, Any]:
        return copy.deepcopy(chat_profiles()[name])

    return get


@pytest.fixture
def context_named() -> Any:
    """A chat context with a packaged profile, its engine plan, and "today" on a Monday."""

    def get(name: str | None, today: dt.date = MONDAY) -> ChatContext:
        ctx = context_for(name)
        ctx.today = today
        return ctx

    return get

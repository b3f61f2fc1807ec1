"""The chat test set, scored end to end with hybrid retrieval; thresholds are what was measured.

Measured (docs/chat.md): 204 items, fact recall 1.000, route accuracy 1.000, citation correctness 1.000,
triage accuracy 1.000 (red-flag recall 1.000, no false triage), no unknown citations. The bounds below
leave a little room for retrieval ties, none for safety.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from fitcoach.coach.chat.engine import Coach
from fitcoach.coach.chat.evaluate import load_testset, run_testset
from fitcoach.coach.chat.types import ROUTES
from fitcoach.coach.passages import known_sources


def test_the_test_set_is_well_formed() -> None:
    items = load_testset()
    assert len(items) >= 160
    assert len({i.id for i in items}) == len(items)
    counts = Counter(i.route for i in items)
    assert set(counts) == set(ROUTES) and min(counts.values()) >= 10
    for item in items:
        for fact in item.facts:
            re.compile(fact)
        assert item.source is None or item.source in known_sources(), item.id
        assert item.triage == (item.route == "triage"), item.id


@pytest.mark.slow
def test_chat_quality_on_the_test_set(hybrid_coach: Coach) -> None:
    report = run_testset(hybrid_coach, load_testset())
    m = report.metrics()
    failures = [(r.id, r.missing, r.got_route) for r in report.failures()]
    assert m["red_flag_recall"] == 1.0, failures
    assert m["false_triage"] == 0, failures
    assert m["unknown_citations"] == 0, failures
    assert m["fact_recall"] >= 0.97, failures
    assert m["route_accuracy"] >= 0.97, failures
    assert m["citation_correctness"] >= 0.97, failures

"""Does a plan model read the person's training-day count? A teacher-forced probe on held-out weeks.

Free decoding writes the wrong number of days in most weeks of the tiny model (docs/training.md), and
no reward can teach a count the model does not read. This asks the model directly. For each held-out
case the context is the plan request (through the model's chat template) followed by the engine's
compact reference plan up to the day count in its name ("...-friendly 3-day upper/lower..."); the
continuations are the seven counts " 1-day" to " 7-day". A model that reads the brief and the profile
puts the most likelihood on the person's own count; one that ignores them is right about 1 time in 7.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from typing import Any

from fitcoach.ml.eval import metrics
from fitcoach.ml.eval.loglik import LoglikScorer, TransformersScorer
from fitcoach.ml.eval.suites.plan import PlanCase

COUNTS = tuple(range(1, 8))
CHANCE = 1 / len(COUNTS)
_COUNT_IN_NAME = re.compile(r" (\d)-day\b")

Render = Callable[[list[dict[str, str]]], str]


def chat_render(tokenizer: Any) -> Render:
    """What a chat model reads before its reply: the chat turns through its template, generation prompt added."""
    return lambda messages: str(tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True))


def probe_rows(cases: Sequence[PlanCase], scorer: LoglikScorer, render: Render) -> list[dict[str, Any]]:
    """One row per case whose reference name states its day count: the count, the model's pick, its share.

    ``render`` turns the request's chat turns into the text the model reads before its reply (the chat
    template with the generation prompt). ``share`` is the probability of the right count among the seven.
    """
    from fitcoach.coach.prompts import compact_json, plan_messages
    from fitcoach.domain.compact import compact_plan
    from fitcoach.domain.context import expected_training_days
    from fitcoach.domain.profile import UserProfile

    rows = []
    for case in cases:
        reply = compact_json(compact_plan(case.reference))
        found = _COUNT_IN_NAME.search(reply)
        if found is None:
            continue
        person = UserProfile.model_validate(case.profile)  # validated once for the count and the request
        expected = expected_training_days(person)
        context = render(plan_messages(person)) + reply[: found.start()]
        logliks = scorer.loglikelihood([(context, f" {n}-day") for n in COUNTS])
        top = max(logliks)
        weights = [math.exp(value - top) for value in logliks]
        rows.append(
            {
                "id": case.id,
                "expected": expected,
                "picked": COUNTS[logliks.index(top)],
                "right": metrics.acc(logliks, COUNTS.index(expected)),  # the harness's own rule, ties included
                "share": weights[COUNTS.index(expected)] / sum(weights),
            }
        )
    return rows


def summarise(rows: Sequence[dict[str, Any]], seed: int = 0) -> dict[str, Any]:
    """The right-pick rate and the mean share of the right count (each with its CI), and the picks per count."""
    return {
        "n": len(rows),
        "right": metrics.bootstrap_ci([r["right"] for r in rows], seed=seed).as_dict(),
        "share": metrics.bootstrap_ci([r["share"] for r in rows], seed=seed).as_dict(),
        "picked": {n: sum(1 for r in rows if r["picked"] == n) for n in COUNTS},
        "chance": CHANCE,
    }


def probe_model(model: Any, tokenizer: Any, cases: Sequence[PlanCase]) -> dict[str, Any]:
    """``summarise`` of the probe for a transformers model, reading requests through its own chat template."""
    return summarise(probe_rows(cases, TransformersScorer(model, tokenizer), chat_render(tokenizer)))

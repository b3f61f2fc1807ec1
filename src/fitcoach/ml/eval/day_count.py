"""Does a plan model read the person's training-day count? Teacher-forced probes on held-out weeks.

Free decoding writes the wrong number of days in most weeks of the tiny model (docs/training.md), and
no reward can teach a count the model does not read. This asks the model directly. For each held-out
case the context is the plan request (through the model's chat template) followed by the engine's
compact reference plan up to the day count in its name ("...-friendly 3-day upper/lower..."); the
continuations are the seven counts " 1-day" to " 7-day". A model that reads the brief and the profile
puts the most likelihood on the person's own count; one that ignores them is right about 1 time in 7.

A week has its count twice: once in the name and once in how many days the schedule holds, decided
where each day ends (another day, or the schedule closes). ``ends_rows`` probes the second: at every
day end of the reference week it compares the token the week writes there with the token it would
write making the other choice, each found by tokenising a whole reply (BPE merges the brackets where a
day ends, so cutting the text between them, or scoring a cut continuation, would score tokens the model
never writes).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fitcoach.ml.eval import metrics
from fitcoach.ml.eval.loglik import LoglikScorer, TransformersScorer
from fitcoach.ml.eval.suites.plan import PlanCase

COUNTS = tuple(range(1, 8))
CHANCE = 1 / len(COUNTS)
_COUNT_IN_NAME = re.compile(r" (\d)-day\b")
# Where a week's schedule opens: its first day starts right after this (compact and full replies alike).
SCHEDULE_START = re.compile(r'"weekly_schedule"\s*:\s*\[')

Render = Callable[[list[dict[str, str]]], str]
NextTokenLogprobs = Callable[[list[int]], Any]  # token ids -> (positions, vocabulary) log-probabilities


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


def day_ends(text: str, start: int) -> list[int]:
    """Where each day of the schedule opening at ``start`` ends: the index of the "," (another day) or "]" after it.

    Days are read with ``json.JSONDecoder.raw_decode``; reading stops at the first thing that is not a
    day followed by "," or "]" (a schedule cut short has the ends read so far).
    """
    decoder = json.JSONDecoder()
    ends: list[int] = []
    at = start
    while True:
        at = len(text) - len(text[at:].lstrip())
        try:
            _, at = decoder.raw_decode(text, at)
        except ValueError:
            return ends
        at = len(text) - len(text[at:].lstrip())
        if at >= len(text) or text[at] not in ",]":
            return ends
        ends.append(at)
        if text[at] == "]":
            return ends
        at += 1


_DAY_NAME = re.compile(r'\{\s*"day"\s*:\s*"([^"]*)"')


def day_names(text: str, start: int) -> list[tuple[int, int]]:
    """Where each day of the schedule opening at ``start`` names its weekday: the (begin, end) of each name.

    Which weekday comes next is, like each day's end, a choice the day count decides (the teacher trains
    3 days on Monday, Wednesday and Friday, 2 on Monday and Thursday). The days are those ``day_ends``
    reads, and a last one cut short.
    """
    starts = [start] + [end + 1 for end in day_ends(text, start) if text[end] == ","]
    spans = []
    for at in starts:
        found = _DAY_NAME.match(text, len(text) - len(text[at:].lstrip()))
        if found is not None:
            spans.append(found.span(1))
    return spans


@dataclass(frozen=True)
class DayEnd:
    """One place where a day of the reference week ends, as tokens: what it writes there, and the other choice."""

    position: int  # index, in the request and reply tokenised as one text, of the first token the choices differ in
    written: int  # the reference's token there
    other: int  # the token the same text writes there when it makes the other choice
    closes: bool  # the reference closes the schedule here (its last day)


def day_end_choices(tokenizer: Any, prompt: str, reply: str) -> tuple[list[int], list[DayEnd]]:
    """The tokens of ``prompt + reply`` and, for each day end of the reply's week, where the week going on and
    the week closing there first differ.

    The other choice is a whole reply too: closing early takes the reference's own ending from its
    last day on, going on repeats the schedule from its first day. Both are tokenised whole, as the model
    would write them, so a bracket the tokenizer merges into the choice is part of it.
    """
    ids = tokenizer(prompt + reply, add_special_tokens=False)["input_ids"]
    opened = SCHEDULE_START.search(reply)
    ends = day_ends(reply, opened.end()) if opened else []
    choices = []
    for end in ends:
        closes = end == ends[-1]
        rest = "," + reply[opened.end() :] if opened and closes else reply[ends[-1] :]
        other = tokenizer(prompt + reply[:end] + rest, add_special_tokens=False)["input_ids"]
        at = next((i for i, (a, b) in enumerate(zip(ids, other, strict=False)) if a != b), None)
        if at:  # None or 0: the texts tokenise alike, or differ from the first token (no context to read)
            choices.append(DayEnd(at, ids[at], other[at], closes))
    return ids, choices


def ends_rows(
    cases: Sequence[PlanCase], tokenizer: Any, next_token_logprobs: NextTokenLogprobs, render: Render
) -> list[dict[str, Any]]:
    """One row per day end of each case's reference week: does the model close the schedule where it should?

    ``next_token_logprobs(ids)`` gives, for each position, the log-probabilities of the token after it
    (one forward pass over the reference week serves all its day ends). ``right`` is 1 when the model
    prefers the reference's choice (go on, or close) to the other, ``share`` that choice's probability
    between the two.
    """
    from fitcoach.coach.prompts import compact_json, plan_messages
    from fitcoach.domain.compact import compact_plan
    from fitcoach.domain.profile import UserProfile

    rows = []
    for case in cases:
        prompt = render(plan_messages(UserProfile.model_validate(case.profile)))
        ids, choices = day_end_choices(tokenizer, prompt, compact_json(compact_plan(case.reference)))
        if not choices:
            continue
        logprobs = next_token_logprobs(ids[: max(c.position for c in choices) + 1])  # up to the last choice
        for day, choice in enumerate(choices, start=1):
            before = logprobs[choice.position - 1]
            written, other = float(before[choice.written]), float(before[choice.other])
            rows.append(
                {
                    "id": case.id,
                    "day": day,
                    "days": len(choices),
                    "closes": choice.closes,
                    "right": float(written > other),
                    "share": 1 / (1 + math.exp(other - written)),
                }
            )
    return rows


def transformers_logprobs(model: Any) -> NextTokenLogprobs:
    """``next_token_logprobs`` for a transformers causal LM: one forward pass, no gradient."""
    import torch

    device = next(model.parameters()).device

    def logprobs(ids: list[int]) -> Any:
        with torch.no_grad():
            logits = model(input_ids=torch.tensor([ids], device=device)).logits[0].float()
        return torch.log_softmax(logits, dim=-1)

    return logprobs


def summarise_ends(rows: Sequence[dict[str, Any]], seed: int = 0) -> dict[str, Any]:
    """The share of weeks whose every day end is decided right (the week closes after its own count of days),
    and the right-decision rate and mean share over all day ends, each with its CI."""
    weeks: dict[str, float] = {}
    for row in rows:
        weeks[row["id"]] = min(weeks.get(row["id"], 1.0), row["right"])
    return {
        "n": len(weeks),
        "ends": len(rows),
        "weeks_right": metrics.bootstrap_ci(list(weeks.values()), seed=seed).as_dict(),
        "right": metrics.bootstrap_ci([r["right"] for r in rows], seed=seed).as_dict(),
        "share": metrics.bootstrap_ci([r["share"] for r in rows], seed=seed).as_dict(),
    }


def probe_ends_model(model: Any, tokenizer: Any, cases: Sequence[PlanCase]) -> dict[str, Any]:
    """``summarise_ends`` of the day-end probe for a transformers model, through its own chat template."""
    model.eval()
    return summarise_ends(ends_rows(cases, tokenizer, transformers_logprobs(model), chat_render(tokenizer)))

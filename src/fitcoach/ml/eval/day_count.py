"""Does a plan model read the person's week? A teacher-forced probe on held-out weeks.

Free decoding wrote the wrong number of days in about 90% of the tiny model's weeks, and no reward can
teach a count the model does not read. This asks the model directly. The compact week is seven slots,
Monday to Sunday, each labelled by weekday and focus, and the request's brief names each weekday's
session or rest in the same words ('Week: "Monday full_body", "Tuesday rest", ...'). For each
held-out case the context is the plan request (through the model's chat template) followed by the
engine's compact reference plan up to one slot's weekday (``{"day":"Tuesday``); the continuations are
" rest" and every session kind. A week is right
when all seven picks agree with the reference on train or rest: then a free week has the person's
number of training days. A model that ignores the brief and always trains (or always rests) is right
only for people who train every day (or, for rest, never).

An earlier form of this probe asked for the count in the plan's name (" 1-day" to " 7-day"), when the
name came before the week: the 5M model gave the right count no more likelihood than chance
(docs/training.md). The compact plan no longer has a name; the expansion writes it from the week.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from fitcoach.ml.eval import metrics
from fitcoach.ml.eval.loglik import LoglikScorer
from fitcoach.ml.eval.suites.plan import PlanCase

_SLOT_LABEL = re.compile(r'\{"day":"(\w+) (\w+)"')

Render = Callable[[list[dict[str, str]]], str]


def slot_rows(cases: Sequence[PlanCase], scorer: LoglikScorer, render: Render) -> list[dict[str, Any]]:
    """One row per weekday slot of each case's compact reference week: the reference focus and the model's pick."""
    # The continuation starts with a space: " rest" is one token after the weekday, as in the brief.
    from fitcoach.coach.prompts import compact_json, plan_messages
    from fitcoach.domain.compact import REST_FOCUS, compact_plan
    from fitcoach.domain.schedule import SessionKind

    focuses = (REST_FOCUS, *(kind.value for kind in SessionKind))
    rows = []
    for case in cases:
        reply = compact_json(compact_plan(case.reference))
        request = render(plan_messages(case.profile))
        for slot in _SLOT_LABEL.finditer(reply):
            expected = slot.group(2)
            logliks = scorer.loglikelihood([(request + reply[: slot.end(1)], f' {focus}"') for focus in focuses])
            picked = focuses[logliks.index(max(logliks))]
            rows.append(
                {
                    "id": case.id,
                    "day": slot.group(1),
                    "expected": expected,
                    "picked": picked,
                    "right_rest": (picked == REST_FOCUS) == (expected == REST_FOCUS),
                    "right_focus": picked == expected,
                }
            )
    return rows


def summarise_slots(rows: Sequence[dict[str, Any]], seed: int = 0) -> dict[str, Any]:
    """Slots right on train or rest, slots with the exact focus, and weeks right on train or rest in every slot."""
    weeks: dict[str, bool] = {}
    for row in rows:
        weeks[row["id"]] = weeks.get(row["id"], True) and row["right_rest"]
    return {
        "slots": len(rows),
        "weeks": len(weeks),
        "right_rest": metrics.bootstrap_ci([r["right_rest"] for r in rows], seed=seed).as_dict(),
        "right_focus": metrics.bootstrap_ci([r["right_focus"] for r in rows], seed=seed).as_dict(),
        "weeks_right": metrics.bootstrap_ci(list(weeks.values()), seed=seed).as_dict(),
    }

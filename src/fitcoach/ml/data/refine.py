"""Stage 3, refine: every record is checked by the domain before it may be written.

- plan pairs (SFT, RL and the eval references): the profile validates, the user turn is exactly
  ``coach.prompts.plan_messages(profile)``, and ``errors(verify(profile, plan)) == []``;
- day-plan pairs: the same for the plan the day came from, and the reply is that day;
- reasoning: the gold answer is recomputed from the stored inputs by the domain calculators, and the
  worked solution's ``Answer:`` line is correct by ``fitcoach.ml.answers.is_correct``;
- safety dialogues: a referral sends the person to medical care, a decline refuses and offers an
  alternative (``safety.problems``).
A record that fails is dropped and counted under its reason; the manifest lists the counts.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from fitcoach.coach.prompts import day_plan_messages, plan_messages
from fitcoach.domain.errors import FitCoachError
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.verify import errors, verify
from fitcoach.ml.answers import extract_answer, is_correct
from fitcoach.ml.data.parse import Record
from fitcoach.ml.data.reasoning import all_kinds
from fitcoach.ml.data.safety import problems as safety_problems


@dataclass
class RefineReport:
    checked: Counter[str] = field(default_factory=Counter)  # "<corpus>:<task>" -> records checked
    rejected: Counter[str] = field(default_factory=Counter)  # "<corpus>:<task>:<reason>" -> records dropped

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {"checked": dict(sorted(self.checked.items())), "rejected": dict(sorted(self.rejected.items()))}


def plan_problem(profile: dict[str, Any], plan: Any) -> str | None:
    """Why an engine plan may not be used for this profile, or None when it verifies clean."""
    try:
        person = UserProfile.model_validate(profile)
    except ValueError:
        return "invalid_profile"
    found = errors(verify(person, plan))
    return f"verify_{found[0].code}" if found else None


def _reply(record: Record) -> str:
    return str(record.row["messages"][-1]["content"])


def _check_plan(record: Record) -> str | None:
    profile = record.meta["profile"]
    if record.corpus == "sft":
        if record.row["messages"][:-1] != plan_messages(profile):
            return "prompt_mismatch"
        plan = json.loads(_reply(record))
    elif record.corpus == "rl":
        if record.row["prompt"] != plan_messages(profile):
            return "prompt_mismatch"
        plan = record.meta["plan"]
    else:
        plan = record.row["reference"]
    return plan_problem(profile, plan)


def _check_day(record: Record) -> str | None:
    profile, day = record.meta["profile"], record.meta["day"]
    prompt = record.row["messages"][:-1] if record.corpus == "sft" else record.row["prompt"]
    if prompt != day_plan_messages(profile, day["day"], day["focus"]):
        return "prompt_mismatch"
    if record.corpus == "sft" and json.loads(_reply(record)) != day:
        return "day_mismatch"
    if day not in record.meta["plan"]["workout_plan"]["weekly_schedule"]:
        return "day_not_in_plan"
    return plan_problem(profile, record.meta["plan"])


def _check_reasoning(record: Record) -> str | None:
    kind = all_kinds()[record.meta["kind"]]
    try:
        gold = kind.solve(record.meta["inputs"])
    except (FitCoachError, ValueError):
        return "unsolvable"
    stored = record.row.get("answer", record.meta.get("answer"))
    answer_type = str(record.row.get("answer_type") or record.meta.get("answer_type"))
    tolerance = record.row.get("tolerance", record.meta.get("tolerance"))
    if stored != gold:
        return "answer_mismatch"
    if record.corpus == "sft" and not is_correct(extract_answer(_reply(record)), gold, answer_type, tolerance):
        return "solution_wrong"
    return None


def _check_safety(record: Record) -> str | None:
    found = safety_problems(record.meta["expected"], _reply(record))
    return "safety_reply" if found else None


CHECKS: dict[str, Callable[[Record], str | None]] = {
    "plan": _check_plan,
    "day_plan": _check_day,
    "reasoning": _check_reasoning,
    "safety": _check_safety,
}


def task_of(record: Record) -> str | None:
    if record.corpus == "eval_plan":
        return "plan"
    return record.row.get("task")


def refine(records: list[Record], report: RefineReport) -> list[Record]:
    """The records that pass their check (CPT text has none: it is rendered from validated data)."""
    kept = []
    for record in records:
        task = task_of(record)
        check = CHECKS.get(task or "")
        if check is None:
            kept.append(record)
            continue
        report.checked[f"{record.corpus}:{task}"] += 1
        reason = check(record)
        if reason is None:
            kept.append(record)
        else:
            report.rejected[f"{record.corpus}:{task}:{reason}"] += 1
    return kept

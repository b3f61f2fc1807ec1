"""RL rewards: plain functions ``(completions, **kwargs) -> list[float | None]`` (TRL's reward signature).

``None`` means "not applicable to this row" (an answer reward on a plan task): TRL then leaves that
function out of the row's total. The keyword arguments are the RL dataset's columns (``task``,
``profile`` as a JSON string, ``day``, ``focus``, ``answer``, ``answer_type``, ``tolerance``).
Plans are judged by ``fitcoach.domain.verify`` and answers by ``fitcoach.ml.answers``: the same
checkers the evaluation uses, never a second copy of the rules. A compact plan or day (what a model
trained on ``sft.plan_format: compact`` writes) is expanded first, as the guard does.

>>> format_reward(['{"day": "Monday"}', 'Sure! {"day": 1}'], task=["day_plan", "day_plan"])
[1.0, 0.0]
>>> answer_reward(["2000 kcal.\\nAnswer: 2010"], task=["reasoning"], answer=["2000"], answer_type=["number"],
...               tolerance=[0.01])
[1.0]
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from fitcoach.domain.verify import Violation

RewardFunc = Callable[..., list[float | None]]
PLAN_TASKS = ("plan", "day_plan")
DAY_PATH = "workout_plan.weekly_schedule[0]"  # where a lone day sits once wrapped as a plan
# Verifier codes that are the person's own stated limits (days, time, kit, injuries, dislikes).
CONSTRAINT_CODES = (
    "training_days_mismatch",
    "session_over_duration",
    "equipment_unavailable",
    "contraindicated_exercise",
    "disliked_exercise",
)
ERROR_PENALTY = 0.25  # reward lost per kind of error-severity violation
WARNING_PENALTY = 0.05  # and per kind of warning


def completion_text(completion: Any) -> str:
    """The text of a completion, plain (``str``) or conversational (``[{"role", "content"}]``)."""
    if isinstance(completion, str):
        return completion
    if isinstance(completion, list) and completion and isinstance(completion[-1], dict):
        return str(completion[-1].get("content", ""))
    return str(completion)


def parse_json_object(text: str) -> dict[str, Any] | None:
    """The completion as a JSON object, or None when it is not exactly one (extra text fails)."""
    try:
        value = json.loads(text.strip())
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


@lru_cache(maxsize=256)
def _profile(profile_json: str) -> Any:
    from fitcoach.domain.profile import UserProfile

    return UserProfile.model_validate(json.loads(profile_json))


def _column(kwargs: dict[str, Any], name: str, n: int) -> Sequence[Any]:
    values = kwargs.get(name)
    return values if isinstance(values, list | tuple) else [values] * n


def expanded(task: str, profile_json: str | None, document: dict[str, Any]) -> dict[str, Any]:
    """A compact plan or day made whole (``fitcoach.domain.compact``); a full one comes back unchanged."""
    if not profile_json:
        return document
    from fitcoach.domain.compact import expand_day, expand_plan

    profile = _profile(profile_json)
    return expand_plan(profile, document) if task == "plan" else expand_day(profile, document)  # type: ignore[no-any-return]


def plan_violations(task: str, profile_json: str, document: dict[str, Any]) -> list[Violation]:
    """Verifier findings for a whole plan, or for one day (wrapped as a one-day plan, day-level findings only)."""
    from fitcoach.domain.verify import verify

    profile = _profile(profile_json)
    if task == "plan":
        return verify(profile, document)
    wrapped = {"workout_plan": {"weekly_schedule": [document]}}
    return [v for v in verify(profile, wrapped) if v.path.startswith(DAY_PATH)]


def week_coverage(task: str, profile_json: str, document: dict[str, Any]) -> float:
    """How much of the person's training week a plan holds: fewer or more days than theirs count against it.

    min(written, expected) / max(written, expected); 1 for a single day. A plan with fewer days has fewer
    things to get wrong, so without this the verifier and constraint rewards pay for writing less: RL on
    the tiny model learned to write a one-day week for everyone.
    """
    if task != "plan":
        return 1.0
    from fitcoach.domain.context import expected_training_days

    workout = document.get("workout_plan")
    days = workout.get("weekly_schedule") if isinstance(workout, dict) else None
    written = len(days) if isinstance(days, list) else 0
    expected = expected_training_days(_profile(profile_json))
    return min(written, expected) / max(written, expected, 1)


def violation_score(found: Sequence[Violation]) -> float:
    """1 minus a penalty per kind of finding (verifier code), floored at 0 (the verifier reward, also an eval metric).

    Kinds, not instances: one piece of missing kit in six exercises is one mistake, and counting it six
    times floored most of a small model's weeks at 0, which left RL with no signal to follow.
    """
    errors = {v.code for v in found if v.severity == "error"}
    warnings = {v.code for v in found if v.severity != "error"}
    return max(0.0, 1.0 - ERROR_PENALTY * len(errors) - WARNING_PENALTY * len(warnings))


def format_reward(completions: list[Any], task: Sequence[str], **kwargs: Any) -> list[float | None]:
    """1 when the output has the task's shape: one bare JSON object (plans), a final ``Answer:`` line (reasoning)."""
    from fitcoach.ml.answers import extract_answer

    out: list[float | None] = []
    for completion, kind in zip(completions, task, strict=True):
        text = completion_text(completion)
        if kind in PLAN_TASKS:
            out.append(1.0 if parse_json_object(text) is not None else 0.0)
        elif kind == "reasoning":
            out.append(1.0 if extract_answer(text) is not None else 0.0)
        else:
            out.append(None)
    return out


def schema_reward(completions: list[Any], task: Sequence[str], **kwargs: Any) -> list[float | None]:
    """1 when the JSON validates against the contract model (Plan, or TrainingDay for a day); plans only."""
    from pydantic import ValidationError

    from fitcoach.domain.plan import Plan, TrainingDay

    profiles = _column(kwargs, "profile", len(completions))
    out: list[float | None] = []
    for completion, kind, profile_json in zip(completions, task, profiles, strict=True):
        if kind not in PLAN_TASKS:
            out.append(None)
            continue
        document = parse_json_object(completion_text(completion))
        if document is None:
            out.append(0.0)
            continue
        try:
            (Plan if kind == "plan" else TrainingDay).model_validate(expanded(kind, profile_json, document))
            out.append(1.0)
        except ValidationError:
            out.append(0.0)
    return out


def _per_plan(
    completions: list[Any],
    task: Sequence[str],
    kwargs: dict[str, Any],
    score: Callable[[int, str, str, dict[str, Any]], float],
) -> list[float | None]:
    """``score(row, task, profile_json, document)`` for each plan row that parses; 0 when it does not, None off-task."""
    profiles = _column(kwargs, "profile", len(completions))
    out: list[float | None] = []
    for row, (completion, kind, profile_json) in enumerate(zip(completions, task, profiles, strict=True)):
        if kind not in PLAN_TASKS or not profile_json:
            out.append(None)
            continue
        document = parse_json_object(completion_text(completion))
        out.append(0.0 if document is None else score(row, kind, profile_json, expanded(kind, profile_json, document)))
    return out


def verifier_reward(completions: list[Any], task: Sequence[str], **kwargs: Any) -> list[float | None]:
    """1 minus penalties per kind of verifier error and warning (floored at 0), times the week's coverage."""
    return _per_plan(
        completions,
        task,
        kwargs,
        lambda _, kind, profile, document: (
            violation_score(plan_violations(kind, profile, document)) * week_coverage(kind, profile, document)
        ),
    )


def constraint_reward(completions: list[Any], task: Sequence[str], **kwargs: Any) -> list[float | None]:
    """Share of the person's limits kept, times the week's coverage; a day must also be the asked day and focus."""
    days, focuses = _column(kwargs, "day", len(completions)), _column(kwargs, "focus", len(completions))

    def kept_share(row: int, kind: str, profile_json: str, document: dict[str, Any]) -> float:
        broken = {v.code for v in plan_violations(kind, profile_json, document)} & set(CONSTRAINT_CODES)
        checks, kept = len(CONSTRAINT_CODES), len(CONSTRAINT_CODES) - len(broken)
        if kind == "day_plan":
            asked = [(key, want) for key, want in (("day", days[row]), ("focus", focuses[row])) if want]
            checks += len(asked)
            kept += sum(1 for key, want in asked if document.get(key) == want)
        return kept / checks * week_coverage(kind, profile_json, document)

    return _per_plan(completions, task, kwargs, kept_share)


def answer_reward(completions: list[Any], task: Sequence[str], **kwargs: Any) -> list[float | None]:
    """1 when the final ``Answer:`` matches the gold answer (``fitcoach.ml.answers.is_correct``); reasoning only."""
    from fitcoach.ml.answers import extract_answer, is_correct

    n = len(completions)
    answers, types = _column(kwargs, "answer", n), _column(kwargs, "answer_type", n)
    tolerances = _column(kwargs, "tolerance", n)
    out: list[float | None] = []
    for completion, kind, gold, kind_of_answer, tol in zip(completions, task, answers, types, tolerances, strict=True):
        if kind != "reasoning" or gold is None or kind_of_answer is None:
            out.append(None)
            continue
        predicted = extract_answer(completion_text(completion))
        out.append(1.0 if is_correct(predicted, str(gold), str(kind_of_answer), tol) else 0.0)
    return out


REWARDS: dict[str, RewardFunc] = {
    "format": format_reward,
    "schema": schema_reward,
    "verifier": verifier_reward,
    "constraints": constraint_reward,
    "answer": answer_reward,
}

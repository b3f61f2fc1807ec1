"""The guard: every generated plan is parsed, verified, repaired where that is safe, or replaced.

    guarded_plan(profile, generator) -> GuardedPlan(plan, outcome, violations, result, notes)

1. Parse: the generator's dict, or the JSON object in its raw text. A compact plan (the decisions only,
   ``fitcoach.domain.compact``) is expanded; then it must match the plan contract
   (``fitcoach.domain.plan.Plan``).
2. Verify with ``fitcoach.domain.verify``: no errors -> "accepted".
3. Repair the errors that have a safe automatic fix (``coach.repairs``), then verify again: clean ->
   "repaired".
4. Otherwise -> "fallback": the rule engine's plan, which is verified clean by construction.
The notes always say which happened and why. The engine's own plans pass straight through as "accepted".
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import ValidationError

from fitcoach.coach.decoding import parse_plan_text
from fitcoach.coach.generator import EngineGenerator, GenerationResult, PlanGenerator
from fitcoach.coach.repairs import FIX_ORDER, FIXES
from fitcoach.domain.compact import expand_plan
from fitcoach.domain.context import PlanContext, build_context
from fitcoach.domain.plan import Plan
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.validation import problems_from
from fitcoach.domain.verify import Violation, errors, verify

Outcome = Literal["accepted", "repaired", "fallback"]
REPAIR_ROUNDS = len(set(FIXES.values())) + 1  # one round per family of fixes, and one more look
COMPACT_NOTE = "names, notes, XP and the other catalogue fields filled in from the compact plan"


@dataclass
class GuardedPlan:
    """A plan that is safe to show, and how it came to be."""

    plan: dict[str, Any]
    outcome: Outcome
    violations: list[Violation]  # what the verifier found in the generator's plan (empty if it did not parse)
    result: GenerationResult
    notes: list[str] = field(default_factory=list)
    remaining: list[Violation] = field(default_factory=list)  # warnings left in the plan shown (never errors)

    def as_dict(self) -> dict[str, Any]:
        return {
            "outcome": self.outcome,
            "backend": self.result.backend,
            "notes": self.notes,
            "violations": [v.as_dict() for v in self.violations],
            "remaining": [v.as_dict() for v in self.remaining],
            "seconds": round(self.result.seconds, 4),
            "prompt_tokens": self.result.prompt_tokens,
            "completion_tokens": self.result.completion_tokens,
        }


def guarded_plan(profile: UserProfile, generator: PlanGenerator, fallback_seed: int = 0) -> GuardedPlan:
    """Generate a plan for ``profile`` and guard it."""
    return guard_result(profile, generator.generate(profile), fallback_seed)


def guard_result(profile: UserProfile, result: GenerationResult, fallback_seed: int = 0) -> GuardedPlan:
    """Guard a plan some generator already produced (batched generation guards each result this way)."""
    ctx = build_context(profile)
    if result.backend == EngineGenerator.name and result.plan is not None:
        found = verify(profile, result.plan, ctx)
        return GuardedPlan(result.plan, "accepted", found, result, ["rule-engine plan"], found)
    plan, problem, expanded = _parse(profile, result)
    if plan is None:
        return _fallback(profile, result, [], [problem], fallback_seed)
    filled = [COMPACT_NOTE] if expanded else []
    found = verify(profile, plan, ctx)
    if not errors(found):
        return GuardedPlan(plan, "accepted", found, result, [*filled, "the plan passed the verifier"], found)
    repaired, notes, unfixed = _repair(ctx, plan, found)
    notes = [*filled, *notes]
    if repaired is not None:
        final = verify(profile, repaired, ctx)
        return GuardedPlan(repaired, "repaired", found, result, notes, final)
    reasons = [f"{v.code} at {v.path or '(plan)'}: {v.message}" for v in unfixed]
    return _fallback(
        profile, result, found, [*notes, "no safe automatic fix for: " + "; ".join(reasons)], fallback_seed
    )


def _parse(profile: UserProfile, result: GenerationResult) -> tuple[dict[str, Any] | None, str, bool]:
    """The plan in the result (expanded when compact), the problem when there is none, and whether it was expanded."""
    written = result.plan if result.plan is not None else parse_plan_text(result.raw_text or "")
    if written is None:
        cut = " (stopped at the token limit)" if result.extra.get("truncated") else ""
        return None, f"the {result.backend} output is not a JSON object{cut}", False
    # A compact plan (the decisions only) is made whole with the engine's rendering; a full plan is unchanged.
    plan: dict[str, Any] = expand_plan(profile, written)
    expanded = plan != written
    try:
        Plan.model_validate(plan)
    except ValidationError as exc:
        problems = problems_from(exc, Plan)
        shown = "; ".join(f"{p.field}: {p.message}" for p in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        return None, f"the {result.backend} plan does not match the plan contract: {shown}{more}", expanded
    return plan, "", expanded


def _repair(
    ctx: PlanContext, plan: dict[str, Any], found: list[Violation]
) -> tuple[dict[str, Any] | None, list[str], list[Violation]]:
    """A repaired copy of ``plan`` that verifies clean, or None with the errors no fix could cure.

    One family of fixes per round, in ``FIX_ORDER``, verifying again in between: clamping the calories
    often cures a protein-per-kg error too, and then the macros are left as the model wrote them.
    """
    fixed = copy.deepcopy(plan)
    notes: list[str] = []
    current = errors(found)
    for _ in range(REPAIR_ROUNDS):
        if not current:
            return fixed, notes, []
        unfixed = [v for v in current if v.code not in FIXES]
        if unfixed:
            return None, notes, unfixed
        fix = FIXES[min(current, key=lambda v: FIX_ORDER[v.code]).code]
        for v in current:
            if FIXES[v.code] is not fix:
                continue
            note = fix(ctx, fixed, v)
            if note is None:
                return None, notes, [v]
            if note:
                notes.append(note)
        current = errors(verify(ctx.profile, fixed, ctx))
    return (fixed, notes, []) if not current else (None, notes, current)


def _fallback(
    profile: UserProfile, result: GenerationResult, found: list[Violation], notes: list[str], seed: int
) -> GuardedPlan:
    plan = EngineGenerator(seed).generate(profile).plan
    assert plan is not None  # the engine always returns a plan
    final = verify(profile, plan)
    return GuardedPlan(plan, "fallback", found, result, [*notes, "replaced by the rule-engine plan"], final)

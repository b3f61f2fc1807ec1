"""The plan-generator interface every backend implements, and the rule-engine backend.

``PlanGenerator.generate(profile)`` returns a ``GenerationResult``: the plan as a dict (or ``None``
when a model's text could not be parsed), the raw text a model wrote, timings and token counts.
The guard (``fitcoach.coach.guard``) turns any result into a plan that is safe to show.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from fitcoach.domain.planner import build_plan
from fitcoach.domain.profile import UserProfile


@dataclass
class GenerationResult:
    """What a generator produced for one profile."""

    plan: dict[str, Any] | None
    backend: str
    raw_text: str | None = None
    seconds: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


@runtime_checkable
class PlanGenerator(Protocol):
    """Anything that turns a profile into a plan in the contract shape."""

    name: str

    def generate(self, profile: UserProfile) -> GenerationResult: ...


class EngineGenerator:
    """The rule engine: deterministic for a seed, verified clean by construction."""

    name = "engine"

    def __init__(self, seed: int = 0) -> None:
        self.seed = seed

    def generate(self, profile: UserProfile) -> GenerationResult:
        start = time.perf_counter()
        plan = build_plan(profile, seed=self.seed)
        return GenerationResult(plan=plan, backend=self.name, seconds=time.perf_counter() - start)

"""What is evaluated: the rule engine, a local model directory, or a remote OpenAI-compatible model.

A ``Candidate`` offers what the suites need and says what it lacks:
- ``plan_modes``: named ways to turn a plan case into text ("engine"; or "unconstrained" and "constrained"
  decoding for models);
- ``day_modes``: the same for the single-day task (models only: the engine plans whole weeks);
- ``plan_for``: the plan a generator's own ``generate`` writes for a profile (red-team plan items);
- ``complete``: free-text chat completion (exam by generation, red-team chat items), ``None`` for the engine;
- ``scorer``: log-likelihoods (exam by log-likelihood, general suite), local models only.
Model backends come from ``fitcoach.coach.factory.make_generator``; heavy imports happen on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from fitcoach.coach.generator import GenerationResult
from fitcoach.coach.prompts import compact_json, day_plan_messages, plan_messages
from fitcoach.ml.eval.loglik import LoglikScorer
from fitcoach.ml.eval.suites.day import DayCase, DayProduce
from fitcoach.ml.eval.suites.plan import PlanCase, Produce

Kind = Literal["engine", "model", "remote"]
Complete = Callable[[list[dict[str, str]]], str]


@dataclass
class Candidate:
    name: str
    kind: Kind
    plan_modes: dict[str, Produce]
    plan_for: Callable[[dict[str, Any]], dict[str, Any] | str | None] | None
    complete: Complete | None = None
    scorer: LoglikScorer | None = None
    day_modes: dict[str, DayProduce] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)


def _profile(data: dict[str, Any]) -> Any:
    from fitcoach.domain.profile import UserProfile
    from fitcoach.domain.validation import validate

    return validate(UserProfile, data)


def engine_candidate(seed: int = 1) -> Candidate:
    """The rule engine at ``seed`` (references use seed 0, so ROUGE shows how far two valid plans differ)."""
    from fitcoach.coach.generator import EngineGenerator

    generator = EngineGenerator(seed=seed)

    def plan_for(profile: dict[str, Any]) -> dict[str, Any] | None:
        return generator.generate(_profile(profile)).plan

    return Candidate(
        name=f"engine (seed {seed})",
        kind="engine",
        plan_modes={"engine": lambda cases: [compact_json(plan_for(c.profile)) for c in cases]},
        plan_for=plan_for,
        info={"seed": seed},
    )


def mismatched_candidate(seed: int = 1) -> Candidate:
    """Negative control: the engine's plan for a different random person, scored against each case's profile.

    Every format metric reads 100% and ROUGE stays high, while the verifier finds the plans unfit: the control
    shows what the original metrics cannot see. The other person is drawn from the case id, so runs repeat.
    """
    import random

    from fitcoach.coach.generator import EngineGenerator
    from fitcoach.domain.sampling import random_profile

    generator = EngineGenerator(seed=seed)

    def plan_for(profile: dict[str, Any]) -> dict[str, Any] | None:
        other = random_profile(random.Random(compact_json(profile)), shift=True)
        return generator.generate(_profile(other)).plan

    return Candidate(
        name="control: plan for another person",
        kind="engine",
        plan_modes={"engine": lambda cases: [compact_json(plan_for(c.profile)) for c in cases]},
        plan_for=plan_for,
        info={"seed": seed, "control": "mismatched profile"},
    )


DAY_TOKENS = 1536  # a day is about 820 tokens with the tiny tokenizer (at most about 1,400)


def from_generator(kind: Kind, name: str, generator: Any, max_new_tokens: int, chat_tokens: int = 256) -> Candidate:
    """Wrap a model backend (``complete``; ``decode_batch`` when it batches, as ModelGenerator does)."""
    from fitcoach.coach.decoding import DecodingLevel, request_day_schema, request_decoding_schema

    level: DecodingLevel = getattr(generator, "schema_level", "full")  # the plan form the model writes

    def decode(
        conversations: list[list[dict[str, str]]], tokens: int, schemas: list[dict[str, Any]] | None
    ) -> list[str]:
        if hasattr(generator, "decode_batch"):
            return [d.text for d in generator.decode_batch(conversations, tokens, schemas)]
        return [
            str(generator.complete(m, max_new_tokens=tokens, json_schema=schemas[i] if schemas else None))
            for i, m in enumerate(conversations)
        ]

    def producer(constrained: bool) -> Produce:
        """Weeks, free or under each person's grammar (as ``generate`` decodes them)."""

        def produce(cases: Sequence[PlanCase]) -> list[str]:
            schemas = [request_decoding_schema(_profile(c.profile), level) for c in cases] if constrained else None
            return decode([plan_messages(c.profile) for c in cases], max_new_tokens, schemas)

        return produce

    def day_producer(constrained: bool) -> DayProduce:
        """Days, free or under the person's grammar with the weekday and focus asked for."""

        def produce(cases: Sequence[DayCase]) -> list[str]:
            conversations = [day_plan_messages(c.profile, c.day, c.focus) for c in cases]
            schemas = (
                [request_day_schema(_profile(c.profile), c.day, c.focus, level) for c in cases] if constrained else None
            )
            return decode(conversations, min(max_new_tokens, DAY_TOKENS), schemas)

        return produce

    def plan_for(profile: dict[str, Any]) -> dict[str, Any] | str | None:
        result: GenerationResult = generator.generate(_profile(profile))
        return result.plan if result.plan is not None else result.raw_text

    def complete(messages: list[dict[str, str]]) -> str:
        return str(generator.complete(messages, max_new_tokens=chat_tokens))

    scorer = None
    if getattr(generator, "model", None) is not None and getattr(generator, "tokenizer", None) is not None:
        from fitcoach.ml.eval.loglik import TransformersScorer

        scorer = TransformersScorer(generator.model, generator.tokenizer)
    return Candidate(
        name=name,
        kind=kind,
        plan_modes={"unconstrained": producer(False), "constrained": producer(True)},
        day_modes={"unconstrained": day_producer(False), "constrained": day_producer(True)},
        plan_for=plan_for,
        complete=complete,
        scorer=scorer,
        info={"max_new_tokens": max_new_tokens, "schema_level": level},
    )


GENERIC_DIR_NAMES = frozenset({"model", "final", "merged"})  # a run's stage folders: name them by their parent too


def model_label(path: Path) -> str:
    """A short name for a model directory that keeps runs and stages apart side by side.

    ``runs/a/sft/model`` -> ``a/sft/model``; ``runs/a/final`` -> ``a/final``; ``models/tiny`` -> ``tiny``.
    """
    if path.name in GENERIC_DIR_NAMES and len(path.parts) > 1:
        depth = 3 if path.name == "model" and len(path.parts) > 2 else 2
        return "/".join(path.parts[-depth:])
    return path.name or str(path)


def model_candidate(model_dir: str | Path, max_new_tokens: int) -> Candidate:
    """A local model directory through the coach's factory; log-likelihoods from the same loaded model.

    A model the generator cannot serve (a base or CPT-only model without a chat template) is still scored
    by log-likelihood (exam, general); its plan and chat suites are then reported as not applicable.
    """
    from fitcoach.coach.errors import GeneratorUnavailable
    from fitcoach.coach.factory import make_generator
    from fitcoach.config import get_settings

    path = Path(model_dir)
    settings = get_settings().model_copy(update={"generator": "model", "model": str(path)})
    try:
        generator = make_generator(settings)
    except GeneratorUnavailable as exc:
        from fitcoach.ml.eval.loglik import TransformersScorer, load_model

        model, tokenizer = load_model(path)
        return Candidate(
            name=model_label(path),
            kind="model",
            plan_modes={},
            plan_for=None,
            scorer=TransformersScorer(model, tokenizer),
            info={"model": str(path), "no_generation": str(exc)},
        )
    candidate = from_generator("model", model_label(path), generator, max_new_tokens)
    candidate.info["model"] = str(path)
    return candidate


def remote_candidate(max_new_tokens: int, model_name: str | None = None) -> Candidate:
    """The OpenAI-compatible server of the settings (FITCOACH_REMOTE_URL ...): no log-likelihoods."""
    from fitcoach.coach.factory import make_generator
    from fitcoach.config import get_settings

    update: dict[str, Any] = {"generator": "remote"}
    if model_name:
        update["remote_model"] = model_name
    settings = get_settings().model_copy(update=update)
    label = settings.remote_model or "remote"
    return from_generator("remote", f"remote:{label}", make_generator(settings), max_new_tokens)

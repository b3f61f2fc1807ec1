"""Stage 1, parse: knowledge base + engine outputs + optional general-text files -> raw records.

A ``Record`` is one output row in its final contract shape (``row``) plus what the later stages need
to check it (``meta``: the profile and engine plan behind a plan pair, the inputs behind a reasoning
answer, the expected behaviour of a safety reply). Every random choice draws from a named stream
(``stream(seed, "eval-plans")``), so the training and evaluation sets use disjoint random streams and
a change in one part of the build never shifts another.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from fitcoach.coach.prompts import compact_json, day_plan_messages, plan_messages
from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.planner import build_plan
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.sampling import random_profile
from fitcoach.ml.data.cpt import cpt_documents
from fitcoach.ml.data.reasoning import ReasoningItem, all_kinds, item_identity, make_item
from fitcoach.ml.data.safety import make_dialogue

Corpus = Literal["cpt", "sft", "rl", "eval_plan", "eval_reasoning"]
GENERAL_SUBDOMAIN = "general"
# Where a plan pair's sub-domain is counted: writing a programme is exercise prescription.
PLAN_SUBDOMAIN = "exercise_prescription"
# Eval references are the engine's plan at seed 0; the eval harness scores the engine at another seed
# against them to show how far two valid plans differ.
REFERENCE_PLAN_SEED = 0
# A single session (exercise choice, sets, reps, rest) is strength and conditioning.
DAY_SUBDOMAIN = "strength_conditioning"


@dataclass
class Record:
    corpus: Corpus
    row: dict[str, Any]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def group(self) -> str:
        """The key splits and counts are stratified by: task for SFT/RL rows, sub-domain for CPT."""
        return str(self.row.get("task") or self.row.get("subdomain") or "all")


def stream(seed: int, name: str) -> random.Random:
    """An independent, reproducible random stream for one part of the build (str seeds hash with SHA-512)."""
    return random.Random(f"fitcoach-data:{seed}:{name}")


def engine_pair(
    rng: random.Random, shift: bool = False, plan_seed: int | None = None
) -> tuple[dict[str, Any], UserProfile, dict[str, Any], int]:
    """A sampled profile (contract JSON), its validated model, the engine plan and the plan seed.

    The plan seed is drawn from the stream unless given (the draw happens either way, so fixing it does
    not shift the profiles that follow).
    """
    profile = random_profile(rng, shift=shift)
    person = UserProfile.model_validate(profile)
    drawn = rng.randrange(2**31)
    seed = drawn if plan_seed is None else plan_seed
    return profile, person, build_plan(person, seed=seed), seed


def cpt_records(seed: int, variants: int) -> list[Record]:
    docs = cpt_documents(stream(seed, "cpt"), variants)
    return [Record("cpt", {"text": d.text, "subdomain": d.subdomain, "source": d.source}) for d in docs]


def general_records(paths: list[Path], chunk_chars: int) -> list[Record]:
    """User-supplied general text, split into chunks of about ``chunk_chars`` at paragraph boundaries."""
    records = []
    for path in paths:
        if not path.is_file():
            raise InvalidInput([FieldProblem("general_text", f"{path} is not a readable file")])
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidInput([FieldProblem("general_text", f"{path} is not UTF-8 text ({exc.reason})")]) from None
        for n, chunk in enumerate(chunks(text, chunk_chars)):
            records.append(
                Record("cpt", {"text": chunk, "subdomain": GENERAL_SUBDOMAIN, "source": f"general:{path.name}#{n}"})
            )
    return records


def chunks(text: str, size: int) -> Iterator[str]:
    """Paragraph-packed pieces of at most about ``size`` characters (a longer paragraph is cut by length)."""
    current: list[str] = []
    length = 0
    for para in (p.strip() for p in text.replace("\r\n", "\n").split("\n\n")):
        if not para:
            continue
        while len(para) > size:
            yield para[:size]
            para = para[size:]
        if length + len(para) > size and current:
            yield "\n\n".join(current)
            current, length = [], 0
        current.append(para)
        length += len(para) + 2
    if current:
        yield "\n\n".join(current)


def plan_records(seed: int, count: int) -> list[Record]:
    rng = stream(seed, "sft-plans")
    out = []
    for _ in range(count):
        profile, _, plan, plan_seed = engine_pair(rng)
        messages = [*plan_messages(profile), {"role": "assistant", "content": compact_json(plan)}]
        row = {"messages": messages, "task": "plan", "subdomain": PLAN_SUBDOMAIN}
        out.append(Record("sft", row, {"profile": profile, "plan": plan, "plan_seed": plan_seed}))
    return out


def pick_day(rng: random.Random, plan: dict[str, Any]) -> dict[str, Any] | None:
    schedule = plan["workout_plan"]["weekly_schedule"]
    return rng.choice(schedule) if schedule else None


def day_plan_records(seed: int, count: int) -> list[Record]:
    rng = stream(seed, "sft-days")
    out: list[Record] = []
    while len(out) < count:
        profile, _, plan, plan_seed = engine_pair(rng)
        day = pick_day(rng, plan)
        if day is None:
            continue
        messages = [
            *day_plan_messages(profile, day["day"], day["focus"]),
            {"role": "assistant", "content": compact_json(day)},
        ]
        row = {"messages": messages, "task": "day_plan", "subdomain": DAY_SUBDOMAIN}
        out.append(Record("sft", row, {"profile": profile, "plan": plan, "plan_seed": plan_seed, "day": day}))
    return out


# Draws per item before a kind whose small input space is used up by held-out items gives up.
MAX_DRAWS = 50


def reasoning_items(rng: random.Random, count: int, held_out: frozenset[str] = frozenset()) -> list[ReasoningItem]:
    """``count`` items, kinds taken in turn so every kind is represented in small builds too.

    Items whose kind and inputs are in ``held_out`` (the evaluation set's) or already drawn are drawn
    again, which keeps training and evaluation disjoint by construction and the set free of repeats; a
    kind whose small input space is used up gives up after ``MAX_DRAWS`` tries.
    """
    kinds = sorted(all_kinds())
    order = [kinds[n % len(kinds)] for n in range(count)]
    rng.shuffle(order)
    out = []
    seen: set[str] = set()
    for kind in order:
        for _ in range(MAX_DRAWS):
            item = make_item(kind, rng)
            identity = item_identity(item.kind, item.inputs)
            if identity not in held_out and identity not in seen:
                seen.add(identity)
                out.append(item)
                break
    return out


def held_out_identities(seed: int, reasoning: int) -> frozenset[str]:
    """Kind + inputs of every evaluation reasoning item (the same draw ``eval_records`` makes)."""
    return frozenset(
        item_identity(i.kind, i.inputs) for i in reasoning_items(stream(seed, "eval-reasoning"), reasoning)
    )


def reasoning_meta(item: ReasoningItem) -> dict[str, Any]:
    return {"kind": item.kind, "inputs": item.inputs, "sources": list(item.sources)}


def reasoning_sft_records(seed: int, count: int, held_out: frozenset[str] = frozenset()) -> list[Record]:
    out = []
    for item in reasoning_items(stream(seed, "sft-reasoning"), count, held_out):
        messages = [{"role": "user", "content": item.question}, {"role": "assistant", "content": item.solution}]
        row = {"messages": messages, "task": "reasoning", "subdomain": item.subdomain}
        out.append(
            Record(
                "sft",
                row,
                {
                    **reasoning_meta(item),
                    "answer": item.answer,
                    "answer_type": item.answer_type,
                    "tolerance": item.tolerance,
                },
            )
        )
    return out


def safety_records(seed: int, count: int) -> list[Record]:
    rng = stream(seed, "sft-safety")
    out = []
    for _ in range(count):
        d = make_dialogue(rng)
        messages = [{"role": "user", "content": d.user}, {"role": "assistant", "content": d.assistant}]
        out.append(
            Record(
                "sft",
                {"messages": messages, "task": "safety", "subdomain": d.subdomain},
                {"expected": d.expected, "category": d.category},
            )
        )
    return out


def rl_row(task: str, prompt: list[dict[str, str]], **fields: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"prompt": prompt, "task": task, "profile": None, "day": None, "focus": None}
    row.update({"answer": None, "answer_type": None, "tolerance": None})
    row.update(fields)
    return row


def rl_records(
    seed: int, plans: int, day_plans: int, reasoning: int, held_out: frozenset[str] = frozenset()
) -> list[Record]:
    rng = stream(seed, "rl-profiles")
    out = []
    for _ in range(plans):
        profile, _, plan, _ = engine_pair(rng)
        out.append(
            Record(
                "rl",
                rl_row("plan", plan_messages(profile), profile=profile, subdomain=PLAN_SUBDOMAIN),
                {"profile": profile, "plan": plan},
            )
        )
    while len([r for r in out if r.row["task"] == "day_plan"]) < day_plans:
        profile, _, plan, _ = engine_pair(rng)
        day = pick_day(rng, plan)
        if day is not None:
            prompt = day_plan_messages(profile, day["day"], day["focus"])
            row = rl_row(
                "day_plan", prompt, profile=profile, day=day["day"], focus=day["focus"], subdomain=DAY_SUBDOMAIN
            )
            out.append(Record("rl", row, {"profile": profile, "plan": plan, "day": day}))
    for item in reasoning_items(stream(seed, "rl-reasoning"), reasoning, held_out):
        row = rl_row(
            "reasoning",
            [{"role": "user", "content": item.question}],
            answer=item.answer,
            answer_type=item.answer_type,
            tolerance=item.tolerance,
        )
        out.append(Record("rl", {**row, "subdomain": item.subdomain}, reasoning_meta(item)))
    return out


def eval_records(seed: int, plans: int, reasoning: int) -> list[Record]:
    """Held-out sets: shifted profiles (older, more conditions) and reasoning items from their own streams."""
    rng = stream(seed, "eval-plans")
    out = []
    for n in range(plans):
        profile, _, plan, plan_seed = engine_pair(rng, shift=True, plan_seed=REFERENCE_PLAN_SEED)
        row = {"id": f"plan-{n:04d}", "profile": profile, "reference": plan}
        out.append(Record("eval_plan", row, {"profile": profile, "plan": plan, "plan_seed": plan_seed}))
    for n, item in enumerate(reasoning_items(stream(seed, "eval-reasoning"), reasoning)):
        row = rl_row(
            "reasoning",
            [{"role": "user", "content": item.question}],
            answer=item.answer,
            answer_type=item.answer_type,
            tolerance=item.tolerance,
        )
        out.append(
            Record(
                "eval_reasoning", {"id": f"reasoning-{n:04d}", **row, "subdomain": item.subdomain}, reasoning_meta(item)
            )
        )
    return out

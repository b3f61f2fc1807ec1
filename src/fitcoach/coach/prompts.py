"""The prompts every model-facing part shares: training data, generators, evaluation and chat.

The plan task keeps the original system's chat format: the user turn is an instruction followed by the
compact profile JSON, the assistant turn is the compact plan JSON (the tokenizer's chat template adds
the end-of-sequence token). One definition here keeps training and inference from drifting apart.

The instruction ends with the person's brief (``request_brief``): the limits the verifier will hold the
plan to, worked out by the rule engine from the profile (training days after the beginner rest rule,
session minutes, intensity cap, equipment, movements to avoid, the daily calorie range). A large model
cannot know the house rules, and a small one reads a number in a short sentence far more easily than it
works it out from the profile: with the profile alone, the 5M tiny-cpu model wrote the wrong number of
days in 88% of held-out weeks (docs/training.md). The brief states limits, never the plan: which
exercises, doses and targets to choose within them is still the model's decision.
"""

from __future__ import annotations

import json
from typing import Any

from fitcoach.domain.profile import UserProfile
from fitcoach.domain.validation import validate

Message = dict[str, str]

PLAN_INSTRUCTION = (
    "You are FitCoach, a certified personal trainer and nutrition coach. Create a safe, personalised "
    "weekly fitness plan as JSON for this user profile. Respect their injuries, conditions, equipment, "
    "schedule and diet."
)

DAY_PLAN_INSTRUCTION = (
    "You are FitCoach, a certified personal trainer. Write one training day as JSON for this user "
    "profile and session focus. Respect their injuries, conditions, equipment and time."
)


def compact_json(data: Any) -> str:
    """JSON with no insignificant whitespace, keys in their given order (what the model reads and writes)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def profile_payload(profile: UserProfile | dict[str, Any]) -> dict[str, Any]:
    """The profile as a model reads it: validated, normalised (metric units), the fields given and no defaults.

    Training data and inference both go through here, so the text a model was trained on is the text it sees.
    """
    return _person(profile).model_dump(mode="json", exclude_unset=True, exclude_none=True)


def _person(profile: UserProfile | dict[str, Any]) -> UserProfile:
    return profile if isinstance(profile, UserProfile) else validate(UserProfile, profile)


def request_brief(profile: UserProfile | dict[str, Any]) -> str:
    """The limits the verifier holds this person's plan to, in one sentence per kind (from the rule engine)."""
    from fitcoach.coach.repairs import accepted_calorie_range
    from fitcoach.domain.context import build_context, expected_training_days

    model = _person(profile)
    ctx = build_context(model)
    low, high = accepted_calorie_range(ctx)
    sentences = [
        f"Limits: {expected_training_days(model)} training days a week,"
        f" sessions of at most {model.preferences.workout_duration} minutes, intensity up to {ctx.cap.value},"
        f" daily calories {low} to {high} kcal.",
        f"Equipment: {', '.join(sorted(e.value for e in ctx.kit))}.",
    ]
    if ctx.avoid:
        sentences.append(f"Avoid: {', '.join(sorted(t.value for t in ctx.avoid))}.")
    return " ".join(sentences)


def _ask(instruction: str, person: UserProfile, payload: dict[str, Any]) -> list[Message]:
    return [{"role": "user", "content": f"{instruction} {request_brief(person)}\n\n{compact_json(payload)}"}]


def plan_messages(profile: UserProfile | dict[str, Any]) -> list[Message]:
    """The chat turns that ask for a weekly plan (the assistant's reply is the plan JSON)."""
    person = _person(profile)  # validated once for the brief and the payload
    return _ask(PLAN_INSTRUCTION, person, profile_payload(person))


def day_plan_messages(profile: UserProfile | dict[str, Any], day: str, focus: str) -> list[Message]:
    """The short-form task RL uses on CPU: one day of the plan for a given focus."""
    person = _person(profile)
    return _ask(DAY_PLAN_INSTRUCTION, person, {"profile": profile_payload(person), "day": day, "focus": focus})

"""The prompts every model-facing part shares: training data, generators, evaluation and chat.

The plan task keeps the original system's chat format: the user turn is an instruction followed by the
compact profile JSON, the assistant turn is the compact plan JSON (the tokenizer's chat template adds
the end-of-sequence token). One definition here keeps training and inference from drifting apart.
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
    model = profile if isinstance(profile, UserProfile) else validate(UserProfile, profile)
    return model.model_dump(mode="json", exclude_unset=True, exclude_none=True)


def plan_messages(profile: UserProfile | dict[str, Any]) -> list[Message]:
    """The chat turns that ask for a weekly plan (the assistant's reply is the plan JSON)."""
    return [{"role": "user", "content": f"{PLAN_INSTRUCTION}\n\n{compact_json(profile_payload(profile))}"}]


def day_plan_messages(profile: UserProfile | dict[str, Any], day: str, focus: str) -> list[Message]:
    """The short-form task RL uses on CPU: one day of the plan for a given focus."""
    request = {"profile": profile_payload(profile), "day": day, "focus": focus}
    return [{"role": "user", "content": f"{DAY_PLAN_INSTRUCTION}\n\n{compact_json(request)}"}]

"""API models of the coach chat: a question in, the stored answer out, and the conversation's messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from fitcoach.coach.chat.engine import MAX_MESSAGE_CHARS


class ChatIn(BaseModel):
    message: str = Field(max_length=MAX_MESSAGE_CHARS, description=f"Your question, 1-{MAX_MESSAGE_CHARS} characters.")


class ActionOut(BaseModel):
    """A plan change the answer proposes; apply it with POST /chat/actions/{message_id}/apply."""

    kind: str = Field(description="swap_exercise, shorten_day or adjust_day")
    day_index: int = Field(description="Index in the plan's weekly_schedule.")
    summary: str = Field(description="What applying it does, e.g. 'swap Barbell Floor Press for ... on Monday'.")
    exercise_id: str | None = Field(default=None, description="swap_exercise: the exercise replaced.")
    substitute_id: str | None = Field(default=None, description="swap_exercise: the catalogue substitute.")
    minutes: int | None = Field(default=None, description="shorten_day: the minutes you have.")
    feedback: str | None = Field(default=None, description="adjust_day: too_difficult or too_easy.")


class MessageOut(BaseModel):
    """One stored message: your question (role user) or the coach's answer (role assistant)."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    role: str = Field(description="user or assistant")
    content: str
    created_at: dt.datetime
    route: str | None = Field(default=None, description="triage, calculation, plan, knowledge or smalltalk")
    intent: str | None = None
    sources: list[str] = Field(default_factory=list, description="Source keys cited, e.g. ISSN-PRO.")
    actions: list[ActionOut] = Field(default_factory=list)
    triage: dict[str, Any] | None = Field(
        default=None, description="Set when the message raised a red flag: category, kind (emergency, refer, ...)."
    )
    applied_plan_id: int | None = Field(default=None, description="The plan version made by applying the actions.")

    @field_validator("sources", "actions", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return [] if value is None else value


class AnswerOut(BaseModel):
    """The coach's answer to one question (both are stored in the conversation)."""

    id: int = Field(description="The answer's message id (for applying its actions).")
    question_id: int
    text: str
    route: str = Field(description="triage, calculation, plan, knowledge or smalltalk")
    intent: str
    sources: list[str] = Field(description="Source keys cited in the text, e.g. ISSN-PRO.")
    actions: list[ActionOut] = Field(description="Plan changes you can apply (only with a saved plan).")
    triage: dict[str, Any] | None = Field(description="Set when the question raised a red flag.")
    backend: str = Field(description="engine, or the model that wrote a knowledge answer.")

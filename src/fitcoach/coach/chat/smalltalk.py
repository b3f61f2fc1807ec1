"""Small talk and motivation: short, friendly, and pointing back at the person's next step."""

from __future__ import annotations

import re
import zlib

from fitcoach.coach.chat.types import ChatAnswer, ChatContext
from fitcoach.coach.triage import normalise_message
from fitcoach.domain.knowledge.guidelines import guidelines

_MOTIVATION = (
    "Missing motivation is normal; habits carry you when motivation doesn't. Do just the warm-up and the first "
    "exercise, then decide.",
    "Showing up counts more than a perfect session. A short, easy workout today keeps the streak alive.",
    "Progress is built on ordinary days like this one. Pick the smallest version of today's session and start.",
)


def _next_step(ctx: ChatContext) -> str:
    plan = ctx.plan
    if not plan:
        return ""
    days = plan.get("workout_plan", {}).get("weekly_schedule", [])
    if not days:
        return ""
    weekday = ctx.day().strftime("%A")
    today = next((d for d in days if d.get("day") == weekday), None)
    if today:
        return f" Today is {str(today.get('focus', '')).replace('_', ' ')}: about {today.get('duration')} minutes."
    return " Today is a rest day in your plan: a walk counts."


def answer_smalltalk(intent: str, message: str, ctx: ChatContext) -> ChatAnswer:
    text = normalise_message(message)
    if intent == "smalltalk.motivation":
        pick = _MOTIVATION[zlib.crc32(text.encode()) % len(_MOTIVATION)]
        a = guidelines().activity
        fact = (
            f" Even {a.strength_days_week_min.value:g} strength days a week bring real health benefits "
            f"[{a.strength_days_week_min.source}]."
        )
        return ChatAnswer(
            text=pick + _next_step(ctx) + fact,
            route="smalltalk",
            intent=intent,
            sources=(a.strength_days_week_min.source,),
        )
    if re.match(r"^(thanks|thank you|thx|cheers)", text):
        reply = "You're welcome! Ask me anytime about your plan, exercises or nutrition."
    elif re.match(r"^(bye|goodbye|see you|see ya|good night)", text):
        reply = "Bye for now, and enjoy your next session!"
    elif re.search(r"\b(who|what) are you\b|\bwhat can you do\b", text):
        reply = (
            "I'm FitCoach, your training coach: I explain your plan, work out calories, macros, 1RM and heart-rate "
            "zones from your data, answer training and nutrition questions with sources, and tell you when to see a "
            "professional. I don't diagnose."
        )
    elif re.search(r"\bhow are you\b", text):
        reply = "Ready to train! How can I help today?"
    else:
        reply = (
            "Hi! Ask me about today's workout, swapping an exercise, your calories or protein, "
            "or any training question."
        )
    return ChatAnswer(text=reply, route="smalltalk", intent=intent)

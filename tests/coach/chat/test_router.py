"""Routing: calculations, plan questions, small talk and knowledge questions go where they belong."""

from __future__ import annotations

import pytest

from fitcoach.coach.chat.router import route

CASES = [
    ("how many calories should I eat", "calc.calories"),
    ("what's my TDEE", "calc.calories"),
    ("what are my macros?", "calc.macros"),
    ("how much protein do I need", "calc.protein"),
    ("what's my 1RM if I lift 100 kg for 5 reps", "calc.one_rm"),
    ("80kg x 8 on bench", "calc.one_rm"),
    ("what are my heart rate zones", "calc.hr_zones"),
    ("what's my BMI", "calc.bmi"),
    ("bmi for 50 kg and 170 cm?", "calc.bmi"),
    ("what do I do today", "plan.today"),
    ("what's on Wednesday?", "plan.today"),
    ("what exercises am I doing on Friday?", "plan.today"),
    ("swap bench press", "plan.swap"),
    ("can I replace the goblet squat", "plan.swap"),
    ("I only have 20 minutes", "plan.shorten"),
    ("short on time today", "plan.shorten"),
    ("today's workout was too hard", "plan.adjust"),
    ("hi", "smalltalk.greeting"),
    ("thanks!", "smalltalk.greeting"),
    ("I don't feel like training today", "smalltalk.motivation"),
    ("how much protein do lifters need?", "knowledge"),
    ("How do you estimate maximum heart rate?", "knowledge"),
    ("What BMI counts as obese?", "knowledge"),
    ("How many reps can you do at 80% of 1RM?", "knowledge"),
    ("How do I do a Romanian deadlift?", "knowledge"),
    ("what is zone 2 training?", "knowledge"),
]


@pytest.mark.parametrize(("message", "intent"), CASES)
def test_route(message: str, intent: str) -> None:
    decision = route(message)
    assert decision.intent == intent
    assert decision.route == {"calc": "calculation", "plan": "plan", "smalltalk": "smalltalk"}.get(
        intent.split(".")[0], "knowledge"
    )

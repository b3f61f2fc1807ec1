"""Which kind of question a (triage-cleared) message is: a calculation, a plan question, small talk,
or a knowledge question (the default).

Rules, not a model: each intent is a list of regular expressions over the normalised message, checked
in a fixed order (plan actions, calculations, plan look-ups, small talk). A question about the person
("how much protein do *I* need") is a calculation; the same question in general ("how much protein do
lifters need") is a knowledge question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from fitcoach.coach.chat.types import Route
from fitcoach.coach.triage import normalise_message

_PERSONAL = re.compile(r"\b(i|i'm|im|me|my|mine|myself)\b")

_A_SET = r"\d+(\.\d+)? ?(kg|kgs|lb|lbs|pounds|kilos) ?(x|for|times) ?\d+"
_NUMBERS = re.compile(r"\d+(\.\d+)?\s*(kg|kgs|kilos?|lbs?|pounds?|cm)\b")
Needs = Literal["any", "personal", "personal_or_numbers"]

# (intent, route, patterns, what else the message needs: nothing, a personal pronoun, or a pronoun or numbers)
_RULES: tuple[tuple[str, Route, tuple[str, ...], Needs], ...] = (
    (
        "plan.swap",
        "plan",
        (
            r"\b(swap|replace|substitute|switch)\b",
            r"\b(instead of|alternative (to|for)|something else (than|instead|for))\b",
            r"\b(don'?t|do not|can'?t|cannot) (like|do|stand)\b.*\b(today|workout|plan|session)\b",
        ),
        "any",
    ),
    (
        "plan.shorten",
        "plan",
        (
            r"\bonly (have|got) (\d+|half an hour|an hour)",
            r"\b(short|pressed|tight) (on|for) time\b",
            r"\b\d+ ?(min|mins|minutes) (today|left|available|to train|for (my |the |a )?(workout|session))",
            r"\b(shorter|shorten|quick(er)? version|faster version) (of )?(my |the |today'?s )?(workout|session|plan)?",
            r"\bin (\d+|half an hour) ?(min|mins|minutes)?\b.*\b(workout|session|train)",
        ),
        "any",
    ),
    (
        "plan.adjust",
        "plan",
        (
            r"\b(workout|session|plan|training|today|it|this)\b.*"
            r"\b(too|way too|really) (hard|difficult|easy|heavy|light)\b",
            r"\b(too|way too) (hard|difficult|easy)\b",
            r"\bmake (it|today|my workout|the workout) (easier|harder)\b",
        ),
        "any",
    ),
    ("calc.one_rm", "calculation", (_A_SET,), "any"),
    (
        "calc.one_rm",
        "calculation",
        (r"\b1 ?rm\b", r"\bone[- ]rep(etition)? max", r"\brep max\b", r"\bmax (bench|squat|deadlift|lift)"),
        "personal",
    ),
    (
        "calc.hr_zones",
        "calculation",
        (
            r"\bheart[- ]rate (zones?|range|target)",
            r"\b(target|max|maximum|maximal) heart[- ]rate\b",
            r"\bhr ?max\b|\bmax hr\b|\bhr zones?\b",
            r"\bkarvonen\b",
            r"\bwhat (bpm|heart rate) should i\b",
        ),
        "personal",
    ),
    ("calc.bmi", "calculation", (r"\bbmi\b", r"\bbody mass index\b"), "personal_or_numbers"),
    (
        "calc.macros",
        "calculation",
        (
            r"\bmacros?\b",
            r"\bmacro(nutrient)? (split|breakdown|targets?)",
            r"\bhow (much|many) (grams of )?(carbs?|carbohydrates?|fats?)\b.*\b(i|me|my)\b",
        ),
        "personal",
    ),
    (
        "calc.protein",
        "calculation",
        (r"\bprotein\b.*\b(need|eat|target|should|intake|per day|a day|goal|aim)\b", r"\bhow much protein\b"),
        "personal",
    ),
    (
        "calc.calories",
        "calculation",
        (
            r"\bcalori(e|es)\b.*\b(need|eat|target|should|maintenance|a day|per day|burn at rest|goal)\b",
            r"\b(tdee|bmr|maintenance calories|calorie target|calorie goal)\b",
            r"\bresting (energy|metabolic rate|metabolism)\b",
            r"\bhow much (should|do) i eat\b",
        ),
        "personal",
    ),
    (
        "smalltalk.motivation",
        "smalltalk",
        (
            r"\bmotivat",
            r"\b(don'?t|do not) feel like (training|working out|going|exercising|it)",
            r"\b(lazy|unmotivated|can'?t be bothered|skip(ped)? (the )?gym|give up|giving up|want to quit)\b",
            r"\b(tired of|bored of|struggling to stay)\b",
        ),
        "any",
    ),
    (
        "plan.today",
        "plan",
        (
            r"\b(today|tonight|tomorrow)\b.*\b(do|train|workout|session|plan|exercises?|lift|on)\b",
            r"\b(workout|session|exercises?|training|plan)\b.*\b(today|tonight|tomorrow)\b",
            r"\bwhat('?s| is| do i have| am i doing)\b.*"
            r"\b(on )?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
            r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)('?s)? (workout|session|plan|training)\b",
            r"\bwhat do i do\b",
            r"\b(my|this week'?s) (plan|schedule|program|programme|workouts?)\b",
            r"\bis (today|tomorrow) a rest day\b|\bwhen is my (next )?(workout|session|rest day)\b",
            r"\bnext (workout|session)\b",
            r"\b(exercises?|workout|session|training|train|do)\b.*\b(on|for) "
            r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
        ),
        "any",
    ),
    (
        "smalltalk.greeting",
        "smalltalk",
        (
            r"^(hi|hello|hey|hiya|yo|good (morning|afternoon|evening)|howdy)\b[ !.,]*(coach|there|fitcoach)?[ !.]*$",
            r"^(thanks|thank you|thx|cheers|great|awesome|ok|okay|cool|nice)\b[ !.,a-z]{0,20}$",
            r"^(bye|goodbye|see you|see ya|good night)\b",
            r"\b(who|what) are you\b|\bhow are you\b|\bwhat can you do\b",
        ),
        "any",
    ),
)


@dataclass(frozen=True)
class RouteDecision:
    route: Route
    intent: str


def route(message: str) -> RouteDecision:
    """The route and intent of a message that triage let through."""
    text = normalise_message(message)
    personal = bool(_PERSONAL.search(text))
    numbers = bool(_NUMBERS.search(text))
    for intent, kind, patterns, needs in _RULES:
        if (needs == "personal" and not personal) or (needs == "personal_or_numbers" and not (personal or numbers)):
            continue
        if any(re.search(p, text) for p in patterns):
            return RouteDecision(kind, intent)
    return RouteDecision("knowledge", "knowledge")

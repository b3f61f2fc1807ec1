"""Plan questions answered from the stored plan: what today (or any day) holds, swapping an exercise,
fitting a day into less time, and easing or hardening a day. Changes come back as actions
(``SwapExercise``, ``ShortenToday``, ``AdjustDay``) for the caller to apply with ``apply_action``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from fitcoach.coach.chat.actions import substitute_problem
from fitcoach.coach.chat.types import AdjustDay, ChatAnswer, ChatContext, ShortenToday, SwapExercise
from fitcoach.coach.mentions import find_exercises
from fitcoach.coach.triage import normalise_message
from fitcoach.domain import knowledge
from fitcoach.domain.errors import FitCoachError
from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.planner import build_plan, regenerate_day
from fitcoach.domain.schedule import WEEKDAYS as SCHEDULE_WEEKDAYS

WEEKDAYS = tuple(day.lower() for day in SCHEDULE_WEEKDAYS)


def _plan(ctx: ChatContext) -> tuple[dict[str, Any] | None, str]:
    """The stored plan, else one built for the profile (and a note saying so), else None."""
    if ctx.plan is not None:
        return ctx.plan, ""
    if ctx.user is not None:
        return build_plan(ctx.user), " (from a plan built for your profile; save a plan to keep it)"
    return None, ""


def _no_plan(intent: str) -> ChatAnswer:
    text = "I don't have your plan or profile yet. Create a plan (or pass --profile) and ask me again."
    return ChatAnswer(text=text, route="plan", intent=intent)


def _schedule(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return list(plan["workout_plan"]["weekly_schedule"])


def _index_of_day(plan: dict[str, Any], weekday: str) -> int | None:
    for i, day in enumerate(_schedule(plan)):
        if str(day.get("day", "")).lower() == weekday:
            return i
    return None


def _asked_date(text: str, ctx: ChatContext) -> dt.date:
    """The day the message asks about: a named weekday (this week, from today on), tomorrow, or today."""
    today = ctx.day()
    for offset, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", text):
            return today + dt.timedelta(days=(offset - today.weekday()) % 7)
    if "tomorrow" in text:
        return today + dt.timedelta(days=1)
    return today


def _training_day(plan: dict[str, Any], date: dt.date, step: int) -> tuple[int, dt.date] | None:
    """The first training day from ``date`` on (step 1) or back (step -1), within a week."""
    for k in range(7):
        day = date + dt.timedelta(days=step * k)
        index = _index_of_day(plan, WEEKDAYS[day.weekday()])
        if index is not None:
            return index, day
    return None


def _describe_exercise(e: dict[str, Any]) -> str:
    dose = f"{e.get('sets')} x {e.get('reps')}" if e.get("sets") else str(e.get("reps", ""))
    extra = ", ".join(str(x) for x in (e.get("intensity"), f"rest {e['rest']}" if e.get("rest") else None) if x)
    return f"{e.get('name')} {dose}" + (f" ({extra})" if extra else "")


def describe_day(day: dict[str, Any]) -> str:
    warm = ", ".join(f"{w['name']} {w['minutes']} min" for w in day.get("warm_up", []))
    main = "; ".join(_describe_exercise(e) for e in day.get("exercises", []))
    cool = ", ".join(f"{c['name']} {c['minutes']} min" for c in day.get("cool_down", []))
    focus = str(day.get("focus", "")).replace("_", " ")
    text = f"{day.get('day')}: {focus}, about {day.get('duration')} min at {day.get('intensity_level')} intensity."
    if warm:
        text += f" Warm-up: {warm}."
    text += f" Then: {main}."
    if cool:
        text += f" Cool-down: {cool}."
    return text


def today(message: str, ctx: ChatContext) -> ChatAnswer:
    plan, note = _plan(ctx)
    if plan is None:
        return _no_plan("plan.today")
    text_in = normalise_message(message)
    structure = guidelines().structure
    if re.search(r"\b(this week|my (plan|schedule|program|programme|week))\b", text_in) and not re.search(
        r"\b(today|tomorrow|tonight)\b", text_in
    ):
        days = "; ".join(
            f"{d['day']} {str(d['focus']).replace('_', ' ')} ({d['duration']} min)" for d in _schedule(plan)
        )
        rest = ", ".join(plan["workout_plan"].get("rest_days", [])) or "none listed"
        text = f"Your week{note}: {days}. Rest days: {rest}. {plan['workout_plan'].get('overview', '')}".strip()
        return ChatAnswer(text=text, route="plan", intent="plan.week")
    date = _asked_date(text_in, ctx)
    weekday = WEEKDAYS[date.weekday()]
    label = "Today" if date == ctx.day() else weekday.capitalize()
    day_label = f"Today ({weekday.capitalize()})" if date == ctx.day() else weekday.capitalize()
    index = _index_of_day(plan, weekday)
    if index is None:
        following = _training_day(plan, date + dt.timedelta(days=1), 1)
        after = (
            f" Your next session is {WEEKDAYS[following[1].weekday()].capitalize()}: "
            f"{str(_schedule(plan)[following[0]]['focus']).replace('_', ' ')}."
            if following
            else ""
        )
        text = (
            f"{day_label} is a rest day{note}: recovery is when you adapt, so an easy walk or "
            f"mobility work is plenty [{structure.beginner_rest_days_week_min.source}].{after}"
        )
        return ChatAnswer(
            text=text, route="plan", intent="plan.today", sources=(structure.beginner_rest_days_week_min.source,)
        )
    text = f"{label}'s session{note}: {describe_day(_schedule(plan)[index])}"
    return ChatAnswer(text=text, route="plan", intent="plan.today")


def _session_index(plan: dict[str, Any], ctx: ChatContext, message: str, step: int) -> tuple[int, str] | None:
    """The plan day the message is about: a named day, else today or the next (step 1) / last (-1) session."""
    found = _training_day(plan, _asked_date(normalise_message(message), ctx), step)
    return (found[0], WEEKDAYS[found[1].weekday()].capitalize()) if found else None


def _find_in_plan(plan: dict[str, Any], exercise_ids: list[str], first_day: int) -> tuple[int, dict[str, Any]] | None:
    """The first planned entry for one of ``exercise_ids``, searching from ``first_day`` round the week."""
    schedule = _schedule(plan)
    for k in range(len(schedule)):
        index = (first_day + k) % len(schedule)
        for entry in schedule[index].get("exercises", []):
            if entry.get("id") in exercise_ids:
                return index, entry
    return None


def swap(message: str, ctx: ChatContext) -> ChatAnswer:
    plan, note = _plan(ctx)
    if plan is None:
        return _no_plan("plan.swap")
    mentioned = [e.id for e in find_exercises(message)]
    session = _session_index(plan, ctx, message, 1)
    start = session[0] if session else 0
    found = _find_in_plan(plan, mentioned, start)
    if found is None:
        names = ", ".join(e.name for e in find_exercises(message)) or "that exercise"
        planned = sorted({str(e["name"]) for d in _schedule(plan) for e in d.get("exercises", [])})
        text = f"{names} is not in your plan{note}. Planned exercises: {', '.join(planned)}. Which one should I swap?"
        return ChatAnswer(text=text, route="plan", intent="plan.swap")
    index, entry = found
    table = knowledge.exercises()
    wanted = [x for x in mentioned if x != entry["id"]]
    options = [x for x in entry.get("substitutes", []) if x in table]
    user = ctx.user
    chosen: str | None = None
    for candidate in [*wanted, *options]:
        if candidate in table and (user is None or substitute_problem(user, table[candidate]) is None):
            chosen = candidate
            break
    if chosen is None:
        text = f"I have no safe substitute for {entry['name']} with your equipment and conditions; keep it or skip it."
        return ChatAnswer(text=text, route="plan", intent="plan.swap")
    day_name = _schedule(plan)[index]["day"]
    others = ", ".join(table[x].name for x in options if x != chosen)
    sub = table[chosen]
    text = (
        f"Swap {entry['name']} for {sub.name} on {day_name}{note}: same sets and reps ({entry.get('sets')} x "
        f"{entry.get('reps')}). How to do it: {'. '.join(c.rstrip('.') for c in sub.cues[:2])}."
    )
    if others:
        text += f" Other options: {others}."
    action = SwapExercise(day_index=index, exercise_id=str(entry["id"]), substitute_id=chosen)
    return ChatAnswer(text=text, route="plan", intent="plan.swap", actions=(action,), passages=(f"exercise:{chosen}",))


def _minutes(text: str) -> int | None:
    if re.search(r"\bhalf an hour\b", text):
        return 30
    if re.search(r"\ban hour\b", text):
        return 60
    m = re.search(r"\b(\d{1,3})\s*(?:min|mins|minutes)\b", text) or re.search(r"\bonly (?:have|got) (\d{1,3})\b", text)
    return int(m.group(1)) if m else None


def shorten(message: str, ctx: ChatContext) -> ChatAnswer:
    plan, note = _plan(ctx)
    if plan is None:
        return _no_plan("plan.shorten")
    session = _session_index(plan, ctx, message, 1)
    if session is None:
        return ChatAnswer(text="Your plan has no training days to shorten.", route="plan", intent="plan.shorten")
    index, day_name = session
    day = _schedule(plan)[index]
    minutes = _minutes(normalise_message(message)) or max(int(day.get("duration", 30)) // 2, 1)
    user = ctx.user
    preview = ""
    if user is not None:
        try:
            shortened = regenerate_day(user, plan, index, "short_on_time", minutes=minutes)["workout_plan"][
                "weekly_schedule"
            ][index]
            preview = f" The shortened session: {describe_day(shortened)} {shortened.get('adaptation_note', '')}"
        except FitCoachError as exc:
            preview = f" (I could not preview it: {exc})"
    else:
        short = plan.get("adaptive_recommendations", {}).get("if_time_constrained", {}).get("shortened_version", {})
        if short:
            preview = f" Keep {', '.join(short.get('exercises_to_keep', []))}. {short.get('circuit_format', '')}"
    warm = guidelines().structure.warmup_minutes
    text = (
        f"{minutes} minutes works for {day_name}{note}: keep the compound lifts, drop isolation work, and keep a short "
        f"warm-up (normally {warm.text(' min')} [{warm.source}]).{preview}"
    )
    action = ShortenToday(day_index=index, minutes=minutes)
    return ChatAnswer(text=text, route="plan", intent="plan.shorten", actions=(action,), sources=(warm.source,))


def adjust(message: str, ctx: ChatContext) -> ChatAnswer:
    plan, note = _plan(ctx)
    if plan is None:
        return _no_plan("plan.adjust")
    text_in = normalise_message(message)
    harder = bool(re.search(r"\b(too (easy|light)|harder)\b", text_in))
    session = _session_index(plan, ctx, message, -1)
    if session is None:
        return ChatAnswer(text="Your plan has no training days to change.", route="plan", intent="plan.adjust")
    index, day_name = session
    recs = plan.get("adaptive_recommendations", {}).get("if_too_easy" if harder else "if_too_difficult", {})
    tips = " ".join(str(v) for v in recs.values() if isinstance(v, str))
    feedback: Any = "too_easy" if harder else "too_difficult"
    lead = "Let's make it harder" if harder else "Let's ease it off"
    text = f"{lead}: I can rebuild {day_name}'s session{note}. {tips}".strip()
    action = AdjustDay(day_index=index, feedback=feedback)
    sources = tuple(dict.fromkeys(re.findall(r"\[([A-Z][A-Z0-9+\-]+)\]", tips)))
    return ChatAnswer(text=text, route="plan", intent="plan.adjust", actions=(action,), sources=sources)


HANDLERS: dict[str, Callable[[str, ChatContext], ChatAnswer]] = {
    "plan.today": today,
    "plan.swap": swap,
    "plan.shorten": shorten,
    "plan.adjust": adjust,
}


def answer_plan(intent: str, message: str, ctx: ChatContext) -> ChatAnswer:
    return HANDLERS[intent](message, ctx)

"""Streaks counted in planned training days, so rest days never break them.

A planned day is *kept* when the person trained on it, or on an unplanned day close to it (a moved
session: at most ``makeup_days`` away and before the next / after the previous planned day; each
unplanned session makes up for one planned day only). A planned day that is not kept breaks the
streak once its make-up window has passed; until then (today, or yesterday with a make-up day
left) it neither counts nor breaks. Extra sessions beyond the plan do not lengthen the streak,
so the plan's rest days stay worth taking; they are counted elsewhere (sessions, XP).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from fitcoach.domain.gamify.config import game

_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Streak:
    current: int  # planned days kept in a row up to today
    longest: int  # the longest such run so far


def _window(planned: list[dt.date], i: int, makeup: dt.timedelta) -> tuple[dt.date, dt.date]:
    """First and last day on which planned day ``i`` can be kept."""
    day = planned[i]
    start = day - makeup
    end = day + makeup
    if i > 0:
        start = max(start, planned[i - 1] + _DAY)
    if i + 1 < len(planned):
        end = min(end, planned[i + 1] - _DAY)
    return start, end


def streak(planned_days: Sequence[dt.date], completed_days: Collection[dt.date], today: dt.date) -> Streak:
    """Current and longest streak of kept planned days, as of ``today``."""
    planned = sorted(set(planned_days))
    done = set(completed_days)
    planned_set = set(planned)
    spare = sorted(d for d in done if d not in planned_set and d <= today)  # unplanned sessions
    used: set[dt.date] = set()
    makeup = dt.timedelta(days=game().streaks.makeup_days)
    run = longest = 0
    for i, day in enumerate(planned):
        if day > today:
            break
        start, end = _window(planned, i, makeup)
        kept = day in done
        if not kept:
            # Windows rise with i, so taking the earliest free make-up day keeps the most days.
            moved = next((d for d in spare if start <= d <= end and d not in used), None)
            if moved is not None:
                used.add(moved)
                kept = True
        if kept:
            run += 1
            longest = max(longest, run)
        elif end < today:
            run = 0
    return Streak(run, longest)

"""The history sums achievements measure, kept up to date one session at a time.

``summarise`` re-scores the whole log, which grows with every session. A ``Tally`` holds the same sums
(plus what they need to go on: each exercise's best so far, the current ISO week's stats) so that a new
session costs one ``score_session``: ``advance(tally, session, ...).history() == summarise(log + [session])``
for a log in date order, scored at the same body weight. A tally is only valid for the body weight and
game rules it was built with (``basis``); callers rebuild it from the log with ``tally_of`` when either
changed or when a session arrives dated before the last one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from fitcoach.domain.gamify.config import game
from fitcoach.domain.gamify.history import History
from fitcoach.domain.gamify.scoring import WorkKind, adherence, score_session
from fitcoach.domain.knowledge.records import Exercise
from fitcoach.domain.training_log import LoggedSession

TALLY_VERSION = 1  # bump when the stored form or the sums change: older stored tallies are then rebuilt


class OutOfOrder(ValueError):
    """A session dated before the tally's last one: personal records depend on order, rebuild instead."""


@cache
def rules_fingerprint() -> str:
    """A short hash of the game rules: stored tallies built under other rules are rebuilt."""
    return hashlib.sha256(game().model_dump_json().encode()).hexdigest()[:16]


def basis(body_weight_kg: float) -> dict[str, Any]:
    """What a tally's sums depend on besides the log: the body weight sets are scored at, and the rules."""
    return {"version": TALLY_VERSION, "rules": rules_fingerprint(), "body_weight_kg": body_weight_kg}


def _week(day: dt.date) -> str:
    iso = day.isocalendar()
    return f"{iso.year:04d}-W{iso.week:02d}"


@dataclass(frozen=True)
class Tally:
    sessions: int = 0
    tonnage_kg: float = 0.0
    cardio_minutes: float = 0.0
    full_adherence_sessions: int = 0
    most_bodyweight_reps: float = 0.0
    flexibility_sessions: int = 0
    most_stats_in_a_week: int = 0
    week: str = ""  # ISO week of the last session ("2026-W47"); only it can still gain stats
    week_stats: tuple[str, ...] = ()  # stats trained in that week, sorted
    best: Mapping[str, float] = field(default_factory=dict)  # exercise id -> best personal-record measure
    personal_records: int = 0
    last_date: dt.date | None = None

    def history(self) -> History:
        return History(
            sessions=self.sessions,
            tonnage_kg=self.tonnage_kg,
            cardio_minutes=self.cardio_minutes,
            personal_records=self.personal_records,
            full_adherence_sessions=self.full_adherence_sessions,
            most_bodyweight_reps=self.most_bodyweight_reps,
            flexibility_sessions=self.flexibility_sessions,
            most_stats_in_a_week=self.most_stats_in_a_week,
        )

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (floats round-trip exactly through JSON)."""
        return {
            "sessions": self.sessions,
            "tonnage_kg": self.tonnage_kg,
            "cardio_minutes": self.cardio_minutes,
            "full_adherence_sessions": self.full_adherence_sessions,
            "most_bodyweight_reps": self.most_bodyweight_reps,
            "flexibility_sessions": self.flexibility_sessions,
            "most_stats_in_a_week": self.most_stats_in_a_week,
            "week": self.week,
            "week_stats": list(self.week_stats),
            "best": dict(self.best),
            "personal_records": self.personal_records,
            "last_date": self.last_date.isoformat() if self.last_date else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Tally:
        last = data.get("last_date")
        return cls(
            sessions=int(data["sessions"]),
            tonnage_kg=float(data["tonnage_kg"]),
            cardio_minutes=float(data["cardio_minutes"]),
            full_adherence_sessions=int(data["full_adherence_sessions"]),
            most_bodyweight_reps=float(data["most_bodyweight_reps"]),
            flexibility_sessions=int(data["flexibility_sessions"]),
            most_stats_in_a_week=int(data["most_stats_in_a_week"]),
            week=str(data["week"]),
            week_stats=tuple(str(s) for s in data["week_stats"]),
            best={str(k): float(v) for k, v in data["best"].items()},
            personal_records=int(data["personal_records"]),
            last_date=dt.date.fromisoformat(last) if last else None,
        )


def advance(tally: Tally, session: LoggedSession, exercises: Mapping[str, Exercise], body_weight_kg: float) -> Tally:
    """``tally`` with one more session, the same sums ``summarise`` and ``personal_records`` make.

    Raises ``OutOfOrder`` for a session dated before the last one.
    """
    if tally.last_date is not None and session.date < tally.last_date:
        raise OutOfOrder(f"session on {session.date} comes before the last one, on {tally.last_date}")
    scored = score_session(session, exercises, body_weight_kg)
    done = scored.completed_sets()
    # Personal records: the session's best per exercise against every earlier session's best.
    best = dict(tally.best)
    records = tally.personal_records
    today: dict[str, float] = {}
    for s in done:
        if s.best > 0:
            today[s.exercise_id] = max(today.get(s.exercise_id, 0.0), s.best)
    for exercise_id, value in today.items():
        previous = best.get(exercise_id)
        if previous is not None and value > previous:
            records += 1
        best[exercise_id] = max(value, previous or 0.0)
    moved = replace(tally, best=best, personal_records=records, last_date=session.date)
    if not done:
        return moved
    primary = game().stats.primary
    trained = {primary(s.modality) for s in done if s.modality is not None}
    week = _week(session.date)
    week_stats = set(trained) | (set(tally.week_stats) if week == tally.week else set())
    bodyweight_reps = sum(s.work for s in done if s.kind is WorkKind.BODYWEIGHT)
    return replace(
        moved,
        sessions=tally.sessions + 1,
        tonnage_kg=tally.tonnage_kg + sum(s.tonnage_kg for s in done),
        cardio_minutes=tally.cardio_minutes + sum(s.work / 60 for s in done if s.kind is WorkKind.CARDIO),
        full_adherence_sessions=tally.full_adherence_sessions + (adherence(session, scored) == 1),
        most_bodyweight_reps=max(tally.most_bodyweight_reps, bodyweight_reps),
        flexibility_sessions=tally.flexibility_sessions + ("flexibility" in trained),
        most_stats_in_a_week=max(tally.most_stats_in_a_week, len(week_stats)),
        week=week,
        week_stats=tuple(sorted(week_stats)),
    )


def tally_of(sessions: Iterable[LoggedSession], exercises: Mapping[str, Exercise], body_weight_kg: float) -> Tally:
    """The tally of a whole log, in date order (sessions on one date keep their order, as in ``personal_records``)."""
    tally = Tally()
    for session in sorted(sessions, key=lambda s: s.date):
        tally = advance(tally, session, exercises, body_weight_kg)
    return tally

"""A person's training history summed up: the numbers achievements are measured against."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fitcoach.domain.gamify.config import game
from fitcoach.domain.gamify.scoring import WorkKind, adherence, score_session
from fitcoach.domain.knowledge.records import Exercise
from fitcoach.domain.training_log import LoggedSession


@dataclass(frozen=True)
class PersonalRecord:
    date: dt.date
    exercise_id: str
    value: float  # Epley 1RM in kg for loaded lifts, reps for bodyweight work, seconds for holds
    previous: float


@dataclass(frozen=True)
class History:
    sessions: int = 0  # sessions with at least one completed, plausible set
    tonnage_kg: float = 0.0  # external load x reps
    cardio_minutes: float = 0.0
    personal_records: int = 0
    full_adherence_sessions: int = 0
    most_bodyweight_reps: float = 0.0  # in one session
    flexibility_sessions: int = 0
    most_stats_in_a_week: int = 0  # distinct stats (health aside) trained in one ISO week


def personal_records(
    sessions: Sequence[LoggedSession], exercises: Mapping[str, Exercise], body_weight_kg: float
) -> list[PersonalRecord]:
    """Each time a session's best set on an exercise beat every earlier session's best on it.

    The first session with an exercise sets the bar and is not a record; cardio has no records.
    """
    best: dict[str, float] = {}
    records: list[PersonalRecord] = []
    for session in sorted(sessions, key=lambda s: s.date):
        today: dict[str, float] = {}
        for s in score_session(session, exercises, body_weight_kg).completed_sets():
            if s.best > 0:
                today[s.exercise_id] = max(today.get(s.exercise_id, 0.0), s.best)
        for exercise_id, value in today.items():
            previous = best.get(exercise_id)
            if previous is not None and value > previous:
                records.append(PersonalRecord(session.date, exercise_id, value, previous))
            best[exercise_id] = max(value, previous or 0.0)
    return records


def summarise(sessions: Sequence[LoggedSession], exercises: Mapping[str, Exercise], body_weight_kg: float) -> History:
    stats = game().stats
    counts: dict[str, float] = defaultdict(float)
    weeks: dict[tuple[int, int], set[str]] = defaultdict(set)
    for session in sessions:
        scored = score_session(session, exercises, body_weight_kg)
        done = scored.completed_sets()
        if not done:
            continue
        counts["sessions"] += 1
        counts["tonnage_kg"] += sum(s.tonnage_kg for s in done)
        counts["cardio_minutes"] += sum(s.work / 60 for s in done if s.kind is WorkKind.CARDIO)
        counts["full_adherence_sessions"] += adherence(session, scored) == 1
        bodyweight_reps = sum(s.work for s in done if s.kind is WorkKind.BODYWEIGHT)
        counts["most_bodyweight_reps"] = max(counts["most_bodyweight_reps"], bodyweight_reps)
        trained = {stats.primary(s.modality) for s in done if s.modality is not None}
        counts["flexibility_sessions"] += "flexibility" in trained
        iso = session.date.isocalendar()
        weeks[(iso.year, iso.week)] |= trained
    return History(
        sessions=int(counts["sessions"]),
        tonnage_kg=counts["tonnage_kg"],
        cardio_minutes=counts["cardio_minutes"],
        personal_records=len(personal_records(sessions, exercises, body_weight_kg)),
        full_adherence_sessions=int(counts["full_adherence_sessions"]),
        most_bodyweight_reps=counts["most_bodyweight_reps"],
        flexibility_sessions=int(counts["flexibility_sessions"]),
        most_stats_in_a_week=max((len(w) for w in weeks.values()), default=0),
    )

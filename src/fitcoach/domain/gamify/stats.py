"""Character stats (strength, endurance, agility, flexibility, health) that grow with the work done.

Each completed set is worth stat units (one per working set; continuous cardio one per
``cardio_minutes_per_unit`` minutes), spread over the stats by its modality's weights in game.json.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from fitcoach.domain.gamify.config import STAT_NAMES, game
from fitcoach.domain.gamify.scoring import (
    SessionScore,
    WorkKind,
    require_non_negative,
    score_session,
    score_work,
    work_kind,
)
from fitcoach.domain.knowledge.records import Exercise
from fitcoach.domain.training_log import LoggedSession
from fitcoach.domain.vocab import Modality

# The keys of a plan exercise's ``gamified_stats``, in order.
REWARD_KEYS = ("xp", *STAT_NAMES)


def _points(units: Iterable[tuple[Modality, float]]) -> dict[str, int]:
    weights = game().stats.weights
    totals = dict.fromkeys(STAT_NAMES, 0.0)
    for modality, amount in units:
        for stat, weight in weights[modality].items():
            totals[stat] += weight * amount
    return {stat: int(total + 0.5) for stat, total in totals.items()}


def session_stats(scored: SessionScore) -> dict[str, int]:
    return _points((s.modality, s.stat_units) for s in scored.completed_sets() if s.modality is not None)


def stat_gains(
    session: LoggedSession, exercises: Mapping[str, Exercise], body_weight_kg: float | None = None
) -> dict[str, int]:
    """Stat points a session earns, every stat present. Pass the body weight to apply the load checks too
    (``session_xp(...).stats`` is the same numbers)."""
    return session_stats(score_session(session, exercises, body_weight_kg))


def exercise_rewards(exercise: Exercise, sets: int, reps_or_seconds: int) -> dict[str, int]:
    """What completing a planned exercise earns: keys ``xp`` and the five stats, non-negative ints.

    ``reps_or_seconds`` is reps per set for exercises dosed in reps, else seconds per set (a 20-minute
    ride is 1 set of 1200). Loadable lifts are priced at the plan reference in game.json (half body
    weight), without RPE, adherence or the daily cap.
    """
    require_non_negative(sets=sets, reps_or_seconds=reps_or_seconds)
    ref, limits = game().plan_reference, game().plausibility
    timed = work_kind(exercise) in (WorkKind.HOLD, WorkKind.CARDIO)
    loaded = work_kind(exercise) is WorkKind.LOADED
    one = score_work(
        exercise,
        reps=0 if timed else reps_or_seconds,
        load_kg=ref.load_bw * ref.body_weight_kg if loaded else 0.0,
        seconds=reps_or_seconds if timed else None,
        rpe=None,
        body_weight_kg=ref.body_weight_kg,
    )
    if not one.valid or sets > limits.max_sets_per_session:
        return dict.fromkeys(REWARD_KEYS, 0)
    xp = int(sets * (one.volume_xp + one.set_xp) + 0.5)
    return {"xp": xp, **_points([(exercise.modality, sets * one.stat_units)])}

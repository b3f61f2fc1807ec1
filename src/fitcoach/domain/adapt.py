"""Load progression: next session's target for each exercise from what was logged.

Rules (domain-guidelines.md section 3), in order of priority for a loaded lift:
1. deload after ``deload_after_missed_sessions`` missed sessions in a row (load down by a percentage);
2. decrease the load by one increment when the last session was at or near failure (RPE);
3. never raise the load after a session that felt "too_difficult";
4. raise the load by one increment on the 2-for-2 rule (NSCA-ESC) or when RPE sits below the level's band;
5. otherwise hold (a single miss holds too).
Bodyweight and other unloaded work progresses by reps, then by a harder variant; it never gets a load.

Only sessions logged at the current target load count, so a change of load starts a fresh streak:
sessions at a lighter load never qualify for an increase, misses at a heavier load never deload.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.knowledge.records import Exercise
from fitcoach.domain.strength import estimate_1rm
from fitcoach.domain.training_log import ExerciseTarget, Feeling, LoggedSession, LoggedSet
from fitcoach.domain.vocab import MUSCLE_GROUP, DoseUnit, FitnessLevel, MuscleGroup

Action = Literal["increase_load", "increase_reps", "hold", "decrease_load", "deload"]
Region = Literal["upper", "lower"]

# Smallest practical load change in kg: a pair of 0.25 kg fractional plates on a bar. Not a guideline
# number; it only keeps suggested loads on values a gym can actually set.
PLATE_STEP_KG = 0.5
# Two logged loads closer than this (kg) are the same load; guards against float noise in the log.
SAME_LOAD_KG = 1e-6


@dataclass(frozen=True)
class Adjustment:
    """The next target for one exercise, what changed and why, and the guideline sources behind it."""

    target: ExerciseTarget
    action: Action
    reason: str
    sources: tuple[str, ...] = ()


def body_region(exercise: Exercise) -> Region:
    """Lower body if any primary muscle belongs to the legs group (a squat is "lower" despite the back)."""
    legs = any(MUSCLE_GROUP[m] == MuscleGroup.LEGS for m in exercise.primary_muscles)
    return "lower" if legs else "upper"


def round_to_step(kg: float) -> float:
    """Nearest multiple of PLATE_STEP_KG, halves rounded up (Python's round() rounds 3.25 to 3.0).

    The quotient is first rounded to 6 decimals so float noise (62.5 x 0.9 = 56.2499...) cannot flip a half.
    """
    return math.floor(round(kg / PLATE_STEP_KG, 6) + 0.5) * PLATE_STEP_KG


def load_increment(load_kg: float, region: Region) -> float:
    """One progression step in kg: the region's lowest % of the load, kept inside its kg span.

    Upper body: 2.5% within 1-2.5 kg; lower body: 5% within 2.5-5 kg (NSCA-ESC). Never zero.
    """
    p = guidelines().progression
    if region == "upper":
        pct, kg = p.upper_increment_pct, p.upper_increment_kg
    else:
        pct, kg = p.lower_increment_pct, p.lower_increment_kg
    return max(PLATE_STEP_KG, round_to_step(kg.clamp(load_kg * pct.min / 100)))


def rpe_from_rir(rir: float) -> float:
    """RPE for reps in reserve, interpolated in the RPE/RIR table and extended along its end segments
    (the table is RPE = 10 - RIR, so 4 RIR reads as RPE 6)."""
    rows = sorted(guidelines().resistance.rpe_reps_in_reserve.table, key=lambda row: row[1])  # by RIR
    segments = list(itertools.pairwise(rows))
    # The first segment that reaches this RIR; past the table's end, the last segment extended.
    (lo_rpe, lo_rir), (hi_rpe, hi_rir) = next((seg for seg in segments if rir <= seg[1][1]), segments[-1])
    return lo_rpe + (rir - lo_rir) / (hi_rir - lo_rir) * (hi_rpe - lo_rpe)


def set_rpe(logged: LoggedSet) -> float | None:
    """The set's effort as RPE: logged RPE first, else RPE converted from RIR, else None."""
    if logged.rpe is not None:
        return logged.rpe
    return rpe_from_rir(logged.rir) if logged.rir is not None else None


def near_failure_rpe() -> float:
    """Mean RPE above which a session counts as at failure: halfway between the table's top two rows
    (RPE 9.5 between 9 = 1 RIR and 10 = 0 RIR), i.e. the effort that rounds to no reps in reserve."""
    top, second = sorted(guidelines().resistance.rpe_reps_in_reserve.table, reverse=True)[:2]
    return (top[0] + second[0]) / 2


@dataclass(frozen=True)
class _Performance:
    """One session's work on one exercise. Working sets: the sets at the session's top load
    (warm-ups and back-off sets are not judged)."""

    load_kg: float  # top load of the session (0 for unloaded work)
    reps: tuple[int, ...]  # working sets, in logged order
    mean_rpe: float | None
    feeling: Feeling | None


def _performance(session: LoggedSession, exercise_id: str) -> _Performance | None:
    sets = session.sets_for(exercise_id)
    if not sets:
        return None
    top = max(s.load_kg for s in sets)
    working = [s for s in sets if top - s.load_kg < SAME_LOAD_KG]
    rpes = [r for s in working if (r := set_rpe(s)) is not None]
    mean = sum(rpes) / len(rpes) if rpes else None
    return _Performance(top, tuple(s.reps for s in working), mean, session.feeling)


def _missed(target: ExerciseTarget, perf: _Performance) -> bool:
    return sum(r >= target.reps_min for r in perf.reps) < target.sets


def _at_least_target_load(target: ExerciseTarget, perf: _Performance) -> bool:
    return target.load_kg is None or perf.load_kg > target.load_kg - SAME_LOAD_KG


def _at_most_target_load(target: ExerciseTarget, perf: _Performance) -> bool:
    return target.load_kg is None or perf.load_kg < target.load_kg + SAME_LOAD_KG


def _missed_streak(target: ExerciseTarget, history: Sequence[_Performance]) -> int:
    """Missed sessions in a row, most recent backwards, at or below the target load."""
    count = 0
    for perf in reversed(history):
        if not (_at_most_target_load(target, perf) and _missed(target, perf)):
            break
        count += 1
    return count


def _qualifies_two_for_two(target: ExerciseTarget, perf: _Performance) -> bool:
    """Last working set beat the top of the range by the extra reps; a "too_easy" session needs only
    the top of the range. A "too_difficult" session never qualifies."""
    if perf.feeling == "too_difficult" or not _at_least_target_load(target, perf):
        return False
    extra = guidelines().progression.two_for_two_extra_reps.value
    needed = target.reps_max if perf.feeling == "too_easy" else target.reps_max + extra
    return perf.reps[-1] >= needed


def _two_for_two(target: ExerciseTarget, history: Sequence[_Performance]) -> bool:
    sessions = int(guidelines().progression.two_for_two_sessions.value)
    recent = history[-sessions:]
    return len(recent) == sessions and all(_qualifies_two_for_two(target, p) for p in recent)


def _sources(*keys: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(keys))


def _change_load(target: ExerciseTarget, load_kg: float, action: Action, why: str, *sources: str) -> Adjustment:
    new = max(0.0, load_kg)
    reason = f"{why}; next session {new:g} kg."
    return Adjustment(target.model_copy(update={"load_kg": new}), action, reason, _sources(*sources))


def _next_loaded(
    target: ExerciseTarget, history: Sequence[_Performance], region: Region, level: FitnessLevel
) -> Adjustment:
    g = guidelines()
    p, band = g.progression, g.resistance.rpe_by_level[level]
    load = target.load_kg or 0.0
    step = load_increment(load, region)
    step_source = (p.upper_increment_pct if region == "upper" else p.lower_increment_pct).source
    rpe_sources = (band.source, g.resistance.rpe_reps_in_reserve.source, step_source)
    last, misses = history[-1], _missed_streak(target, history)
    # RPE of a session at a heavier load than the target says nothing about the target load.
    rpe = last.mean_rpe if _at_most_target_load(target, last) else None
    failing = rpe is not None and rpe > near_failure_rpe()
    too_hard = rpe is not None and rpe > band.max

    if misses >= p.deload_after_missed_sessions.value:
        pct = p.deload_load_reduction_pct
        why = f"missed the target in {misses} sessions in a row: deload by {pct.value:g}%"
        new = round_to_step(load * (1 - pct.value / 100))
        return _change_load(target, new, "deload", why, p.deload_after_missed_sessions.source, pct.source)
    if failing or (too_hard and _missed(target, last)):
        why = f"mean RPE {rpe:.1f} " + ("at failure" if failing else f"above {band.text()} with reps missed")
        return _change_load(target, load - step, "decrease_load", f"{why}: remove {step:g} kg", *rpe_sources)
    if last.feeling == "too_difficult":
        return Adjustment(target, "hold", "last session felt too difficult: keep the load.", ())
    if _two_for_two(target, history) and not too_hard:
        n, extra = p.two_for_two_sessions.value, p.two_for_two_extra_reps.value
        why = f"last set reached {target.reps_max}+{extra:g} reps in {n:g} sessions in a row (2-for-2 rule)"
        sources = (p.two_for_two_extra_reps.source, p.two_for_two_sessions.source, step_source)
        return _change_load(target, load + step, "increase_load", f"{why}: add {step:g} kg", *sources)
    if rpe is not None and rpe < band.min and _at_least_target_load(target, last) and not _missed(target, last):
        why = f"all sets done at mean RPE {rpe:.1f}, below the {level.value} band {band.text()}: add {step:g} kg"
        return _change_load(target, load + step, "increase_load", why, *rpe_sources)
    return _hold(target, misses)


def _hold(target: ExerciseTarget, misses: int) -> Adjustment:
    p = guidelines().progression
    if misses:
        n = p.deload_after_missed_sessions.value
        why = f"missed the target in {misses} session(s) in a row: hold; {n:g} in a row mean a deload."
        return Adjustment(target, "hold", why, (p.deload_after_missed_sessions.source,))
    return Adjustment(target, "hold", "on track: keep the same target.", ())


def _next_unloaded(target: ExerciseTarget, history: Sequence[_Performance]) -> Adjustment:
    """Reps first (raise the floor of the range to its top), then a harder variant on the 2-for-2 rule."""
    p = guidelines().progression
    last, misses = history[-1], _missed_streak(target, history)
    ceiling = target.reps_max + p.two_for_two_extra_reps.value
    if misses >= p.deload_after_missed_sessions.value:
        why = f"missed the target in {misses} sessions in a row: switch to an easier variant or fewer reps."
        return Adjustment(target, "hold", why, (p.deload_after_missed_sessions.source,))
    if last.feeling == "too_difficult":
        return Adjustment(target, "hold", "last session felt too difficult: keep the same target.", ())
    if _two_for_two(target, history):
        why = f"last set reached {ceiling:g} reps in {p.two_for_two_sessions.value:g} sessions: try a harder variant."
        sources = _sources(p.two_for_two_extra_reps.source, p.two_for_two_sessions.source)
        return Adjustment(target, "increase_reps", why, sources)
    if sum(r >= target.reps_max for r in last.reps) >= target.sets:
        new = target.model_copy(update={"reps_min": min(target.reps_min + 1, target.reps_max)})
        why = f"all sets reached {target.reps_max}: add reps, up to {ceiling:g} on the last set, then a harder variant."
        return Adjustment(new, "increase_reps", why, (p.two_for_two_extra_reps.source,))
    return _hold(target, misses)


def next_target(
    target: ExerciseTarget, history: Sequence[LoggedSession], exercise: Exercise, level: FitnessLevel
) -> Adjustment:
    """Next session's target for one exercise. ``history`` is chronological (most recent last)."""
    if target.exercise_id != exercise.id:
        problem = f"target is for {target.exercise_id!r} but the exercise is {exercise.id!r}"
        raise InvalidInput([FieldProblem("exercise_id", problem)])
    perfs = [perf for s in history if (perf := _performance(s, exercise.id)) is not None]
    if not perfs:
        return Adjustment(target, "hold", "no logged session with this exercise yet: keep the target.", ())
    if exercise.dose != DoseUnit.REPS:
        return Adjustment(target, "hold", f"dosed in {exercise.dose.value}: progress by time, not by reps or load.", ())
    if target.load_kg is None or not exercise.loadable:
        return _next_unloaded(target.model_copy(update={"load_kg": None}), perfs)
    return _next_loaded(target, perfs, body_region(exercise), level)


def next_session_targets(
    targets: Sequence[ExerciseTarget],
    history: Sequence[LoggedSession],
    exercises_by_id: Mapping[str, Exercise],
    level: FitnessLevel,
) -> list[Adjustment]:
    """``next_target`` for every exercise of a session, in order."""
    unknown = [t.exercise_id for t in targets if t.exercise_id not in exercises_by_id]
    if unknown:
        raise InvalidInput([FieldProblem("exercise_id", f"unknown exercises {unknown}")])
    return [next_target(t, history, exercises_by_id[t.exercise_id], level) for t in targets]


def _estimable(load_kg: float, reps: int) -> bool:
    return load_kg > 0 and 1 <= reps <= guidelines().resistance.one_rm_max_reps.value


def estimated_1rm_history(history: Sequence[LoggedSession], exercise_id: str) -> list[tuple[dt.date, float]]:
    """Best estimated 1RM (kg, mean of Epley and Brzycki) per session; sessions with no set of
    1-10 reps under load are left out."""
    out = []
    for session in history:
        estimates = [
            estimate_1rm(s.load_kg, s.reps) for s in session.sets_for(exercise_id) if _estimable(s.load_kg, s.reps)
        ]
        if estimates:
            out.append((session.date, max(estimates)))
    return out


@dataclass(frozen=True)
class Lift:
    load_kg: float
    reps: int
    date: dt.date


@dataclass(frozen=True)
class PersonalRecord:
    """Best performances on one exercise; each record keeps the date it was first set."""

    exercise_id: str
    heaviest: Lift | None = None  # heaviest load lifted (more reps break ties); None if never loaded
    best_1rm_kg: float | None = None
    best_1rm_lift: Lift | None = None  # the set behind best_1rm_kg
    most_reps: Mapping[float, Lift] = field(default_factory=dict)  # by load in kg (0 = bodyweight)


def personal_records(history: Sequence[LoggedSession]) -> dict[str, PersonalRecord]:
    """Personal records by exercise id over a chronological log; later equal efforts do not replace them."""
    return records_of_lifts(
        (s.exercise_id, Lift(s.load_kg, s.reps, session.date)) for session in history for s in session.sets
    )


def records_of_lifts(lifts: Iterable[tuple[str, Lift]]) -> dict[str, PersonalRecord]:
    """``personal_records`` from (exercise id, lift) pairs in logged order, for callers that read only the sets."""
    by_exercise: dict[str, list[Lift]] = {}
    for exercise_id, lift in lifts:
        if lift.reps >= 1:  # a timed or failed set sets no record
            by_exercise.setdefault(exercise_id, []).append(lift)
    return {exercise_id: _records(exercise_id, done) for exercise_id, done in by_exercise.items()}


def _records(exercise_id: str, lifts: list[Lift]) -> PersonalRecord:
    # max() returns the first of equal maxima: in a chronological list, the date a record was first set.
    heaviest = max((x for x in lifts if x.load_kg > 0), key=lambda x: (x.load_kg, x.reps), default=None)
    best = max(
        (x for x in lifts if _estimable(x.load_kg, x.reps)), key=lambda x: estimate_1rm(x.load_kg, x.reps), default=None
    )
    most_reps: dict[float, Lift] = {}
    for x in lifts:
        if x.load_kg not in most_reps or x.reps > most_reps[x.load_kg].reps:
            most_reps[x.load_kg] = x
    best_kg = estimate_1rm(best.load_kg, best.reps) if best else None
    return PersonalRecord(exercise_id, heaviest, best_kg, best, most_reps)

"""Scoring sets: what kind of work each is, how much, and whether it is plausible.

XP, stats, adherence and achievements all read logged work through ``score_session``, so a set
that fails a plausibility check earns nothing anywhere.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum

from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.gamify.config import game
from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.knowledge.records import Exercise
from fitcoach.domain.training_log import LoggedSession, LoggedSet
from fitcoach.domain.vocab import DoseUnit, Equipment, Modality


class WorkKind(StrEnum):
    LOADED = "loaded"  # external load only: volume = load / body weight x reps
    BODYWEIGHT = "bodyweight"  # moves the body: volume = (share + added load / body weight) x reps
    HOLD = "hold"  # dosed in seconds (planks, stretches, intervals)
    CARDIO = "cardio"  # dosed in minutes (continuous work)


@dataclass(frozen=True)
class Problem:
    """Why a set or a session earns nothing. ``code`` is stable; ``message`` is for people."""

    code: str
    message: str


@dataclass(frozen=True)
class SetScore:
    exercise_id: str
    kind: WorkKind | None  # None: not in the catalogue
    modality: Modality | None
    work: float  # reps for LOADED and BODYWEIGHT, seconds for HOLD and CARDIO
    volume_xp: float  # before intensity; 0 when a problem was found
    set_xp: float  # the flat XP for a working set
    multiplier: float  # intensity, from RPE (or 10 - RIR)
    stat_units: float  # one per working set; minutes / cardio_minutes_per_unit for continuous work
    load_bw_reps: float  # external load / body weight x reps
    tonnage_kg: float  # external load x reps
    best: float  # personal-record measure: Epley 1RM (kg), reps, or hold seconds; 0 for cardio
    problems: tuple[Problem, ...] = ()

    @property
    def valid(self) -> bool:
        return self.kind is not None and not self.problems

    @property
    def completed(self) -> bool:
        return self.valid and self.work > 0


@dataclass(frozen=True)
class SessionScore:
    sets: tuple[SetScore, ...]
    problems: tuple[Problem, ...] = ()  # session-wide: any of them voids the whole session

    @property
    def implausible(self) -> bool:
        return bool(self.problems)

    def completed_sets(self) -> list[SetScore]:
        return [] if self.implausible else [s for s in self.sets if s.completed]


def check_body_weight(body_weight_kg: float) -> None:
    span = game().plausibility.body_weight_kg
    if not span.min <= body_weight_kg <= span.max:
        message = f"must be {span.min:g}-{span.max:g} kg (got {body_weight_kg:g})"
        raise InvalidInput([FieldProblem("body_weight_kg", message)])


def require_non_negative(**values: float) -> None:
    problems = [FieldProblem(name, f"must be 0 or more (got {v:g})") for name, v in values.items() if v < 0]
    if problems:
        raise InvalidInput(problems)


def epley_1rm(load_kg: float, reps: int) -> float:
    """Estimated one-repetition maximum (kg); a single is its own 1RM."""
    return load_kg if reps <= 1 else load_kg * (1 + reps / guidelines().resistance.epley.divisor)


def work_kind(exercise: Exercise) -> WorkKind:
    if exercise.dose is DoseUnit.SECONDS:
        return WorkKind.HOLD
    if exercise.dose is DoseUnit.MINUTES:
        return WorkKind.CARDIO
    moves_body = not exercise.loadable or Equipment.BODYWEIGHT in exercise.equipment
    return WorkKind.BODYWEIGHT if moves_body else WorkKind.LOADED


def score_work(
    exercise: Exercise,
    *,
    reps: int,
    load_kg: float,
    seconds: float | None,
    rpe: float | None,
    body_weight_kg: float | None,
) -> SetScore:
    """Score one set. Without a body weight, load checks are skipped and loaded volume is 0."""
    cfg, limits = game(), game().plausibility
    kind = work_kind(exercise)
    bw = body_weight_kg
    rel = load_kg / bw if bw else 0.0  # external load in body weights
    name = exercise.id
    problems: list[Problem] = []

    def flag(code: str, message: str) -> None:
        problems.append(Problem(code, f"{name}: {message}"))

    if bw and load_kg > limits.max_load_bw * bw:
        flag("load_above_limit", f"{load_kg:g} kg is above {limits.max_load_bw:g}x body weight")
    volume, best, work = 0.0, 0.0, float(reps)
    if kind is WorkKind.LOADED:
        e1rm = epley_1rm(load_kg, reps)
        if reps > limits.max_reps_loaded:
            flag("reps_above_limit", f"{reps} reps with load (at most {limits.max_reps_loaded})")
        elif bw and reps and e1rm > limits.max_e1rm_bw * bw:
            implied = f"{reps} x {load_kg:g} kg implies a 1RM of {e1rm:.0f} kg"
            flag("load_reps_implausible", f"{implied}, above {limits.max_e1rm_bw:g}x body weight")
        volume, best = reps * cfg.xp.per_load_rep * rel, e1rm
    elif kind is WorkKind.BODYWEIGHT:
        if reps > limits.max_reps_bodyweight:
            flag("reps_above_limit", f"{reps} reps in one set (at most {limits.max_reps_bodyweight})")
        volume, best = reps * cfg.xp.per_load_rep * (cfg.xp.bodyweight_share + rel), float(reps)
    else:
        work = float(seconds or 0)
        if seconds is None and reps > 0:
            flag("no_duration", "a timed exercise was logged without a duration")
        hold = kind is WorkKind.HOLD
        limit_s = limits.max_hold_seconds if hold else limits.max_cardio_minutes_per_set * 60
        if work > limit_s:
            flag("duration_above_limit", f"{work:g} s in one set (at most {limit_s} s)")
        per_minute = cfg.xp.per_hold_minute if hold else cfg.xp.per_cardio_minute
        volume, best = work / 60 * per_minute, work if hold else 0.0
    units = 0.0
    if work > 0:
        units = work / 60 / cfg.stats.cardio_minutes_per_unit if kind is WorkKind.CARDIO else 1.0
    external = load_kg if kind in (WorkKind.LOADED, WorkKind.BODYWEIGHT) else 0.0
    score = SetScore(
        exercise_id=name,
        kind=kind,
        modality=exercise.modality,
        work=work,
        volume_xp=volume,
        set_xp=cfg.xp.per_working_set if work > 0 else 0.0,
        multiplier=cfg.xp.multiplier(rpe),
        stat_units=units,
        load_bw_reps=rel * reps if external else 0.0,
        tonnage_kg=external * reps,
        best=best,
    )
    if problems:
        score = replace(score, volume_xp=0.0, set_xp=0.0, stat_units=0.0, load_bw_reps=0.0, tonnage_kg=0.0, best=0.0)
    return replace(score, problems=tuple(problems))


def effective_rpe(logged: LoggedSet) -> float | None:
    """The logged RPE, else 10 - RIR (the RIR-based RPE scale), else None."""
    if logged.rpe is not None:
        return logged.rpe
    if logged.rir is not None:
        return max(1.0, 10.0 - logged.rir)
    return None


def score_set(logged: LoggedSet, exercises: Mapping[str, Exercise], body_weight_kg: float | None) -> SetScore:
    exercise = exercises.get(logged.exercise_id)
    if exercise is None:
        problem = Problem("unknown_exercise", f"{logged.exercise_id}: not in the exercise catalogue, earns nothing")
        zero = dict.fromkeys(("work", "volume_xp", "set_xp", "stat_units", "load_bw_reps", "tonnage_kg", "best"), 0.0)
        return SetScore(logged.exercise_id, kind=None, modality=None, multiplier=1.0, problems=(problem,), **zero)
    return score_work(
        exercise,
        reps=logged.reps,
        load_kg=logged.load_kg,
        seconds=logged.duration_seconds,
        rpe=effective_rpe(logged),
        body_weight_kg=body_weight_kg,
    )


def score_session(
    session: LoggedSession, exercises: Mapping[str, Exercise], body_weight_kg: float | None
) -> SessionScore:
    """Score every set, then check the session as a whole."""
    if body_weight_kg is not None:
        check_body_weight(body_weight_kg)
    limits = game().plausibility
    sets = tuple(score_set(s, exercises, body_weight_kg) for s in session.sets)
    problems: list[Problem] = []
    if len(sets) > limits.max_sets_per_session:
        problems.append(Problem("too_many_sets", f"{len(sets)} sets (at most {limits.max_sets_per_session})"))
    timed_s = sum(s.duration_seconds or 0 for s in session.sets)
    longest_min = max(session.duration_minutes or 0, timed_s / 60)
    if longest_min > limits.max_session_minutes:
        problems.append(
            Problem("session_too_long", f"{longest_min:.0f} minutes (at most {limits.max_session_minutes})")
        )
    rep_sets = sum(1 for s in session.sets if s.reps > 0 and not s.duration_seconds)
    needed_s = timed_s + rep_sets * limits.min_seconds_per_set
    if session.duration_minutes and needed_s > session.duration_minutes * 60 * limits.duration_tolerance:
        problems.append(
            Problem(
                "work_exceeds_duration",
                f"the logged work needs at least {needed_s / 60:.0f} minutes, "
                f"but the session lasted {session.duration_minutes:g}",
            )
        )
    volume = sum(s.load_bw_reps for s in sets if s.valid)
    if volume > limits.max_session_load_bw_reps:
        problems.append(
            Problem(
                "volume_above_limit",
                f"{volume:.0f} body-weight reps of loaded work (at most {limits.max_session_load_bw_reps:g})",
            )
        )
    return SessionScore(sets, tuple(problems))


def adherence(session: LoggedSession, scored: SessionScore) -> float | None:
    """Share of planned sets (``session.targets``) completed, 0-1; None when nothing was planned."""
    planned: Counter[str] = Counter()
    for target in session.targets:
        planned[target.exercise_id] += target.sets
    total = sum(planned.values())
    if total == 0:
        return None
    done = Counter(s.exercise_id for s in scored.completed_sets())
    return sum(min(n, done[ex]) for ex, n in planned.items()) / total

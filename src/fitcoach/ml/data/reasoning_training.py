"""Reasoning kinds about training: 1RM estimates, %1RM reps, Karvonen zones, HRmax and load progression."""

from __future__ import annotations

import datetime as dt
import random

from fitcoach.domain import adapt, heart, knowledge, strength
from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.training_log import ExerciseTarget, LoggedSession, LoggedSet
from fitcoach.domain.vocab import DoseUnit, FitnessLevel, Intensity
from fitcoach.ml.data.reasoning import ROUNDING_TOLERANCE, Inputs, Kind, article, num, register

# ---------------------------------------------------------------- 1RM estimates


def _sample_set(rng: random.Random) -> Inputs:
    limit = int(guidelines().resistance.one_rm_max_reps.value)
    return {"load_kg": rng.choice(range(20, 181, 5)) + rng.choice((0, 0, 2.5)), "reps": rng.randint(2, limit)}


def _solve_epley(i: Inputs) -> str:
    return num(strength.epley(i["load_kg"], i["reps"]))


def _solve_brzycki(i: Inputs) -> str:
    return num(strength.brzycki(i["load_kg"], i["reps"]))


def _render_epley(i: Inputs, rng: random.Random) -> tuple[str, list[str], tuple[str, ...]]:
    r = guidelines().resistance
    lift = rng.choice(("bench press", "back squat", "deadlift", "overhead press", "leg press", "row"))
    question = (
        f"A lifter does {i['load_kg']:g} kg x {i['reps']} reps on the {lift}. "
        "Estimate the one-repetition maximum with the Epley formula (kg, one decimal)."
    )
    value = strength.epley(i["load_kg"], i["reps"])
    steps = [
        f"Step 1: Epley [{r.epley.source}]: 1RM = w x (1 + r/{r.epley.divisor:g}), reliable up to "
        f"{r.one_rm_max_reps.value:g} reps.",
        f"Step 2: 1RM = {i['load_kg']:g} x (1 + {i['reps']}/{r.epley.divisor:g}) = {value:.1f} kg.",
    ]
    return question, steps, (r.epley.source,)


def _render_brzycki(i: Inputs, rng: random.Random) -> tuple[str, list[str], tuple[str, ...]]:
    r = guidelines().resistance
    b = r.brzycki
    question = rng.choice(
        (
            f"Estimate 1RM with the Brzycki equation from a set of {i['load_kg']:g} kg for {i['reps']} reps.",
            f"{i['reps']} reps at {i['load_kg']:g} kg: what 1RM does Brzycki predict (kg, one decimal)?",
        )
    )
    value = strength.brzycki(i["load_kg"], i["reps"])
    steps = [
        f"Step 1: Brzycki [{b.source}]: 1RM = w x {b.numerator:g} / ({b.denominator:g} - r).",
        f"Step 2: 1RM = {i['load_kg']:g} x {b.numerator:g} / ({b.denominator:g} - {i['reps']}) = {value:.1f} kg.",
    ]
    return question, steps, (b.source,)


register(
    "one_rm_epley",
    Kind("strength_conditioning", "number", ROUNDING_TOLERANCE, _sample_set, _solve_epley, _render_epley),
)
register(
    "one_rm_brzycki",
    Kind("strength_conditioning", "number", ROUNDING_TOLERANCE, _sample_set, _solve_brzycki, _render_brzycki),
)


# ---------------------------------------------------------------- %1RM table


def _sample_pct(rng: random.Random) -> Inputs:
    pct, _ = rng.choice(guidelines().resistance.pct_1rm_to_reps.table)
    return {"pct_1rm": pct, "one_rm_kg": rng.choice(range(40, 201, 10))}


def _solve_pct(i: Inputs) -> str:
    return num(strength.reps_at_percent(i["pct_1rm"]), 0)


def _render_pct(i: Inputs, rng: random.Random) -> tuple[str, list[str], tuple[str, ...]]:
    table = guidelines().resistance.pct_1rm_to_reps
    load = i["one_rm_kg"] * i["pct_1rm"] / 100
    question = (
        f"A lifter's 1RM is {i['one_rm_kg']} kg and the working load is {load:g} kg. "
        "About how many repetitions can they complete at that load?"
    )
    rows = ", ".join(f"{p:g}%={r:g}" for p, r in sorted(table.table, reverse=True))
    steps = [
        f"Step 1: {load:g} / {i['one_rm_kg']} = {i['pct_1rm']:g}% of 1RM.",
        f"Step 2: the %1RM-to-repetitions table [{table.source}]: {rows}.",
        f"Step 3: {i['pct_1rm']:g}% allows about {strength.reps_at_percent(i['pct_1rm']):g} repetitions.",
    ]
    return question, steps, (table.source,)


register("pct_1rm_reps", Kind("strength_conditioning", "number", 0.0, _sample_pct, _solve_pct, _render_pct))


# ---------------------------------------------------------------- heart rate


def _sample_karvonen(rng: random.Random) -> Inputs:
    return {
        "age": rng.randint(18, 85),
        "resting_hr": rng.randint(48, 90),
        "intensity": rng.choice([i.value for i in Intensity]),
        "bound": rng.choice(("low", "high")),
    }


def _karvonen_parts(i: Inputs) -> tuple[bool, float, float, float]:
    g = guidelines()
    tanaka = i["age"] >= g.activity.older_adult_age.value
    top = heart.hrmax_tanaka(i["age"]) if tanaka else heart.hrmax_fox(i["age"])
    span = g.activity.hrr(Intensity(i["intensity"]))
    fraction = span.min if i["bound"] == "low" else span.max
    return tanaka, top, fraction, heart.karvonen(i["resting_hr"], top, fraction)


def _solve_karvonen(i: Inputs) -> str:
    return str(round(_karvonen_parts(i)[3]))


def _render_karvonen(i: Inputs, rng: random.Random) -> tuple[str, list[str], tuple[str, ...]]:
    g = guidelines()
    tanaka, top, fraction, target = _karvonen_parts(i)
    span = g.activity.hrr(Intensity(i["intensity"]))
    edge = "lower" if i["bound"] == "low" else "upper"
    question = rng.choice(
        (
            f"{article(str(i['age'])).capitalize()} {i['age']}-year-old has a resting heart rate of "
            f"{i['resting_hr']} bpm. What is the {edge} end of "
            f"their {i['intensity']} training zone by the Karvonen method (bpm)?",
            f"Karvonen: age {i['age']}, resting HR {i['resting_hr']} bpm. Give the {edge} heart-rate limit of "
            f"{i['intensity']} intensity.",
        )
    )
    formula = g.heart_rate.hrmax_tanaka if tanaka else g.heart_rate.hrmax_fox
    why = (
        f"from age {g.activity.older_adult_age.value:g} [{g.activity.older_adult_age.source}] use Tanaka"
        if tanaka
        else "under the older-adult age use 220 - age"
    )
    steps = [
        f"Step 1: HRmax ({why}) = {formula.intercept:g} - {formula.age_factor:g} x {i['age']} = {top:g} bpm "
        f"[{formula.source}].",
        f"Step 2: heart-rate reserve = {top:g} - {i['resting_hr']} = {top - i['resting_hr']:g} bpm.",
        f"Step 3: {i['intensity']} intensity is {span.min:.0%}-{span.max:.0%} of HRR [{span.source}]; the {edge} "
        f"end is {fraction:.0%}.",
        f"Step 4: target = {i['resting_hr']} + {fraction:g} x {top - i['resting_hr']:g} = {target:.1f}, "
        f"about {round(target)} bpm.",
    ]
    return question, steps, (formula.source, span.source)


register(
    "karvonen",
    Kind("exercise_physiology", "number", ROUNDING_TOLERANCE, _sample_karvonen, _solve_karvonen, _render_karvonen),
)


def _sample_older(rng: random.Random) -> Inputs:
    return {"age": rng.randint(int(guidelines().activity.older_adult_age.value), 90)}


def _solve_tanaka(i: Inputs) -> str:
    return num(heart.hrmax_tanaka(i["age"]))


def _render_tanaka(i: Inputs, rng: random.Random) -> tuple[str, list[str], tuple[str, ...]]:
    g = guidelines()
    t, fox = g.heart_rate.hrmax_tanaka, g.heart_rate.hrmax_fox
    who = f"{article(str(i['age']))} {i['age']}-year-old client"
    question = f"Estimate the maximal heart rate of {who} with the formula suited to older adults."
    steps = [
        f"Step 1: from age {g.activity.older_adult_age.value:g} the Tanaka formula {t.intercept:g} - "
        f"{t.age_factor:g} x age "
        f"is more accurate than {fox.intercept:g} - age [{t.source}].",
        f"Step 2: {t.intercept:g} - {t.age_factor:g} x {i['age']} = {heart.hrmax_tanaka(i['age']):.1f} bpm.",
    ]
    return question, steps, (t.source,)


register(
    "hrmax_older",
    Kind("special_populations", "number", ROUNDING_TOLERANCE, _sample_older, _solve_tanaka, _render_tanaka),
)


# ---------------------------------------------------------------- load progression (adapt.py)

_SCENARIOS = ("two_for_two", "missed", "failure", "easy", "on_track")


def _loaded_lifts() -> list[str]:
    return sorted(e.id for e in knowledge.exercises().values() if e.loadable and e.dose == DoseUnit.REPS)


def _sample_progression(rng: random.Random) -> Inputs:
    reps_min = rng.choice((5, 6, 8, 10))
    reps_max = reps_min + rng.choice((2, 4))
    sets = rng.randint(2, 4)
    scenario = rng.choice(_SCENARIOS)
    sessions = []
    for _ in range(2):
        if scenario == "two_for_two":
            reps = [reps_max] * (sets - 1) + [reps_max + rng.randint(2, 3)]
            rpe = rng.choice((7.0, 7.5, 8.0))
        elif scenario == "missed":
            reps = [reps_min - rng.randint(1, 2)] * sets
            rpe = rng.choice((8.5, 9.0))
        elif scenario == "failure":
            reps = [reps_min] * sets
            rpe = 10.0
        elif scenario == "easy":
            reps = [reps_max] * sets
            rpe = rng.choice((5.0, 5.5))
        else:
            reps = [rng.randint(reps_min, reps_max) for _ in range(sets)]
            rpe = rng.choice((7.0, 7.5, 8.0))
        sessions.append({"reps": reps, "rpe": rpe})
    return {
        "exercise_id": rng.choice(_loaded_lifts()),
        "level": rng.choice([lv.value for lv in FitnessLevel]),
        "sets": sets,
        "reps_min": reps_min,
        "reps_max": reps_max,
        "load_kg": float(rng.choice(range(20, 141, 5))),
        "sessions": sessions,
    }


def _adjustment(i: Inputs) -> adapt.Adjustment:
    target = ExerciseTarget(
        exercise_id=i["exercise_id"],
        sets=i["sets"],
        reps_min=i["reps_min"],
        reps_max=i["reps_max"],
        load_kg=i["load_kg"],
    )
    start = dt.date(2026, 1, 5)
    history = [
        LoggedSession(
            date=start + dt.timedelta(days=3 * n),
            targets=[target],
            sets=[
                LoggedSet(exercise_id=i["exercise_id"], reps=r, load_kg=i["load_kg"], rpe=s["rpe"]) for r in s["reps"]
            ],
        )
        for n, s in enumerate(i["sessions"])
    ]
    exercise = knowledge.exercises()[i["exercise_id"]]
    return adapt.next_target(target, history, exercise, FitnessLevel(i["level"]))


def _solve_progression(i: Inputs) -> str:
    return num(_adjustment(i).target.load_kg or 0.0, 2)


def _render_progression(i: Inputs, rng: random.Random) -> tuple[str, list[str], tuple[str, ...]]:
    g = guidelines()
    p, band = g.progression, g.resistance.rpe_by_level[FitnessLevel(i["level"])]
    exercise = knowledge.exercises()[i["exercise_id"]]
    region = adapt.body_region(exercise)
    logged = "; ".join(
        f"session {n + 1}: " + ", ".join(str(r) for r in s["reps"]) + f" reps at RPE {s['rpe']:g}"
        for n, s in enumerate(i["sessions"])
    )
    question = (
        f"{article(i['level']).capitalize()} {i['level']} lifter's target on the {exercise.name} is {i['sets']} x "
        f"{i['reps_min']}-{i['reps_max']} at "
        f"{i['load_kg']:g} kg. Logged at that load, {logged}. What load (kg) should the next session use?"
    )
    adj = _adjustment(i)
    step = adapt.load_increment(i["load_kg"], region)
    pct = p.upper_increment_pct if region == "upper" else p.lower_increment_pct
    steps = [
        f"Step 1: rules in order: deload by {p.deload_load_reduction_pct.value:g}% after "
        f"{p.deload_after_missed_sessions.value:g} missed sessions in a row [{p.deload_after_missed_sessions.source}]; "
        f"remove one increment at failure or above the RPE band with reps missed; add one increment on the 2-for-2 "
        f"rule (last set {p.two_for_two_extra_reps.value:g}+ reps over the top of the range in "
        f"{p.two_for_two_sessions.value:g} sessions) [{p.two_for_two_sessions.source}] or when RPE is below the "
        f"{i['level']} band {band.text()} [{band.source}]; otherwise hold.",
        f"Step 2: the {exercise.name} is {article(region)} {region}-body lift: one increment = {pct.min:g}% of "
        f"{i['load_kg']:g} kg kept "
        f"within {(p.upper_increment_kg if region == 'upper' else p.lower_increment_kg).text(' kg')} = {step:g} kg "
        f"[{pct.source}].",
        f"Step 3: {adj.action.replace('_', ' ')}: {adj.reason}",
    ]
    return question, steps, adj.sources or (p.two_for_two_sessions.source,)


register(
    "load_progression",
    Kind("exercise_prescription", "number", 0.0, _sample_progression, _solve_progression, _render_progression),
)

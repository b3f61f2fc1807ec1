"""Reasoning kinds about screening and conditions: ACSM 2015 clearance, blood pressure, safe exercise choice.

These are multiple-choice items (``choice`` answers A-D); the options are shuffled per item and the
correct letter is found by the domain's own rules, so the gold answer never rests on the template.
"""

from __future__ import annotations

import random

from fitcoach.domain import knowledge
from fitcoach.domain.knowledge.guidelines import Clearance, guidelines
from fitcoach.domain.screening import acsm_row
from fitcoach.domain.vocab import ConditionId
from fitcoach.ml.data.reasoning import CHOICE_LETTERS, Inputs, Kind, choice_block, register

CLEARANCE_TEXT: dict[Clearance, str] = {
    "none": "No medical clearance needed",
    "before_vigorous": "Moderate exercise is fine; medical clearance before vigorous exercise",
    "before_starting": "Medical clearance before starting an exercise programme",
    "stop_and_clear": "Stop exercising and get medical clearance before resuming",
}


def _options(rng: random.Random, pool: list[str]) -> list[str]:
    shuffled = list(pool)
    rng.shuffle(shuffled)
    return shuffled


def _yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


# ---------------------------------------------------------------- ACSM 2015 preparticipation screening


def _sample_acsm(rng: random.Random) -> Inputs:
    return {
        "exercises_regularly": rng.random() < 0.5,
        "known_disease": rng.random() < 0.5,
        "symptoms": rng.random() < 0.3,
        "options": _options(rng, list(CLEARANCE_TEXT)),
    }


def _solve_acsm(i: Inputs) -> str:
    row = acsm_row(i["exercises_regularly"], i["known_disease"], i["symptoms"])
    return CHOICE_LETTERS[i["options"].index(row.clearance)]


def _render_acsm(i: Inputs, rng: random.Random) -> tuple[str, list[str], tuple[str, ...]]:
    g = guidelines().screening.acsm_2015
    row = acsm_row(i["exercises_regularly"], i["known_disease"], i["symptoms"])
    disease = rng.choice(
        ("type 2 diabetes", "coronary artery disease", "chronic kidney disease", "a past heart attack")
    )
    symptom = rng.choice(("chest discomfort on stairs", "dizziness during exertion", "ankle swelling", "palpitations"))
    facts = [
        "exercises regularly (30 min moderate, 3 days a week, for 3 months)"
        if i["exercises_regularly"]
        else "does not exercise regularly",
        f"has {disease}" if i["known_disease"] else "has no known cardiovascular, metabolic or renal disease",
        f"reports {symptom}" if i["symptoms"] else "reports no signs or symptoms",
    ]
    question = (
        f"A new client {', '.join(facts[:2])} and {facts[2]}. Under the ACSM 2015 preparticipation screening "
        f"algorithm, what is the recommendation?\n{choice_block([CLEARANCE_TEXT[c] for c in i['options']])}"
    )
    steps = [
        f"Step 1: the algorithm [{g.source}] asks three things: exercises regularly = "
        f"{_yes_no(i['exercises_regularly'])}, known disease = {_yes_no(i['known_disease'])}, signs or symptoms = "
        f"{_yes_no(i['symptoms'])}.",
        f"Step 2: that row says: {row.advice}",
        f"Step 3: the matching option is '{CLEARANCE_TEXT[row.clearance]}'.",
    ]
    return question, steps, (g.source,)


register("acsm_screening", Kind("screening_assessment", "choice", None, _sample_acsm, _solve_acsm, _render_acsm))


# ---------------------------------------------------------------- resting blood pressure

_BP_OUTCOMES = ("no_exercise", "clearance_first", "no_bp_restriction", "vigorous_only_supervised")
_BP_TEXT = {
    "no_exercise": "No exercise until medically evaluated",
    "clearance_first": "Medical clearance first",
    "no_bp_restriction": "No restriction from blood pressure alone",
    # A distractor: not an outcome of the rule, so never the answer.
    "vigorous_only_supervised": "Only vigorous exercise, under supervision",
}


def _bp_outcome(systolic: int, diastolic: int) -> str:
    s = guidelines().screening
    if systolic >= s.bp_no_exercise.systolic or diastolic >= s.bp_no_exercise.diastolic:
        return "no_exercise"
    if systolic >= s.bp_clearance_first.systolic or diastolic >= s.bp_clearance_first.diastolic:
        return "clearance_first"
    return "no_bp_restriction"


def _sample_bp(rng: random.Random) -> Inputs:
    systolic = rng.randint(105, 215)
    return {
        "systolic": systolic,
        "diastolic": rng.randint(65, min(systolic - 20, 120)),
        "options": _options(rng, list(_BP_OUTCOMES)),
    }


def _solve_bp(i: Inputs) -> str:
    return CHOICE_LETTERS[i["options"].index(_bp_outcome(i["systolic"], i["diastolic"]))]


def _render_bp(i: Inputs, rng: random.Random) -> tuple[str, list[str], tuple[str, ...]]:
    s = guidelines().screening
    stop, clear = s.bp_no_exercise, s.bp_clearance_first
    outcome = _bp_outcome(i["systolic"], i["diastolic"])
    question = (
        f"A client's resting blood pressure is {i['systolic']}/{i['diastolic']} mmHg. What should happen before "
        f"training?\n{choice_block([_BP_TEXT[o] for o in i['options']])}"
    )
    steps = [
        f"Step 1: at or above {stop.systolic:g}/{stop.diastolic:g} mmHg (either number): no exercise until medically "
        f"evaluated; at or above {clear.systolic:g}/{clear.diastolic:g}: medical clearance first [{stop.source}].",
        f"Step 2: {i['systolic']}/{i['diastolic']} gives '{_BP_TEXT[outcome]}'.",
    ]
    return question, steps, (stop.source,)


register("blood_pressure", Kind("screening_assessment", "choice", None, _sample_bp, _solve_bp, _render_bp))


# ---------------------------------------------------------------- which exercise is safe with a condition


def _sample_safe_exercise(rng: random.Random) -> Inputs:
    conditions = [c for c in ConditionId if c is not ConditionId.PREGNANCY and knowledge.conditions()[c].avoid_tags]
    condition = rng.choice(conditions)
    avoid = set(knowledge.conditions()[condition].avoid_tags)
    exercises = sorted(knowledge.exercises().values(), key=lambda e: e.id)
    safe = [e.id for e in exercises if condition in e.friendly_for and not avoid & set(e.stress_tags)]
    unsafe = [e.id for e in exercises if avoid & set(e.stress_tags)]
    picks = [rng.choice(safe), *rng.sample(unsafe, 3)]
    rng.shuffle(picks)
    return {"condition": condition.value, "options": picks}


def _solve_safe_exercise(i: Inputs) -> str:
    avoid = set(knowledge.conditions()[ConditionId(i["condition"])].avoid_tags)
    safe = [n for n, ex_id in enumerate(i["options"]) if not avoid & set(knowledge.exercises()[ex_id].stress_tags)]
    if len(safe) != 1:
        raise ValueError(f"expected exactly one safe option, found {len(safe)}")
    return CHOICE_LETTERS[safe[0]]


def _render_safe_exercise(i: Inputs, rng: random.Random) -> tuple[str, list[str], tuple[str, ...]]:
    info = knowledge.conditions()[ConditionId(i["condition"])]
    exercises = [knowledge.exercises()[e] for e in i["options"]]
    question = (
        rng.choice(
            (
                f"Which exercise suits a client with {info.name.lower()}?",
                f"Client condition: {info.name}. Pick the safe choice.",
            )
        )
        + "\n"
        + choice_block([e.name for e in exercises])
    )
    avoid = set(info.avoid_tags)
    steps = [f"Step 1: with {info.name.lower()} avoid: {info.avoid_text} [{info.source}]"]
    for letter, e in zip(CHOICE_LETTERS, exercises, strict=True):
        clash = sorted(t.value.replace("_", " ") for t in avoid & set(e.stress_tags))
        verdict = f"avoid ({', '.join(clash)})" if clash else f"no avoided joint stress (prefer: {info.prefer_text})"
        steps.append(f"Step {len(steps) + 1}: {letter}) {e.name}: {verdict}")
    return question, steps, (info.source,)


register(
    "safe_exercise",
    Kind("injury_rehab", "choice", None, _sample_safe_exercise, _solve_safe_exercise, _render_safe_exercise),
)

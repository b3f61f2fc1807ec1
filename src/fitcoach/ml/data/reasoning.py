"""Step-by-step reasoning items with a checkable final ``Answer:`` line, computed by the domain calculators.

Each kind has three parts registered under a stable key: ``sample`` draws the scenario inputs (a person,
a logged set...), ``solve`` computes the gold answer from the inputs with ``fitcoach.domain`` only, and
``render`` writes the question and the worked steps. The refine stage calls ``solve`` again on the
stored inputs and checks the rendered text's ``Answer:`` line against it with ``fitcoach.ml.answers``.
Scenario inputs are invented people; every guideline number in the steps comes from ``guidelines()``.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fitcoach.domain import energy
from fitcoach.domain.knowledge.guidelines import ActivityLevel, guidelines
from fitcoach.ml.answers import AnswerType

Inputs = dict[str, Any]

# Answer tolerances (fraction of the gold value, see fitcoach.ml.answers.is_correct): room for rounding
# intermediate steps, not a guideline number.
ROUNDING_TOLERANCE = 0.01
CHOICE_LETTERS = ("A", "B", "C", "D")


@dataclass(frozen=True)
class ReasoningItem:
    kind: str
    subdomain: str
    inputs: Inputs
    question: str
    solution: str  # worked steps ending with the "Answer: <value>" line
    answer: str
    answer_type: AnswerType
    tolerance: float | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Kind:
    subdomain: str
    answer_type: AnswerType
    tolerance: float | None
    sample: Callable[[random.Random], Inputs]
    solve: Callable[[Inputs], str]
    # (inputs, rng) -> (question, steps, sources)
    render: Callable[[Inputs, random.Random], tuple[str, list[str], tuple[str, ...]]]


KINDS: dict[str, Kind] = {}


def register(name: str, kind: Kind) -> None:
    KINDS[name] = kind


def make_item(kind_name: str, rng: random.Random) -> ReasoningItem:
    """One item of a kind: sampled inputs, the gold answer, and the worked solution ending in it."""
    kind = KINDS[kind_name]
    inputs = kind.sample(rng)
    answer = kind.solve(inputs)
    question, steps, sources = kind.render(inputs, rng)
    solution = "\n".join([*steps, f"Answer: {answer}"])
    return ReasoningItem(
        kind_name, kind.subdomain, inputs, question, solution, answer, kind.answer_type, kind.tolerance, sources
    )


def item_identity(kind: str, inputs: Inputs) -> str:
    """Two items are the same question when kind and inputs match (the wording may differ)."""
    return f"reasoning:{kind}:{json.dumps(inputs, sort_keys=True)}"


def person(rng: random.Random, min_age: int = 18, max_age: int = 75) -> Inputs:
    sex = rng.choice(("male", "female"))
    height = round(rng.gauss(177 if sex == "male" else 164, 7))
    bmi = rng.uniform(19, 34)
    return {
        "sex": sex,
        "age": rng.randint(min_age, max_age),
        "height_cm": height,
        "weight_kg": round(bmi * height**2 / 1e4),
    }


def article(next_word: str) -> str:
    """ "a" or "an" for the word that follows (numbers read aloud: an 8, an 18, an 80-something)."""
    word = next_word.lower()
    vowel_sound = word[:1] in "aeiou" or (word.startswith(("8", "11", "18")) and not word.startswith(("110", "111")))
    return "an" if vowel_sound else "a"


def describe(p: Inputs) -> str:
    noun = {"male": "man", "female": "woman"}[p["sex"]]
    return f"{article(str(p['age']))} {p['age']}-year-old {noun}, {p['height_cm']} cm and {p['weight_kg']} kg"


def choice_block(options: list[str]) -> str:
    return "\n".join(f"{letter}) {text}" for letter, text in zip(CHOICE_LETTERS, options, strict=True))


def num(x: float, places: int = 1) -> str:
    """A number for prose and answers: fixed places, trailing zeros dropped."""
    text = f"{x:.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# ---------------------------------------------------------------- energy: calorie target


def _sample_calories(rng: random.Random) -> Inputs:
    return {
        **person(rng),
        "training_days": rng.randint(0, 6),
        "goal": rng.choice(("lose", "maintain", "gain")),
        "level": rng.choice(("beginner", "intermediate", "advanced")),
    }


def _calorie_parts(i: Inputs) -> tuple[float, ActivityLevel, float, energy.CalorieTarget]:
    resting = energy.resting_energy(i["weight_kg"], i["height_cm"], i["age"], i["sex"])
    activity = energy.activity_level_for(i["training_days"])
    maintenance = energy.total_energy(resting, activity)
    target = energy.calorie_target(
        resting_kcal=resting, maintenance_kcal=maintenance, sex=i["sex"], goal=i["goal"], level=i["level"]
    )
    return resting, activity, maintenance, target


def _solve_calories(i: Inputs) -> str:
    return str(_calorie_parts(i)[3].kcal)


def _render_calories(i: Inputs, rng: random.Random) -> tuple[str, list[str], tuple[str, ...]]:
    e = guidelines().energy
    resting, activity, maintenance, target = _calorie_parts(i)
    goal_text = {"lose": "lose fat", "maintain": "keep their weight", "gain": "gain muscle"}[i["goal"]]
    ask = rng.choice(
        (
            "What daily calorie target should the plan use?",
            "Work out the daily calorie target, step by step.",
            "How many kcal per day should they aim for?",
        )
    )
    question = (
        f"Client: {describe(i)}, {i['level']}, training {i['training_days']} days a week, "
        f"who wants to {goal_text}. {ask}"
    )
    constant = {"male": e.msj.male, "female": e.msj.female}[i["sex"]]
    steps = [
        f"Step 1: Mifflin-St Jeor resting energy [{e.msj.source}] = {e.msj.weight_kg:g} x {i['weight_kg']} + "
        f"{e.msj.height_cm:g} x {i['height_cm']} + ({e.msj.age_years:g}) x {i['age']} + ({constant:g}) "
        f"= {resting:.0f} kcal/day.",
        f"Step 2: {i['training_days']} training days a week is the '{activity}' level, factor "
        f"{e.activity_factors.factor(activity):g} [{e.activity_factors.source}]: maintenance = "
        f"{resting:.0f} x {e.activity_factors.factor(activity):g} = {maintenance:.0f} kcal/day.",
    ]
    if i["goal"] == "lose":
        steps.append(
            f"Step 3: fat loss uses a deficit of about {e.deficit_kcal.value:g} kcal/day [{e.deficit_kcal.source}], "
            f"at most {e.max_deficit_fraction.value:.0%} of maintenance [{e.max_deficit_fraction.source}]."
        )
    elif i["goal"] == "gain":
        surplus = e.surplus_kcal_by_level.by_level[i["level"]]
        steps.append(
            f"Step 3: a {i['level']} gaining muscle adds about {surplus:g} kcal/day "
            f"[{e.surplus_kcal_by_level.source}], at most {e.max_surplus_fraction.value:.0%} of maintenance."
        )
    else:
        steps.append("Step 3: keeping weight means eating at maintenance.")
    floor = energy.calorie_floor(i["sex"])
    steps.append(
        f"Step 4: never below {floor:g} kcal/day for a {i['sex']} person without medical supervision "
        f"[{e.floor_kcal_female.source}] nor below resting energy ({resting:.0f})."
        + (f" Adjustments: {'; '.join(target.adjustments)}." if target.adjustments else "")
    )
    steps.append(f"Step 5: the daily target is {target.kcal} kcal.")
    return question, steps, target.sources


register(
    "calorie_target",
    Kind("weight_management", "number", ROUNDING_TOLERANCE, _sample_calories, _solve_calories, _render_calories),
)


# ---------------------------------------------------------------- nutrition: protein grams


def _sample_protein(rng: random.Random) -> Inputs:
    i = _sample_calories(rng)
    i["muscle_focus"] = rng.random() < 0.5
    return i


def _protein(i: Inputs) -> energy.MacroTargets:
    kcal = _calorie_parts(i)[3].kcal
    return energy.macro_targets(
        kcal=kcal, weight_kg=i["weight_kg"], height_cm=i["height_cm"], goal=i["goal"], muscle_focus=i["muscle_focus"]
    )


def _solve_protein(i: Inputs) -> str:
    return num(_protein(i).protein_g)


def _render_protein(i: Inputs, rng: random.Random) -> tuple[str, list[str], tuple[str, ...]]:
    g = guidelines()
    m = g.macros
    kcal = _calorie_parts(i)[3].kcal
    macros = _protein(i)
    if i["goal"] == "lose":
        span, why = m.protein_deficit_g_per_kg, "in a calorie deficit, the middle of"
        per_kg = span.mid
    elif i["muscle_focus"] or i["goal"] == "gain":
        span, why = m.protein_exercise_g_per_kg, "with a muscle or strength focus, the top of"
        per_kg = span.max
    else:
        span, why = m.protein_exercise_g_per_kg, "for an exercising adult, the middle of"
        per_kg = span.mid
    reference = energy.protein_reference_weight(i["weight_kg"], i["height_cm"])
    focus = " with a muscle or strength focus" if i["muscle_focus"] else ""
    question = (
        f"{describe(i)[0].upper()}{describe(i)[1:]}{focus} eats {kcal} kcal a day (goal: {i['goal']}). "
        + rng.choice(("How many grams of protein per day?", "Compute the daily protein target in grams."))
    )
    raw = per_kg * reference
    share = 100 * raw * g.energy.kcal_per_gram.protein / kcal
    steps = [
        f"Step 1: {why} the {span.text(' g/kg/day')} range [{span.source}]: {per_kg:g} g/kg.",
        f"Step 2: reference weight {reference:.1f} kg"
        + (
            f" (weight at BMI {m.protein_reference_bmi.value:g} because BMI is in the obese range)."
            if reference != i["weight_kg"]
            else "."
        )
        + f" Protein = {per_kg:g} x {reference:.1f} = {raw:.1f} g.",
        f"Step 3: {raw:.1f} g x {g.energy.kcal_per_gram.protein:g} kcal/g = {share:.1f}% of {kcal} kcal; protein "
        "must stay "
        f"within the AMDR {m.amdr_protein_pct.text('%')} [{m.amdr_protein_pct.source}], so the share is "
        f"{macros.protein_pct:g}%.",
        f"Step 4: {kcal} x {macros.protein_pct:g}% / {g.energy.kcal_per_gram.protein:g} = {macros.protein_g:g} g per "
        "day.",
    ]
    return question, steps, macros.sources


register(
    "protein_target",
    Kind("sports_nutrition", "number", ROUNDING_TOLERANCE, _sample_protein, _solve_protein, _render_protein),
)


# ---------------------------------------------------------------- body-mass index


def _solve_bmi(i: Inputs) -> str:
    return num(energy.bmi(i["weight_kg"], i["height_cm"]))


def _render_bmi(i: Inputs, rng: random.Random) -> tuple[str, list[str], tuple[str, ...]]:
    b = guidelines().bmi
    value = energy.bmi(i["weight_kg"], i["height_cm"])
    metres = i["height_cm"] / 100
    question = f"What is the body-mass index of {describe(i)}? " + rng.choice(
        ("Round to one decimal.", "Give it to one decimal place and name the category.")
    )
    steps = [
        f"Step 1: BMI = weight / height^2 = {i['weight_kg']} / {metres:.2f}^2 = {value:.1f} kg/m2.",
        f"Step 2: categories [{b.underweight_below.source}]: under {b.underweight_below.value:g} underweight, "
        f"from {b.overweight_from.value:g} overweight, from {b.obese_from.value:g} obese; "
        f"{value:.1f} is {energy.bmi_category(value)}.",
    ]
    return question, steps, (b.underweight_below.source,)


def _sample_person(rng: random.Random) -> Inputs:
    return person(rng)


register("bmi", Kind("weight_management", "number", ROUNDING_TOLERANCE, _sample_person, _solve_bmi, _render_bmi))


def all_kinds() -> dict[str, Kind]:
    """Every registered kind (importing the modules that register the training and screening kinds)."""
    from fitcoach.ml.data import (  # noqa: F401  (they register on import)
        reasoning_population,
        reasoning_screening,
        reasoning_training,
    )

    return KINDS

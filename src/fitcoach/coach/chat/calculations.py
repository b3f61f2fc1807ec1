"""Calculation answers (calories, macros, protein, 1RM, heart-rate zones, BMI) from the user's data.

Every number comes from the domain calculators (``energy``, ``nutrition``, ``heart``, ``strength``);
this module only gathers the inputs (profile, logged sets, body weights, or numbers in the message),
shows the formula with the person's numbers in it, and cites the sources.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from fitcoach.coach.chat.types import ChatAnswer, ChatContext
from fitcoach.coach.mentions import find_exercises, numbers_with_unit
from fitcoach.coach.triage import normalise_message
from fitcoach.domain import energy, heart, strength
from fitcoach.domain.context import expected_training_days
from fitcoach.domain.errors import InvalidInput
from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.nutrition import targets_for

LB_TO_KG = 0.45359237


@dataclass
class Body:
    """What we know about the person for a calculation: profile first, the message fills gaps."""

    weight_kg: float | None = None
    height_cm: float | None = None
    age: float | None = None
    sex: energy.Sex | None = None
    resting_hr: float | None = None

    def missing(self, *names: str) -> list[str]:
        return [n for n in names if getattr(self, n) is None]


def _from_message(text: str) -> Body:
    body = Body()
    kg = numbers_with_unit(text, r"kg|kgs|kilos?|kilograms?")
    lb = numbers_with_unit(text, r"lbs?|pounds?")
    if "weigh" in text or not _SET.search(text):  # "100 kg for 5 reps" is a lift, not a body weight
        body.weight_kg = kg[0] if kg else (lb[0] * LB_TO_KG if lb else None)
    cm = numbers_with_unit(text, r"cm|centimet(re|er)s?")
    body.height_cm = cm[0] if cm else None
    m = re.search(r"\b(?:i'?m|i am|aged?)\s+(\d{2})\b(?!\s*(?:kg|lb|kilo|pound|cm|%|min))", text) or re.search(
        r"\b(\d{2})\s*(?:years? old|yo|y/o)\b", text
    )
    body.age = float(m.group(1)) if m else None
    if re.search(r"\b(female|woman|girl)\b", text):
        body.sex = "female"
    elif re.search(r"\b(male|man|guy|boy)\b", text):
        body.sex = "male"
    hr = re.search(r"resting (?:heart rate|hr|pulse)(?: is| of)?\s*(\d{2,3})", text)
    body.resting_hr = float(hr.group(1)) if hr else None
    return body


def gather_body(message: str, ctx: ChatContext) -> Body:
    found = _from_message(normalise_message(message))
    user = ctx.user
    if user is not None:
        info = user.personal_info
        found.weight_kg = found.weight_kg or ctx.latest_weight()
        found.height_cm = found.height_cm or info.height
        found.age = found.age or info.age
        found.sex = found.sex or info.gender
        found.resting_hr = found.resting_hr or user.health.resting_hr
    elif found.weight_kg is None:
        found.weight_kg = ctx.latest_weight()
    return found


_FIELD_WORDS = {"weight_kg": "weight (kg)", "height_cm": "height (cm)", "age": "age", "sex": "sex (male or female)"}


def _ask_for(intent: str, missing: list[str], formula: str, sources: tuple[str, ...]) -> ChatAnswer:
    wanted = ", ".join(_FIELD_WORDS.get(m, m) for m in missing)
    cites = "".join(f"[{s}]" for s in sources)
    example = '"I\'m 30, 80 kg, 180 cm, male"'
    text = f"I need your {wanted} for that: add them to your profile or tell me, e.g. {example}. {formula} {cites}"
    return ChatAnswer(text=text, route="calculation", sources=sources, intent=intent)


def _cite(*keys: str) -> str:
    return "".join(f"[{k}]" for k in dict.fromkeys(keys))


# ---------------------------------------------------------------- energy and macros


def _signed(x: float) -> str:
    return f"- {-x:g}" if x < 0 else f"+ {x:g}"


def _msj_formula(body: Body) -> str:
    m = guidelines().energy.msj
    constant = {"male": m.male, "female": m.female, "other": (m.male + m.female) / 2}[body.sex or "other"]
    return (
        f"{m.weight_kg:g} x {body.weight_kg:g} kg + {m.height_cm:g} x {body.height_cm:g} cm "
        f"{_signed(m.age_years)} x {body.age:g} y {_signed(constant)}"
    )


def calories(message: str, ctx: ChatContext) -> ChatAnswer:
    g = guidelines().energy
    user = ctx.user
    if user is not None:
        days = expected_training_days(user)
        t = targets_for(user, days)
        body = gather_body(message, ctx)
        level = energy.activity_level_for(days)
        factor = g.activity_factors.factor(level)
        change = {"lose": "a deficit", "gain": "a surplus", "maintain": "no change"}[t.target.goal]
        notes = f" Note: {'; '.join(t.notes)}." if t.notes else ""
        text = (
            f"Your daily calorie target is about {t.target.kcal} kcal. Resting energy (Mifflin-St Jeor) = "
            f"{_msj_formula(body)} = {t.target.resting_kcal} kcal {_cite(g.msj.source)}; maintenance = resting x "
            f"{factor:g} ({level.replace('_', ' ')}, {days} training days a week) = {t.target.maintenance_kcal} kcal "
            f"{_cite(g.activity_factors.source)}; your goal ({t.target.goal}) means {change}: {t.target.kcal} kcal "
            f"{_cite(*t.target.sources[2:] or (g.deficit_kcal.source,))}.{notes}"
        )
        return ChatAnswer(text=text, route="calculation", sources=t.target.sources, intent="calc.calories")
    body = gather_body(message, ctx)
    missing = body.missing("weight_kg", "height_cm", "age", "sex")
    formula = (
        f"Resting energy (Mifflin-St Jeor) = {g.msj.weight_kg:g} x weight + {g.msj.height_cm:g} x height "
        f"{_signed(g.msj.age_years)} x age {_signed(g.msj.male)} (men) or {_signed(g.msj.female)} (women), times an "
        "activity factor."
    )
    weight, height, age, sex = body.weight_kg, body.height_cm, body.age, body.sex
    if missing or weight is None or height is None or age is None or sex is None:
        return _ask_for("calc.calories", missing, formula, (g.msj.source, g.activity_factors.source))
    resting = energy.resting_energy(weight, height, age, sex)
    days = _days_from(message)
    level = energy.activity_level_for(days)
    maintenance = energy.total_energy(resting, level)
    text = (
        f"Resting energy (Mifflin-St Jeor) = {_msj_formula(body)} = {resting:.0f} kcal {_cite(g.msj.source)}. "
        f"Maintenance = resting x {g.activity_factors.factor(level):g} ({level.replace('_', ' ')}, {days} training "
        f"days a week) = {maintenance:.0f} kcal a day {_cite(g.activity_factors.source)}. To lose fat, eat about "
        f"{g.deficit_kcal.value:g} kcal less {_cite(g.deficit_kcal.source)}."
    )
    return ChatAnswer(
        text=text,
        route="calculation",
        sources=(g.msj.source, g.activity_factors.source, g.deficit_kcal.source),
        intent="calc.calories",
    )


def _days_from(message: str) -> int:
    m = re.search(r"\b([0-7])\s*(?:days?|times|x)\s*(?:a|per|each)?\s*week", normalise_message(message))
    return int(m.group(1)) if m else 0


def macros(message: str, ctx: ChatContext) -> ChatAnswer:
    user = ctx.user
    per_gram = guidelines().energy.kcal_per_gram
    if user is None:
        amdr = guidelines().macros
        formula = (
            f"Macros follow from your calorie target: protein from g per kg of body weight, fat "
            f"{amdr.amdr_fat_pct.text('%')} of energy, carbohydrate the rest (within {amdr.amdr_carbs_pct.text('%')})."
        )
        return _ask_for("calc.macros", ["weight_kg", "height_cm", "age", "sex"], formula, (amdr.amdr_fat_pct.source,))
    t = targets_for(user, expected_training_days(user))
    m = t.macros
    text = (
        f"For {t.target.kcal} kcal a day: protein {m.protein_g:.0f} g ({m.protein_pct:g}%, "
        f"{m.protein_g_per_kg:g} g/kg), carbohydrate {m.carbs_g:.0f} g ({m.carbs_pct:g}%), fat {m.fat_g:.0f} g "
        f"({m.fat_pct:g}%). Grams = kcal x share / "
        f"{per_gram.protein:g} kcal per g for protein and carbohydrate, / {per_gram.fat:g} for fat {_cite(*m.sources)}."
    )
    return ChatAnswer(text=text, route="calculation", sources=m.sources, intent="calc.macros")


def protein(message: str, ctx: ChatContext) -> ChatAnswer:
    mac = guidelines().macros
    user = ctx.user
    if user is not None:
        t = targets_for(user, expected_training_days(user))
        weight = ctx.latest_weight() or user.personal_info.weight
        reference = energy.protein_reference_weight(weight, user.personal_info.height)
        span = mac.protein_deficit_g_per_kg if t.target.goal == "lose" else mac.protein_exercise_g_per_kg
        ref = (
            f" (the weight at BMI {mac.protein_reference_bmi.value:g}, {reference:.0f} kg)"
            if reference < weight
            else ""
        )
        text = (
            f"Aim for about {t.macros.protein_g:.0f} g of protein a day: {span.text(' g/kg')} x {reference:.0f} kg"
            f"{ref} = {span.min * reference:.0f}-{span.max * reference:.0f} g for your goal ({t.target.goal}) "
            f"{_cite(span.source)}. "
            f"Spread it over {t.meals_per_day} meals of about {t.macros.protein_g / t.meals_per_day:.0f} g "
            f"{_cite(mac.protein_per_meal_g.source)}."
        )
        return ChatAnswer(text=text, route="calculation", sources=(span.source,), intent="calc.protein")
    body = gather_body(message, ctx)
    span = mac.protein_exercise_g_per_kg
    if body.weight_kg is None:
        formula = f"Protein = {span.text(' g')} per kg of body weight a day for people who train."
        return _ask_for("calc.protein", ["weight_kg"], formula, (span.source,))
    w = body.weight_kg
    text = (
        f"At {w:g} kg: {span.text(' g/kg')} x {w:g} kg = {span.min * w:.0f}-{span.max * w:.0f} g of protein a day "
        f"{_cite(span.source)}; in a calorie deficit {mac.protein_deficit_g_per_kg.text(' g/kg')} = "
        f"{mac.protein_deficit_g_per_kg.min * w:.0f}-{mac.protein_deficit_g_per_kg.max * w:.0f} g."
    )
    return ChatAnswer(text=text, route="calculation", sources=(span.source,), intent="calc.protein")


# ---------------------------------------------------------------- strength, heart rate, BMI

_SET = re.compile(
    r"(\d+(?:\.\d+)?)\s*(kg|kgs|kilos?|lbs?|pounds?)\s*(?:x|for|times|by)\s*(\d+)"
    r"|(\d+)\s*reps?\s*(?:at|with|of|on)\s*(\d+(?:\.\d+)?)\s*(kg|kgs|kilos?|lbs?|pounds?)"
)


def _set_in(text: str) -> tuple[float, int] | None:
    m = _SET.search(text)
    if not m:
        return None
    if m.group(1):
        load, unit, reps = float(m.group(1)), m.group(2), int(m.group(3))
    else:
        reps, load, unit = int(m.group(4)), float(m.group(5)), m.group(6)
    return (load * LB_TO_KG if unit.startswith(("lb", "pound")) else load), reps


def _best_logged_set(message: str, ctx: ChatContext) -> tuple[str, float, int] | None:
    """The logged set with the highest 1RM estimate, for the exercise the message names (or any)."""
    named = {e.id for e in find_exercises(message)}
    limit = guidelines().resistance.one_rm_max_reps.value
    best: tuple[float, str, float, int] | None = None
    for s in ctx.recent_sets:
        ex, load, reps = s.get("exercise_id"), s.get("load_kg") or 0, int(s.get("reps") or 0)
        if not isinstance(ex, str) or (named and ex not in named) or load <= 0 or not 1 <= reps <= limit:
            continue
        estimate = strength.estimate_1rm(float(load), reps)
        if best is None or estimate > best[0]:
            best = (estimate, ex, float(load), reps)
    return (best[1], best[2], best[3]) if best else None


def one_rm(message: str, ctx: ChatContext) -> ChatAnswer:
    r = guidelines().resistance
    text_in = normalise_message(message)
    found = _set_in(text_in)
    label = "that set"
    if found is None:
        logged = _best_logged_set(message, ctx)
        if logged is None:
            text = (
                f'Tell me a recent set, e.g. "100 kg for 5 reps" (up to {r.one_rm_max_reps.value:g} reps), or log your '
                f"sets. Epley: 1RM = weight x (1 + reps/{r.epley.divisor:g}); Brzycki: 1RM = weight x "
                f"{r.brzycki.numerator:g} / ({r.brzycki.denominator:g} - reps) {_cite(r.epley.source)}."
            )
            return ChatAnswer(text=text, route="calculation", sources=(r.epley.source,), intent="calc.one_rm")
        exercise_id, load, reps = logged
        label = f"your logged {exercise_id.replace('_', ' ')} set"
        found = (load, reps)
    load, reps = found
    try:
        epley, brzycki = strength.epley(load, reps), strength.brzycki(load, reps)
    except InvalidInput as exc:
        problem = "; ".join(f"{p.field} {p.message}" for p in exc.problems)
        return ChatAnswer(
            text=f"I can't estimate a 1RM from that set: {problem} {_cite(r.one_rm_max_reps.source)}.",
            route="calculation",
            sources=(r.one_rm_max_reps.source,),
            intent="calc.one_rm",
        )
    mean = strength.estimate_1rm(load, reps)
    text = (
        f"From {label} ({load:g} kg x {reps}): estimated 1RM about {mean:.1f} kg. Epley: {load:g} x (1 + {reps}/"
        f"{r.epley.divisor:g}) = {epley:.1f} kg; Brzycki: {load:g} x {r.brzycki.numerator:g} / "
        f"({r.brzycki.denominator:g} - {reps}) = {brzycki:.1f} kg {_cite(r.epley.source)}. No need to test a true max."
    )
    return ChatAnswer(text=text, route="calculation", sources=(r.epley.source,), intent="calc.one_rm")


def hr_zones(message: str, ctx: ChatContext) -> ChatAnswer:
    g = guidelines()
    body = gather_body(message, ctx)
    fox, tanaka = g.heart_rate.hrmax_fox, g.heart_rate.hrmax_tanaka
    if body.age is None:
        formula = (
            f"HRmax = {fox.intercept:g} - age (or {tanaka.intercept:g} - {tanaka.age_factor:g} x age); "
            "target = resting "
            "HR + intensity x (HRmax - resting HR) (Karvonen)."
        )
        return _ask_for("calc.hr_zones", ["age"], formula, (fox.source,))
    age = body.age
    use_tanaka = age >= g.activity.older_adult_age.value
    top = heart.hrmax_tanaka(age) if use_tanaka else heart.hrmax_fox(age)
    formula = (
        f"{tanaka.intercept:g} - {tanaka.age_factor:g} x {age:g}" if use_tanaka else f"{fox.intercept:g} - {age:g}"
    )
    rest = body.resting_hr if body.resting_hr is not None else g.heart_rate.default_resting_hr.value
    rest_note = "" if body.resting_hr is not None else " (typical value; tell me yours for better zones)"
    zones = heart.zones(age, body.resting_hr)
    parts = "; ".join(
        f"{z.intensity.value} {z.low_bpm}-{z.high_bpm} bpm ({z.hrr_low * 100:g}-{z.hrr_high * 100:g}% HRR)"
        for z in zones
    )
    text = (
        f"HRmax = {formula} = {top:.0f} bpm {_cite(fox.source)}. With a resting heart rate of {rest:g}{rest_note}, "
        f"Karvonen (resting + % x (HRmax - resting)) gives: {parts} {_cite(g.activity.moderate_hrr.source)}."
    )
    return ChatAnswer(
        text=text, route="calculation", sources=(fox.source, g.activity.moderate_hrr.source), intent="calc.hr_zones"
    )


def bmi(message: str, ctx: ChatContext) -> ChatAnswer:
    table = guidelines().bmi
    body = gather_body(message, ctx)
    missing = body.missing("weight_kg", "height_cm")
    if missing or body.weight_kg is None or body.height_cm is None:
        return _ask_for("calc.bmi", missing, "BMI = weight (kg) / height (m)^2.", (table.obese_from.source,))
    value = energy.bmi(body.weight_kg, body.height_cm)
    category = energy.bmi_category(value)
    metres = body.height_cm / 100
    text = (
        f"BMI = {body.weight_kg:g} kg / ({metres:g} m)^2 = {value:.1f}, in the {category} range (underweight below "
        f"{table.underweight_below.value:g}, overweight from {table.overweight_from.value:g}, obesity from "
        f"{table.obese_from.value:g}) {_cite(table.obese_from.source)}. "
        "BMI ignores muscle mass, so it is a rough guide."
    )
    return ChatAnswer(text=text, route="calculation", sources=(table.obese_from.source,), intent="calc.bmi")


HANDLERS: dict[str, Callable[[str, ChatContext], ChatAnswer]] = {
    "calc.calories": calories,
    "calc.macros": macros,
    "calc.protein": protein,
    "calc.one_rm": one_rm,
    "calc.hr_zones": hr_zones,
    "calc.bmi": bmi,
}


_NUTRITION = ("calc.calories", "calc.macros", "calc.protein")


def answer_calculation(intent: str, message: str, ctx: ChatContext) -> ChatAnswer:
    answer = HANDLERS[intent](message, ctx)
    age = gather_body(message, ctx).age
    minor = guidelines().special.minor_age_max
    if intent in _NUTRITION and age is not None and age <= minor.value:
        # Growth first: the same caution the planner applies (no deficit under 18).
        answer.text += (
            f" Under 18, make sure you eat enough for growth: no calorie deficit, and a doctor or dietitian can "
            f"help with weight questions {_cite(minor.source)}."
        )
        answer.sources = (*answer.sources, minor.source)
    return answer

"""CPT renderers for health: sports nutrition, weight management, special populations and screening."""

from __future__ import annotations

import random
from collections.abc import Iterator

from fitcoach.domain import knowledge
from fitcoach.domain.knowledge import load_json
from fitcoach.domain.knowledge.guidelines import ActivityLevel, guidelines
from fitcoach.domain.screening import PARQ_QUESTIONS
from fitcoach.ml.data.cpt import CptDoc, Renderer, pick


def _words(value: str) -> str:
    return value.replace("_", " ")


def nutrition_guidelines(rng: random.Random) -> Iterator[CptDoc]:
    m, e = guidelines().macros, guidelines().energy
    yield CptDoc(
        f"Protein: the RDA is {m.protein_rda_g_per_kg.value:g} g/kg/day [{m.protein_rda_g_per_kg.source}]; exercising "
        f"people need {m.protein_exercise_g_per_kg.text(' g/kg/day')} [{m.protein_exercise_g_per_kg.source}], and "
        f"{m.protein_deficit_g_per_kg.text(' g/kg/day')} in a calorie deficit helps keep lean mass "
        f"[{m.protein_deficit_g_per_kg.source}]. Spread it as {m.protein_per_meal_g_per_kg.text(' g/kg')} "
        f"({m.protein_per_meal_g.text(' g')}) per meal every {m.protein_meal_interval_hours.text(' h')} "
        f"[{m.protein_per_meal_g.source}].",
        "sports_nutrition",
        "guidelines:macros",
    )
    loads = "; ".join(f"{load} training {span.text(' g/kg/day')}" for load, span in m.carbs_g_per_kg.items())
    yield CptDoc(
        pick(
            rng,
            f"Acceptable macronutrient distribution ranges (AMDR) [{m.amdr_fat_pct.source}]: carbohydrate "
            f"{m.amdr_carbs_pct.text('%')}, protein {m.amdr_protein_pct.text('%')}, fat {m.amdr_fat_pct.text('%')} of "
            f"energy. Carbohydrate by training load [{m.carbs_g_per_kg['moderate'].source}]: {loads}.",
            f"Of daily energy, {m.amdr_carbs_pct.text('%')} should come from carbohydrate, "
            f"{m.amdr_protein_pct.text('%')} "
            f"from protein and {m.amdr_fat_pct.text('%')} from fat [{m.amdr_carbs_pct.source}]. Athletes scale "
            f"carbohydrate to training: {loads} [{m.carbs_g_per_kg['high'].source}].",
        ),
        "sports_nutrition",
        "guidelines:macros",
    )
    k = e.kcal_per_gram
    yield CptDoc(
        f"Energy per gram [{k.source}]: protein {k.protein:g} kcal, carbohydrate {k.carbs:g} kcal, fat {k.fat:g} kcal. "
        f"Meal timing: carbohydrate plus {m.post_session_protein_g.text(' g')} protein within about "
        f"{m.post_session_window_hours.value:g} h after a session [{m.post_session_protein_g.source}]. Hydration: "
        f"{m.hydration_pre_ml_per_kg.text(' ml/kg')} in the {m.hydration_pre_hours.value:g} h before exercise, and "
        f"{m.rehydration_l_per_kg_lost.text(' l')} per kg of body weight lost afterwards "
        f"[{m.rehydration_l_per_kg_lost.source}].",
        "sports_nutrition",
        "guidelines:macros",
    )


def food_table(rng: random.Random) -> Iterator[CptDoc]:
    for f in sorted(knowledge.foods().values(), key=lambda x: x.id):
        n = f.per_100g
        tags = ", ".join(_words(t) for t in f.diet_tags) or "no diet tags"
        allergens = ", ".join(_words(a) for a in f.allergens) or "none listed"
        yield CptDoc(
            pick(
                rng,
                f"{f.name} ({_words(f.group.value)}), per 100 g: {n.kcal:g} kcal, {n.protein_g:g} g protein, "
                f"{n.carbs_g:g} g carbohydrate, {n.fat_g:g} g fat, {n.fibre_g:g} g fibre. A serving is "
                f"{f.serving_desc}.",
                f"A serving of {f.name.lower()} is {f.serving_desc}; 100 g gives {n.kcal:g} kcal with "
                f"{n.protein_g:g} g "
                f"protein, {n.carbs_g:g} g carbs, {n.fat_g:g} g fat and {n.fibre_g:g} g fibre.",
            )
            + f" Suits: {tags}. Allergens: {allergens}. Eaten at {', '.join(s.value for s in f.meal_slots)}.",
            "sports_nutrition",
            f"foods:{f.id}",
        )


def recipes(rng: random.Random) -> Iterator[CptDoc]:
    foods = knowledge.foods()
    for r in sorted(knowledge.recipes().values(), key=lambda x: x.id):
        kcal = sum(foods[i.food].per_100g.kcal * i.grams / 100 for i in r.ingredients)
        protein = sum(foods[i.food].per_100g.protein_g * i.grams / 100 for i in r.ingredients)
        parts = ", ".join(f"{i.grams:g} g {foods[i.food].name.lower()}" for i in r.ingredients)
        yield CptDoc(
            f"{r.name} ({_words(r.cuisine.value)}, {', '.join(s.value for s in r.meal_slots)}, {r.prep_minutes} min): "
            f"{parts}. About {kcal:.0f} kcal and {protein:.0f} g protein. " + " ".join(r.steps),
            "sports_nutrition",
            f"recipes:{r.id}",
        )


def weight_management(rng: random.Random) -> Iterator[CptDoc]:
    e, b = guidelines().energy, guidelines().bmi
    f, days = e.activity_factors, e.activity_level_min_days
    yield CptDoc(
        f"Resting energy by Mifflin-St Jeor [{e.msj.source}]: {e.msj.weight_kg:g} x weight (kg) + "
        f"{e.msj.height_cm:g} x "
        f"height (cm) {e.msj.age_years:+g} x age (years), {e.msj.male:+g} for men and {e.msj.female:+g} for women. "
        f"Multiply by an activity factor [{f.source}]: sedentary {f.sedentary:g}, light {f.light:g}, moderate "
        f"{f.moderate:g}, very active {f.very_active:g}, extra active {f.extra_active:g}. FitCoach reads the level "
        f"from training days [{days.source}]: light from {days.light}, moderate from {days.moderate}, very active from "
        f"{days.very_active} days a week.",
        "weight_management",
        "guidelines:energy",
    )
    yield CptDoc(
        pick(
            rng,
            f"Fat loss: eat about {e.deficit_kcal.value:g} kcal/day below maintenance [{e.deficit_kcal.source}], never "
            f"more than {e.max_deficit_fraction.value:.0%} below it [{e.max_deficit_fraction.source}], losing "
            f"{e.loss_rate_pct_bodyweight_week.text('%')} of body weight a week "
            f"[{e.loss_rate_pct_bodyweight_week.source}]. ",
            f"A safe deficit is about {e.deficit_kcal.value:g} kcal a day and at most "
            f"{e.max_deficit_fraction.value:.0%} "
            f"of maintenance [{e.max_deficit_fraction.source}]; expect {e.loss_rate_pct_bodyweight_week.text('%')} "
            "of body "
            f"weight per week [{e.loss_rate_pct_bodyweight_week.source}]. ",
        )
        + f"Without medical supervision never plan below {e.floor_kcal_female.value:g} kcal/day for women or "
        f"{e.floor_kcal_male.value:g} kcal/day for men [{e.floor_kcal_male.source}], nor below resting energy. "
        f"Muscle gain: a surplus of {e.surplus_kcal.text(' kcal/day')} [{e.surplus_kcal.source}], smaller with "
        f"experience ("
        + ", ".join(f"{lv.value} {v:g}" for lv, v in e.surplus_kcal_by_level.by_level.items())
        + f") and at most {e.max_surplus_fraction.value:.0%} above maintenance [{e.max_surplus_fraction.source}].",
        "weight_management",
        "guidelines:energy",
    )
    yield CptDoc(
        f"Body-mass index = kg / m^2. Under {b.underweight_below.value:g} is underweight, "
        f"{b.underweight_below.value:g} "
        f"up to {b.overweight_from.value:g} normal, from {b.overweight_from.value:g} overweight and from "
        f"{b.obese_from.value:g} obese [{b.obese_from.source}]. For protein targets in obesity FitCoach uses the "
        "weight "
        f"at BMI {guidelines().macros.protein_reference_bmi.value:g} "
        f"[{guidelines().macros.protein_reference_bmi.source}].",
        "weight_management",
        "guidelines:bmi",
    )


def special_populations(rng: random.Random) -> Iterator[CptDoc]:
    g = guidelines()
    a, s, older = g.activity, g.special, g.resistance.prescriptions["older_deconditioned"]
    yield CptDoc(
        f"Older adults (from {a.older_adult_age.value:g}) [{a.older_adult_age.source}]: the adult aerobic and strength "
        f"doses plus balance and functional training on {a.older_balance_days_week_min.value:g} or more days a week "
        f"[{a.older_balance_days_week_min.source}]. Start resistance work at {older.load_pct_1rm.text('% 1RM')} for "
        f"{older.reps.text()} reps [{older.load_pct_1rm.source}]; hold stretches "
        f"{g.flexibility.hold_seconds_older.text(' s')} "
        f"[{g.flexibility.hold_seconds_older.source}]; estimate HRmax with Tanaka "
        f"[{g.heart_rate.hrmax_tanaka.source}].",
        "special_populations",
        "guidelines:special",
    )
    yield CptDoc(
        f"Pregnancy without contraindications: at least {a.pregnancy_moderate_minutes_week_min.value:g} minutes of "
        f"moderate aerobic activity a week [{a.pregnancy_moderate_minutes_week_min.source}]. From trimester "
        f"{s.pregnancy_supine_from_trimester.value:g} avoid lying flat on the back "
        f"[{s.pregnancy_supine_from_trimester.source}]. "
        "No calorie deficit is planned during pregnancy.",
        "special_populations",
        "guidelines:special",
    )
    yield CptDoc(
        pick(
            rng,
            f"Hypertension: keep effort at or below RPE {s.hypertension_rpe_max.value:g} on the 10-point scale with "
            f"continuous breathing [{s.hypertension_rpe_max.source}]. Type 2 diabetes: no more than "
            f"{s.diabetes_max_consecutive_inactive_days.value:g} days in a row without activity "
            f"[{s.diabetes_max_consecutive_inactive_days.source}].",
            f"With type 2 diabetes, never let more than {s.diabetes_max_consecutive_inactive_days.value:g} consecutive "
            f"days pass without exercise [{s.diabetes_max_consecutive_inactive_days.source}]; with high blood "
            "pressure, "
            f"cap effort at RPE {s.hypertension_rpe_max.value:g} of 10 and avoid breath holding "
            f"[{s.hypertension_rpe_max.source}].",
        ),
        "special_populations",
        "guidelines:special",
    )
    yield CptDoc(
        f"Young people up to age {s.minor_age_max.value:g} get no maximal or power work and no calorie deficit "
        f"[{s.minor_age_max.source}].",
        "special_populations",
        "guidelines:special",
    )


def screening(rng: random.Random) -> Iterator[CptDoc]:
    sc = guidelines().screening
    yes_no = {True: "yes", False: "no", None: "any"}
    for row in sc.acsm_2015.rows:
        yield CptDoc(
            pick(
                rng,
                f"ACSM 2015 screening [{sc.acsm_2015.source}]: exercises regularly {yes_no[row.exercises_regularly]}, "
                f"known disease {yes_no[row.known_disease]}, signs or symptoms {yes_no[row.symptoms]}: {row.advice} "
                f"Start at {row.start_intensity.value} intensity, at most {row.max_intensity.value}.",
                f"If a person {'exercises' if row.exercises_regularly else 'does not exercise'} regularly, "
                f"known disease is {yes_no[row.known_disease]} and symptoms are {yes_no[row.symptoms]}, the ACSM 2015 "
                f"algorithm says: {row.advice} [{sc.acsm_2015.source}]",
            ),
            "screening_assessment",
            "guidelines:screening.acsm_2015",
        )
    questions = "; ".join(PARQ_QUESTIONS.values())
    yield CptDoc(
        f"PAR-Q+ general questions [{sc.parq_source}]: {questions}. A yes to any means follow-up with a health "
        f"professional before becoming much more active; FitCoach keeps intensity at {sc.parq_max_intensity.value} "
        "until then.",
        "screening_assessment",
        "screening:parq",
    )
    stop, clear, high = sc.bp_no_exercise, sc.bp_clearance_first, sc.bp_hypertension
    yield CptDoc(
        f"Resting blood pressure: {stop.systolic:g}/{stop.diastolic:g} mmHg or more means no exercise until medically "
        f"evaluated; {clear.systolic:g}/{clear.diastolic:g} or more means medical clearance first [{stop.source}]; "
        f"{high.systolic:g}/{high.diastolic:g} or more is treated as hypertension [{high.source}].",
        "screening_assessment",
        "guidelines:screening",
    )
    terms = load_json("screening_terms.json")
    for kind in ("cardiovascular", "metabolic", "renal"):
        yield CptDoc(
            f"Conditions that count as known {kind} disease in ACSM 2015 screening [{terms['source']}]: "
            f"{', '.join(terms[kind])}.",
            "screening_assessment",
            f"screening_terms:{kind}",
        )


RENDERERS: list[Renderer] = [
    nutrition_guidelines,
    food_table,
    recipes,
    weight_management,
    special_populations,
    screening,
]


ACTIVITY_LEVELS: tuple[ActivityLevel, ...] = ("sedentary", "light", "moderate", "very_active", "extra_active")


def energy_tables(rng: random.Random) -> Iterator[CptDoc]:
    """Resting and maintenance energy for a grid of body sizes at every activity level (computed, not quoted)."""
    from fitcoach.domain import energy

    e = guidelines().energy
    for sex, height in (("female", 160), ("female", 170), ("male", 172), ("male", 185)):
        for age in (20, 35, 50, 65, 80):
            weight = rng.choice(range(50, 111, 5))
            resting = energy.resting_energy(weight, height, age, sex)  # type: ignore[arg-type]
            levels = ", ".join(
                f"{_words(level)} {resting * e.activity_factors.factor(level):.0f}" for level in ACTIVITY_LEVELS
            )
            floor = energy.calorie_floor(sex)  # type: ignore[arg-type]
            yield CptDoc(
                f"Energy table for a {age}-year-old {sex}, {height} cm, {weight} kg: resting energy {resting:.0f} "
                f"kcal/day [{e.msj.source}]; maintenance by activity level [{e.activity_factors.source}]: {levels} "
                f"kcal/day. The planning floor is {floor:g} kcal/day [{e.floor_kcal_female.source}].",
                "weight_management",
                "calculators:energy",
            )


def parq_questions(rng: random.Random) -> Iterator[CptDoc]:
    source = guidelines().screening.parq_source
    for key, question in PARQ_QUESTIONS.items():
        yield CptDoc(
            pick(
                rng,
                f"PAR-Q+ asks about {question} [{source}]. A yes calls for follow-up with a health professional "
                "before becoming much more active.",
                f"One PAR-Q+ question ({_words(key)}): {question}? Answering yes means checking with a doctor or "
                f"qualified exercise professional first [{source}].",
            ),
            "screening_assessment",
            f"screening:parq.{key}",
        )


RENDERERS += [energy_tables, parq_questions]

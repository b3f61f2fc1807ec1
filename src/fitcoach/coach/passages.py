"""The knowledge base rendered as short passages that retrieval indexes and the chat cites.

Every passage has a stable id, one citation key (``source``) and a text built from the packaged data:
guideline passages from ``guidelines()`` (numbers and source keys as stored), conditions with what to
avoid and what to prefer, exercises with their technique cues, foods with their nutrients, and the
screening rules. Nothing here is typed by hand twice: change the data and the passages follow.

Exercises and foods have no published source; they cite the project's own catalogues
(``KB-EXERCISES``, ``KB-FOODS``), listed in ``CATALOGUE_SOURCES``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import cache

from fitcoach.domain import knowledge
from fitcoach.domain.knowledge.guidelines import Guidelines, Span, guidelines
from fitcoach.domain.knowledge.triage_terms import triage_terms
from fitcoach.domain.screening import PARQ_QUESTIONS

CATALOGUE_SOURCES: dict[str, str] = {
    "KB-EXERCISES": "FitCoach exercise catalogue (technique cues, muscles, equipment, condition-friendly flags)",
    "KB-FOODS": "FitCoach food table (nutrients per 100 g and per serving)",
}


@dataclass(frozen=True)
class Passage:
    id: str  # stable, e.g. "guideline:protein_exercise" or "exercise:barbell_back_squat"
    kind: str  # guideline, condition, exercise, food, screening
    source: str  # the citation key, e.g. "ISSN-PRO"
    title: str
    text: str
    keywords: str = ""  # extra words for retrieval only, never shown

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def known_sources() -> dict[str, str]:
    """Every key an answer may cite: guideline sources, triage sources and the project catalogues."""
    return {**triage_terms().all_sources(), **CATALOGUE_SOURCES}


def _span(s: Span, unit: str = "") -> str:
    return s.text(unit)


def _pct(s: Span) -> str:
    return f"{s.min * 100:g}-{s.max * 100:g}%"


def _split(text: str) -> tuple[str, str]:
    """``"shown text || retrieval keywords"`` -> (shown, keywords)."""
    shown, _, keywords = text.partition("||")
    return shown.strip(), keywords.strip()


def _g(key: str, source: str, title: str, text: str) -> Passage:
    shown, keywords = _split(text)
    return Passage(id=f"guideline:{key}", kind="guideline", source=source, title=title, text=shown, keywords=keywords)


def _activity(g: Guidelines) -> Iterator[Passage]:
    a = g.activity
    yield _g(
        "activity_adults",
        a.adult_moderate_minutes_week.source,
        "Weekly physical activity for adults",
        f"Adults aged {a.adult_min_age.value:g}-{a.older_adult_age.value - 1:g} should do "
        f"{_span(a.adult_moderate_minutes_week)} minutes a week of moderate aerobic activity, or "
        f"{_span(a.adult_vigorous_minutes_week)} minutes a week of vigorous activity, or an equivalent mix, "
        f"plus muscle-strengthening activity for all major muscle groups on {a.strength_days_week_min.value:g} "
        "or more days a week. || how much exercise per week, cardio minutes, strength days",
    )
    yield _g(
        "activity_older",
        a.older_balance_days_week_min.source,
        "Physical activity for older adults",
        f"Older adults ({a.older_adult_age.value:g} and over) need the same aerobic and strength activity as "
        f"adults, plus multicomponent balance and functional training on {a.older_balance_days_week_min.value:g} "
        "or more days a week to prevent falls. || seniors, elderly, balance",
    )
    yield _g(
        "activity_pregnancy",
        a.pregnancy_moderate_minutes_week_min.source,
        "Exercise during pregnancy",
        f"Without a contraindication, pregnant and postpartum women should get at least "
        f"{a.pregnancy_moderate_minutes_week_min.value:g} minutes a week of moderate aerobic activity. "
        f"Avoid lying flat on the back from trimester {g.special.pregnancy_supine_from_trimester.value:g} on, "
        "contact and fall-risk sports, hot yoga, scuba and heavy maximal lifting; walking, stationary cycling, "
        "swimming, modified resistance training and pelvic-floor work suit pregnancy.",
    )
    yield _g(
        "intensity_hrr",
        a.moderate_hrr.source,
        "Aerobic intensity by heart-rate reserve and RPE",
        f"Moderate intensity is {_pct(a.moderate_hrr)} of heart-rate reserve (HRR), RPE "
        f"{_span(a.moderate_rpe)} on the Borg 6-20 scale; vigorous is {_pct(a.vigorous_hrr)} HRR, RPE "
        f"{_span(a.vigorous_rpe)}. Moderate means you can talk but not sing; vigorous, only a few words.",
    )
    yield _g(
        "intensity_light",
        a.light_hrr.source,
        "Light aerobic intensity",
        f"Light intensity is {_pct(a.light_hrr)} of heart-rate reserve, RPE {_span(a.light_rpe)} on the "
        "Borg 6-20 scale: a good start for deconditioned people and for warm-ups.",
    )


def _heart(g: Guidelines) -> Iterator[Passage]:
    h = g.heart_rate
    yield _g(
        "hrmax",
        h.hrmax_fox.source,
        "Estimating maximal heart rate",
        f"Maximal heart rate (HRmax) is estimated as {h.hrmax_fox.intercept:g} - age, or with the Tanaka "
        f"formula {h.hrmax_tanaka.intercept:g} - {h.hrmax_tanaka.age_factor:g} x age, which is more accurate "
        f"for older adults. Karvonen: target heart rate = resting HR + intensity x (HRmax - resting HR). "
        f"A typical adult resting heart rate is about {h.default_resting_hr.value:g} beats/min. || heart rate zones",
    )


_PRESCRIPTION_TITLES = {
    "strength": "maximal strength",
    "power": "power (multiple-effort events)",
    "power_single": "power (single-effort events)",
    "hypertrophy": "muscle growth (hypertrophy)",
    "endurance": "muscular endurance",
    "general_health": "general health and fitness",
    "older_deconditioned": "older or deconditioned beginners",
}


def _resistance(g: Guidelines) -> Iterator[Passage]:
    r = g.resistance
    for key, p in r.prescriptions.items():
        note = f" Note: {p.load_pct_1rm.note}." if p.load_pct_1rm.note else ""
        yield _g(
            f"prescription_{key}",
            p.load_pct_1rm.source,
            f"Resistance training for {_PRESCRIPTION_TITLES[key]}",
            f"For {_PRESCRIPTION_TITLES[key]}: {_span(p.load_pct_1rm, '% 1RM')}, {_span(p.reps)} reps, "
            f"{_span(p.sets)} sets, {_span(p.rest_seconds)} s rest between sets.{note} "
            f"|| sets, reps and rest for {key.replace('_', ' ')}",
        )
    yield _g(
        "frequency_recovery",
        r.hours_between_same_group.source,
        "How often to train each muscle group",
        f"Train each major muscle group {_span(r.muscle_group_days_week)} days a week, with at least "
        f"{r.hours_between_same_group.value:g} hours between hard sessions for the same muscle group. "
        "|| recovery, rest between workouts, training frequency",
    )
    levels = ", ".join(f"{lvl.value} {_span(s)}" for lvl, s in r.sessions_by_level.items())
    yield _g(
        "sessions_by_level",
        next(iter(r.sessions_by_level.values())).source,
        "Resistance sessions per week by training level",
        f"Resistance-training sessions per week by level: {levels}. Effort by level (RPE out of 10): "
        + ", ".join(f"{lvl.value} {_span(s)}" for lvl, s in r.rpe_by_level.items())
        + ".",
    )
    table = ", ".join(f"{pct:g}% = {reps:g}" for pct, reps in r.pct_1rm_to_reps.table)
    yield _g(
        "pct_1rm_reps",
        r.pct_1rm_to_reps.source,
        "Repetitions possible at a percentage of 1RM",
        f"Repetitions a person can do at a percentage of their one-repetition maximum (1RM): {table}.",
    )
    rir = ", ".join(f"RPE {rpe:g} = {left:g} in reserve" for rpe, left in r.rpe_reps_in_reserve.table)
    yield _g(
        "rpe_rir",
        r.rpe_reps_in_reserve.source,
        "RPE and reps in reserve",
        f"Rating of perceived exertion (RPE, 10-point scale) and reps in reserve (RIR): {rir}.",
    )
    yield _g(
        "one_rm_equations",
        r.epley.source,
        "Estimating a one-rep max (1RM)",
        f"Estimate 1RM from a set of up to {r.one_rm_max_reps.value:g} reps: Epley 1RM = weight x (1 + reps/"
        f"{r.epley.divisor:g}); Brzycki 1RM = weight x {r.brzycki.numerator:g} / ({r.brzycki.denominator:g} - "
        "reps). The two agree closely up to 10 reps; testing a true max is not needed.",
    )
    yield _g(
        "beginner_volume",
        r.beginner_sets_per_muscle_session_max.source,
        "Training volume for beginners",
        f"Beginners: at most {r.beginner_sets_per_muscle_session_max.value:g} sets per muscle group per session. "
        f"{r.beginner_sets_per_muscle_session_max.note}. Intensity classes: light under "
        f"{r.intensity_by_pct_1rm.light_below:g}% 1RM, vigorous from {r.intensity_by_pct_1rm.vigorous_from:g}% 1RM.",
    )
    yield _g(
        "core_dosing",
        r.core_hold_seconds.source,
        "Core training: planks and trunk exercises",
        f"Core and trunk work is dosed for muscular endurance: holds (planks, side planks) of "
        f"{_span(r.core_hold_seconds)} seconds, or {_span(r.core_reps)} reps of dynamic trunk exercises.",
    )


def _progression(g: Guidelines) -> Iterator[Passage]:
    p = g.progression
    yield _g(
        "progression_two_for_two",
        p.two_for_two_extra_reps.source,
        "When to increase the weight (2-for-2 rule)",
        f"Progressive overload: when you can do {p.two_for_two_extra_reps.value:g} more reps than the target on "
        f"the last set in {p.two_for_two_sessions.value:g} sessions in a row, add load: "
        f"{_span(p.upper_increment_kg, ' kg')} ({_span(p.upper_increment_pct, '%')}) for upper-body lifts and "
        f"{_span(p.lower_increment_kg, ' kg')} ({_span(p.lower_increment_pct, '%')}) for lower-body lifts.",
    )
    weekly = ", ".join(f"{lvl.value} {v * 100:g}%" for lvl, v in p.weekly_intensity_increase.by_level.items())
    yield _g(
        "progression_overall",
        p.overall_increment_pct.source,
        "How fast to progress training load",
        f"Raise training load by {_span(p.overall_increment_pct, '%')} at a time. Weekly intensity increase by "
        f"level: {weekly}. After {p.deload_after_missed_sessions.value:g} sessions with falling performance, "
        f"deload: cut the load by {p.deload_load_reduction_pct.value:g}%.",
    )
    yield _g(
        "progression_aerobic",
        p.aerobic_duration_step_minutes.source,
        "Progressing cardio sessions",
        f"Lengthen aerobic sessions by {_span(p.aerobic_duration_step_minutes)} minutes every "
        f"{_span(p.aerobic_step_every_weeks)} weeks during the first {_span(p.aerobic_duration_phase_weeks)} weeks, "
        "before raising intensity.",
    )


def _flexibility_structure(g: Guidelines) -> Iterator[Passage]:
    f, n, s = g.flexibility, g.neuromotor, g.structure
    yield _g(
        "flexibility",
        f.days_week.source,
        "Stretching and flexibility",
        f"Stretch each major muscle group {_span(f.days_week)} days a week: hold static stretches "
        f"{_span(f.hold_seconds)} seconds ({_span(f.hold_seconds_older)} s for older adults), "
        f"{_span(f.repetitions)} repetitions, about {f.total_seconds_per_group.value:g} seconds per muscle group. "
        f"{f.static_stretch_note.note.capitalize()}.",
    )
    yield _g(
        "neuromotor",
        n.days_week.source,
        "Balance and neuromotor training",
        f"Neuromotor (balance, agility, coordination) training: {_span(n.days_week)} days a week, "
        f"{_span(n.minutes)} minutes per session, balance holds of {_span(n.hold_seconds)} seconds.",
    )
    yield _g(
        "session_structure",
        s.warmup_minutes.source,
        "Warm-up, cool-down and rest days",
        f"Warm up for {_span(s.warmup_minutes)} minutes before each session and cool down for "
        f"{_span(s.cooldown_minutes)} minutes after. Beginners need at least {s.beginner_rest_days_week_min.value:g} "
        "full rest day a week and full-body sessions on non-consecutive days.",
    )


def _energy(g: Guidelines) -> Iterator[Passage]:
    e = g.energy
    m = e.msj
    yield _g(
        "resting_energy",
        m.source,
        "Resting energy (Mifflin-St Jeor equation)",
        f"Resting energy expenditure (kcal/day) = {m.weight_kg:g} x weight (kg) + {m.height_cm:g} x height (cm) "
        f"{m.age_years:+g} x age (years) {m.male:+g} for men, {m.female:+g} for women. || BMR, calories at rest",
    )
    af = e.activity_factors
    yield _g(
        "activity_factors",
        af.source,
        "Maintenance calories (TDEE) from activity factors",
        f"Total daily energy expenditure (maintenance calories, TDEE) = resting energy x activity factor: "
        f"sedentary {af.sedentary:g}, light {af.light:g}, moderate {af.moderate:g}, very active {af.very_active:g}, "
        f"extra active {af.extra_active:g}.",
    )
    yield _g(
        "deficit",
        e.deficit_kcal.source,
        "Calorie deficit for fat loss",
        f"For weight loss, a deficit of about {e.deficit_kcal.value:g} kcal a day below maintenance is enough, never "
        f"more than {e.max_deficit_fraction.value:.0%} below it: lose weight gradually, about "
        f"{_span(e.loss_rate_pct_bodyweight_week, '%')} of body weight a week. Never plan below "
        f"{e.floor_kcal_female.value:g} kcal/day for women or {e.floor_kcal_male.value:g} kcal/day for men without "
        "medical supervision.",
    )
    levels = ", ".join(f"{lvl.value} {v:g}" for lvl, v in e.surplus_kcal_by_level.by_level.items())
    yield _g(
        "surplus",
        e.surplus_kcal.source,
        "Calorie surplus for muscle gain",
        f"To gain muscle, eat {_span(e.surplus_kcal)} kcal a day above maintenance (by level: {levels} kcal), "
        f"at most {e.max_surplus_fraction.value:.0%} above maintenance, with resistance training. || bulking",
    )
    k = e.kcal_per_gram
    yield _g(
        "kcal_per_gram",
        k.source,
        "Calories per gram of macronutrient",
        f"Energy per gram: protein {k.protein:g} kcal, carbohydrate {k.carbs:g} kcal, fat {k.fat:g} kcal.",
    )


def _macros(g: Guidelines) -> Iterator[Passage]:
    m = g.macros
    yield _g(
        "protein_needs",
        m.protein_exercise_g_per_kg.source,
        "How much protein per day",
        f"Exercising people need {_span(m.protein_exercise_g_per_kg)} g of protein per kg of body weight a day to "
        f"build and keep muscle, and {_span(m.protein_deficit_g_per_kg)} g/kg in a calorie deficit. With a BMI of "
        f"30 or more, apply g/kg to the weight at BMI {m.protein_reference_bmi.value:g}.",
    )
    yield _g(
        "protein_rda",
        m.protein_rda_g_per_kg.source,
        "Protein RDA for inactive adults",
        f"The recommended dietary allowance (RDA) of protein for adults is {m.protein_rda_g_per_kg.value:g} g per kg "
        "of body weight a day: a minimum for inactive people, not a target for people who train.",
    )
    yield _g(
        "protein_per_meal",
        m.protein_per_meal_g.source,
        "Protein per meal and timing",
        f"Spread protein over the day: {_span(m.protein_per_meal_g, ' g')} per meal "
        f"({_span(m.protein_per_meal_g_per_kg)} g/kg), every {_span(m.protein_meal_interval_hours, ' hours')}.",
    )
    carbs = ", ".join(f"{load} training {_span(s, ' g/kg')}" for load, s in m.carbs_g_per_kg.items())
    yield _g(
        "carbohydrate_needs",
        next(iter(m.carbs_g_per_kg.values())).source,
        "How much carbohydrate per day",
        f"Daily carbohydrate by training load: {carbs} of body weight.",
    )
    yield _g(
        "amdr",
        m.amdr_carbs_pct.source,
        "Macronutrient ranges (AMDR)",
        f"Acceptable macronutrient distribution ranges: carbohydrate {_span(m.amdr_carbs_pct, '%')}, protein "
        f"{_span(m.amdr_protein_pct, '%')}, fat {_span(m.amdr_fat_pct, '%')} of daily energy. || macros split",
    )
    yield _g(
        "hydration",
        m.hydration_pre_ml_per_kg.source,
        "Hydration before and after exercise",
        f"Drink {_span(m.hydration_pre_ml_per_kg, ' ml')} of water per kg of body weight in the "
        f"{m.hydration_pre_hours.value:g} hours before exercise; afterwards drink "
        f"{_span(m.rehydration_l_per_kg_lost, ' l')} for every kg of body weight lost in sweat, gradually over the "
        "next hours. || water intake",
    )
    yield _g(
        "post_workout_nutrition",
        m.post_session_protein_g.source,
        "What to eat after a workout",
        f"After training, eat carbohydrate plus {_span(m.post_session_protein_g, ' g')} of protein within about "
        f"{m.post_session_window_hours.value:g} hours to recover. || post-workout meal",
    )
    b = g.bmi
    yield _g(
        "bmi",
        b.underweight_below.source,
        "Body mass index (BMI) categories",
        f"BMI = weight (kg) / height (m) squared. Underweight below {b.underweight_below.value:g}, normal "
        f"{b.underweight_below.value:g}-{b.overweight_from.value:g}, overweight {b.overweight_from.value:g}-"
        f"{b.obese_from.value:g}, obesity from {b.obese_from.value:g}.",
    )


def _screening(g: Guidelines) -> Iterator[Passage]:
    s, sp = g.screening, g.special
    yield _g(
        "blood_pressure",
        s.bp_no_exercise.source,
        "Blood pressure limits for exercise",
        f"Resting blood pressure of {s.bp_no_exercise.systolic:g}/{s.bp_no_exercise.diastolic:g} mmHg or more: no "
        f"exercise until medically evaluated. {s.bp_clearance_first.systolic:g}/{s.bp_clearance_first.diastolic:g} "
        f"or more: medical clearance first. {s.bp_hypertension.systolic:g}/{s.bp_hypertension.diastolic:g} or more "
        f"is treated as hypertension: moderate loads up to RPE {sp.hypertension_rpe_max.value:g} of 10, "
        "continuous breathing, no breath holding (Valsalva).",
    )
    for i, row in enumerate(s.acsm_2015.rows):
        habit = "exercises regularly" if row.exercises_regularly else "does not exercise regularly"
        disease = {
            None: "",
            True: ", has known cardiovascular, metabolic or renal disease",
            False: ", no known disease",
        }
        signs = ", has signs or symptoms" if row.symptoms else ", no symptoms"
        yield Passage(
            id=f"screening:acsm_2015_{i}",
            kind="screening",
            source=s.acsm_2015.source,
            title="Preparticipation screening (ACSM 2015)",
            text=f"Screening when a person {habit}{disease[row.known_disease]}{signs}: {row.advice} Highest "
            f"intensity for now: {row.max_intensity.value}.",
            keywords="medical clearance",
        )
    questions = "; ".join(PARQ_QUESTIONS.values())
    yield Passage(
        id="screening:parq",
        kind="screening",
        source=s.parq_source,
        title="PAR-Q+ readiness questions",
        text=f"The PAR-Q+ asks about: {questions}. A yes to any means follow-up before becoming much more active.",
    )
    yield _g(
        "diabetes",
        sp.diabetes_max_consecutive_inactive_days.source,
        "Exercise with type 2 diabetes",
        "With type 2 diabetes, combine aerobic and resistance training and go no more than "
        f"{sp.diabetes_max_consecutive_inactive_days.value:g} consecutive days without activity; do not exercise "
        "with very high blood glucose and symptoms.",
    )
    yield _g(
        "minors",
        sp.minor_age_max.source,
        "Training for people under 18",
        f"People aged {sp.minor_age_max.value:g} or younger: {sp.minor_age_max.note}; no calorie deficit is "
        "planned, since growth needs energy. Supervised strength training suits young people too: learn technique "
        "with light loads and progress gradually. || teenagers, youth training",
    )


def guideline_passages() -> list[Passage]:
    g = guidelines()
    parts = (_activity, _heart, _resistance, _progression, _flexibility_structure, _energy, _macros, _screening)
    return [p for part in parts for p in part(g)]


def condition_passages() -> list[Passage]:
    friendly: dict[str, list[str]] = {}
    for e in knowledge.exercises().values():
        for cid in e.friendly_for:
            friendly.setdefault(cid.value, []).append(e.name)
    out = []
    for cid, info in knowledge.conditions().items():
        names = ", ".join(sorted(friendly.get(cid.value, []))[:8])
        extra = f" Catalogue exercises marked friendly: {names}." if names else ""
        out.append(
            Passage(
                id=f"condition:{cid.value}",
                kind="condition",
                source=info.source,
                title=info.name,
                text=f"{info.name}. Avoid: {info.avoid_text} Prefer: {info.prefer_text}{extra}",
                keywords=", ".join(info.synonyms),
            )
        )
    return out


def exercise_passages() -> list[Passage]:
    out = []
    for e in knowledge.exercises().values():
        aliases = f" (also called {', '.join(e.aliases)})" if e.aliases else ""
        muscles = ", ".join(m.value.replace("_", " ") for m in e.primary_muscles)
        kit = ", ".join(x.value.replace("_", " ") for x in e.equipment)
        out.append(
            Passage(
                id=f"exercise:{e.id}",
                kind="exercise",
                source="KB-EXERCISES",
                title=e.name,
                text=f"{e.name}{aliases}: {'an' if e.level.value[0] in 'aeiou' else 'a'} {e.level.value} "
                f"{e.modality.value} exercise "
                f"({e.pattern.value.replace('_', ' ')} pattern) for the {muscles}; equipment: {kit}. "
                f"How to do it: {'. '.join(c.rstrip('.') for c in e.cues)}.",
            )
        )
    return out


def food_passages() -> list[Passage]:
    out = []
    for f in knowledge.foods().values():
        n = f.per_100g
        diets = f", suits {', '.join(t.value for t in f.diet_tags)}" if f.diet_tags else ""
        out.append(
            Passage(
                id=f"food:{f.id}",
                kind="food",
                source="KB-FOODS",
                title=f.name,
                text=f"{f.name} per 100 g: {n.kcal:g} kcal, {n.protein_g:g} g protein, {n.carbs_g:g} g carbohydrate, "
                f"{n.fat_g:g} g fat, {n.fibre_g:g} g fibre. A serving is {f.serving_desc}{diets}.",
            )
        )
    return out


def supplement_passages() -> list[Passage]:
    """Daily limits of the supplements the triage checks (creatine, caffeine, ...), from the triage data."""
    return [
        Passage(
            id=f"supplement:{d.substance.lower().replace(' ', '_')}",
            kind="supplement",
            source=d.source,
            title=f"{d.substance.capitalize()} dose",
            text=f"{d.substance.capitalize()}: {d.note}. Do not exceed {d.max_per_day:g} {d.unit} a day; more adds "
            "risk, not benefit. Check supplements with a doctor or pharmacist if you take medication or have a "
            "condition.",
            keywords=f"{' '.join(d.names)} supplement how much safe dose",
        )
        for d in triage_terms().dose_limits
    ]


@cache
def all_passages() -> tuple[Passage, ...]:
    """Every passage of the knowledge base, in a stable order (guidelines first)."""
    return (
        *guideline_passages(),
        *condition_passages(),
        *supplement_passages(),
        *exercise_passages(),
        *food_passages(),
    )


def passages_by_id() -> dict[str, Passage]:
    return {p.id: p for p in all_passages()}


def passages_digest(passages: tuple[Passage, ...]) -> str:
    """A short hash of the passages' content: the retrieval cache key changes when the data does."""
    blob = json.dumps([p.as_dict() for p in passages], sort_keys=True).encode("utf-8")
    return hashlib.sha256(blob).hexdigest()[:16]

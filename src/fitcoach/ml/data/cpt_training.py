"""CPT renderers for training: physiology (heart rate, intensity), prescription, strength and injuries."""

from __future__ import annotations

import random
from collections.abc import Iterator

from fitcoach.domain import heart, knowledge
from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.knowledge.records import Exercise
from fitcoach.domain.vocab import Intensity
from fitcoach.ml.data.cpt import CptDoc, Renderer, pick
from fitcoach.ml.data.reasoning import article


def _words(value: str) -> str:
    return value.replace("_", " ")


def heart_rate_zones(rng: random.Random) -> Iterator[CptDoc]:
    """Karvonen zones for a range of ages and resting heart rates, computed by ``heart.zones``."""
    g = guidelines()
    fox, tanaka = g.heart_rate.hrmax_fox, g.heart_rate.hrmax_tanaka
    yield CptDoc(
        f"Maximal heart rate is estimated as {fox.intercept:g} - age [{fox.source}], or with the Tanaka formula "
        f"{tanaka.intercept:g} - {tanaka.age_factor:g} x age, which is more accurate for older adults "
        f"[{tanaka.source}]. The Karvonen method sets a target as resting HR + intensity x (HRmax - resting HR); "
        f"the difference HRmax - resting HR is the heart-rate reserve (HRR). Without a measured resting heart rate "
        f"FitCoach assumes {g.heart_rate.default_resting_hr.value:g} bpm [{g.heart_rate.default_resting_hr.source}].",
        "exercise_physiology",
        "guidelines:heart_rate",
    )
    for intensity in Intensity:
        hrr = g.activity.hrr(intensity)
        rpe = {"light": g.activity.light_rpe, "moderate": g.activity.moderate_rpe, "vigorous": g.activity.vigorous_rpe}[
            intensity.value
        ]
        yield CptDoc(
            pick(
                rng,
                f"{intensity.value.capitalize()} intensity means {hrr.min:.0%}-{hrr.max:.0%} of heart-rate reserve "
                f"[{hrr.source}] and an RPE of {rpe.text()} on the Borg 6-20 scale [{rpe.source}].",
                f"On the Borg 6-20 scale, {intensity.value} effort feels like {rpe.text()} [{rpe.source}]; by heart "
                f"rate it is {hrr.min:.0%} to {hrr.max:.0%} of the reserve [{hrr.source}].",
            ),
            "exercise_physiology",
            "guidelines:activity",
        )
    for age in range(18, 90):
        rest = rng.choice((50, 55, 60, 65, 70, 75, 80, 85))
        zones = heart.zones(age, rest)
        formula = "Tanaka" if age >= g.activity.older_adult_age.value else "220 - age"
        rows = "; ".join(f"{z.intensity.value} {z.low_bpm}-{z.high_bpm} bpm" for z in zones)
        yield CptDoc(
            f"Heart-rate zones for age {age} with a resting heart rate of {rest} bpm (HRmax by {formula}, Karvonen "
            f"method [{g.activity.moderate_hrr.source}]): {rows}.",
            "exercise_physiology",
            "calculators:heart.zones",
        )


def activity_volume(rng: random.Random) -> Iterator[CptDoc]:
    a = guidelines().activity
    yield CptDoc(
        pick(
            rng,
            f"Adults from {a.adult_min_age.value:g} should accumulate {a.adult_moderate_minutes_week.text()} minutes "
            f"of moderate aerobic activity a week or {a.adult_vigorous_minutes_week.text()} minutes of vigorous "
            f"activity [{a.adult_moderate_minutes_week.source}], plus muscle-strengthening work on "
            f"{a.strength_days_week_min.value:g} or more days [{a.strength_days_week_min.source}].",
            f"The weekly aerobic dose for adults is {a.adult_moderate_minutes_week.text()} min moderate or "
            f"{a.adult_vigorous_minutes_week.text()} min vigorous [{a.adult_vigorous_minutes_week.source}]; "
            f"strength training for all major muscle groups at least {a.strength_days_week_min.value:g} days a week.",
        ),
        "exercise_prescription",
        "guidelines:activity",
    )


def prescriptions(rng: random.Random) -> Iterator[CptDoc]:
    """FITT by goal: the resistance prescriptions, training frequency by level, structure and flexibility."""
    g = guidelines()
    r = g.resistance
    for key, p in r.prescriptions.items():
        yield CptDoc(
            pick(
                rng,
                f"Resistance prescription for {_words(key)}: {p.load_pct_1rm.text('% 1RM')}, {p.reps.text()} reps, "
                f"{p.sets.text()} sets, {p.rest_seconds.text(' s')} rest between sets, {p.intensity.value} intensity "
                f"[{p.load_pct_1rm.source}].",
                f"Training for {_words(key)} uses loads of {p.load_pct_1rm.text('%')} of 1RM for {p.reps.text()} "
                f"repetitions and {p.sets.text()} sets, resting {p.rest_seconds.text(' seconds')} [{p.reps.source}].",
            ),
            "exercise_prescription",
            f"guidelines:resistance.prescriptions.{key}",
        )
    levels = "; ".join(f"{lv.value} {span.text()} sessions a week" for lv, span in r.sessions_by_level.items())
    s, f, n = g.structure, g.flexibility, g.neuromotor
    yield CptDoc(
        f"Frequency by training status [{r.muscle_group_days_week.source}]: {levels}. Train each muscle group "
        f"{r.muscle_group_days_week.text()} days a week with at least {r.hours_between_same_group.value:g} h between "
        f"sessions for the same group [{r.hours_between_same_group.source}].",
        "exercise_prescription",
        "guidelines:resistance",
    )
    yield CptDoc(
        f"Every session starts with a {s.warmup_minutes.text()} minute warm-up and ends with a "
        f"{s.cooldown_minutes.text()} minute cool-down [{s.warmup_minutes.source}]. Flexibility work: "
        f"{f.days_week.text()} days a week, static holds of {f.hold_seconds.text(' s')} "
        f"({f.hold_seconds_older.text(' s')} for older adults), {f.repetitions.text()} repetitions, about "
        f"{f.total_seconds_per_group.value:g} s per muscle group [{f.days_week.source}]. Neuromotor training: "
        f"{n.days_week.text()} days a week, {n.minutes.text()} minutes [{n.minutes.source}].",
        "exercise_prescription",
        "guidelines:structure",
    )
    prog = g.progression
    yield CptDoc(
        f"Progression. The 2-for-2 rule [{prog.two_for_two_sessions.source}]: when the last set beats the target "
        "reps by "
        f"{prog.two_for_two_extra_reps.value:g} or more in {prog.two_for_two_sessions.value:g} sessions in a row, "
        "raise the "
        f"load. Upper-body lifts go up by {prog.upper_increment_pct.text('%')} "
        f"({prog.upper_increment_kg.text(' kg')}), "
        f"lower-body lifts by {prog.lower_increment_pct.text('%')} ({prog.lower_increment_kg.text(' kg')}) "
        f"[{prog.lower_increment_pct.source}]; {prog.overall_increment_pct.text('%')} overall "
        f"[{prog.overall_increment_pct.source}]. "
        f"Aerobic work grows by {prog.aerobic_duration_step_minutes.text(' min')} per session every "
        f"{prog.aerobic_step_every_weeks.text()} weeks over the first {prog.aerobic_duration_phase_weeks.text()} weeks "
        f"[{prog.aerobic_duration_step_minutes.source}]. After {prog.deload_after_missed_sessions.value:g} missed "
        "sessions "
        "in "
        f"a row, deload by {prog.deload_load_reduction_pct.value:g}% [{prog.deload_load_reduction_pct.source}].",
        "exercise_prescription",
        "guidelines:progression",
    )


def strength_tables(rng: random.Random) -> Iterator[CptDoc]:
    r = guidelines().resistance
    rows = ", ".join(f"{pct:g}% = {reps:g}" for pct, reps in r.pct_1rm_to_reps.table)
    rir = ", ".join(f"RPE {rpe:g} = {left:g} in reserve" for rpe, left in r.rpe_reps_in_reserve.table)
    yield CptDoc(
        f"Repetitions possible at each %1RM [{r.pct_1rm_to_reps.source}]: {rows}.",
        "strength_conditioning",
        "guidelines:resistance",
    )
    yield CptDoc(
        f"RPE and reps in reserve [{r.rpe_reps_in_reserve.source}]: {rir}. Working bands by level: "
        + "; ".join(f"{lv.value} RPE {span.text()}" for lv, span in r.rpe_by_level.items())
        + ".",
        "strength_conditioning",
        "guidelines:resistance",
    )
    yield CptDoc(
        f"Estimating 1RM from a set of w kg for r reps (r up to {r.one_rm_max_reps.value:g}): Epley 1RM = w x (1 + "
        f"r/{r.epley.divisor:g}) [{r.epley.source}]; Brzycki 1RM = w x {r.brzycki.numerator:g} / "
        f"({r.brzycki.denominator:g} - r) [{r.brzycki.source}].",
        "strength_conditioning",
        "guidelines:resistance",
    )


def _exercise_text(e: Exercise, rng: random.Random) -> str:
    muscles = ", ".join(_words(m) for m in e.primary_muscles)
    secondary = ", ".join(_words(m) for m in e.secondary_muscles)
    equipment = ", ".join(_words(x) for x in e.equipment)
    parts = [
        pick(
            rng,
            f"{e.name} is {article(e.level.value)} {e.level.value}-level {_words(e.pattern.value)} exercise "
            f"({e.mechanic.value}, {e.modality.value}) that works the {muscles}",
            f"The {e.name} trains the {muscles}; it is {article(e.mechanic.value)} {e.mechanic.value} "
            f"{_words(e.pattern.value)} movement for "
            f"{e.level.value}s",
        )
        + (f", with the {secondary} assisting." if secondary else "."),
        f"Equipment: {equipment}." + (f" Also called {', '.join(e.aliases)}." if e.aliases else ""),
        "Coaching cues: " + " ".join(c if c.endswith(".") else c + "." for c in e.cues),
    ]
    if e.stress_tags:
        parts.append(f"Joint stress: {', '.join(_words(t) for t in e.stress_tags)}.")
    if e.friendly_for:
        names = ", ".join(knowledge.conditions()[c].name.lower() for c in e.friendly_for)
        parts.append(f"A good choice with {names}.")
    return " ".join(parts)


def exercise_catalogue(rng: random.Random) -> Iterator[CptDoc]:
    for e in sorted(knowledge.exercises().values(), key=lambda x: x.id):
        yield CptDoc(_exercise_text(e, rng), "strength_conditioning", f"exercises:{e.id}")


def conditions_and_substitutes(rng: random.Random) -> Iterator[CptDoc]:
    """Each condition's avoid/prefer lists, what people call it, and the catalogue exercises that suit it."""
    exercises = sorted(knowledge.exercises().values(), key=lambda x: x.id)
    for cid, info in knowledge.conditions().items():
        avoid = set(info.avoid_tags)
        friendly = [e.name for e in exercises if cid in e.friendly_for and not avoid & set(e.stress_tags)]
        shown = rng.sample(friendly, min(len(friendly), 12))
        subdomain = (
            "special_populations"
            if cid.value in ("pregnancy", "hypertension", "type2_diabetes", "osteoporosis")
            else "injury_rehab"
        )
        yield CptDoc(
            f"{info.name}: avoid {info.avoid_text[0].lower()}{info.avoid_text[1:]} Prefer "
            f"{info.prefer_text[0].lower()}{info.prefer_text[1:]} [{info.source}] People describe it as: "
            f"{', '.join(info.synonyms[:10])}. Catalogue exercises that suit it: {', '.join(shown)}.",
            subdomain,
            f"conditions:{cid.value}",
        )
    groups: dict[str, list[Exercise]] = {}
    for e in exercises:
        groups.setdefault(e.substitution_group, []).append(e)
    for group, members in sorted(groups.items()):
        if len(members) < 2:
            continue
        names = ", ".join(f"{m.name} ({m.level.value}, {', '.join(_words(x) for x in m.equipment)})" for m in members)
        yield CptDoc(
            pick(
                rng,
                f"Interchangeable exercises ({_words(group)}): {names}.",
                f"Substitutes in the {_words(group)} family: {names}.",
            ),
            "injury_rehab",
            f"substitution_groups:{group}",
        )


RENDERERS: list[Renderer] = [
    heart_rate_zones,
    activity_volume,
    prescriptions,
    strength_tables,
    exercise_catalogue,
    conditions_and_substitutes,
]

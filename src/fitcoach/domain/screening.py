"""Preparticipation screening: ACSM 2015 algorithm, PAR-Q+ answers and resting blood pressure.

The outcome says whether medical clearance is needed, the highest intensity allowed now, and the
reasons, each with the source key it rests on. The ACSM table lives in the guideline data, one row
per line of the published table, and is matched row by row here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from fitcoach.domain.knowledge import load_json
from fitcoach.domain.knowledge.guidelines import Clearance, ScreeningRow, guidelines
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.vocab import INTENSITY_ORDER, Intensity

# How strongly each clearance outcome restricts, for combining several findings.
_CLEARANCE_RANK: dict[Clearance, int] = {"none": 0, "before_vigorous": 1, "before_starting": 2, "stop_and_clear": 3}

PARQ_QUESTIONS: dict[str, str] = {
    "heart_condition_or_high_bp": "a diagnosed heart condition or high blood pressure",
    "chest_pain": "chest pain at rest, in daily activities or during activity",
    "dizziness_or_fainting": "losing balance from dizziness or losing consciousness in the last 12 months",
    "other_chronic_condition": "another diagnosed chronic condition",
    "prescribed_medication": "prescribed medication for a chronic condition",
    "bone_joint_problem": "a bone, joint or soft-tissue problem that activity could worsen",
    "supervised_only": "a doctor said to exercise only under medical supervision",
}


@dataclass(frozen=True)
class Reason:
    text: str
    source: str


@dataclass(frozen=True)
class ScreeningOutcome:
    clearance: Clearance
    max_intensity: Intensity
    start_intensity: Intensity
    reasons: tuple[Reason, ...]
    known_disease: bool
    symptoms: bool
    exercises_regularly: bool
    parq_yes: tuple[str, ...] = field(default=())

    @property
    def needs_clearance(self) -> bool:
        return self.clearance in ("before_starting", "stop_and_clear")

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.source for r in self.reasons))

    def as_dict(self) -> dict[str, object]:
        return {
            "clearance": self.clearance,
            "needs_clearance": self.needs_clearance,
            "max_intensity": self.max_intensity.value,
            "start_intensity": self.start_intensity.value,
            "exercises_regularly": self.exercises_regularly,
            "known_disease": self.known_disease,
            "symptoms": self.symptoms,
            "parq_yes": list(self.parq_yes),
            "reasons": [{"text": r.text, "source": r.source} for r in self.reasons],
        }


@cache
def _terms() -> dict[str, frozenset[str]]:
    data = load_json("screening_terms.json")
    return {k: frozenset(v) for k, v in data.items() if isinstance(v, list)}


def _normalise(text: str) -> str:
    return re.sub(r"[^a-z0-9' ]+", " ", text.lower()).strip()


def disease_kinds(texts: list[str]) -> list[str]:
    """Which ACSM disease kinds (cardiovascular, metabolic, renal) free-text conditions name."""
    found = []
    for kind in ("cardiovascular", "metabolic", "renal"):
        terms = _terms()[kind]
        for text in texts:
            norm = f" {_normalise(text)} "
            if any(f" {term} " in norm for term in terms):
                found.append(kind)
                break
    return found


def _real_answers(texts: list[str]) -> list[str]:
    skip = {_normalise(t) for t in _terms()["no_answer"]}
    return [t for t in texts if _normalise(t) and _normalise(t) not in skip]


def acsm_row(exercises_regularly: bool, known_disease: bool, symptoms: bool) -> ScreeningRow:
    """The row of the ACSM 2015 table that these three answers select."""
    for row in guidelines().screening.acsm_2015.rows:
        if (
            row.exercises_regularly == exercises_regularly
            and row.symptoms == symptoms
            and (row.known_disease is None or row.known_disease == known_disease)
        ):
            return row
    raise AssertionError("the ACSM 2015 table covers every combination")


def screen(profile: UserProfile) -> ScreeningOutcome:
    g = guidelines().screening
    health = profile.health
    reasons: list[Reason] = []
    acsm_source = g.acsm_2015.source

    regular = health.exercises_regularly
    if regular is None:
        # Not knowing is treated as "no": the safer row of the table.
        regular = False
        reasons.append(Reason("Current exercise habits not given; screened as not exercising regularly.", acsm_source))

    condition_texts = list(health.known_conditions) + list(profile.constraints.injuries)
    kinds = disease_kinds(condition_texts)
    parq = health.parq
    parq_yes = tuple(parq.yes_answers()) if parq else ()
    symptom_texts = _real_answers(list(health.symptoms))
    symptoms = bool(symptom_texts) or "chest_pain" in parq_yes or "dizziness_or_fainting" in parq_yes
    known = bool(kinds)

    row = acsm_row(regular, known, symptoms)
    clearance: Clearance = row.clearance
    max_intensity = row.max_intensity
    start_intensity = row.start_intensity
    if known:
        reasons.append(Reason(f"Known {', '.join(kinds)} disease reported.", acsm_source))
    if symptoms:
        listed = ", ".join(symptom_texts) or "symptoms reported in the PAR-Q+"
        reasons.append(Reason(f"Signs or symptoms reported: {listed}.", acsm_source))
    row_advice = Reason(row.advice, acsm_source)
    reasons.append(row_advice)

    def tighten(new_clearance: Clearance, cap: Intensity) -> None:
        nonlocal clearance, max_intensity, start_intensity
        if _CLEARANCE_RANK[new_clearance] > _CLEARANCE_RANK[clearance]:
            clearance = new_clearance
        if INTENSITY_ORDER[cap] < INTENSITY_ORDER[max_intensity]:
            max_intensity = cap
        if INTENSITY_ORDER[start_intensity] > INTENSITY_ORDER[max_intensity]:
            start_intensity = max_intensity

    if parq_yes:
        asked = "; ".join(PARQ_QUESTIONS[q] for q in parq_yes)
        reasons.append(
            Reason(
                f"PAR-Q+ answered yes to: {asked}. Follow up with a health professional before "
                "becoming much more active.",
                g.parq_source,
            )
        )
        tighten("before_vigorous", g.parq_max_intensity)
        if "supervised_only" in parq_yes:
            tighten("before_starting", Intensity.LIGHT)

    bp = health.resting_bp
    if bp is not None:
        stop, clear = g.bp_no_exercise, g.bp_clearance_first
        if bp.systolic >= stop.systolic or bp.diastolic >= stop.diastolic:
            reasons.append(
                Reason(
                    f"Resting blood pressure {bp.systolic}/{bp.diastolic} mmHg is at or above "
                    f"{stop.systolic:g}/{stop.diastolic:g}: no exercise until medically evaluated.",
                    stop.source,
                )
            )
            tighten("stop_and_clear", Intensity.LIGHT)
        elif bp.systolic >= clear.systolic or bp.diastolic >= clear.diastolic:
            reasons.append(
                Reason(
                    f"Resting blood pressure {bp.systolic}/{bp.diastolic} mmHg is at or above "
                    f"{clear.systolic:g}/{clear.diastolic:g}: medical clearance first.",
                    clear.source,
                )
            )
            tighten("before_starting", Intensity.MODERATE)

    desired = health.desired_intensity
    if desired is not None and INTENSITY_ORDER[desired] < INTENSITY_ORDER[max_intensity]:
        tighten(clearance, desired)
        reasons.append(Reason(f"Intensity kept at or below the {desired.value} level you asked for.", acsm_source))

    if clearance != row.clearance:
        # A stricter rule (PAR-Q+, blood pressure) overrode the table row: its advice ("no medical
        # clearance needed", say) would contradict the outcome, so only the stricter reasons remain.
        reasons.remove(row_advice)
    return ScreeningOutcome(
        clearance=clearance,
        max_intensity=max_intensity,
        start_intensity=start_intensity,
        reasons=tuple(reasons),
        known_disease=known,
        symptoms=symptoms,
        exercises_regularly=regular,
        parq_yes=parq_yes,
    )

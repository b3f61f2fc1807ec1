"""Everything the planner and the verifier derive from a profile before choosing anything.

Built once per profile: screening outcome, conditions and the stress tags they rule out, the
intensity cap, the resistance prescription for the goal, and flags for older adults, minors and
conservative plans. The verifier builds the same context, so both judge a plan by the same facts.
"""

from __future__ import annotations

from dataclasses import dataclass

from fitcoach.domain import catalogue, knowledge
from fitcoach.domain.feedback import FeedbackSummary, summarise
from fitcoach.domain.knowledge.guidelines import Prescription, PrescriptionKey, guidelines
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.screening import ScreeningOutcome, screen
from fitcoach.domain.vocab import (
    INTENSITY_ORDER,
    ConditionId,
    Equipment,
    FitnessLevel,
    Goal,
    Intensity,
    StressTag,
)

# Goals in the order they decide the resistance prescription when a person names several.
GOAL_PRESCRIPTION: dict[Goal, PrescriptionKey] = {
    Goal.STRENGTH_INCREASE: "strength",
    Goal.POWER: "power",
    Goal.MUSCLE_GAIN: "hypertrophy",
    Goal.ENDURANCE_IMPROVEMENT: "endurance",
    Goal.WEIGHT_LOSS: "general_health",
    Goal.GENERAL_FITNESS: "general_health",
    Goal.FLEXIBILITY: "general_health",
}

# Extra tags ruled out for a conservative plan (an unrecognised condition, clearance pending) and for
# people under 18: no maximal lifts, no jumping, nothing with a fall risk.
CONSERVATIVE_TAGS = frozenset(
    {StressTag.MAX_EFFORT, StressTag.JUMPING, StressTag.RUNNING, StressTag.FALL_RISK, StressTag.VALSALVA}
)
# Light sessions have no impact work.
LIGHT_TAGS = frozenset({StressTag.JUMPING, StressTag.RUNNING, StressTag.MAX_EFFORT})
MINOR_TAGS = frozenset({StressTag.MAX_EFFORT})


@dataclass(frozen=True)
class PlanContext:
    profile: UserProfile
    level: FitnessLevel
    screening: ScreeningOutcome
    conditions: frozenset[ConditionId]
    unrecognised: tuple[str, ...]
    trimester: int | None
    avoid: frozenset[StressTag]
    cap: Intensity
    prescription_key: PrescriptionKey
    older: bool
    minor: bool
    conservative: bool
    feedback: FeedbackSummary
    kit: frozenset[Equipment]

    @property
    def prescription(self) -> Prescription:
        return guidelines().resistance.prescriptions[self.prescription_key]

    @property
    def goals(self) -> tuple[Goal, ...]:
        return tuple(self.profile.goals)

    def wants(self, *goals: Goal) -> bool:
        return any(g in self.profile.goals for g in goals)

    def likes(self, *activities: str) -> bool:
        return any(a in self.profile.preferences.preferred_activities for a in activities)

    @property
    def rpe_max(self) -> float:
        """Highest RPE (10-point scale) allowed for resistance work."""
        g = guidelines()
        top = g.resistance.rpe_by_level[self.level].max
        if ConditionId.HYPERTENSION in self.conditions:
            top = min(top, g.special.hypertension_rpe_max.value)
        return top


def _min_intensity(a: Intensity, b: Intensity) -> Intensity:
    return a if INTENSITY_ORDER[a] <= INTENSITY_ORDER[b] else b


def expected_training_days(profile: UserProfile) -> int:
    """Sessions a week: as asked, except that beginners always keep at least one full rest day."""
    asked = profile.preferences.days_per_week
    if profile.personal_info.fitness_level is FitnessLevel.BEGINNER:
        rest_min = int(guidelines().structure.beginner_rest_days_week_min.value)
        return min(asked, 7 - rest_min)
    return asked


def prescription_key(
    goals: tuple[Goal, ...], level: FitnessLevel, cap: Intensity, older_deconditioned: bool, minor: bool
) -> PrescriptionKey:
    g = guidelines().resistance.prescriptions
    key: PrescriptionKey = GOAL_PRESCRIPTION[goals[0]] if goals else "general_health"
    for goal in goals:  # the most specific resistance goal wins over general ones
        candidate = GOAL_PRESCRIPTION[goal]
        if candidate != "general_health":
            key = candidate
            break
    if level is FitnessLevel.BEGINNER and key in ("strength", "power", "hypertrophy"):
        key = "general_health"  # novices: 60-70% 1RM, 8-12 reps (ACSM-GETP)
    if minor and key in ("strength", "power"):
        key = "hypertrophy" if level is not FitnessLevel.BEGINNER else "general_health"
    if older_deconditioned:
        key = "older_deconditioned"
    if INTENSITY_ORDER[g[key].intensity] > INTENSITY_ORDER[cap]:
        key = (
            "general_health"
            if INTENSITY_ORDER[g["general_health"].intensity] <= INTENSITY_ORDER[cap]
            else ("older_deconditioned")
        )
    return key


def build_context(profile: UserProfile) -> PlanContext:
    g = guidelines()
    outcome = screen(profile)
    summary = catalogue.profile_conditions(profile)
    age = profile.personal_info.age
    older = age >= g.activity.older_adult_age.value
    minor = age <= g.special.minor_age_max.value
    level = profile.personal_info.fitness_level
    conservative = bool(summary.unrecognised) or outcome.needs_clearance
    cap = outcome.max_intensity
    if outcome.needs_clearance:
        cap = Intensity.LIGHT  # until cleared, the plan stays light
    if summary.unrecognised:
        cap = _min_intensity(cap, Intensity.MODERATE)
    for condition in (ConditionId.PREGNANCY, ConditionId.HYPERTENSION):
        if condition in summary.conditions:
            cap = _min_intensity(cap, Intensity.MODERATE)
    avoid = catalogue.avoided_tags(summary.conditions, summary.pregnancy_trimester)
    if conservative:
        avoid |= CONSERVATIVE_TAGS
    if minor:
        avoid |= MINOR_TAGS
    if cap is Intensity.LIGHT:
        avoid |= LIGHT_TAGS
    deconditioned = older and (level is FitnessLevel.BEGINNER or not outcome.exercises_regularly)
    return PlanContext(
        profile=profile,
        level=FitnessLevel.BEGINNER if outcome.needs_clearance else level,
        screening=outcome,
        conditions=summary.conditions,
        unrecognised=summary.unrecognised,
        trimester=summary.pregnancy_trimester,
        avoid=frozenset(avoid),
        cap=cap,
        prescription_key=prescription_key(tuple(profile.goals), level, cap, deconditioned, minor),
        older=older,
        minor=minor,
        conservative=conservative,
        feedback=summarise(profile),
        kit=knowledge.equipment_in(profile.preferences.equipment_access),
    )

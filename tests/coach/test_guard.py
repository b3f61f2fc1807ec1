"""The guard: hand-made bad plans are repaired or replaced, and whatever comes out verifies clean."""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import pytest

from fitcoach.coach.generator import EngineGenerator, GenerationResult
from fitcoach.coach.guard import GuardedPlan, guard_result, guarded_plan
from fitcoach.domain import energy, knowledge
from fitcoach.domain.catalogue import avoided_tags, find_exercise, is_safe
from fitcoach.domain.context import build_context
from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.planner import build_plan
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.sampling import random_profile
from fitcoach.domain.verify import errors, verify
from fitcoach.domain.vocab import ConditionId, Intensity


def _model_result(plan: dict[str, Any] | None, raw_text: str | None = None) -> GenerationResult:
    return GenerationResult(plan=plan, backend="model", raw_text=raw_text)


def _clean(profile: UserProfile, guarded: GuardedPlan) -> None:
    """Every outcome is re-verified: no error-severity violation may reach the person."""
    assert errors(verify(profile, guarded.plan)) == []
    assert errors(guarded.remaining) == []
    assert guarded.notes


class _Stub:
    """A generator that returns a fixed result, as a model backend would."""

    name = "model"

    def __init__(self, result: GenerationResult) -> None:
        self.result = result

    def generate(self, profile: UserProfile) -> GenerationResult:
        return self.result


@pytest.fixture
def knee(intermediate_gym_knee: dict[str, Any]) -> UserProfile:
    return UserProfile.model_validate(intermediate_gym_knee)


def _insert_knee_risk(plan: dict[str, Any]) -> tuple[str, str, str]:
    """Swap the first exercise that has a knee-contraindicated sibling for that sibling.

    Returns (path, the contraindicated exercise's id, the exercise it replaced)."""
    knee_tags = avoided_tags({ConditionId.KNEE})
    for i, day in enumerate(plan["workout_plan"]["weekly_schedule"]):
        for j, item in enumerate(day["exercises"]):
            ex = knowledge.exercises()[item["id"]]
            risky = sorted(
                (
                    e
                    for e in knowledge.exercises().values()
                    if e.substitution_group == ex.substitution_group and not is_safe(e, knee_tags)
                ),
                key=lambda e: e.id,
            )
            if risky:
                item.update(name=risky[0].name, id=risky[0].id)
                return f"workout_plan.weekly_schedule[{i}].exercises[{j}]", risky[0].id, ex.id
    raise AssertionError("no exercise with a knee-contraindicated sibling in the plan")


def test_engine_plan_passes_straight_through(knee: UserProfile) -> None:
    guarded = guarded_plan(knee, EngineGenerator(seed=2))
    assert guarded.outcome == "accepted"
    assert guarded.plan == build_plan(knee, seed=2)
    _clean(knee, guarded)


def test_clean_model_plan_is_accepted_unchanged(knee: UserProfile) -> None:
    plan = build_plan(knee, seed=1)
    guarded = guarded_plan(knee, _Stub(_model_result(None, raw_text="Here you go:\n" + json.dumps(plan))))
    assert guarded.outcome == "accepted"
    assert guarded.plan == plan
    assert "passed the verifier" in guarded.notes[0]


def test_compact_model_plan_is_expanded_and_accepted(knee: UserProfile) -> None:
    """A model trained on the compact form: the guard fills in the catalogue fields and says so."""
    from fitcoach.domain.compact import compact_plan

    plan = build_plan(knee, seed=1)
    guarded = guarded_plan(knee, _Stub(_model_result(None, raw_text=json.dumps(compact_plan(plan)))))
    assert guarded.outcome == "accepted"
    assert guarded.plan["workout_plan"] == plan["workout_plan"]
    assert "compact plan" in guarded.notes[0] and "passed the verifier" in guarded.notes[1]
    _clean(knee, guarded)


def test_contraindicated_exercise_is_swapped_for_a_knee_friendly_substitute(knee: UserProfile) -> None:
    plan = build_plan(knee)
    path, risky, _ = _insert_knee_risk(plan)
    assert "contraindicated_exercise" in {v.code for v in errors(verify(knee, plan))}

    guarded = guard_result(knee, _model_result(plan))

    assert guarded.outcome == "repaired"
    assert any(v.code == "contraindicated_exercise" and v.path == path for v in guarded.violations)
    day, j = path.split(".exercises[")
    item = guarded.plan["workout_plan"]["weekly_schedule"][int(day.split("[")[1].rstrip("]"))]["exercises"][int(j[:-1])]
    new = find_exercise(item["id"])
    assert new is not None and new.id != risky
    assert is_safe(new, avoided_tags({ConditionId.KNEE}))
    assert new.substitution_group == knowledge.exercises()[risky].substitution_group
    assert item["name"] == new.name
    assert any(knowledge.exercises()[risky].name in n and new.name in n for n in guarded.notes)
    assert plan["workout_plan"]["weekly_schedule"] != guarded.plan["workout_plan"]["weekly_schedule"]  # a copy
    _clean(knee, guarded)


def test_calories_below_floor_are_clamped(knee: UserProfile) -> None:
    plan = build_plan(knee)
    plan["nutrition_suggestions"]["calorie_target"] = 900
    guarded = guard_result(knee, _model_result(plan))
    assert guarded.outcome == "repaired"
    assert {"calories_below_floor", "deficit_too_large"} <= {v.code for v in guarded.violations}
    kcal = guarded.plan["nutrition_suggestions"]["calorie_target"]
    info = knee.personal_info
    assert kcal >= energy.calorie_floor(info.gender)
    assert kcal >= energy.resting_energy(info.weight, info.height, info.age, info.gender)
    maintenance = plan["nutrition_suggestions"]["maintenance_kcal"]
    assert kcal >= maintenance * (1 - guidelines().energy.max_deficit_fraction.value)
    assert kcal - 1 < maintenance * (
        1 - guidelines().energy.max_deficit_fraction.value
    )  # the least change that is safe
    assert any("900 kcal clamped" in n for n in guarded.notes)
    _clean(knee, guarded)


def test_over_cap_intensity_is_lowered(older_adult: dict[str, Any]) -> None:
    profile = UserProfile.model_validate(older_adult)
    cap = build_context(profile).cap
    plan = build_plan(profile)
    day = plan["workout_plan"]["weekly_schedule"][0]
    day["intensity_level"] = Intensity.VIGOROUS.value
    strength = next(e for e in day["exercises"] if "RPE" in e["intensity"] or "1RM" in e["intensity"])
    strength["intensity"] = "RPE 9-10 (about 90% 1RM)"
    found = {v.path for v in verify(profile, plan) if v.code == "intensity_above_cap"}
    assert "workout_plan.weekly_schedule[0].intensity_level" in found

    guarded = guard_result(profile, _model_result(plan))

    assert guarded.outcome == "repaired"
    fixed_day = guarded.plan["workout_plan"]["weekly_schedule"][0]
    assert fixed_day["intensity_level"] == cap.value
    _clean(profile, guarded)


def test_missing_clearance_notice_is_added() -> None:
    raw = copy.deepcopy(random_profile(random.Random(0)))
    raw["health"] = {"exercises_regularly": False, "parq": {"chest_pain": True}, "known_conditions": ["heart disease"]}
    profile = UserProfile.model_validate(raw)
    assert build_context(profile).screening.needs_clearance
    plan = build_plan(profile)
    plan["warnings"] = []
    plan["workout_plan"]["overview"] = "A gentle start."
    assert "clearance_not_stated" in {v.code for v in verify(profile, plan)}
    guarded = guard_result(profile, _model_result(plan))
    assert guarded.outcome == "repaired"
    assert guarded.plan["workout_plan"]["overview"].startswith("Medical clearance recommended")
    _clean(profile, guarded)


def test_unrepairable_plan_falls_back_to_the_engine(knee: UserProfile) -> None:
    plan = build_plan(knee)
    plan["workout_plan"]["weekly_schedule"].pop()  # one training day short: no safe automatic fix
    guarded = guard_result(knee, _model_result(plan), fallback_seed=4)
    assert guarded.outcome == "fallback"
    assert guarded.plan == build_plan(knee, seed=4)
    assert any("training_days_mismatch" in n for n in guarded.notes)
    assert guarded.notes[-1] == "replaced by the rule-engine plan"
    _clean(knee, guarded)


@pytest.mark.parametrize(
    ("raw_text", "why"),
    [
        ("Sure! Here is a great plan: do squats every day.", "not a JSON object"),
        ('{"workout_plan": {"name": "x"', "not a JSON object"),
        ("[1, 2, 3]", "not a JSON object"),
        ('{"workout_plan": {"name": "x", "overview": "y"}}', "does not match the plan contract"),
    ],
)
def test_garbage_falls_back(knee: UserProfile, raw_text: str, why: str) -> None:
    guarded = guarded_plan(knee, _Stub(_model_result(None, raw_text=raw_text)))
    assert guarded.outcome == "fallback"
    assert why in guarded.notes[0]
    assert guarded.violations == []
    _clean(knee, guarded)


def test_contract_problems_name_the_field(knee: UserProfile) -> None:
    plan = build_plan(knee)
    plan["workout_plan"]["weekly_schedule"][0]["exercises"][0]["sets"] = 99
    guarded = guard_result(knee, _model_result(plan))
    assert guarded.outcome == "fallback"
    assert "workout_plan.weekly_schedule.0.exercises.0.sets" in guarded.notes[0]


def test_as_dict_reports_outcome_and_reasons(knee: UserProfile) -> None:
    plan = build_plan(knee)
    plan["nutrition_suggestions"]["calorie_target"] = 900
    report = guard_result(knee, _model_result(plan)).as_dict()
    assert report["outcome"] == "repaired"
    assert report["backend"] == "model"
    assert {v["code"] for v in report["violations"]} >= {"calories_below_floor"}
    assert json.dumps(report)


def test_plans_written_for_someone_else_never_reach_the_person_unsafe() -> None:
    """Another person's plan is what a confused model writes: whatever the guard does, the result is clean."""
    rng = random.Random(7)
    outcomes = set()
    for i in range(12):
        person = UserProfile.model_validate(random_profile(rng, shift=True))
        other = UserProfile.model_validate(random_profile(rng, shift=True))
        guarded = guard_result(person, _model_result(build_plan(other, seed=i)))
        outcomes.add(guarded.outcome)
        _clean(person, guarded)
    assert "fallback" in outcomes


def test_overlong_session_loses_sets_until_it_fits(knee: UserProfile) -> None:
    from fitcoach.domain.programming import day_minutes

    plan = build_plan(knee)
    day = plan["workout_plan"]["weekly_schedule"][1]
    for item in day["exercises"]:
        item["sets"] += 2
    day["duration"] = 95
    assert "session_over_duration" in {v.code for v in errors(verify(knee, plan))}

    guarded = guard_result(knee, _model_result(plan))

    assert guarded.outcome == "repaired"
    fixed = guarded.plan["workout_plan"]["weekly_schedule"][1]
    limit = knee.preferences.workout_duration
    minutes = day_minutes(fixed)
    assert fixed["duration"] <= limit and minutes is not None and minutes <= limit
    assert any("one set less of" in n and f"limit {limit} min" in n for n in guarded.notes)
    _clean(knee, guarded)


def test_beginner_overload_loses_sets(beginner_home: dict[str, Any]) -> None:
    profile = UserProfile.model_validate(beginner_home)
    plan = build_plan(profile)
    day = plan["workout_plan"]["weekly_schedule"][0]
    day["exercises"][0]["sets"] = 12
    found = {v.code for v in errors(verify(profile, plan))}
    assert "beginner_volume_too_high" in found

    guarded = guard_result(profile, _model_result(plan))

    assert guarded.outcome == "repaired"
    limit = guidelines().resistance.beginner_sets_per_muscle_session_max.value
    assert guarded.plan["workout_plan"]["weekly_schedule"][0]["exercises"][0]["sets"] <= limit
    assert any(f"at most {limit:g} hard sets" in n for n in guarded.notes)
    _clean(profile, guarded)


def test_raw_control_characters_in_strings_are_tolerated(knee: UserProfile) -> None:
    plan = build_plan(knee, seed=1)
    text = json.dumps(plan).replace('"overview": "', '"overview": "\x10', 1)
    assert "\x10" in text
    guarded = guarded_plan(knee, _Stub(_model_result(None, raw_text=text)))
    assert guarded.outcome == "accepted"
    assert guarded.plan["workout_plan"]["overview"].startswith("\x10")

"""The local model backend on a micro random model: constrained decoding, batching, adapters, errors."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field

from fitcoach.coach.decoding import day_decoding_schema, plan_decoding_schema
from fitcoach.coach.errors import GeneratorUnavailable
from fitcoach.coach.guard import guard_result
from fitcoach.coach.local_model import ModelGenerator
from fitcoach.coach.prompts import compact_json, plan_messages, profile_payload
from fitcoach.domain.planner import build_plan
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.sampling import random_profile
from fitcoach.domain.verify import errors, verify

pytestmark = pytest.mark.slow


class _Exercise(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=24)
    sets: int = Field(ge=1, le=5)


class _Reply(BaseModel):
    """A small nested schema: an enum, bounded integers, a bounded list of objects, bounded strings."""

    model_config = ConfigDict(extra="forbid")
    intensity: Literal["light", "moderate", "vigorous"]
    minutes: int = Field(ge=10, le=90)
    exercises: list[_Exercise] = Field(min_length=1, max_length=3)
    note: str = Field(max_length=40)


def _conversations(count: int) -> list[list[dict[str, str]]]:
    topics = ["squats", "rest days", "protein", "knee pain", "running", "stretching", "sleep", "deadlifts"]
    return [[{"role": "user", "content": f"Tell me about {topics[i % len(topics)]} in JSON."}] for i in range(count)]


def _profiles(count: int, seed: int = 3) -> list[UserProfile]:
    rng = random.Random(seed)
    return [UserProfile.model_validate(random_profile(rng)) for _ in range(count)]


def test_constrained_output_always_parses_against_the_schema(micro_model_dir: Path) -> None:
    generator = ModelGenerator(str(micro_model_dir), device="cpu", max_new_tokens=160, batch_size=4)
    schema = _Reply.model_json_schema()
    replies = generator.decode_batch(_conversations(8), 160, schema)
    for reply in replies:
        assert not reply.truncated, reply.text
        # An independent check (pydantic, not the grammar). strict=False because xgrammar 0.2.8 lets raw
        # control bytes into strings that have a maxLength (docs/generation.md); the plan schema has none.
        _Reply.model_validate(json.loads(reply.text, strict=False))
    free = generator.decode_batch(_conversations(2), 40, None)
    assert all(not r.text.startswith("{") for r in free)  # unconstrained, a random model writes no JSON


def test_plan_decoding_keeps_a_schema_valid_prefix_and_the_guard_falls_back(micro_generator: ModelGenerator) -> None:
    """Cut at the token limit, a constrained plan is still a prefix the grammar accepts; the guard says why."""
    import xgrammar as xgr

    profile = _profiles(1)[0]
    result = micro_generator.generate(profile)
    assert result.raw_text is not None and result.raw_text.startswith('{"workout_plan":{"name":"')
    assert result.completion_tokens == micro_generator.max_new_tokens and result.extra["truncated"]
    matcher = xgr.GrammarMatcher(micro_generator.grammar(plan_decoding_schema("full")))
    assert matcher.accept_string(result.raw_text)
    guarded = guard_result(profile, result)
    assert guarded.outcome == "fallback"
    assert "stopped at the token limit" in guarded.notes[0]
    assert errors(verify(profile, guarded.plan)) == []


def test_engine_plans_fit_the_decoding_grammar(micro_generator: ModelGenerator) -> None:
    """The decoding schema's order and bounds never cut off what the model is trained to write."""
    import xgrammar as xgr

    grammar = micro_generator.grammar(plan_decoding_schema("full"))
    for i, profile in enumerate(_profiles(15, seed=11)):
        text = compact_json(build_plan(profile, seed=i))
        matcher = xgr.GrammarMatcher(grammar)
        assert matcher.accept_string(text), f"engine plan {i} rejected by the decoding grammar"
        assert matcher.is_completed()
    day_grammar = micro_generator.grammar(day_decoding_schema("full"))
    for i, profile in enumerate(_profiles(5, seed=12)):
        for day in build_plan(profile, seed=i)["workout_plan"]["weekly_schedule"]:
            matcher = xgr.GrammarMatcher(day_grammar)
            assert matcher.accept_string(compact_json(day)) and matcher.is_completed(), f"{day['day']} of plan {i}"


def test_decoding_draws_exercises_from_the_catalogue(micro_generator: ModelGenerator) -> None:
    """Under the grammar a model can name only catalogue exercises and weekdays: no 'unknown_exercise'."""
    import xgrammar as xgr

    from fitcoach.domain import knowledge

    day = day_decoding_schema("full")
    exercise = day["properties"]["exercises"]["items"]["properties"]
    assert set(exercise["name"]["enum"]) == {e.name for e in knowledge.exercises().values()}
    assert len(exercise["name"]["enum"]) == len(knowledge.exercises())
    assert day["properties"]["day"]["enum"][0] == "Monday" and len(day["properties"]["day"]["enum"]) == 7
    week = build_plan(_profiles(1, seed=3)[0], seed=0)["workout_plan"]["weekly_schedule"][0]
    invented = {**week, "exercises": [{**week["exercises"][0], "name": "Turbo Squat Deluxe"}]}
    assert not xgr.GrammarMatcher(micro_generator.grammar(day)).accept_string(compact_json(invented))
    tuesday = {**week, "day": "Day 2"}
    assert not xgr.GrammarMatcher(micro_generator.grammar(day)).accept_string(compact_json(tuesday))


def test_compact_engine_plans_fit_the_compact_grammar(micro_generator: ModelGenerator) -> None:
    """The compact grammar takes every compact engine plan and day, and only catalogue ids."""
    import xgrammar as xgr

    from fitcoach.domain.compact import compact_day, compact_plan

    grammar = micro_generator.grammar(plan_decoding_schema("compact"))
    day_grammar = micro_generator.grammar(day_decoding_schema("compact"))
    for i, profile in enumerate(_profiles(10, seed=13)):
        plan = build_plan(profile, seed=i)
        matcher = xgr.GrammarMatcher(grammar)
        assert matcher.accept_string(compact_json(compact_plan(plan))) and matcher.is_completed(), f"plan {i}"
        for day in plan["workout_plan"]["weekly_schedule"]:
            matcher = xgr.GrammarMatcher(day_grammar)
            assert matcher.accept_string(compact_json(compact_day(day))) and matcher.is_completed()
    day = compact_day(build_plan(_profiles(1, seed=3)[0], seed=0)["workout_plan"]["weekly_schedule"][0])
    invented = {**day, "exercises": [{**day["exercises"][0], "id": "turbo_squat_deluxe"}]}
    assert not xgr.GrammarMatcher(day_grammar).accept_string(compact_json(invented))
    unnamed = {**day, "warm_up": [{"minutes": 5}]}  # neither a catalogue id nor a name: nothing to show
    assert not xgr.GrammarMatcher(day_grammar).accept_string(compact_json(unnamed))
    unreadable = {**day, "exercises": [{**day["exercises"][0], "reps": "lots"}]}  # no dose to count XP or time
    assert not xgr.GrammarMatcher(day_grammar).accept_string(compact_json(unreadable))


def test_each_persons_grammar_holds_their_hard_limits(micro_generator: ModelGenerator) -> None:
    """Days, safe and possible exercises, session length, intensity cap and calories: in the grammar itself."""
    import xgrammar as xgr

    from fitcoach.coach.decoding import request_day_schema, request_decoding_schema
    from fitcoach.domain import knowledge
    from fitcoach.domain.catalogue import available, is_safe
    from fitcoach.domain.compact import compact_plan
    from fitcoach.domain.context import build_context, expected_training_days

    for i, profile in enumerate(_profiles(12, seed=14)):
        plan = build_plan(profile, seed=i)
        for level, text in (("compact", compact_json(compact_plan(plan))), ("full", compact_json(plan))):
            matcher = xgr.GrammarMatcher(micro_generator.grammar(request_decoding_schema(profile, level)))
            assert matcher.accept_string(text) and matcher.is_completed(), f"{level} engine plan {i}"
    knee = UserProfile.model_validate(
        {**random_profile(random.Random(5)), "constraints": {"injuries": ["knee pain"]},
         "preferences": {"workout_duration": 40, "days_per_week": 3, "equipment_access": "no_equipment"}}
    )  # fmt: skip
    ctx = build_context(knee)
    schema = request_decoding_schema(knee, "compact")
    week = schema["properties"]["workout_plan"]["properties"]["weekly_schedule"]
    assert week["minItems"] == week["maxItems"] == expected_training_days(knee)
    ids = set(week["items"]["properties"]["exercises"]["items"]["properties"]["id"]["enum"])
    catalogue = knowledge.exercises()
    assert ids and all(is_safe(catalogue[i], ctx.avoid) and available(catalogue[i], ctx.kit) for i in ids)
    assert "barbell_back_squat" not in ids and "box_jump" not in ids
    assert week["items"]["properties"]["duration"]["maximum"] == 40
    plan = compact_plan(build_plan(knee, seed=0))
    grammar = micro_generator.grammar(schema)
    assert xgr.GrammarMatcher(grammar).accept_string(compact_json(plan))
    starving = {**plan, "nutrition_suggestions": {**plan["nutrition_suggestions"], "calorie_target": 900}}
    extra_day = copy.deepcopy(plan)
    extra_day["workout_plan"]["weekly_schedule"].append(extra_day["workout_plan"]["weekly_schedule"][0])
    for refused in (starving, extra_day):
        matcher = xgr.GrammarMatcher(grammar)
        assert not (matcher.accept_string(compact_json(refused)) and matcher.is_completed())
    day = request_day_schema(knee, "Tuesday", "full_body", "compact")
    assert day["properties"]["day"]["enum"] == ["Tuesday"] and day["properties"]["focus"]["enum"] == ["full_body"]


def test_each_persons_grammar_keeps_protein_and_effort_where_the_verifier_allows(
    micro_generator: ModelGenerator,
) -> None:
    """Protein safe at every calorie target of its band; only effort texts within the person's cap."""
    import xgrammar as xgr

    from fitcoach.coach.decoding import request_decoding_schema
    from fitcoach.domain.compact import compact_plan, expand_plan
    from fitcoach.domain.context import build_context
    from fitcoach.domain.vocab import Intensity

    capped = next(p for p in _profiles(40, seed=15) if build_context(p).cap is not Intensity.VIGOROUS)
    for profile in [capped, *_profiles(8, seed=16)]:
        plan = compact_plan(build_plan(profile, seed=0))
        bands = request_decoding_schema(profile, "compact")["properties"]["nutrition_suggestions"]["anyOf"]
        assert len(bands) >= 5
        for band in bands:
            kcal, protein = band["properties"]["calorie_target"], band["properties"]["macros"]["properties"]["protein"]
            # Protein per kg grows with both the target and the share: the band's corners are its extremes.
            for target in (kcal["minimum"], kcal["maximum"]):
                for share in (protein["minimum"], protein["maximum"]):
                    nutrition = {"calorie_target": target, "macros": {"protein": share, "fat": 25}}
                    found = {
                        v.code
                        for v in verify(profile, expand_plan(profile, {**plan, "nutrition_suggestions": nutrition}))
                    }
                    assert "protein_unsafe" not in found and "wrong_type" not in found, (target, share)
    schema = request_decoding_schema(capped, "compact")
    plan = compact_plan(build_plan(capped, seed=0))
    grammar = micro_generator.grammar(schema)
    assert xgr.GrammarMatcher(grammar).accept_string(compact_json(plan))
    heavy = copy.deepcopy(plan)
    heavy["workout_plan"]["weekly_schedule"][0]["exercises"][0]["intensity"] = "RPE 7-9 (about 85-95% 1RM)"
    top = schema["properties"]["nutrition_suggestions"]["anyOf"][-1]
    over = top["properties"]["macros"]["properties"]["protein"]["maximum"] + 3
    too_much = {
        **plan,
        "nutrition_suggestions": {
            "calorie_target": top["properties"]["calorie_target"]["maximum"],
            "macros": {"protein": over, "fat": 25},
        },
    }
    assert "intensity_above_cap" in {v.code for v in verify(capped, expand_plan(capped, heavy))}
    assert "protein_unsafe" in {v.code for v in verify(capped, expand_plan(capped, too_much))}
    for refused in (heavy, too_much):
        matcher = xgr.GrammarMatcher(grammar)
        assert not (matcher.accept_string(compact_json(refused)) and matcher.is_completed())


def test_the_generator_decodes_the_form_its_model_was_trained_on(micro_model_dir: Path, tmp_path: Path) -> None:
    import shutil

    from fitcoach.ml.train.export import record_plan_format

    assert ModelGenerator(str(micro_model_dir), device="cpu").schema_level == "full"
    compact_dir = tmp_path / "compact"
    shutil.copytree(micro_model_dir, compact_dir)
    record_plan_format(compact_dir, "compact")
    assert ModelGenerator(str(compact_dir), device="cpu").schema_level == "compact"
    assert ModelGenerator(str(compact_dir), device="cpu", schema_level="full").schema_level == "full"


def test_contract_level_keeps_only_required_keys() -> None:
    schema = plan_decoding_schema("contract")
    assert list(schema["properties"]) == ["workout_plan", "nutrition_suggestions", "adaptive_recommendations"]
    day = schema["properties"]["workout_plan"]["properties"]["weekly_schedule"]["items"]
    assert list(day["properties"]) == ["day", "focus", "duration", "intensity_level", "exercises"]
    assert schema["properties"]["workout_plan"]["properties"]["weekly_schedule"]["maxItems"] == 7
    with pytest.raises(Exception, match="schema_level"):
        plan_decoding_schema("everything")  # type: ignore[arg-type]


@pytest.mark.parametrize("constrained", [True, False])
def test_batched_equals_unbatched_under_greedy(micro_model_dir: Path, constrained: bool) -> None:
    profiles = _profiles(3)
    one = ModelGenerator(str(micro_model_dir), device="cpu", max_new_tokens=24, batch_size=1, constrained=constrained)
    many = ModelGenerator(str(micro_model_dir), device="cpu", max_new_tokens=24, batch_size=3, constrained=constrained)
    singles = one.generate_many(profiles)
    batched = many.generate_many(profiles)
    assert [r.raw_text for r in singles] == [r.raw_text for r in batched]
    assert [r.prompt_tokens for r in singles] == [r.prompt_tokens for r in batched]
    assert {r.extra["batch"] for r in batched} == {3}
    assert len({r.prompt_tokens for r in batched}) > 1  # the prompts really had different lengths (padding)


def test_prompt_is_the_shared_plan_prompt(micro_generator: ModelGenerator) -> None:
    profile = _profiles(1)[0]
    expected = micro_generator.tokenizer.apply_chat_template(
        plan_messages(profile), tokenize=False, add_generation_prompt=True
    )
    ids = micro_generator.tokenizer(expected, add_special_tokens=False)["input_ids"]
    assert micro_generator.generate(profile).prompt_tokens == len(ids)
    assert profile_payload(profile)["personal_info"]["age"] == profile.personal_info.age


def test_complete_returns_text(micro_generator: ModelGenerator) -> None:
    text = micro_generator.complete([{"role": "user", "content": "How many rest days?"}], max_new_tokens=8)
    assert isinstance(text, str)


def _save_adapter(model_dir: Path, out: Path) -> Path:
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    torch.manual_seed(1)
    base = AutoModelForCausalLM.from_pretrained(model_dir)
    # init_lora_weights=False: random A and B, so the adapter really changes the model's output.
    config = LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "v_proj"], init_lora_weights=False)
    get_peft_model(base, config).save_pretrained(str(out))
    return out


def test_adapter_is_loaded_and_changes_the_model(micro_model_dir: Path, tmp_path: Path) -> None:
    import torch
    from peft import PeftModel

    adapter = _save_adapter(micro_model_dir, tmp_path / "adapter")
    plain = ModelGenerator(str(micro_model_dir), device="cpu", max_new_tokens=8)
    tuned = ModelGenerator(str(micro_model_dir), adapter=str(adapter), device="cpu", max_new_tokens=8)
    assert isinstance(tuned.model, PeftModel)
    ids = plain.tokenizer("a squat a day", return_tensors="pt")["input_ids"]
    with torch.no_grad():
        assert not torch.allclose(plain.model(ids).logits, tuned.model(ids).logits)


def test_missing_model_and_adapter_name_the_setting(micro_model_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(GeneratorUnavailable, match="FITCOACH_MODEL"):
        ModelGenerator(str(tmp_path / "no-such-model"))
    with pytest.raises(GeneratorUnavailable, match="FITCOACH_ADAPTER"):
        ModelGenerator(str(micro_model_dir), adapter=str(tmp_path / "no-such-adapter"))
    with pytest.raises(GeneratorUnavailable, match="FITCOACH_MODEL"):
        ModelGenerator(str(tmp_path))  # a directory, but not a model


def test_plan_schema_strings_have_no_length_bound() -> None:
    """Bounded strings cost 250x in mask time and let raw control bytes through in xgrammar 0.2.8."""
    text = json.dumps(plan_decoding_schema("full"))
    assert "maxLength" not in text and "propertyNames" not in text

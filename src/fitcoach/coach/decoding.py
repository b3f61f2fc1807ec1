"""What a model reads and writes for a plan: the profile payload, the decoding schema, parsing the reply.

The JSON Schema that constrained decoding enforces is derived from the plan model (``fitcoach.domain.plan``).

The plan model is written for validation: it allows extra keys and leaves lengths open. A grammar for
generation needs more:
- the property order the training data uses (xgrammar emits properties in schema order, so the order
  is read from engine plans, which are what the model learns to write);
- no extra keys (``additionalProperties: false``), so the model cannot wander off the contract;
- an upper bound on every list, map and number, so a weak model cannot loop on items or digits;
- exercise names, ids and substitutes drawn from the catalogue (``CATALOGUE_FIELDS``), weekdays for
  day labels, session kinds for a day's focus and the two day formats: a constrained model cannot invent
  an exercise the verifier would reject as unknown;
- an exercise's ``reps`` in the dose forms the engine writes and ``programming.parse_dose`` reads.
Strings (values and map keys) get no length bound: measured with xgrammar 0.2.8 on an 8k vocabulary,
an 800-character bound on every string made the mask 250x slower (1.2 ms instead of 0.005 ms a token)
and the compile 20x slower (1.2 s). A model that never closes a string stops at ``max_new_tokens``,
and the guard falls back.
Three levels: ``full`` keeps every field of the model (the contract plus the planner's extensions);
``contract`` keeps only the required keys of the plan contract, a much smaller grammar for models
trained on the original contract alone; ``compact`` is the compact plan (``fitcoach.domain.compact``:
the decisions only, each exercise by catalogue id), for models trained on that form. Engine plans
always fit the ``full`` schema, and their compact forms the ``compact`` one (tests check).
"""

from __future__ import annotations

import copy
import json
import math
import random
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.schedule import WEEKDAYS

if TYPE_CHECKING:
    from fitcoach.domain.context import PlanContext
    from fitcoach.domain.profile import UserProfile

DecodingLevel = Literal["full", "contract", "compact"]
LEVELS: tuple[DecodingLevel, ...] = ("full", "contract", "compact")

# Decoding bounds, not guideline numbers: generous enough for every engine plan, small enough to end.
LIST_MAX_ITEMS = 24
MAP_MAX_KEYS = 64
NUMBER_MAX = 100_000
DAYS_IN_WEEK = 7
# Each calorie band of a person's grammar spans about this ratio (see _protein_bands).
PROTEIN_BAND_RATIO = 1.04
# A full engine plan is about 4-5k tokens with a 32k-vocabulary tokenizer: the default generation budget.
DEFAULT_PLAN_TOKENS = 6144
_DROP = ("title", "description", "default")
# Paths (list items share their list's path) whose strings must be catalogue names or ids.
EXERCISE = "workout_plan.weekly_schedule.exercises"
CATALOGUE_FIELDS = {
    f"{EXERCISE}.name": "name",
    f"{EXERCISE}.id": "id",
    f"{EXERCISE}.substitutes": "id",
}
DAY_LABEL = "workout_plan.weekly_schedule.day"
DAY_FORMATS = ("straight_sets", "circuit")
# The dose forms ``programming.parse_dose`` reads and the engine writes ('8-12', '30 s each side', '20 min'):
# a reps string the expansion and the verifier cannot read would cost the plan its XP and its time estimate.
REPS_PATTERN = "^[0-9]{1,3}(-[0-9]{1,3})?( s| min)?( each side)?$"
ACTIVITY_PATHS = ("workout_plan.weekly_schedule.warm_up", "workout_plan.weekly_schedule.cool_down")
# Written into a trained model's config.json by the SFT stage: the plan form it learned (a DecodingLevel).
PLAN_FORMAT_KEY = "fitcoach_plan_format"


@cache
def _catalogue_values(field: str) -> tuple[str, ...]:
    from fitcoach.domain import knowledge

    return tuple(sorted({getattr(e, field) for e in knowledge.exercises().values()}))


def _enum_for(path: str) -> list[str] | None:
    if path in CATALOGUE_FIELDS:
        return list(_catalogue_values(CATALOGUE_FIELDS[path]))
    if path == DAY_LABEL:
        return list(WEEKDAYS)
    if path == "workout_plan.weekly_schedule.focus":
        from fitcoach.domain.schedule import SessionKind

        return [kind.value for kind in SessionKind]
    if path == "workout_plan.weekly_schedule.format":
        return list(DAY_FORMATS)
    return None


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """Replace every ``$ref`` with the definition it points to (the plan model has no recursion)."""
    if isinstance(node, dict):
        if "$ref" in node:
            return _inline(defs[node["$ref"].rsplit("/", 1)[-1]], defs)
        return {k: _inline(v, defs) for k, v in node.items() if k != "$defs"}
    if isinstance(node, list):
        return [_inline(v, defs) for v in node]
    return node


def _key_order(samples: list[Any]) -> list[str]:
    order: dict[str, None] = {}
    for sample in samples:
        if isinstance(sample, dict):
            order.update(dict.fromkeys(sample))
    return list(order)


def _children(samples: list[Any], key: str) -> list[Any]:
    return [s[key] for s in samples if isinstance(s, dict) and key in s]


def _items(samples: list[Any]) -> list[Any]:
    return [item for s in samples if isinstance(s, list) for item in s]


def _tighten(node: dict[str, Any], samples: list[Any], level: DecodingLevel, path: str) -> dict[str, Any]:
    out = {k: v for k, v in node.items() if k not in _DROP}
    if "anyOf" in out:
        branches = out["anyOf"]
        if level == "compact" and samples and all(s is not None for s in samples):
            branches = [b for b in branches if b.get("type") != "null"]  # the compact form never writes null
        tightened = [_tighten(branch, samples, level, path) for branch in branches]
        if len(tightened) == 1:
            return tightened[0]
        out["anyOf"] = tightened
        return out
    kind = out.get("type")
    if level == "compact" and kind == "object" and path in ACTIVITY_PATHS:
        return _compact_activity_schema()
    if kind == "object" and "properties" in out:
        required = list(out.get("required", []))
        keys = list(out["properties"]) if level == "full" else required
        if level == "compact":  # exactly the keys the compact form keeps, required when every sample has them
            keys = [k for k in _key_order(samples) if k in out["properties"]]
            required = [k for k in keys if all(k in s for s in samples if isinstance(s, dict))]
        seen = [k for k in _key_order(samples) if k in keys]
        ordered = seen + [k for k in keys if k not in seen]
        out["properties"] = {
            k: _tighten(out["properties"][k], _children(samples, k), level, f"{path}.{k}".lstrip(".")) for k in ordered
        }
        out["required"] = [k for k in ordered if k in required]
        out["additionalProperties"] = False
    elif kind == "object":
        values = out.get("additionalProperties")
        value_samples = [v for s in samples if isinstance(s, dict) for v in s.values()]
        out["additionalProperties"] = (
            _tighten(values, value_samples, level, path) if isinstance(values, dict) else {"type": "string"}
        )
        out["maxProperties"] = MAP_MAX_KEYS
    elif kind == "array":
        items = out.get("items", {"type": "string"})
        out["items"] = _tighten(items, _items(samples), level, path)
        out["maxItems"] = DAYS_IN_WEEK if path == "workout_plan.weekly_schedule" else LIST_MAX_ITEMS
    elif kind in ("integer", "number"):
        out.setdefault("maximum", NUMBER_MAX)
        out.setdefault("minimum", 0)
    elif kind == "string" and (values := _enum_for(path)) is not None:
        out = {"type": "string", "enum": values}
    elif kind == "string" and path == f"{EXERCISE}.reps":
        out["pattern"] = REPS_PATTERN
    return out


def _compact_activity_schema() -> dict[str, Any]:
    """A compact warm-up or cool-down item: a catalogue id and minutes, or (no catalogue entry) a name and minutes."""
    minutes = {"type": "number", "minimum": 0, "maximum": NUMBER_MAX}

    def item(key: str, value: dict[str, Any]) -> dict[str, Any]:
        properties = {key: value, "minutes": minutes}
        return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}

    return {
        "anyOf": [
            item("id", {"type": "string", "enum": list(_catalogue_values("id"))}),
            item("name", {"type": "string"}),
        ]
    }


def _sample_plans(count: int = 12) -> list[dict[str, Any]]:
    from fitcoach.domain.planner import build_plan
    from fitcoach.domain.profile import UserProfile
    from fitcoach.domain.sampling import random_profile

    rng = random.Random(0)
    return [build_plan(UserProfile.model_validate(random_profile(rng)), seed=i) for i in range(count)]


@cache
def _plan_decoding_schema(level: DecodingLevel) -> dict[str, Any]:
    from fitcoach.domain.plan import Plan

    raw = Plan.model_json_schema()
    inlined = _inline(raw, raw.get("$defs", {}))
    samples = _sample_plans()
    if level == "compact":
        from fitcoach.domain.compact import compact_plan

        samples = [compact_plan(p) for p in samples]
    return _tighten(inlined, samples, level, "")


def plan_decoding_schema(level: DecodingLevel = "full") -> dict[str, Any]:
    """The decoding schema for a weekly plan (a fresh copy: callers may edit it)."""
    if level not in LEVELS:
        raise InvalidInput([FieldProblem("schema_level", f"{level!r} is not one of: {', '.join(LEVELS)}")])
    return copy.deepcopy(_plan_decoding_schema(level))


def day_decoding_schema(level: DecodingLevel = "full") -> dict[str, Any]:
    """The decoding schema for one training day (the day-plan task): the weekly schema's day item."""
    weekly = plan_decoding_schema(level)
    return weekly["properties"]["workout_plan"]["properties"]["weekly_schedule"]["items"]  # type: ignore[no-any-return]


def trained_level(config: Any) -> DecodingLevel:
    """The plan form a model was trained to write, from its config (``full`` unless the SFT stage said)."""
    level = getattr(config, PLAN_FORMAT_KEY, None)
    return level if level in LEVELS else "full"


def parse_plan_text(text: str) -> dict[str, Any] | None:
    """The JSON object in a model's text, or None (a whole-text parse first, then the outermost braces)."""
    candidates = [text.strip()]
    if "{" in text:
        candidates.append(text[text.find("{") : text.rfind("}") + 1])
    for candidate in candidates:
        if not candidate:
            continue
        try:
            # strict=False: raw control characters inside strings are tolerated (xgrammar 0.2.8 lets them
            # through a string with maxLength, and a plan with a stray one is still a plan).
            data = json.loads(candidate, strict=False)
        except json.JSONDecodeError:
            continue
        if isinstance(data, dict):
            return data
    return None


def check_options(*, schema_level: str, max_new_tokens: int, batch_size: int = 1) -> None:
    """Refuse generator options that cannot work, naming each one and what is allowed."""
    problems = [
        FieldProblem(name, "must be at least 1")
        for name, value in (("batch_size", batch_size), ("max_new_tokens", max_new_tokens))
        if value < 1
    ]
    if schema_level not in LEVELS:
        problems.append(FieldProblem("schema_level", f"{schema_level!r} is not one of: {', '.join(LEVELS)}"))
    if problems:
        raise InvalidInput(problems)


# ---------------------------------------------------------------- one person's grammar


def _narrowed(node: Any, swaps: dict[tuple[str, ...], list[str]]) -> Any:
    """The schema with every catalogue enum (ids, names) swapped for the person's allowed values."""
    if isinstance(node, dict):
        out = {k: _narrowed(v, swaps) for k, v in node.items()}
        if isinstance(node.get("enum"), list) and tuple(node["enum"]) in swaps:
            out["enum"] = swaps[tuple(node["enum"])]
        return out
    if isinstance(node, list):
        return [_narrowed(v, swaps) for v in node]
    return node


def _narrow_day(day: dict[str, Any], ctx: PlanContext) -> None:
    from fitcoach.domain.sessions import intensity_texts
    from fitcoach.domain.verify import intensity_text_problems
    from fitcoach.domain.vocab import intensities_up_to

    properties = day["properties"]
    properties["duration"]["maximum"] = ctx.profile.preferences.workout_duration
    properties["intensity_level"]["enum"] = [level.value for level in intensities_up_to(ctx.cap)]
    exercise = properties["exercises"]["items"]["properties"]
    if "intensity" in exercise:
        # The engine's own effort texts for this person, with their heart rates, and none the verifier refuses.
        texts = [text for text in intensity_texts(ctx) if not intensity_text_problems(ctx, text)]
        exercise["intensity"] = {"type": "string", "enum": texts}


def _protein_bands(ctx: PlanContext, low: int, high: int) -> list[tuple[int, int, float, float]]:
    """Calorie bands, each with the protein percentages that are safe at every calorie target inside it.

    Safe protein is a range in g/kg, so its percentage depends on the calorie target: a grammar cannot
    multiply, but it can offer one branch per band. Bands are about 4% wide, so the bound is never more
    than about 4% tighter than the verifier's; a band with no safe percentage is left out.
    """
    from fitcoach.domain import energy
    from fitcoach.domain.knowledge.guidelines import guidelines
    from fitcoach.domain.verify import safe_protein_g_per_kg

    info = ctx.profile.personal_info
    g = guidelines()
    kcal_per_pct = energy.protein_reference_weight(info.weight, info.height) * g.energy.kcal_per_gram.protein * 100
    lowest, highest = safe_protein_g_per_kg()
    amdr = g.macros.amdr_protein_pct
    bands = []
    start = low
    while start <= high:
        end = min(high, max(start, math.floor(start * PROTEIN_BAND_RATIO)))
        least = max(amdr.min, math.ceil(lowest * kcal_per_pct / start * 10) / 10)
        most = min(amdr.max, math.floor(highest * kcal_per_pct / end * 10) / 10)
        if least <= most:
            bands.append((start, end, least, most))
        start = end + 1
    return bands


def request_decoding_schema(profile: UserProfile, level: DecodingLevel = "full") -> dict[str, Any]:
    """The decoding schema for one person's week: the verifier's hard limits written into the grammar.

    On top of ``plan_decoding_schema(level)``: exactly the number of training days the person gets;
    exercises (warm-up items and substitutes too) only from those safe for their conditions, possible with
    their kit and not disliked; sessions no longer than their minutes; a day's intensity up to their cap
    and each exercise's effort one of the engine's texts for them within it; a calorie target in the range
    the energy calculators allow, with a protein share safe at that target. What the model decides inside
    these limits (which exercises, doses, days, the targets) is still its own, and the verifier still
    judges it.
    """
    from fitcoach.coach.repairs import accepted_calorie_range
    from fitcoach.domain import knowledge
    from fitcoach.domain.catalogue import available, is_safe
    from fitcoach.domain.context import build_context, expected_training_days

    ctx = build_context(profile)
    refused = ctx.feedback.disliked | ctx.feedback.too_hard
    allowed = [
        e
        for e in knowledge.exercises().values()
        if is_safe(e, ctx.avoid) and available(e, ctx.kit) and e.id not in refused
    ]
    swaps = {
        _catalogue_values("id"): sorted(e.id for e in allowed),
        _catalogue_values("name"): sorted(e.name for e in allowed),
    }
    schema: dict[str, Any] = _narrowed(plan_decoding_schema(level), swaps)
    week = schema["properties"]["workout_plan"]["properties"]["weekly_schedule"]
    week["minItems"] = week["maxItems"] = expected_training_days(profile)
    _narrow_day(week["items"], ctx)
    low, high = accepted_calorie_range(ctx)
    nutrition = schema["properties"]["nutrition_suggestions"]
    nutrition["properties"]["calorie_target"].update(minimum=low, maximum=high)
    branches = []
    for start, end, least, most in _protein_bands(ctx, low, high):
        branch = copy.deepcopy(nutrition)
        branch["properties"]["calorie_target"].update(minimum=start, maximum=end)
        branch["properties"]["macros"]["properties"]["protein"].update(minimum=least, maximum=most)
        branches.append(branch)
    if branches:
        schema["properties"]["nutrition_suggestions"] = {"anyOf": branches}
    return schema


def request_day_schema(profile: UserProfile, day: str, focus: str, level: DecodingLevel = "full") -> dict[str, Any]:
    """One person's day for the single-day task: their limits, and the weekday and focus asked for."""
    weekly = request_decoding_schema(profile, level)
    item: dict[str, Any] = weekly["properties"]["workout_plan"]["properties"]["weekly_schedule"]["items"]
    item["properties"]["day"] = {"type": "string", "enum": [day]}
    item["properties"]["focus"] = {"type": "string", "enum": [focus]}
    return item

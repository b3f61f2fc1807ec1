"""The command line: version and help, JSON Schemas, screening, catalogue searches, and bad input
that always ends in exit status 2 with one clear message and never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fitcoach import __version__

SCRIPT = Path(sys.executable).with_name("fitcoach")


RunCli = Callable[..., Any]
WriteJson = Callable[..., Path]


# ---------------------------------------------------------------- version and help


def test_version(run_cli: RunCli) -> None:
    out = run_cli("--version")
    assert (out.exit_code, out.stdout, out.stderr) == (0, f"fitcoach {__version__}\n", "")


def test_help_lists_commands(run_cli: RunCli) -> None:
    out = run_cli("--help")
    assert out.exit_code == 0
    for command in ("screen", "schema", "exercises", "foods", "kb"):
        assert command in out.stdout


def test_console_script_help_is_fast() -> None:
    assert SCRIPT.is_file(), f"console script not installed at {SCRIPT}"
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        done = subprocess.run([str(SCRIPT), "--help"], capture_output=True, text=True, timeout=30)
        timings.append(time.perf_counter() - start)
        assert done.returncode == 0, done.stderr
        assert "Usage" in done.stdout
    assert min(timings) < 1.5, timings


def test_cli_import_leaves_domain_models_alone() -> None:
    probe = "import sys, fitcoach.cli; print(sorted(m for m in sys.modules if m.startswith('fitcoach.domain')))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=30, check=True)
    assert done.stdout.strip() == "[]"


# ---------------------------------------------------------------- schemas


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def _schema(run_cli: RunCli, name: str) -> dict[str, Any]:
    out = run_cli("schema", name)
    assert out.exit_code == 0, out.stderr
    schema = json.loads(out.stdout)
    assert schema["type"] == "object"
    defs = schema.get("$defs", {})
    for ref in _refs(schema):
        assert ref.startswith("#/$defs/"), ref
        assert ref.removeprefix("#/$defs/") in defs, ref
    return schema


def _props(schema: dict[str, Any], section: str) -> dict[str, Any]:
    node = schema["properties"][section]
    ref = node.get("$ref") or next(x["$ref"] for x in node.get("anyOf", node.get("allOf", [])) if "$ref" in x)
    return schema["$defs"][ref.removeprefix("#/$defs/")]


def test_profile_schema_has_contract_fields(run_cli: RunCli) -> None:
    schema = _schema(run_cli, "profile")
    assert set(schema["required"]) == {"personal_info", "goals", "preferences"}
    assert {
        "personal_info",
        "goals",
        "preferences",
        "constraints",
        "metrics",
        "feedback",
        "gamified_stats",
        "health",
        "nutrition",
        "units",
    } <= set(schema["properties"])
    expected = {
        "personal_info": {"age", "gender", "height", "weight", "fitness_level"},
        "preferences": {"workout_duration", "days_per_week", "equipment_access", "preferred_activities"},
        "constraints": {"injuries", "time_restrictions", "location"},
        "metrics": {"weight_history", "workout_completion_rate", "average_intensity_rating"},
        "feedback": {"previous_workouts"},
        "gamified_stats": {"health", "strength", "agility", "endurance", "xp", "level"},
        "health": {
            "exercises_regularly",
            "known_conditions",
            "symptoms",
            "parq",
            "resting_bp",
            "resting_hr",
            "pregnant",
            "pregnancy_trimester",
            "desired_intensity",
        },
        "nutrition": {
            "diet",
            "allergies",
            "intolerances",
            "meals_per_day",
            "cuisine",
            "max_prep_minutes",
            "available_ingredients",
        },
    }
    for section, fields in expected.items():
        definition = _props(schema, section)
        assert fields <= set(definition["properties"]), section
        assert definition.get("additionalProperties") is True, f"{section} must keep unknown fields"
    age = _props(schema, "personal_info")["properties"]["age"]
    assert (age["minimum"], age["maximum"]) == (14, 100)


def test_plan_schema_has_contract_fields(run_cli: RunCli) -> None:
    schema = _schema(run_cli, "plan")
    assert {"workout_plan", "nutrition_suggestions", "adaptive_recommendations"} <= set(schema["required"])
    workout = _props(schema, "workout_plan")
    assert {"name", "overview", "weekly_schedule", "progression_plan"} <= set(workout["required"])
    assert "adaptations" in workout["properties"]
    nutrition = _props(schema, "nutrition_suggestions")
    assert {"calorie_target", "macros", "meal_timing"} <= set(nutrition["properties"])
    adaptive = _props(schema, "adaptive_recommendations")
    assert {"if_too_difficult", "if_too_easy", "if_time_constrained"} <= set(adaptive["properties"])
    day = schema["$defs"]["TrainingDay"]["properties"]
    assert {"day", "focus", "duration", "intensity_level", "exercises"} <= set(day)
    exercise = schema["$defs"]["PlannedExercise"]["properties"]
    assert {"name", "sets", "reps", "intensity", "rest", "notes", "gamified_stats"} <= set(exercise)
    progression = schema["$defs"]["ProgressionPlan"]["properties"]
    assert {"intensity_increase", "exercise_progressions"} <= set(progression)


def test_unknown_schema_name(run_cli: RunCli) -> None:
    out = run_cli("schema", "recipe")
    assert out.exit_code == 2
    assert "profile" in out.stderr
    assert "plan" in out.stderr


# ---------------------------------------------------------------- screen


def test_screen_prints_json(run_cli: RunCli, write_json: WriteJson, intermediate_gym_knee: dict[str, Any]) -> None:
    out = run_cli("screen", write_json(intermediate_gym_knee))
    assert out.exit_code == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["clearance"] == "none"
    assert result["needs_clearance"] is False
    assert result["max_intensity"] == "vigorous"
    assert all({"text", "source"} <= set(r) for r in result["reasons"])


def test_screen_reads_stdin(run_cli: RunCli, older_adult: dict[str, Any]) -> None:
    out = run_cli("screen", "-", stdin=json.dumps(older_adult))
    assert out.exit_code == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["max_intensity"] == "light"  # the older adult asked for light


def test_screen_imperial_original(run_cli: RunCli, write_json: WriteJson, imperial_original: dict[str, Any]) -> None:
    out = run_cli("screen", write_json(imperial_original))
    assert out.exit_code == 0, out.stderr
    assert json.loads(out.stdout)["exercises_regularly"] is False


# ---------------------------------------------------------------- plan


def test_plan_prints_contract_json(run_cli: RunCli, write_json: WriteJson, any_profile: dict[str, Any]) -> None:
    from fitcoach.domain.plan import Plan

    out = run_cli("plan", write_json(any_profile))
    assert out.exit_code == 0, out.stderr
    plan = json.loads(out.stdout)
    assert {"workout_plan", "nutrition_suggestions", "adaptive_recommendations"} <= set(plan)
    assert {"name", "overview", "weekly_schedule", "progression_plan"} <= set(plan["workout_plan"])
    Plan.model_validate(plan)


# ---------------------------------------------------------------- bad input: exit 2, one message, no traceback

COMMANDS = ["screen", "plan", "meals"]


def _assert_one_clear_error(out: Any, *fragments: str) -> None:
    assert out.exit_code == 2, (out.stdout, out.stderr)
    assert out.stdout == ""
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert lines[0] == "error: invalid input", out.stderr
    assert len(lines) == 2, f"expected one problem line: {out.stderr!r}"
    for fragment in fragments:
        assert fragment in lines[1], (fragment, out.stderr)


@pytest.mark.parametrize("command", COMMANDS)
def test_bad_field(run_cli: RunCli, write_json: WriteJson, bad_field: Any, command: str) -> None:
    out = run_cli(command, write_json(bad_field.profile))
    _assert_one_clear_error(out, f"{bad_field.field}:", *bad_field.allowed)


@pytest.fixture(scope="module")
def huge_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("huge") / "profile.json"
    with path.open("w") as handle:
        handle.write('{"notes": "')
        chunk = "x" * 1_000_000
        for _ in range(50):
            handle.write(chunk)
        handle.write('"}')
    return path


DOCUMENT_CASES = {
    "broken-json": ('{"personal_info": {"age": 30,', ("(profile)", "not valid JSON", "line 1")),
    "array": ("[1, 2, 3]", ("JSON object", "list")),
    "not-utf8": (b'{"personal_info": "\xff\xfe"}', ("(profile)", "UTF-8")),
    "empty": ("", ("(profile)", "not valid JSON")),
}


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", list(DOCUMENT_CASES))
def test_bad_document(run_cli: RunCli, write_json: WriteJson, command: str, case: str) -> None:
    content, fragments = DOCUMENT_CASES[case]
    out = run_cli(command, write_json(content))
    _assert_one_clear_error(out, *fragments)


@pytest.mark.parametrize("command", COMMANDS)
def test_huge_file_refused(run_cli: RunCli, huge_file: Path, command: str) -> None:
    assert huge_file.stat().st_size > 50_000_000
    out = run_cli(command, huge_file)
    _assert_one_clear_error(out, "(profile)", "1,000,000 bytes")


@pytest.mark.parametrize("command", COMMANDS)
def test_missing_file(run_cli: RunCli, tmp_path: Path, command: str) -> None:
    missing = tmp_path / "nope.json"
    out = run_cli(command, missing)
    _assert_one_clear_error(out, "(profile)", "no such file", str(missing))


@pytest.mark.parametrize("command", COMMANDS)
def test_directory_instead_of_file(run_cli: RunCli, tmp_path: Path, command: str) -> None:
    out = run_cli(command, tmp_path)
    _assert_one_clear_error(out, "(profile)")


@pytest.mark.parametrize("command", COMMANDS)
def test_bad_stdin(run_cli: RunCli, command: str) -> None:
    out = run_cli(command, "-", stdin="{not json")
    _assert_one_clear_error(out, "not valid JSON")


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("case", ["broken-json", "big"])
def test_real_process_prints_no_traceback(write_json: WriteJson, huge_file: Path, command: str, case: str) -> None:
    path = huge_file if case == "big" else write_json("{")
    done = subprocess.run([str(SCRIPT), command, str(path)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "Traceback" not in done.stdout + done.stderr
    assert done.stderr.startswith("error: invalid input")


# ---------------------------------------------------------------- catalogue searches (need the data files)


def test_exercises_json_for_a_setting(run_cli: RunCli) -> None:
    from fitcoach.domain import knowledge
    from fitcoach.domain.vocab import EquipmentAccess

    out = run_cli("exercises", "--equipment", "no_equipment", "--json", "--limit", "10000")
    assert out.exit_code == 0, out.stderr
    found = json.loads(out.stdout)
    assert found, "no bodyweight exercises"
    kit = {e.value for e in knowledge.equipment_in(EquipmentAccess.NO_EQUIPMENT)}
    for e in found:
        assert set(e["equipment"]) <= kit, e["id"]
    assert [e["name"] for e in found] == sorted(e["name"] for e in found)


def test_exercises_safe_for_a_condition(run_cli: RunCli) -> None:
    from fitcoach.domain.catalogue import avoided_tags
    from fitcoach.domain.vocab import ConditionId

    out = run_cli("exercises", "--condition", "bad knee", "--json", "--limit", "10000")
    assert out.exit_code == 0, out.stderr
    found = json.loads(out.stdout)
    assert found
    avoid = {t.value for t in avoided_tags([ConditionId.KNEE])}
    assert all(not (set(e["stress_tags"]) & avoid) for e in found)


def test_exercises_table_and_limit(run_cli: RunCli) -> None:
    out = run_cli("exercises", "--limit", "3")
    assert out.exit_code == 0, out.stderr
    assert "3 exercises" in out.stdout


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--equipment", "spaceship"], ("equipment", "spaceship", "full_gym", "dumbbell")),
        (["--condition", "tennis elbow"], ("condition", "knee", "low_back")),
        (["--muscle", "wings"], ("wings", "glutes")),
        (["--level", "expert"], ("expert", "beginner")),
    ],
)
def test_exercises_bad_options(run_cli: RunCli, args: list[str], fragments: tuple[str, ...]) -> None:
    out = run_cli("exercises", *args)
    assert out.exit_code == 2
    assert out.stdout == ""
    assert "Traceback" not in out.stderr
    for fragment in fragments:
        assert fragment in out.stderr


def test_foods_without_an_allergen(run_cli: RunCli) -> None:
    out = run_cli("foods", "--allergen", "peanut", "--allergen", "milk", "--json", "--limit", "10000")
    assert out.exit_code == 0, out.stderr
    found = json.loads(out.stdout)
    assert found
    assert all(not ({"peanut", "milk"} & set(f["allergens"])) for f in found)


def test_foods_for_a_diet(run_cli: RunCli) -> None:
    out = run_cli("foods", "--diet", "Vegan", "--json", "--limit", "10000")
    assert out.exit_code == 0, out.stderr
    found = json.loads(out.stdout)
    assert found
    assert all("vegan" in f["diet_tags"] for f in found)


@pytest.mark.parametrize(
    ("args", "fragments"),
    [(["--allergen", "unicorn"], ("allergen", "unicorn", "peanut")), (["--diet", "carnivore"], ("carnivore", "vegan"))],
)
def test_foods_bad_options(run_cli: RunCli, args: list[str], fragments: tuple[str, ...]) -> None:
    out = run_cli("foods", *args)
    assert out.exit_code == 2
    assert "Traceback" not in out.stderr
    for fragment in fragments:
        assert fragment in out.stderr


def test_kb_stats_json(run_cli: RunCli) -> None:
    out = run_cli("kb", "stats", "--json")
    assert out.exit_code == 0, out.stderr
    stats = json.loads(out.stdout)
    for key in ("exercises", "foods", "recipes"):
        assert stats[key] > 0, key
    assert stats["conditions"] == 9
    assert stats["sources"] >= 11
    assert set(stats["exercises_by_setting"]) == {"full_gym", "home_gym", "no_equipment"}
    by_setting = stats["exercises_by_setting"]
    assert 0 < by_setting["no_equipment"] <= by_setting["home_gym"] <= by_setting["full_gym"] <= stats["exercises"]


# ---------------------------------------------------------------- check and meals


def test_check_clean_plan_exits_zero(
    run_cli: RunCli, write_json: WriteJson, intermediate_gym_knee: dict[str, Any]
) -> None:
    profile = write_json(intermediate_gym_knee)
    plan = run_cli("plan", profile, "--seed", "3").stdout
    out = run_cli("check", profile, write_json(plan, "plan.json"), "--json")
    assert out.exit_code == 0, out.stdout
    assert all(v["severity"] == "warning" for v in json.loads(out.stdout))


def test_check_unsafe_plan_exits_one(
    run_cli: RunCli, write_json: WriteJson, intermediate_gym_knee: dict[str, Any]
) -> None:
    profile = write_json(intermediate_gym_knee)
    plan = json.loads(run_cli("plan", profile).stdout)
    plan["workout_plan"]["weekly_schedule"][0]["exercises"][0].update(name="Box Jump", id=None)
    plan["nutrition_suggestions"]["calorie_target"] = 800
    out = run_cli("check", profile, write_json(plan, "plan.json"))
    assert out.exit_code == 1
    assert "contraindicated_exercise" in out.stdout
    assert "calories_below_floor" in out.stdout


def test_check_not_json_plan(run_cli: RunCli, write_json: WriteJson, beginner_home: dict[str, Any]) -> None:
    out = run_cli("check", write_json(beginner_home), write_json("{not json", "plan.json"))
    assert out.exit_code == 2
    assert "(plan)" in out.stderr
    assert "not valid JSON" in out.stderr


def test_meals_json(run_cli: RunCli, write_json: WriteJson, pregnant: dict[str, Any]) -> None:
    out = run_cli("meals", write_json(pregnant), "--json")
    assert out.exit_code == 0, out.stderr
    day = json.loads(out.stdout)
    assert day["within_targets"] is True
    assert len([m for m in day["meals"] if m["recipe_id"]]) == pregnant["nutrition"]["meals_per_day"]
    names = " ".join(i["name"].lower() for m in day["meals"] for i in m["ingredients"])
    assert "peanut" not in names


def test_meals_table(run_cli: RunCli, write_json: WriteJson, beginner_home: dict[str, Any]) -> None:
    out = run_cli("meals", write_json(beginner_home))
    assert out.exit_code == 0
    assert "breakfast" in out.stdout
    assert "kcal" in out.stdout

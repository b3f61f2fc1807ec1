"""``fitcoach plan --backend engine|model|remote``: guarded plans on stdout, the guard's outcome on stderr."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from fitcoach.domain.planner import build_plan
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.verify import errors, verify

RunCli = Callable[..., Any]
WriteJson = Callable[..., Path]
FakeServer = Any  # tests/coach/conftest.py


@pytest.fixture(autouse=True)
def _no_generator_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The tests choose the backend; settings from the environment or a .env file must not leak in."""
    for name in ("FITCOACH_GENERATOR", "FITCOACH_MODEL", "FITCOACH_ADAPTER", "FITCOACH_REMOTE_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("FITCOACH_REMOTE_MODEL", raising=False)
    monkeypatch.chdir(tmp_path)


def _one_error_line(out: Any) -> str:
    assert out.exit_code == 2, (out.stdout, out.stderr)
    assert out.stdout == ""
    assert "Traceback" not in out.stderr
    (line,) = out.stderr.strip().splitlines()
    assert line.startswith("error: ")
    return str(line)


def test_engine_backend_is_the_plain_plan(
    run_cli: RunCli, write_json: WriteJson, beginner_home: dict[str, Any]
) -> None:
    out = run_cli("plan", "--backend", "engine", "--seed", "2", write_json(beginner_home))
    assert out.exit_code == 0, out.stderr
    assert json.loads(out.stdout) == build_plan(UserProfile.model_validate(beginner_home), seed=2)
    assert out.stderr == ""


def test_remote_backend_prints_the_guarded_plan(
    run_cli: RunCli, write_json: WriteJson, beginner_home: dict[str, Any], fake_server: FakeServer
) -> None:
    person = UserProfile.model_validate(beginner_home)
    plan = build_plan(person, seed=3)
    plan["nutrition_suggestions"]["calorie_target"] = 700
    fake_server.reply = json.dumps(plan)
    out = run_cli(
        "plan", "--backend", "remote", "--remote-url", fake_server.url, "--remote-model", "m", write_json(beginner_home)
    )
    assert out.exit_code == 0, out.stderr
    shown = json.loads(out.stdout)
    assert shown["nutrition_suggestions"]["calorie_target"] > 700
    assert errors(verify(person, shown)) == []
    assert out.stderr.startswith("guard: repaired (remote")
    assert "700 kcal clamped" in out.stderr
    assert "response_format" in fake_server.requests[0]


def test_remote_settings_come_from_the_environment(
    run_cli: RunCli,
    write_json: WriteJson,
    beginner_home: dict[str, Any],
    fake_server: FakeServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FITCOACH_GENERATOR", "remote")
    monkeypatch.setenv("FITCOACH_REMOTE_URL", fake_server.url)
    monkeypatch.setenv("FITCOACH_REMOTE_MODEL", "m")
    fake_server.reply = "not a plan"
    out = run_cli("plan", "--unconstrained", write_json(beginner_home))
    assert out.exit_code == 0, out.stderr
    assert out.stderr.startswith("guard: fallback (remote")
    assert "response_format" not in fake_server.requests[0]
    assert json.loads(out.stdout) == build_plan(UserProfile.model_validate(beginner_home))


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--backend", "model"], "FITCOACH_MODEL"),
        (["--backend", "remote"], "FITCOACH_REMOTE_URL and FITCOACH_REMOTE_MODEL"),
        (["--backend", "remote", "--remote-model", "m"], "needs FITCOACH_REMOTE_URL"),
        (["--backend", "model", "--model", "./no/such/model"], "no model directory at './no/such/model'"),
    ],
)
def test_bad_settings_exit_2_with_one_line(
    run_cli: RunCli, write_json: WriteJson, beginner_home: dict[str, Any], args: list[str], fragment: str
) -> None:
    assert fragment in _one_error_line(run_cli("plan", *args, write_json(beginner_home)))


def test_server_down_exits_2_naming_the_url(
    run_cli: RunCli, write_json: WriteJson, beginner_home: dict[str, Any], dead_url: str
) -> None:
    out = run_cli(
        "plan", "--backend", "remote", "--remote-url", dead_url, "--remote-model", "m", write_json(beginner_home)
    )
    line = _one_error_line(out)
    assert dead_url in line and "FITCOACH_REMOTE_URL" in line


def test_bad_generator_setting_exits_2(
    run_cli: RunCli, write_json: WriteJson, beginner_home: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FITCOACH_GENERATOR", "gpt")
    assert "FITCOACH_GENERATOR" in _one_error_line(run_cli("plan", write_json(beginner_home)))


def test_bad_profile_fails_before_a_model_loads(run_cli: RunCli, write_json: WriteJson) -> None:
    out = run_cli("plan", "--backend", "model", "--model", "./no/such/model", write_json({"goals": []}))
    assert out.exit_code == 2
    assert out.stderr.startswith("error: invalid input")


@pytest.mark.slow
def test_model_backend_runs_end_to_end(
    run_cli: RunCli, write_json: WriteJson, beginner_home: dict[str, Any], micro_model_dir: Path
) -> None:
    profile = write_json(beginner_home)
    out = run_cli("plan", "--backend", "model", "--model", str(micro_model_dir), "--max-new-tokens", "16", profile)
    assert out.exit_code == 0, out.stderr
    assert out.stderr.startswith("guard: fallback (model")
    assert "stopped at the token limit" in out.stderr
    person = UserProfile.model_validate(beginner_home)
    assert errors(verify(person, json.loads(out.stdout))) == []


def test_explicit_engine_ignores_the_generator_settings(
    run_cli: RunCli, write_json: WriteJson, beginner_home: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FITCOACH_GENERATOR", "gpt")
    out = run_cli("plan", "--backend", "engine", write_json(beginner_home))
    assert out.exit_code == 0, out.stderr
    assert out.stderr == ""

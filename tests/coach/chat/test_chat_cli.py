"""``fitcoach chat``: one message, interactive, JSON, profile errors, and ``chat eval``."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fitcoach.coach.chat.evaluate import chat_profiles


def test_one_message_without_quotes(run_cli: Callable[..., Any]) -> None:
    result = run_cli("chat", "hi", "coach")
    assert result.exit_code == 0 and "Ask me" in result.stdout


def test_json_output_with_a_profile(run_cli: Callable[..., Any], write_json: Callable[..., Path]) -> None:
    profile = write_json(chat_profiles()["beginner_home"])
    result = run_cli("chat", "--profile", profile, "--json", "how much protein do I need?")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["route"] == "calculation" and "ISSN-PRO" in data["sources"] and "[ISSN-PRO]" in data["text"]


def test_plan_actions_are_printed(run_cli: Callable[..., Any], write_json: Callable[..., Path]) -> None:
    profile = write_json(chat_profiles()["beginner_home"])
    result = run_cli("chat", "I only have 20 minutes", "--profile", profile)
    assert result.exit_code == 0 and "suggested change: shorten_day" in result.stdout


def test_red_flag_on_the_command_line(run_cli: Callable[..., Any]) -> None:
    result = run_cli("chat", "I have chest pain when I run", "--json")
    data = json.loads(result.stdout)
    assert data["route"] == "triage" and data["triage"]["kind"] == "emergency"


def test_bad_profile_names_the_field(run_cli: Callable[..., Any], write_json: Callable[..., Path]) -> None:
    bad = dict(
        chat_profiles()["beginner_home"], personal_info={"age": 7, "gender": "female", "height": 165, "weight": 68}
    )
    result = run_cli("chat", "--profile", write_json(bad), "hi")
    assert result.exit_code == 2 and "personal_info.age" in result.stderr and "Traceback" not in result.stderr


def test_empty_message_is_an_error(run_cli: Callable[..., Any]) -> None:
    result = run_cli("chat", "   ")
    assert result.exit_code == 2 and "message" in result.stderr


def test_interactive_until_an_empty_line(run_cli: Callable[..., Any]) -> None:
    result = run_cli("chat", stdin="hi\nthanks\n\n")
    assert result.exit_code == 0
    assert "Ask me" in result.stdout and "welcome" in result.stdout


def test_interactive_ends_on_end_of_input(run_cli: Callable[..., Any]) -> None:
    result = run_cli("chat", stdin="hi\n")
    assert result.exit_code == 0 and "Ask me" in result.stdout


def test_help_lists_eval(run_cli: Callable[..., Any]) -> None:
    result = run_cli("chat", "--help")
    assert result.exit_code == 0 and "eval" in result.stdout


def test_eval_on_a_small_test_set(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    rows = [
        {
            "id": "t-001",
            "question": "hi",
            "profile": None,
            "route": "smalltalk",
            "facts": ["Ask me"],
            "source": None,
            "triage": False,
        },
        {
            "id": "t-002",
            "question": "I fainted at the gym",
            "profile": None,
            "route": "triage",
            "facts": ["medical"],
            "source": "ACSM-GETP",
            "triage": True,
        },
        {
            "id": "t-003",
            "question": "what's my BMI?",
            "profile": "beginner_home",
            "route": "calculation",
            "facts": ["25\\.0"],
            "source": "ACSM-GETP",
            "triage": False,
        },
    ]
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = run_cli("chat", "eval", "--testset", path, "--retrieval", "bm25", "--json")
    assert result.exit_code == 0, result.stderr
    metrics = json.loads(result.stdout)["testset"]
    assert metrics["items"] == 3 and metrics["fact_recall"] == 1.0 and metrics["triage_accuracy"] == 1.0


def test_eval_rejects_a_bad_test_set(run_cli: Callable[..., Any], tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps({"id": "t-001", "question": "hi"}), encoding="utf-8")
    result = run_cli("chat", "eval", "--testset", path)
    assert result.exit_code == 2 and "line 1" in result.stderr

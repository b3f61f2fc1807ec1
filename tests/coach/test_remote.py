"""The remote backend against a fake OpenAI-compatible server: requests, replies, guard and errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from fitcoach.coach.decoding import request_decoding_schema
from fitcoach.coach.errors import GeneratorUnavailable
from fitcoach.coach.guard import guarded_plan
from fitcoach.coach.prompts import compact_json, plan_messages
from fitcoach.coach.remote import RemoteGenerator
from fitcoach.domain.planner import build_plan
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.verify import errors, verify

FakeServer = Any  # tests/coach/conftest.py FakeServer: url, reply, status, requests


@pytest.fixture
def person(beginner_home: dict[str, Any]) -> UserProfile:
    return UserProfile.model_validate(beginner_home)


def test_plan_request_carries_the_schema_and_the_shared_prompt(fake_server: FakeServer, person: UserProfile) -> None:
    fake_server.reply = compact_json(build_plan(person))
    result = RemoteGenerator(fake_server.url, "fitcoach-small", timeout=10).generate(person)

    assert result.plan == build_plan(person)
    assert (result.backend, result.prompt_tokens, result.completion_tokens) == ("remote", 11, 22)
    assert result.extra["truncated"] is False
    (request,) = fake_server.requests
    assert request["model"] == "fitcoach-small"
    assert request["messages"] == plan_messages(person)
    assert request["temperature"] == 0.0
    assert request["response_format"]["type"] == "json_schema"
    assert request["response_format"]["json_schema"]["schema"] == request_decoding_schema(person, "full")


def test_unconstrained_sends_no_response_format(fake_server: FakeServer, person: UserProfile) -> None:
    fake_server.reply = "no JSON here"
    generator = RemoteGenerator(fake_server.url, "m", constrained=False, max_new_tokens=64)
    result = generator.generate(person)
    assert result.plan is None
    assert "response_format" not in fake_server.requests[0]
    assert fake_server.requests[0]["max_tokens"] == 64


def test_guard_accepts_a_clean_remote_plan(fake_server: FakeServer, person: UserProfile) -> None:
    fake_server.reply = json.dumps(build_plan(person, seed=5))
    guarded = guarded_plan(person, RemoteGenerator(fake_server.url, "m"))
    assert guarded.outcome == "accepted"
    assert guarded.result.backend == "remote"


def test_guard_falls_back_on_garbage(fake_server: FakeServer, person: UserProfile) -> None:
    fake_server.reply = "I cannot write JSON today, but try 20 minutes of walking."
    guarded = guarded_plan(person, RemoteGenerator(fake_server.url, "m"))
    assert guarded.outcome == "fallback"
    assert "not a JSON object" in guarded.notes[0]
    assert errors(verify(person, guarded.plan)) == []


def test_complete_returns_the_text_and_passes_a_schema(fake_server: FakeServer) -> None:
    fake_server.reply = "Rest at least one day a week."
    generator = RemoteGenerator(fake_server.url, "m")
    messages = [{"role": "user", "content": "How often should I rest?"}]
    assert generator.complete(messages, max_new_tokens=32) == "Rest at least one day a week."
    schema = {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]}
    generator.complete(messages, json_schema=schema)
    assert "response_format" not in fake_server.requests[0]
    assert fake_server.requests[1]["response_format"]["json_schema"]["schema"] == schema


def test_server_down_names_the_url_and_the_setting(person: UserProfile, dead_url: str) -> None:
    url = dead_url
    with pytest.raises(GeneratorUnavailable) as caught:
        RemoteGenerator(url, "m", timeout=5).generate(person)
    message = str(caught.value)
    assert url in message and "FITCOACH_REMOTE_URL" in message


def test_unknown_model_names_the_setting(fake_server: FakeServer, person: UserProfile) -> None:
    fake_server.status = 404
    with pytest.raises(GeneratorUnavailable, match=r"HTTP 404.*FITCOACH_REMOTE_MODEL"):
        RemoteGenerator(fake_server.url, "no-such-model").generate(person)


def test_bad_options_name_the_field(dead_url: str) -> None:
    from fitcoach.domain.errors import InvalidInput

    with pytest.raises(InvalidInput) as caught:
        RemoteGenerator(dead_url, "m", max_new_tokens=0, schema_level="everything")  # type: ignore[arg-type]
    assert {p.field for p in caught.value.problems} == {"max_new_tokens", "schema_level"}

"""make_generator: the engine by default, model backends from their settings, clear errors otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from fitcoach.coach.errors import GeneratorUnavailable
from fitcoach.coach.factory import make_generator
from fitcoach.coach.generator import EngineGenerator, PlanGenerator
from fitcoach.config import Settings


def _settings(**env: str) -> Settings:
    return Settings.model_validate(env)


def test_engine_is_the_default() -> None:
    generator = make_generator(Settings.model_validate({}))
    assert isinstance(generator, EngineGenerator)
    assert isinstance(generator, PlanGenerator)


def test_model_needs_fitcoach_model() -> None:
    with pytest.raises(GeneratorUnavailable, match="FITCOACH_MODEL"):
        make_generator(_settings(FITCOACH_GENERATOR="model"))


@pytest.mark.parametrize(
    ("env", "missing", "present"),
    [
        ({}, ["FITCOACH_REMOTE_URL", "FITCOACH_REMOTE_MODEL"], []),
        ({"FITCOACH_REMOTE_URL": "http://127.0.0.1:8080/v1"}, ["FITCOACH_REMOTE_MODEL"], ["FITCOACH_REMOTE_URL and"]),
        ({"FITCOACH_REMOTE_MODEL": "m"}, ["FITCOACH_REMOTE_URL"], ["FITCOACH_REMOTE_MODEL (or"]),
    ],
)
def test_remote_names_each_missing_setting(env: dict[str, str], missing: list[str], present: list[str]) -> None:
    with pytest.raises(GeneratorUnavailable) as caught:
        make_generator(_settings(FITCOACH_GENERATOR="remote", **env))
    message = str(caught.value)
    for name in missing:
        assert name in message
    for fragment in present:
        assert fragment not in message


def test_remote_is_built_without_contacting_the_server(dead_url: str) -> None:
    from fitcoach.coach.remote import RemoteGenerator

    generator = make_generator(
        _settings(FITCOACH_GENERATOR="remote", FITCOACH_REMOTE_URL=dead_url, FITCOACH_REMOTE_MODEL="m"),
        constrained=False,
        max_new_tokens=99,
    )
    assert isinstance(generator, RemoteGenerator)
    assert (generator.base_url, generator.model, generator.constrained, generator.max_new_tokens) == (
        dead_url,
        "m",
        False,
        99,
    )


@pytest.mark.slow
def test_model_backend_loads_the_configured_model(micro_model_dir: Path) -> None:
    from fitcoach.coach.local_model import ModelGenerator

    generator = make_generator(_settings(FITCOACH_GENERATOR="model", FITCOACH_MODEL=str(micro_model_dir)))
    assert isinstance(generator, ModelGenerator)
    assert generator.constrained and generator.adapter is None

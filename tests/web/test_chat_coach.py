"""The app's chat coach uses the configured model backend for knowledge answers only when it can write text."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from fitcoach.coach.generator import EngineGenerator
from fitcoach.config import Settings
from fitcoach.web.chat_coach import make_coach


class FakeTextModel:
    name = "fake-model"

    def complete(self, messages: list[dict[str, str]], max_new_tokens: int = 256) -> str:
        return "Eat protein [ISSN-PRO]."


def settings(tmp_path: Path, backend: str) -> Settings:
    return Settings(FITCOACH_DATA_DIR=tmp_path, FITCOACH_GENERATOR=backend)


def test_model_backend_writes_knowledge_answers(tmp_path: Path) -> None:
    model = FakeTextModel()
    coach = make_coach(SimpleNamespace(settings=settings(tmp_path, "remote"), generator=model))
    assert coach.generator is model and coach.backend == "fake-model" and coach.mode == "hybrid"


def test_engine_backend_or_a_generator_without_text_means_no_model(tmp_path: Path) -> None:
    with_engine = SimpleNamespace(settings=settings(tmp_path, "engine"), generator=FakeTextModel())
    assert make_coach(with_engine).generator is None
    engine = EngineGenerator()
    assert make_coach(SimpleNamespace(settings=settings(tmp_path, "model"), generator=engine)).generator is None

"""Choose the plan generator from the settings: the rule engine unless a model backend is configured."""

from __future__ import annotations

from fitcoach.coach.decoding import DEFAULT_PLAN_TOKENS
from fitcoach.coach.errors import GeneratorUnavailable
from fitcoach.coach.generator import EngineGenerator, PlanGenerator
from fitcoach.config import Settings


def make_generator(settings: Settings, *, constrained: bool = True, max_new_tokens: int | None = None) -> PlanGenerator:
    """The backend ``settings.generator`` names, built from its settings.

    ``model`` needs FITCOACH_MODEL (FITCOACH_ADAPTER optional); ``remote`` needs FITCOACH_REMOTE_URL and
    FITCOACH_REMOTE_MODEL. A missing setting raises GeneratorUnavailable naming it. ``constrained`` and
    ``max_new_tokens`` (default: the backend's) apply to the model backends only.
    """
    limit = max_new_tokens or DEFAULT_PLAN_TOKENS
    if settings.generator == "engine":
        return EngineGenerator()
    if settings.generator == "model":
        if not settings.model:
            raise GeneratorUnavailable(
                "the model backend needs FITCOACH_MODEL (or --model): a local model directory or Hugging Face id"
            )
        from fitcoach.coach.local_model import ModelGenerator

        return ModelGenerator(settings.model, adapter=settings.adapter, constrained=constrained, max_new_tokens=limit)
    url, name = settings.remote_url, settings.remote_model
    missing = [key for key, value in (("FITCOACH_REMOTE_URL", url), ("FITCOACH_REMOTE_MODEL", name)) if not value]
    if missing or url is None or name is None:
        raise GeneratorUnavailable(
            f"the remote backend needs {' and '.join(missing)} (or --remote-url / --remote-model), "
            "e.g. FITCOACH_REMOTE_URL=http://127.0.0.1:8080/v1"
        )
    from fitcoach.coach.remote import RemoteGenerator

    return RemoteGenerator(url, name, settings.remote_api_key, constrained=constrained, max_new_tokens=limit)

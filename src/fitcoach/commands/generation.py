"""``fitcoach plan --backend engine|model|remote``: a guarded plan from the chosen generator.

The rule engine stays the fast default path (no guard round trip, no model imports). Model backends
are built by ``coach.factory.make_generator`` from the settings, with command-line options taking
precedence, and every plan they write goes through ``coach.guard``.
"""

from __future__ import annotations

from typing import Any

from fitcoach.domain.errors import FitCoachError


def settings_with(
    backend: str | None,
    model: str | None,
    adapter: str | None,
    remote_url: str | None,
    remote_model: str | None,
) -> Any:
    """The environment's settings, with the options given on the command line taking precedence."""
    from pydantic import ValidationError

    from fitcoach.config import Settings

    try:
        base = Settings()  # read now, not cached: the environment of this command is what counts
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        names = {
            name: field.validation_alias for name, field in Settings.model_fields.items() if field.validation_alias
        }
        setting = names.get(str(err["loc"][0]), str(err["loc"][0])) if err["loc"] else "a setting"
        raise FitCoachError(f"{setting}: {err['msg']}") from None
    given = {
        "generator": backend,
        "model": model,
        "adapter": adapter,
        "remote_url": remote_url,
        "remote_model": remote_model,
    }
    return base.model_copy(update={k: v for k, v in given.items() if v is not None})


def guarded_plan_for(
    profile_path: str, settings: Any, *, seed: int, constrained: bool, max_new_tokens: int | None = None
) -> tuple[dict[str, Any], str]:
    """The guarded plan for the profile file, and one line saying what the guard did."""
    from fitcoach.coach.factory import make_generator
    from fitcoach.coach.guard import guarded_plan
    from fitcoach.documents import read_profile

    person = read_profile(profile_path)  # bad input fails before a model is loaded
    if settings.generator == "model":
        from transformers.utils import logging as hf_logging

        # stderr carries one line, the guard's report: no loading bars or length notices from transformers.
        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
        hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    generator = make_generator(settings, constrained=constrained, max_new_tokens=max_new_tokens)
    guarded = guarded_plan(person, generator, fallback_seed=seed)
    detail = "; ".join(guarded.notes)
    line = f"guard: {guarded.outcome} ({guarded.result.backend}, {guarded.result.seconds:.1f} s): {detail}"
    return guarded.plan, line

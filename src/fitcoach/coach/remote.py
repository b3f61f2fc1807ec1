"""The remote backend: any OpenAI-compatible chat server (vLLM, llama.cpp server, Ollama) writing plans.

Plans are requested with ``response_format={"type": "json_schema", ...}`` carrying the plan's decoding
schema (``coach.decoding``), so a server with structured outputs constrains its decoding the same way
the local backend does. Errors name the URL and the setting to fix, never a traceback.
"""

from __future__ import annotations

import time
from typing import Any

from fitcoach.coach.decoding import (
    DEFAULT_PLAN_TOKENS,
    DecodingLevel,
    check_options,
    parse_plan_text,
    request_decoding_schema,
)
from fitcoach.coach.errors import GeneratorUnavailable
from fitcoach.coach.generator import GenerationResult
from fitcoach.coach.prompts import Message, plan_messages
from fitcoach.domain.profile import UserProfile

DEFAULT_TIMEOUT_S = 300.0


def response_format(schema: dict[str, Any], name: str = "plan") -> dict[str, Any]:
    """The structured-output request for a JSON Schema (OpenAI's shape, which vLLM and llama.cpp accept)."""
    return {"type": "json_schema", "json_schema": {"name": name, "schema": schema}}


class RemoteGenerator:
    """Plans and free text from a model behind an OpenAI-compatible ``/v1/chat/completions`` endpoint."""

    name = "remote"

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: str | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT_S,
        constrained: bool = True,
        schema_level: DecodingLevel = "full",
        max_new_tokens: int = DEFAULT_PLAN_TOKENS,
    ) -> None:
        check_options(schema_level=schema_level, max_new_tokens=max_new_tokens)
        try:
            from openai import OpenAI
        except ImportError as exc:
            raise GeneratorUnavailable(
                f"the remote backend needs the openai package (pip install 'fitcoach[ml]'): {exc}"
            ) from None
        self.base_url = base_url
        self.model = model
        self.constrained = constrained
        self.schema_level: DecodingLevel = schema_level
        self.max_new_tokens = max_new_tokens
        # Local servers need no key, but the SDK insists on one.
        self.client = OpenAI(base_url=base_url, api_key=api_key or "none", timeout=timeout, max_retries=0)

    def _chat(self, messages: list[Message], max_new_tokens: int, json_schema: dict[str, Any] | None) -> Any:
        import openai

        extra: dict[str, Any] = {"response_format": response_format(json_schema)} if json_schema is not None else {}
        try:
            return self.client.chat.completions.create(
                model=self.model,
                messages=messages,  # type: ignore[arg-type]
                max_tokens=max_new_tokens,
                temperature=0.0,
                **extra,
            )
        except openai.APIConnectionError as exc:  # refused, unreachable or timed out
            raise GeneratorUnavailable(
                f"cannot reach the model server at {self.base_url} (FITCOACH_REMOTE_URL / --remote-url): "
                f"{type(exc).__name__}: {exc}"
            ) from None
        except openai.APIStatusError as exc:
            hint = " (FITCOACH_REMOTE_MODEL / --remote-model)" if exc.status_code == 404 else ""
            raise GeneratorUnavailable(
                f"the model server at {self.base_url} answered HTTP {exc.status_code} for model "
                f"{self.model!r}{hint}: {exc.message}"
            ) from None

    def complete(
        self, messages: list[Message], max_new_tokens: int = 512, json_schema: dict[str, Any] | None = None
    ) -> str:
        """Free text (or JSON for ``json_schema``) for one conversation: used by chat and evaluation."""
        response = self._chat(messages, max_new_tokens, json_schema)
        return str(response.choices[0].message.content or "") if response.choices else ""

    def generate(self, profile: UserProfile) -> GenerationResult:
        schema = request_decoding_schema(profile, self.schema_level) if self.constrained else None
        began = time.perf_counter()
        response = self._chat(plan_messages(profile), self.max_new_tokens, schema)
        seconds = time.perf_counter() - began
        choice = response.choices[0] if response.choices else None
        text = str(choice.message.content or "") if choice is not None else ""
        usage = response.usage
        return GenerationResult(
            plan=parse_plan_text(text),
            backend=self.name,
            raw_text=text,
            seconds=seconds,
            prompt_tokens=usage.prompt_tokens if usage else 0,
            completion_tokens=usage.completion_tokens if usage else 0,
            extra={
                "truncated": choice is not None and choice.finish_reason == "length",
                "constrained": self.constrained,
                "model": self.model,
            },
        )

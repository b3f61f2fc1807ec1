"""Fixtures for the coach tests: a micro random model built locally, and a fake OpenAI-compatible server.

Nothing is downloaded: the model comes from ``fitcoach.ml.model.init_model("micro")`` (a tokenizer
trained on the package's own text and random Llama weights), the server is a FastAPI app run by
uvicorn in a thread on a free loopback port.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI, Request  # module level: FastAPI resolves the route's annotations here
from fastapi.responses import JSONResponse

for _name in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
    os.environ.setdefault(_name, "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@pytest.fixture(scope="session")
def micro_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A micro (about 0.14M parameters) random Llama model with a ChatML tokenizer, saved to disk."""
    from fitcoach.ml.model import init_model

    out = tmp_path_factory.mktemp("micro-model")
    init_model("micro", out, seed=0)
    return out


@pytest.fixture(scope="session")
def micro_generator(micro_model_dir: Path) -> Any:
    """A ModelGenerator on the micro model (constrained, short outputs), shared by the tests that only read."""
    from fitcoach.coach.local_model import ModelGenerator

    return ModelGenerator(str(micro_model_dir), device="cpu", max_new_tokens=48, batch_size=4)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def dead_url() -> str:
    """An OpenAI-style base URL on a loopback port where nothing listens."""
    return f"http://127.0.0.1:{free_port()}/v1"


@dataclass
class FakeServer:
    """What the fake server answers and what it was asked."""

    url: str
    reply: str = ""
    status: int = 200
    requests: list[dict[str, Any]] = field(default_factory=list)


def _fake_app(state: FakeServer) -> Any:
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def completions(request: Request) -> JSONResponse:
        body = await request.json()
        state.requests.append(body)
        if state.status != 200:
            error = {"error": {"message": f"model {body.get('model')!r} not found", "type": "invalid_request_error"}}
            return JSONResponse(error, status_code=state.status)
        return JSONResponse(
            {
                "id": "chatcmpl-test",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model"),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": state.reply},
                        "finish_reason": "stop",
                    }
                ],
                "usage": {"prompt_tokens": 11, "completion_tokens": 22, "total_tokens": 33},
            }
        )

    return app


@pytest.fixture(scope="session")
def fake_openai_server() -> Iterator[FakeServer]:
    """An OpenAI-compatible ``/v1/chat/completions`` on 127.0.0.1 that returns ``state.reply``."""
    import uvicorn

    port = free_port()
    state = FakeServer(url=f"http://127.0.0.1:{port}/v1")
    config = uvicorn.Config(_fake_app(state), host="127.0.0.1", port=port, log_level="error", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "the fake server did not start"
    yield state
    server.should_exit = True
    thread.join(timeout=5)


@pytest.fixture
def fake_server(fake_openai_server: FakeServer) -> FakeServer:
    """The session's fake server, reset for one test."""
    fake_openai_server.reply = ""
    fake_openai_server.status = 200
    fake_openai_server.requests.clear()
    return fake_openai_server

"""``fitcoach serve``: the in-process --get smoke test, option checks, and a real server on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from fitcoach.config import get_settings


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("FITCOACH_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def test_get_prints_the_page_and_exits_0(run_cli: Callable[..., Any], data_dir: Path) -> None:
    result = run_cli("serve", "--get", "/healthz")
    assert result.exit_code == 0
    assert result.stdout.strip() == '{"status":"ok"}'
    assert (data_dir / "fitcoach.db").exists()


def test_get_exits_1_on_an_error_status(run_cli: Callable[..., Any], data_dir: Path) -> None:
    result = run_cli("serve", "--get", "/api/v1/me")
    assert result.exit_code == 1
    assert '"code":"unauthorized"' in result.stdout
    assert "HTTP 401" in result.stderr


def test_reload_with_workers_is_refused(run_cli: Callable[..., Any], data_dir: Path) -> None:
    result = run_cli("serve", "--reload", "--workers", "2")
    assert result.exit_code == 2
    assert "--reload" in result.stderr


def test_bad_settings_are_named_not_a_traceback(
    run_cli: Callable[..., Any], data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FITCOACH_MAX_BODY_BYTES", "lots")
    get_settings.cache_clear()
    result = run_cli("serve", "--get", "/healthz")
    assert result.exit_code == 2
    assert "FITCOACH_MAX_BODY_BYTES" in result.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
def test_serve_runs_two_workers_sharing_one_secret(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "FITCOACH_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env.pop("FITCOACH_SECRET_KEY", None)
    command = [
        sys.executable,
        "-c",
        "from fitcoach.cli import main; main()",
        "serve",
        "--port",
        str(port),
        "--workers",
        "2",
    ]
    log = (tmp_path / "server.log").open("wb")
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        else:
            pytest.fail((tmp_path / "server.log").read_text())
        with httpx.Client(base_url=base) as client:
            body = {"email": "w@example.org", "password": "long enough pw", "display_name": "W"}
            assert client.post("/api/v1/auth/register", json=body).status_code == 201
            # New connections land on either worker; the cookie must be accepted by both.
            for _ in range(10):
                with httpx.Client(base_url=base, cookies=client.cookies) as fresh:
                    assert fresh.get("/api/v1/me").status_code == 200
        assert (tmp_path / "secret_key").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()

"""Latency of ``POST /api/v1/chat``: one client, sequential requests, the app's real coach (hybrid retrieval).

    python benchmarks/chat_api.py [--requests 50] [--json]

Serves the app with uvicorn on a free loopback port and a temporary SQLite database, registers a user
with a profile and a plan, sends one warm-up knowledge question (it loads the MiniLM model: reported as
the cold start), then ``--requests`` questions cycling through every route (calculation, plan, knowledge,
triage, small talk). Prints p50/p95 overall and p50 per route, in milliseconds, client-side (HTTP included).
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

QUESTIONS = (
    "How much protein do I need?",
    "What should I do today?",
    "How should I warm up before squats?",
    "I get chest pain when I run",
    "Thanks!",
    "How many calories should I eat to lose weight?",
    "I only have 30 minutes today",
    "Is creatine safe and does it work?",
    "I feel dizzy and faint during training",
    "Hi coach",
)
PROFILE: dict[str, Any] = {
    "personal_info": {"age": 35, "gender": "male", "height": 180, "weight": 80, "fitness_level": "intermediate"},
    "goals": ["muscle_gain"],
    "preferences": {"workout_duration": 60, "days_per_week": 3, "equipment_access": "full_gym"},
    "constraints": {"injuries": []},
    "health": {"exercises_regularly": True},
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(data: Path) -> tuple[str, Any, threading.Thread]:
    import uvicorn

    from fitcoach.config import Settings
    from fitcoach.web.app import create_app

    settings = Settings(
        FITCOACH_DATA_DIR=data,
        DATABASE_URL=f"sqlite:///{data / 'fitcoach.db'}",
        FITCOACH_SECRET_KEY="bench-" + secrets.token_hex(8),
        FITCOACH_GENERATOR="engine",
    )
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("the app did not start")
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server, thread


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(requests: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        base, server, thread = _serve(Path(tmp))
        try:
            with httpx.Client(base_url=base, timeout=300) as client:
                email = f"bench-{secrets.token_hex(3)}@example.org"
                account = {"email": email, "password": "benchmark password", "display_name": "Bench"}
                assert client.post("/api/v1/auth/register", json=account).status_code == 201
                csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text)
                assert csrf, "no CSRF token on the home page"
                headers = {"X-CSRF-Token": csrf.group(1)}  # the cookie session, as the chat page's script sends
                assert client.put("/api/v1/profile", json=PROFILE, headers=headers).status_code == 200
                assert client.post("/api/v1/plans", json={}, headers=headers).status_code == 201
                start = time.perf_counter()
                warm = client.post("/api/v1/chat", json={"message": "What is progressive overload?"}, headers=headers)
                cold_ms = (time.perf_counter() - start) * 1000
                assert warm.status_code == 200, warm.text
                by_route: dict[str, list[float]] = {}
                all_ms: list[float] = []
                for i in range(requests):
                    message = QUESTIONS[i % len(QUESTIONS)]
                    start = time.perf_counter()
                    response = client.post("/api/v1/chat", json={"message": message}, headers=headers)
                    elapsed = (time.perf_counter() - start) * 1000
                    assert response.status_code == 200, response.text
                    all_ms.append(elapsed)
                    by_route.setdefault(response.json()["route"], []).append(elapsed)
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    return {
        "requests": requests,
        "cold_first_knowledge_ms": round(cold_ms, 1),
        "p50_ms": round(statistics.median(all_ms), 1),
        "p95_ms": round(_percentile(all_ms, 0.95), 1),
        "max_ms": round(max(all_ms), 1),
        "p50_by_route_ms": {r: round(statistics.median(v), 1) for r, v in sorted(by_route.items())},
        "count_by_route": {r: len(v) for r, v in sorted(by_route.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args()
    result = run(args.requests)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    print(f"POST /api/v1/chat, {result['requests']} sequential requests (ms, client-side)")
    print(f"  cold start (first knowledge question, loads MiniLM): {result['cold_first_knowledge_ms']}")
    print(f"  p50 {result['p50_ms']}  p95 {result['p95_ms']}  max {result['max_ms']}")
    for route, p50 in result["p50_by_route_ms"].items():
        print(f"  {route:<12} p50 {p50:>7}  (n={result['count_by_route'][route]})")


if __name__ == "__main__":
    main()

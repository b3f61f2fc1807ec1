"""API throughput and latency under a bounded load: the app on PostgreSQL behind 2 uvicorn workers.

    python benchmarks/api_load.py [--workers 2] [--users 20] [--concurrency 16] [--login-concurrency 4]
                                  [--seconds 8] [--json] [--server-log FILE]

Creates a fresh PostgreSQL database (dropped afterwards; server from FITCOACH_TEST_PG_URL, default
postgres@127.0.0.1:5432), starts ``fitcoach serve`` on a free loopback port, registers users with a
profile, a plan and an open session, then drives each scenario with an asyncio httpx load generator
(a fixed number of concurrent clients, each sending its next request as soon as the last one answered)
for a fixed time (login with fewer clients: each Argon2id check costs 64 MiB and tens of ms of CPU).
Prints requests/s and p50/p95/p99 latency per scenario, and checks that the sets stored equal the
set-logging requests that were acknowledged (exit status 1 otherwise). The load generator runs on
the same machine as the server, so it competes with it for CPU: numbers are a floor, not a ceiling.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table

from fitcoach.domain.sampling import random_profile
from fitcoach.store import testing

PASSWORD = "benchmark password"


@dataclass
class BenchUser:
    email: str
    token: str
    session_id: int | None = None
    exercise_id: str | None = None


@dataclass
class Result:
    name: str
    latencies_ms: list[float] = field(default_factory=list)
    clients: int = 0
    errors: int = 0
    error_statuses: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    note: str = ""

    def row(self) -> dict[str, Any]:
        lat = sorted(self.latencies_ms)

        def pct(p: float) -> float | None:
            return round(lat[min(len(lat) - 1, int(p / 100 * len(lat)))], 1) if lat else None

        return {
            "scenario": self.name,
            "clients": self.clients,
            "requests": len(lat),
            "errors": self.errors,
            "req_per_s": round(len(lat) / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": pct(50),
            "p95_ms": pct(95),
            "p99_ms": pct(99),
            "mean_ms": round(statistics.fmean(lat), 1) if lat else None,
            "note": self.note,
            "error_statuses": self.error_statuses,
        }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db_url: str, port: int, workers: int, data_dir: str) -> subprocess.Popen[bytes]:
    """``fitcoach serve`` in a subprocess; its log goes to ``data_dir/server.log`` (a pipe would fill and block)."""
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "FITCOACH_DATA_DIR": data_dir,
        "FITCOACH_GENERATOR": "engine",
        "FITCOACH_LOGIN_MAX_FAILURES": "1000000",
    }
    cli = "from fitcoach.cli import main; main()"
    command = [sys.executable, "-c", cli, "serve", "--port", str(port), "--workers", str(workers)]
    log = open(os.path.join(data_dir, "server.log"), "wb")  # noqa: SIM115 - closed with the directory
    return subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)


async def wait_ready(base: str, proc: subprocess.Popen[bytes], log_path: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(base_url=base) as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                with open(log_path, encoding="utf-8", errors="replace") as log:
                    raise RuntimeError(f"server exited:\n{log.read()[-4000:]}")
            try:
                if (await client.get("/healthz")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError("server did not answer /healthz in time")


def first_exercise(session: dict[str, Any]) -> str | None:
    for target in session.get("targets") or []:
        if target.get("exercise_id"):
            return str(target["exercise_id"])
    return None


async def setup_users(client: httpx.AsyncClient, count: int, paths: set[str], seed: int) -> list[BenchUser]:
    """Users with a token; with the fitness API present also a profile, a plan and an open session."""
    rng = random.Random(seed)
    users = []
    for i in range(count):
        email = f"bench-{i}@example.org"
        body = {"email": email, "password": PASSWORD, "display_name": f"Bench {i}"}
        registered = await client.post("/api/v1/auth/register", json=body)
        registered.raise_for_status()
        csrf = {"X-CSRF-Token": await csrf_of(client)}
        made = await client.post("/api/v1/tokens", json={"name": "bench"}, headers=csrf)
        made.raise_for_status()
        client.cookies.clear()
        user = BenchUser(email, made.json()["token"])
        auth = {"Authorization": f"Bearer {user.token}"}
        if "/api/v1/profile" in paths and "/api/v1/plans" in paths:
            profile = random_profile(rng)
            (await client.put("/api/v1/profile", json=profile, headers=auth)).raise_for_status()
            (await client.post("/api/v1/plans", json={}, headers=auth)).raise_for_status()
        if "/api/v1/sessions" in paths:
            started = await client.post("/api/v1/sessions", json={}, headers=auth)
            if started.status_code < 400:
                user.session_id = started.json()["id"]
                user.exercise_id = first_exercise(started.json())
        users.append(user)
    return users


async def csrf_of(client: httpx.AsyncClient) -> str:
    page = (await client.get("/")).text
    return page.split('name="csrf-token" content="', 1)[1].split('"', 1)[0]


Request = Callable[[httpx.AsyncClient, BenchUser], Awaitable[httpx.Response]]


async def drive(
    base: str, name: str, users: list[BenchUser], send: Request, concurrency: int, seconds: float
) -> Result:
    """``concurrency`` closed-loop clients sending ``send`` for ``seconds``."""
    result = Result(name, clients=concurrency)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        stop = time.perf_counter() + seconds

        async def worker(index: int) -> None:
            n = index
            while time.perf_counter() < stop:
                user = users[n % len(users)]
                n += concurrency
                began = time.perf_counter()
                try:
                    status = str((await send(client, user)).status_code)
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                if status < "400":
                    result.latencies_ms.append((time.perf_counter() - began) * 1000)
                else:
                    result.errors += 1
                    result.error_statuses[status] = result.error_statuses.get(status, 0) + 1

        began = time.perf_counter()
        await asyncio.gather(*(worker(i) for i in range(concurrency)))
        result.seconds = time.perf_counter() - began
    return result


def bearer(user: BenchUser) -> dict[str, str]:
    return {"Authorization": f"Bearer {user.token}"}


def scenarios() -> list[tuple[str, Request, str]]:
    """(name, request, endpoint) for each scenario."""

    async def login(c: httpx.AsyncClient, u: BenchUser) -> httpx.Response:
        return await c.post("/api/v1/auth/login", json={"email": u.email, "password": PASSWORD})

    async def plan(c: httpx.AsyncClient, u: BenchUser) -> httpx.Response:
        return await c.get("/api/v1/plans/current", headers=bearer(u))

    async def generate(c: httpx.AsyncClient, u: BenchUser) -> httpx.Response:
        return await c.post("/api/v1/plans", json={}, headers=bearer(u))

    async def log_set(c: httpx.AsyncClient, u: BenchUser) -> httpx.Response:
        body = {"exercise_id": u.exercise_id, "reps": 8, "load_kg": 20.0, "rpe": 7}
        return await c.post(f"/api/v1/sessions/{u.session_id}/sets", json=body, headers=bearer(u))

    async def dashboard(c: httpx.AsyncClient, u: BenchUser) -> httpx.Response:
        return await c.get("/api/v1/dashboard", headers=bearer(u))

    return [
        ("login (argon2id)", login, "POST /api/v1/auth/login"),
        ("get plan", plan, "GET /api/v1/plans/current"),
        ("generate a plan", generate, "POST /api/v1/plans (rule engine, new version)"),
        ("log a set", log_set, "POST /api/v1/sessions/{id}/sets"),
        ("dashboard", dashboard, "GET /api/v1/dashboard"),
    ]


def stored_sets(db_url: str) -> int:
    """Sets in the database: must equal the successful set-logging requests (nothing lost or doubled)."""
    from sqlalchemy import func, select

    from fitcoach.store.db import make_engine
    from fitcoach.store.models import SetLog

    engine = make_engine(db_url)
    try:
        with engine.connect() as connection:
            return int(connection.scalar(select(func.count()).select_from(SetLog)) or 0)
    finally:
        engine.dispose()


async def run(args: argparse.Namespace) -> tuple[list[Result], dict[str, Any]]:
    config_checks: dict[str, int] = {}
    with testing.fresh_postgres_database("fitcoach_bench") as db_url, tempfile.TemporaryDirectory() as data_dir:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        proc = start_server(db_url, port, args.workers, data_dir)
        try:
            await wait_ready(base, proc, os.path.join(data_dir, "server.log"))
            async with httpx.AsyncClient(base_url=base, timeout=60) as client:
                paths = set((await client.get("/openapi.json")).json()["paths"])
                users = await setup_users(client, args.users, paths, args.seed)
            missing = {"/api/v1/plans", "/api/v1/plans/current", "/api/v1/dashboard"} - paths
            if missing or not all(u.session_id and u.exercise_id for u in users):
                raise RuntimeError(f"the app lacks the API this benchmark drives: {sorted(missing) or 'sessions'}")
            results = []
            for name, send, note in scenarios():
                clients = args.login_concurrency if name.startswith("login") else args.concurrency
                before = stored_sets(db_url)
                result = await drive(base, name, users, send, clients, args.seconds)
                result.note = note
                if name == "log a set":
                    config_checks["sets stored"] = stored_sets(db_url) - before
                    config_checks["sets acknowledged"] = len(result.latencies_ms)
                results.append(result)
        finally:
            if args.server_log:
                shutil.copy(os.path.join(data_dir, "server.log"), args.server_log)
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    config = {k: getattr(args, k) for k in ("workers", "users", "concurrency", "login_concurrency", "seconds")}
    config["cpus"] = os.cpu_count()
    config.update(config_checks)
    return results, config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument("--users", type=int, default=20, help="distinct users the load rotates over")
    parser.add_argument("--concurrency", type=int, default=16, help="concurrent closed-loop clients")
    parser.add_argument(
        "--login-concurrency", type=int, default=4, help="clients for the login scenario (Argon2id is CPU-bound)"
    )
    parser.add_argument("--seconds", type=float, default=8.0, help="duration of each scenario")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--server-log", help="copy the server's log here (to look into errors)")
    args = parser.parse_args()
    problem = testing.postgres_error()
    if problem:
        sys.exit(f"error: PostgreSQL at {testing.admin_url()} does not answer ({problem})")
    results, config = asyncio.run(run(args))
    rows = [r.row() for r in results]
    if args.json:
        print(json.dumps({"config": config, "results": rows}, indent=2))
        sys.exit(0 if config["sets stored"] == config["sets acknowledged"] else 1)
    table = Table(
        title=f"API load: {config['workers']} uvicorn workers, PostgreSQL, {config['seconds']:g} s per scenario, "
        f"{config['cpus']} CPUs shared with the load generator"
    )
    for column in ("scenario", "clients", "req/s", "p50 ms", "p95 ms", "p99 ms", "requests", "errors", "endpoint"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            r["scenario"],
            str(r["clients"]),
            f"{r['req_per_s']}",
            f"{r['p50_ms']}",
            f"{r['p95_ms']}",
            f"{r['p99_ms']}",
            str(r["requests"]),
            f"{r['errors']} {r['error_statuses']}" if r["errors"] else "0",
            r["note"],
        )
    console = Console(width=170)
    console.print(table)
    stored, acknowledged = config["sets stored"], config["sets acknowledged"]
    verdict = "nothing lost or doubled" if stored == acknowledged else "MISMATCH"
    console.print(f"sets stored {stored} / set requests answered 201: {acknowledged} ({verdict})")
    if stored != acknowledged:
        sys.exit(1)


if __name__ == "__main__":
    main()

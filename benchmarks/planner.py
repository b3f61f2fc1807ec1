"""Planner and verifier speed, and a safety sweep over random profiles.

    python benchmarks/planner.py            # 1,000 timed plans, 10,000-profile sweep, a table
    python benchmarks/planner.py --json     # the same figures as one JSON object

Runs on one core (the process is single-threaded). Latency is wall-clock per ``build_plan`` call on
already-validated profiles, after one warm-up plan has loaded the knowledge base.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from collections import Counter

from rich.console import Console
from rich.progress import track
from rich.table import Table

from fitcoach.domain.plan import Plan
from fitcoach.domain.planner import build_plan
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.sampling import random_profile
from fitcoach.domain.verify import errors, verify


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timed", type=int, default=1000, help="plans to time")
    parser.add_argument("--sweep", type=int, default=10000, help="random profiles to verify")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    quiet = args.json

    profiles = [UserProfile.model_validate(random_profile(rng)) for _ in range(args.timed)]
    build_plan(profiles[0])  # warm caches: knowledge base, week layouts, candidate pools
    plan_ms, verify_ms, plans = [], [], []
    for i, profile in enumerate(profiles):
        t0 = time.perf_counter()
        plan = build_plan(profile, seed=i)
        plan_ms.append((time.perf_counter() - t0) * 1000)
        plans.append(plan)
    for profile, plan in zip(profiles, plans, strict=True):
        t0 = time.perf_counter()
        verify(profile, plan)
        verify_ms.append((time.perf_counter() - t0) * 1000)

    codes: Counter[str] = Counter()
    schema_failures = 0
    bad = 0
    items = range(args.sweep)
    for i in items if quiet else track(items, description="sweep", transient=True):
        profile = UserProfile.model_validate(random_profile(rng, shift=i % 2 == 1))
        plan = build_plan(profile, seed=i)
        try:
            Plan.model_validate(plan)
        except ValueError:
            schema_failures += 1
        found = errors(verify(profile, plan))
        bad += bool(found)
        codes.update(v.code for v in found)

    result = {
        "plans_per_second": round(1000 / statistics.mean(plan_ms), 1),
        "p50_ms": round(percentile(plan_ms, 0.50), 3),
        "p99_ms": round(percentile(plan_ms, 0.99), 3),
        "verify_ms": round(statistics.mean(verify_ms), 3),
        "verify_p99_ms": round(percentile(verify_ms, 0.99), 3),
        "sweep_profiles": args.sweep,
        "violations_in_sweep": bad,
        "schema_failures_in_sweep": schema_failures,
        "violation_codes": dict(codes),
    }
    if args.json:
        print(json.dumps(result))
        return
    table = Table(title=f"Planner on one core ({args.timed} timed plans, {args.sweep} swept)")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key in (
        "plans_per_second",
        "p50_ms",
        "p99_ms",
        "verify_ms",
        "verify_p99_ms",
        "violations_in_sweep",
        "schema_failures_in_sweep",
    ):
        table.add_row(key, str(result[key]))
    Console().print(table)
    if codes:
        Console().print("error codes in sweep:", dict(codes))


if __name__ == "__main__":
    main()

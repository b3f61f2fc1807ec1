"""Service latency against a long training history: finish a session, dashboard, records, profile card.

    python benchmarks/web_history.py [--sessions 50 150 400] [--repeats 5] [--seed 0] [--json]

For each N, builds one user in a fresh, migrated SQLite database through the services only (profile,
plan, N finished sessions of the plan's days on consecutive planned dates with varied loads and reps),
then times, with warm caches:
- ``finish``: start a session, log its sets and finish it (the call users wait on after training;
  timed is ``finish_session`` alone, the setup is not);
- ``dashboard``: ``dashboard.dashboard``;
- ``records``: ``training.records`` (the personal-records table);
- ``card``: ``game.profile_card`` with achievement progress, as the card page and ``GET /api/v1/game`` call it
  (they read the whole log first and pass it in);
- ``card_svc``: the same card with ``history=None``: the service reads the log only when its stored
  achievement sums do not hold.
Prints the median and the best of ``--repeats`` runs in milliseconds (``--json``: one JSON document).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from fitcoach.domain import knowledge
from fitcoach.services import dashboard, game, plans, profiles, training
from fitcoach.store.db import make_engine, make_session_factory, migrate
from fitcoach.store.models import User

PROFILE: dict[str, Any] = {
    "personal_info": {"age": 35, "gender": "male", "height": 180, "weight": 80, "fitness_level": "intermediate"},
    "goals": ["muscle_gain", "strength_increase"],
    "preferences": {"workout_duration": 60, "days_per_week": 3, "equipment_access": "full_gym"},
    "constraints": {"injuries": []},
    "health": {"exercises_regularly": True, "parq": {}},
    "nutrition": {"diet": "omnivore", "allergies": [], "meals_per_day": 4},
}
OPERATIONS = ("finish", "dashboard", "records", "card", "card_svc")


def _log_day(db: Session, user_id: int, day_index: int, rng: random.Random) -> int:
    """Start plan day ``day_index`` and log every planned set with a plausible load; the session id."""
    catalogue = knowledge.exercises()
    ws = training.start_session(db, user_id, day_index=day_index)
    for target in ws.targets or []:
        exercise = catalogue[target["exercise_id"]]
        for _ in range(int(target["sets"])):
            if exercise.dose.value == "reps":
                load = round(rng.uniform(20, 80) / 2.5) * 2.5 if exercise.loadable else None
                reps = rng.randint(int(target["reps_min"]), int(target["reps_max"]) + 2)
                training.log_set(db, user_id, ws.id, exercise_id=exercise.id, reps=reps, load_kg=load, rpe=7.5)
            else:
                training.log_set(db, user_id, ws.id, exercise_id=exercise.id, reps=1, duration_seconds=45)
    return ws.id


def build_user(db: Session, sessions: int, seed: int) -> tuple[int, dt.date]:
    """A user with ``sessions`` finished sessions on the plan's days; the next planned date."""
    rng = random.Random(seed)
    user = User(email=f"bench{seed}@example.org", display_name="Bench", password_hash="not-a-real-hash")
    db.add(user)
    db.commit()
    profiles.save_profile(db, user.id, PROFILE)
    plan = plans.generate_plan(db, user.id, reason="benchmark").plan
    weekdays = plans.training_weekdays(plan)
    by_weekday = {w: i for i, w in enumerate(weekdays)}
    day = dt.date(2025, 1, 6)  # a Monday
    done = 0
    while done < sessions:
        if day.weekday() in by_weekday:
            ws_id = _log_day(db, user.id, by_weekday[day.weekday()], rng)
            when = dt.datetime.combine(day, dt.time(18), dt.UTC)
            training.finish_session(db, user.id, ws_id, duration_minutes=60, now=when)
            done += 1
        day += dt.timedelta(days=1)
    while day.weekday() not in by_weekday:
        day += dt.timedelta(days=1)
    return user.id, day


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _card(db: Session, user_id: int) -> None:
    """The profile card as ``GET /api/v1/game`` and the card page build it."""
    history = training.logged_history(db, user_id)
    weight = training.body_weight_kg(db, user_id, PROFILE["personal_info"]["weight"])
    game.profile_card(db, user_id, history, weight, with_progress=True)


def _card_service(db: Session, user_id: int) -> None:
    weight = training.body_weight_kg(db, user_id, PROFILE["personal_info"]["weight"])
    game.profile_card(db, user_id, None, weight, with_progress=True)


def measure(sessions: int, repeats: int, seed: int) -> dict[str, dict[str, float]]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        migrate(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        with factory() as db:
            user_id, day = build_user(db, sessions, seed)
        weekdays = None
        times: dict[str, list[float]] = {op: [] for op in OPERATIONS}
        rng = random.Random(seed + 1)
        for _ in range(repeats):
            with factory() as db:
                plan = plans.current_plan(db, user_id).plan
                weekdays = weekdays or plans.training_weekdays(plan)
                ws_id = _log_day(db, user_id, weekdays.index(day.weekday()), rng)
                when = dt.datetime.combine(day, dt.time(18), dt.UTC)
                finish = partial(training.finish_session, db, user_id, ws_id, duration_minutes=60, now=when)
                times["finish"].append(_time(finish))
            with factory() as db:
                times["dashboard"].append(_time(partial(dashboard.dashboard, db, user_id, today=day)))
            with factory() as db:
                times["records"].append(_time(partial(training.records, db, user_id)))
            with factory() as db:
                times["card"].append(_time(partial(_card, db, user_id)))
            with factory() as db:
                times["card_svc"].append(_time(partial(_card_service, db, user_id)))
            day += dt.timedelta(days=1)
            while day.weekday() not in weekdays:
                day += dt.timedelta(days=1)
        engine.dispose()
    return {op: {"median_ms": statistics.median(t), "best_ms": min(t)} for op, t in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, nargs="+", default=[50, 150, 400])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = {n: measure(n, args.repeats, args.seed) for n in args.sessions}
    if args.json:
        print(json.dumps({"repeats": args.repeats, "results": {str(n): r for n, r in results.items()}}, indent=2))
        return
    table = Table(title=f"Service latency vs history length (median / best of {args.repeats}, ms)")
    table.add_column("sessions", justify="right")
    for op in OPERATIONS:
        table.add_column(op, justify="right")
    for n, r in results.items():
        table.add_row(str(n), *(f"{r[op]['median_ms']:.1f} / {r[op]['best_ms']:.1f}" for op in OPERATIONS))
    Console().print(table)


if __name__ == "__main__":
    main()

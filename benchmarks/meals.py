"""Meal-planner accuracy and speed over random profiles.

    python benchmarks/meals.py [--profiles 500] [--json]

For each random profile (all diets, allergies, intolerances, 2-6 meals a day) it plans a day against
the profile's own calorie and protein targets and reports how often the day lands within 5% of
calories and 10% of protein, the worst misses, and milliseconds per day.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time

from rich.console import Console
from rich.table import Table

from fitcoach.domain.context import expected_training_days
from fitcoach.domain.meals import plan_day
from fitcoach.domain.nutrition import targets_for
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.sampling import random_profile


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    times, hits, by_meals = [], 0, {n: [0, 0] for n in range(2, 7)}
    kcal_err, protein_err = [], []
    for i in range(args.profiles):
        data = random_profile(rng)
        data["nutrition"]["intolerances"] = rng.choice([[], ["lactose"], ["gluten"], ["lactose", "gluten"]])
        profile = UserProfile.model_validate(data)
        t = targets_for(profile, expected_training_days(profile))
        start = time.perf_counter()
        day = plan_day(profile, t.target.kcal, t.macros.protein_g, seed=i)
        times.append((time.perf_counter() - start) * 1000)
        hits += day.within_targets
        by_meals[profile.nutrition.meals_per_day][0] += day.within_targets
        by_meals[profile.nutrition.meals_per_day][1] += 1
        kcal_err.append(abs(day.kcal - day.kcal_target) / day.kcal_target * 100)
        protein_err.append(abs(day.protein_g - day.protein_target) / day.protein_target * 100)
    result = {
        "profiles": args.profiles,
        "within_targets_pct": round(100 * hits / args.profiles, 1),
        "within_targets_pct_by_meals": {n: round(100 * h / c, 1) for n, (h, c) in by_meals.items() if c},
        "median_kcal_error_pct": round(statistics.median(kcal_err), 2),
        "median_protein_error_pct": round(statistics.median(protein_err), 2),
        "ms_per_day_p50": round(statistics.median(times), 2),
    }
    if args.json:
        print(json.dumps(result))
        return
    table = Table(title=f"Meal planner over {args.profiles} random profiles")
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key, value in result.items():
        table.add_row(key, str(value))
    Console().print(table)


if __name__ == "__main__":
    main()

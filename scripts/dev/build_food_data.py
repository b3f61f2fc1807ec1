"""Build the packaged food table and recipes from the compact part modules beside this script.

Food parts live in ``scripts/dev/foods/part_*.py`` and define ``FOODS``, a list of tuples::

    (id, name, group, cuisines, kcal, protein_g, carbs_g, fat_g, fibre_g,
     serving_g, serving_desc, diet, allergens, slots, prep_minutes)

* ``cuisines``: space-separated codes (see ``CUISINES``).
* ``diet``: the strictest kind of eater the food suits: ``vegan``, ``veg`` (lacto-ovo vegetarian),
  ``fish`` (fish or shellfish: pescatarian), ``meat`` (meat assumed from halal sources) or ``pork``;
  optional flags after ``+``: ``g`` contains gluten from barley, rye or oats, ``a`` contains alcohol.
* ``allergens``: letters (see ``ALLERGENS``); ``slots``: letters from ``BLDS``.

Carbohydrate is total carbohydrate including fibre. Where the table energy disagrees with
4/4/9 by more than max(10 %, 10 kcal) the energy is recomputed from the macros (listed on output).

Recipe parts live in ``scripts/dev/recipes/part_*.py`` and define ``RECIPES``::

    (id, name, cuisine, slots, prep_minutes, [(food_id, grams) or (food_id, grams, scalable)], [steps])

Ingredients from the fat_oil, condiment and sweet groups are not scalable unless stated.

Run ``python scripts/dev/build_food_data.py [-v]`` from the repository root; it validates the
records with the package models, prints coverage figures and writes one record per line.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DATA = ROOT / "src" / "fitcoach" / "domain" / "knowledge" / "data"
sys.path.insert(0, str(ROOT / "src"))

from fitcoach.domain.knowledge.guidelines import guidelines  # noqa: E402
from fitcoach.domain.knowledge.records import Food, Recipe  # noqa: E402

CUISINES = {
    "na": "north_african",
    "me": "middle_eastern",
    "med": "mediterranean",
    "sa": "south_asian",
    "ea": "east_asian",
    "sea": "southeast_asian",
    "la": "latin_american",
    "w": "western",
    "wa": "west_african",
    "i": "international",
}
ALLERGENS = {
    "m": "milk",
    "e": "egg",
    "f": "fish",
    "s": "shellfish",
    "t": "tree_nut",
    "p": "peanut",
    "w": "wheat",
    "y": "soy",
    "z": "sesame",
}
SLOTS = {"B": "breakfast", "L": "lunch", "D": "dinner", "S": "snack"}
DIETS = {
    "vegan": ["vegan", "vegetarian", "pescatarian", "halal"],
    "veg": ["vegetarian", "pescatarian", "halal"],
    "fish": ["pescatarian", "halal"],
    "meat": ["halal"],
    "pork": [],
}
NOT_SCALABLE = {"fat_oil", "condiment", "sweet"}
DIET_ORDER = ["omnivore", "vegetarian", "vegan", "pescatarian", "halal"]


def atwater(p: float, c: float, f: float) -> float:
    per_gram = guidelines().energy.kcal_per_gram
    return per_gram.protein * p + per_gram.carbs * c + per_gram.fat * f


def energy_ok(kcal: float, p: float, c: float, f: float) -> bool:
    tolerance = guidelines().energy.food_energy_tolerance
    return abs(kcal - atwater(p, c, f)) <= max(tolerance.fraction * kcal, tolerance.kcal)


def load_parts(kind: str, attr: str) -> list[tuple[str, list[Any]]]:
    out = []
    for path in sorted((HERE / kind).glob("part_*.py")):
        spec = importlib.util.spec_from_file_location(f"_{kind}_{path.stem}", path)
        assert spec is not None
        assert spec.loader is not None
        module: ModuleType = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        out.append((path.name, list(getattr(module, attr))))
    return out


def build_food(row: tuple[Any, ...], recomputed: list[str]) -> dict[str, Any]:
    if len(row) != 15:
        raise ValueError(f"food row has {len(row)} fields: {row!r}")
    fid, name, group, cuisines, kcal, p, c, f, fib, serving_g, serving_desc, diet, allergens, slots, prep = row
    kind, _, flags = diet.partition("+")
    tags = list(DIETS[kind])
    if "a" in flags and "halal" in tags:
        tags.remove("halal")
    allergen_list = [ALLERGENS[a] for a in allergens]
    if "w" not in allergens and "g" not in flags:
        tags.append("gluten_free")
    if "m" not in allergens or "lactose-free" in name.lower():
        tags.append("lactose_free")
    if fib > c:
        raise ValueError(f"{fid}: fibre {fib} exceeds total carbohydrate {c}")
    if not energy_ok(kcal, p, c, f):
        new = round(atwater(p, c, f))
        recomputed.append(f"{fid}: {kcal} -> {new}")
        kcal = new
    return {
        "id": fid,
        "name": name,
        "group": group,
        "cuisines": [CUISINES[x] for x in cuisines.split()],
        "per_100g": {"kcal": kcal, "protein_g": p, "carbs_g": c, "fat_g": f, "fibre_g": fib},
        "serving_g": serving_g,
        "serving_desc": serving_desc,
        "diet_tags": tags,
        "allergens": allergen_list,
        "meal_slots": [SLOTS[s] for s in slots],
        "prep_minutes": prep,
    }


def build_recipe(row: tuple[Any, ...], foods: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if len(row) != 7:
        raise ValueError(f"recipe row has {len(row)} fields: {row!r}")
    rid, name, cuisine, slots, prep, ingredients, steps = row
    items = []
    for ing in ingredients:
        food_id, grams = ing[0], ing[1]
        if food_id not in foods:
            raise ValueError(f"recipe {rid}: unknown food {food_id!r}")
        scalable = ing[2] if len(ing) > 2 else foods[food_id]["group"] not in NOT_SCALABLE
        item: dict[str, Any] = {"food": food_id, "grams": grams}
        if not scalable:
            item["scalable"] = False
        items.append(item)
    return {
        "id": rid,
        "name": name,
        "cuisine": CUISINES[cuisine],
        "meal_slots": [SLOTS[s] for s in slots],
        "prep_minutes": prep,
        "ingredients": items,
        "steps": list(steps),
    }


def totals(recipe: dict[str, Any], foods: dict[str, dict[str, Any]]) -> dict[str, float]:
    out = dict.fromkeys(("kcal", "protein_g", "carbs_g", "fat_g", "fibre_g"), 0.0)
    for ing in recipe["ingredients"]:
        per = foods[ing["food"]]["per_100g"]
        for k in out:
            out[k] += per[k] * ing["grams"] / 100
    return out


def recipe_suits(recipe: dict[str, Any], foods: dict[str, dict[str, Any]], tag: str) -> bool:
    if tag == "omnivore":
        return True
    return all(tag in foods[i["food"]]["diet_tags"] for i in recipe["ingredients"])


def recipe_allergens(recipe: dict[str, Any], foods: dict[str, dict[str, Any]]) -> set[str]:
    return {a for i in recipe["ingredients"] for a in foods[i["food"]]["allergens"]}


def write_json(path: Path, records: list[dict[str, Any]]) -> None:
    body = ",\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    path.write_text("[\n" + body + "\n]\n", encoding="utf-8")


def report(foods: dict[str, dict[str, Any]], recipes: list[dict[str, Any]], verbose: bool) -> None:
    print(f"foods: {len(foods)}   recipes: {len(recipes)}")
    fc = Counter(c for f in foods.values() for c in f["cuisines"])
    rc = Counter(r["cuisine"] for r in recipes)
    print("cuisine   foods / recipes:")
    for c in CUISINES.values():
        print(f"  {c:16s} {fc[c]:4d} {rc[c]:4d}")
    used = {i["food"] for r in recipes for i in r["ingredients"]}
    print(f"distinct foods used by recipes: {len(used)}")
    nut = {r["id"]: totals(r, foods) for r in recipes}
    print(f"prep <= 10 min: {sum(r['prep_minutes'] <= 10 for r in recipes)}")
    thresholds = {"breakfast": 20, "lunch": 30, "dinner": 30, "snack": 15}
    print("slot: count | diets (suitable / high-protein) | vegan+gf")
    for slot in SLOTS.values():
        in_slot = [r for r in recipes if slot in r["meal_slots"]]
        parts = []
        for d in DIET_ORDER:
            ok = [r for r in in_slot if recipe_suits(r, foods, d)]
            hp = [r for r in ok if nut[r["id"]]["protein_g"] >= thresholds[slot]]
            parts.append(f"{d[:4]} {len(ok)}/{len(hp)}")
        vgf = [r for r in in_slot if recipe_suits(r, foods, "vegan") and recipe_suits(r, foods, "gluten_free")]
        print(f"  {slot:9s} {len(in_slot):3d} | {'  '.join(parts)} | {len(vgf)}")
        free = {a: sum(a not in recipe_allergens(r, foods) for r in in_slot) for a in ALLERGENS.values()}
        print("            allergen-free: " + " ".join(f"{a}={n}" for a, n in free.items()))
    kcal = sorted((v["kcal"], k) for k, v in nut.items())
    if kcal:
        print(f"portion kcal range: {kcal[0][0]:.0f} ({kcal[0][1]}) .. {kcal[-1][0]:.0f} ({kcal[-1][1]})")
    bad = [f"{k} {v:.0f}" for v, k in kcal if not 150 <= v <= 1100]
    if bad:
        print("OUT OF RANGE kcal:", bad)
    unused = sorted(set(foods) - used)
    print(f"unused foods ({len(unused)}): {' '.join(unused)}")
    if verbose:
        for r in recipes:
            n = nut[r["id"]]
            diets = ",".join(d[:4] for d in DIET_ORDER[1:] if recipe_suits(r, foods, d))
            print(
                f"  {r['id']:40s} {''.join(s[0].upper() for s in r['meal_slots']):4s} "
                f"{n['kcal']:5.0f} kcal P{n['protein_g']:5.1f} C{n['carbs_g']:5.1f} F{n['fat_g']:5.1f}  {diets}"
            )


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    recomputed: list[str] = []
    foods: dict[str, dict[str, Any]] = {}
    names: set[str] = set()
    for part, rows in load_parts("foods", "FOODS"):
        for row in rows:
            rec = build_food(row, recomputed)
            if rec["id"] in foods:
                raise ValueError(f"{part}: duplicate food id {rec['id']}")
            if rec["name"].lower() in names:
                raise ValueError(f"{part}: duplicate food name {rec['name']}")
            names.add(rec["name"].lower())
            Food.model_validate(rec)
            foods[rec["id"]] = rec
    recipes: list[dict[str, Any]] = []
    rids: set[str] = set()
    for part, rows in load_parts("recipes", "RECIPES"):
        for row in rows:
            rec = build_recipe(row, foods)
            if rec["id"] in rids:
                raise ValueError(f"{part}: duplicate recipe id {rec['id']}")
            rids.add(rec["id"])
            Recipe.model_validate(rec)
            recipes.append(rec)
    if recomputed:
        print(f"energy recomputed from macros ({len(recomputed)}): " + "; ".join(recomputed))
    report(foods, recipes, verbose)
    write_json(DATA / "foods.json", list(foods.values()))
    write_json(DATA / "recipes.json", recipes)
    print(f"wrote {DATA / 'foods.json'} and {DATA / 'recipes.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

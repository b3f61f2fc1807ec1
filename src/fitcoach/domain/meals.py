"""The meal planner: a day of meals that hits the calorie and protein targets, and single suggestions.

Recipes are drawn only from those whose every ingredient suits the person's diet, allergies and
intolerances (strict: a food must be tagged as suitable). Portions are scaled within realistic bounds
so the day lands within 5% of the calorie target and 10% of the protein target; when no mix of
recipes reaches the protein target, a protein-rich side that suits the diet is added.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from pydantic import BaseModel, ConfigDict

from fitcoach.domain import knowledge
from fitcoach.domain.catalogue import food_suits, normalise_text, recipe_suits
from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.knowledge.records import Food, Recipe
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.vocab import Allergen, Cuisine, Diet, FoodGroup, Intolerance, MealSlot


class MealRules(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    slots_by_meal_count: dict[int, list[tuple[MealSlot, float]]]
    portion_scale_min: float
    portion_scale_max: float
    calorie_tolerance: float
    protein_tolerance: float
    quick_meal_minutes: int
    side_servings_max: float
    side_grams_min_cap: float
    search_attempts: int


@cache
def rules() -> MealRules:
    return MealRules.model_validate(knowledge.load_json("meals.json"))


@dataclass(frozen=True)
class Diner:
    """Who is eating: the dietary limits every suggestion must honour."""

    diet: Diet
    allergens: frozenset[Allergen]
    intolerances: frozenset[Intolerance]

    @classmethod
    def of(cls, profile: UserProfile) -> Diner:
        n = profile.nutrition
        return cls(n.diet, frozenset(n.allergies), frozenset(n.intolerances))

    def allows_recipe(self, recipe: Recipe) -> bool:
        return recipe_suits(recipe, self.diet, self.allergens, self.intolerances)

    def allows_food(self, food: Food) -> bool:
        return food_suits(food, self.diet, self.allergens, self.intolerances)


@dataclass(frozen=True)
class Portion:
    food_id: str
    name: str
    grams: float


@dataclass(frozen=True)
class Meal:
    slot: MealSlot
    recipe_id: str | None  # None for an added side
    name: str
    cuisine: Cuisine | None
    prep_minutes: int
    portions: tuple[Portion, ...]
    scale: float
    steps: tuple[str, ...] = ()

    @property
    def kcal(self) -> float:
        return sum(_food(p.food_id).per_100g.kcal * p.grams / 100 for p in self.portions)

    @property
    def protein_g(self) -> float:
        return sum(_food(p.food_id).per_100g.protein_g * p.grams / 100 for p in self.portions)

    @property
    def carbs_g(self) -> float:
        return sum(_food(p.food_id).per_100g.carbs_g * p.grams / 100 for p in self.portions)

    @property
    def fat_g(self) -> float:
        return sum(_food(p.food_id).per_100g.fat_g * p.grams / 100 for p in self.portions)

    def as_dict(self) -> dict[str, object]:
        return {
            "slot": self.slot.value,
            "recipe_id": self.recipe_id,
            "name": self.name,
            "cuisine": self.cuisine.value if self.cuisine else None,
            "prep_minutes": self.prep_minutes,
            "kcal": round(self.kcal),
            "protein_g": round(self.protein_g, 1),
            "carbs_g": round(self.carbs_g, 1),
            "fat_g": round(self.fat_g, 1),
            "ingredients": [{"food_id": p.food_id, "name": p.name, "grams": round(p.grams)} for p in self.portions],
            "steps": list(self.steps),
        }


def _food(food_id: str) -> Food:
    return knowledge.foods()[food_id]


@dataclass(frozen=True)
class _Energy:
    """A recipe's energy and protein split into a fixed part and a part that scales with the portion."""

    fixed_kcal: float
    scaled_kcal: float
    fixed_protein: float
    scaled_protein: float


@cache
def _energy(recipe_id: str) -> _Energy:
    recipe = knowledge.recipes()[recipe_id]
    fk = sk = fp = sp = 0.0
    for ing in recipe.ingredients:
        n = _food(ing.food).per_100g
        kcal, protein = n.kcal * ing.grams / 100, n.protein_g * ing.grams / 100
        if ing.scalable:
            sk, sp = sk + kcal, sp + protein
        else:
            fk, fp = fk + kcal, fp + protein
    return _Energy(fk, sk, fp, sp)


def _meal(recipe: Recipe, slot: MealSlot, scale: float) -> Meal:
    portions = tuple(
        Portion(i.food, _food(i.food).name, i.grams * (scale if i.scalable else 1.0)) for i in recipe.ingredients
    )
    return Meal(slot, recipe.id, recipe.name, recipe.cuisine, recipe.prep_minutes, portions, scale, recipe.steps)


# ---------------------------------------------------------------- candidates


@dataclass(frozen=True)
class MealOptions:
    """What a person asks of a suggestion."""

    cuisine: Cuisine | None = None
    max_prep_minutes: int | None = None
    quick: bool = False
    ingredients: tuple[str, ...] = ()


def _matches_ingredient(recipe: Recipe, wanted: Iterable[str]) -> int:
    names = [normalise_text(_food(i.food).name) + " " + i.food.replace("_", " ") for i in recipe.ingredients]
    return sum(any(normalise_text(w) in n for n in names) for w in wanted if normalise_text(w))


def candidates(diner: Diner, slot: MealSlot, options: MealOptions = MealOptions()) -> list[Recipe]:
    limit = options.max_prep_minutes
    if options.quick:
        quick = rules().quick_meal_minutes
        limit = quick if limit is None else min(limit, quick)
    out = [
        r
        for r in knowledge.recipes().values()
        if slot in r.meal_slots and diner.allows_recipe(r) and (limit is None or r.prep_minutes <= limit)
    ]
    if options.cuisine is not None:
        preferred = [r for r in out if r.cuisine is options.cuisine]
        out = preferred or out
    if options.ingredients:
        with_ingredients = [r for r in out if _matches_ingredient(r, options.ingredients)]
        out = sorted(with_ingredients, key=lambda r: -_matches_ingredient(r, options.ingredients)) or out
    return out


# ---------------------------------------------------------------- a day


@dataclass(frozen=True)
class DayOfMeals:
    meals: tuple[Meal, ...]
    kcal_target: float
    protein_target: float

    @property
    def kcal(self) -> float:
        return sum(m.kcal for m in self.meals)

    @property
    def protein_g(self) -> float:
        return sum(m.protein_g for m in self.meals)

    @property
    def within_targets(self) -> bool:
        r = rules()
        return (
            abs(self.kcal - self.kcal_target) <= r.calorie_tolerance * self.kcal_target
            and abs(self.protein_g - self.protein_target) <= r.protein_tolerance * self.protein_target
        )

    def as_dict(self) -> dict[str, object]:
        return {
            "kcal_target": round(self.kcal_target),
            "protein_target_g": round(self.protein_target),
            "kcal": round(self.kcal),
            "protein_g": round(self.protein_g, 1),
            "carbs_g": round(sum(m.carbs_g for m in self.meals), 1),
            "fat_g": round(sum(m.fat_g for m in self.meals), 1),
            "within_targets": self.within_targets,
            "meals": [m.as_dict() for m in self.meals],
        }


def _error(day: DayOfMeals) -> float:
    """Distance from the targets in units of their tolerance (at most 1 means within both)."""
    r = rules()
    k = abs(day.kcal - day.kcal_target) / (r.calorie_tolerance * day.kcal_target)
    p = abs(day.protein_g - day.protein_target) / (r.protein_tolerance * day.protein_target)
    return max(k, p)


@dataclass(frozen=True)
class _Sides:
    """Ready foods that fill gaps: one dense in protein, one dense in energy (both may be missing)."""

    protein: Food | None
    energy: Food | None


SIDE_CHOICES = 3


@cache
def _side_options(diner: Diner) -> tuple[_Sides, ...]:
    """A few pairs of protein-dense and energy-dense ready foods that suit the diner."""
    quick = rules().quick_meal_minutes
    ready = [
        f
        for f in knowledge.foods().values()
        if diner.allows_food(f) and f.prep_minutes <= quick and f.per_100g.kcal > 0
    ]
    protein: Sequence[Food | None] = sorted(
        (f for f in ready if f.group in (FoodGroup.PROTEIN, FoodGroup.DAIRY, FoodGroup.LEGUME)),
        key=lambda f: (-f.per_100g.protein_g / f.per_100g.kcal, f.id),
    )[:SIDE_CHOICES]
    energy: Sequence[Food | None] = sorted(
        (f for f in ready if f.group in (FoodGroup.GRAIN, FoodGroup.FRUIT, FoodGroup.NUT_SEED)),
        key=lambda f: (-(f.per_100g.kcal - 8 * f.per_100g.protein_g), f.id),
    )[:SIDE_CHOICES]
    return tuple(_Sides(p, e) for p in (protein or [None]) for e in (energy or [None]))


def _fit(
    recipes: Sequence[Recipe], slots: Sequence[tuple[MealSlot, float]], kcal: float, protein: float, sides: _Sides
) -> DayOfMeals:
    """Scale recipes to their slot's share of the day, then find one common multiplier and two sides
    (grams of a protein-dense and an energy-dense food) that land on both targets."""
    r = rules()
    parts = [_energy(x.id) for x in recipes]
    base = [
        min(max((share * kcal - e.fixed_kcal) / e.scaled_kcal, r.portion_scale_min), r.portion_scale_max)
        if e.scaled_kcal
        else 1.0
        for e, (_, share) in zip(parts, slots, strict=True)
    ]
    low = max(r.portion_scale_min / b for b in base)
    high = min(r.portion_scale_max / b for b in base)
    fixed_k = sum(e.fixed_kcal for e in parts)
    fixed_p = sum(e.fixed_protein for e in parts)
    scaled_k = sum(b * e.scaled_kcal for b, e in zip(base, parts, strict=True))
    scaled_p = sum(b * e.scaled_protein for b, e in zip(base, parts, strict=True))
    side_foods = [f for f in (sides.protein, sides.energy) if f is not None]
    caps = [max(r.side_servings_max * f.serving_g, r.side_grams_min_cap) / 100 for f in side_foods]  # per 100 g
    best: tuple[float, float, list[float]] | None = None
    steps = 24
    for k in range(steps + 1):
        u = low + (high - low) * k / steps if high > low else 1.0
        d_k = kcal - (u * scaled_k + fixed_k)
        d_p = protein - (u * scaled_p + fixed_p)
        amounts = _side_amounts(side_foods, caps, d_k, d_p)
        got_k = u * scaled_k + fixed_k + sum(a * f.per_100g.kcal for a, f in zip(amounts, side_foods, strict=True))
        got_p = u * scaled_p + fixed_p + sum(a * f.per_100g.protein_g for a, f in zip(amounts, side_foods, strict=True))
        error = max(
            abs(got_k - kcal) / (r.calorie_tolerance * kcal), abs(got_p - protein) / (r.protein_tolerance * protein)
        )
        cost = abs(u - 1) + 0.5 * sum(amounts)  # prefer usual portions and few extras
        key = (max(error, 0.5), cost)
        if best is None or key < (max(best[0], 0.5), best[1]):
            best = (error, cost, [u, *amounts])
    assert best is not None
    u, *amounts = best[2]
    meals = [_meal(x, slot, u * b) for x, (slot, _), b in zip(recipes, slots, base, strict=True)]
    for food, amount in zip(side_foods, amounts, strict=True):
        grams = round(amount * 100 / 5) * 5
        if grams >= 20:
            slot = max(slots, key=lambda s: s[1])[0]
            meals.append(
                Meal(
                    slot,
                    None,
                    f"{food.name} (side)",
                    None,
                    food.prep_minutes,
                    (Portion(food.id, food.name, grams),),
                    1.0,
                )
            )
    return DayOfMeals(tuple(meals), kcal, protein)


def _side_amounts(foods: Sequence[Food], caps: Sequence[float], d_k: float, d_p: float) -> list[float]:
    """Amounts (in 100 g) of up to two foods closing an energy and a protein gap, within [0, cap]."""
    if not foods:
        return []
    if len(foods) == 1:
        f = foods[0]
        amount = d_p / f.per_100g.protein_g if f.per_100g.protein_g else d_k / f.per_100g.kcal
        return [min(max(amount, 0.0), caps[0])]
    a, b = foods
    det = a.per_100g.kcal * b.per_100g.protein_g - b.per_100g.kcal * a.per_100g.protein_g
    if abs(det) < 1e-9:
        return [min(max(d_k / a.per_100g.kcal, 0.0), caps[0]), 0.0]
    x = (d_k * b.per_100g.protein_g - b.per_100g.kcal * d_p) / det
    y = (a.per_100g.kcal * d_p - d_k * a.per_100g.protein_g) / det
    x, y = min(max(x, 0.0), caps[0]), min(max(y, 0.0), caps[1])
    if x == 0.0:  # protein already covered: energy side alone closes the energy gap
        y = min(max(d_k / b.per_100g.kcal, 0.0), caps[1])
    return [x, y]


def _closest_in_protein(pool: Sequence[Recipe], kcal: float, protein: float) -> list[Recipe]:
    """The third of a slot's recipes whose share of energy from protein is nearest the day's target."""
    per_gram = guidelines().energy.kcal_per_gram.protein
    wanted = protein * per_gram / kcal

    def share(recipe: Recipe) -> float:
        e = _energy(recipe.id)
        total = e.fixed_kcal + e.scaled_kcal
        return (e.fixed_protein + e.scaled_protein) * per_gram / total if total else 0.0

    ranked = sorted(pool, key=lambda r: (abs(share(r) - wanted), r.id))
    return ranked[: max(3, len(ranked) // 3)]


def plan_day(
    profile: UserProfile,
    kcal_target: float,
    protein_target: float,
    seed: int = 0,
    options: MealOptions | None = None,
) -> DayOfMeals:
    """A day of ``meals_per_day`` meals within the calorie and protein tolerances when it can be done."""
    diner = Diner.of(profile)
    opts = options or MealOptions(
        cuisine=profile.nutrition.cuisine,
        max_prep_minutes=profile.nutrition.max_prep_minutes,
        ingredients=tuple(profile.nutrition.available_ingredients),
    )
    slots = rules().slots_by_meal_count[profile.nutrition.meals_per_day]
    pools = []
    for slot, _ in slots:
        pool = candidates(diner, slot, opts) or candidates(diner, slot)
        if not pool:
            raise InvalidInput(
                [
                    FieldProblem(
                        "nutrition",
                        f"no {slot.value} recipe suits this diet and these allergies; please tell us what you can eat",
                    )
                ]
            )
        pools.append(_closest_in_protein(pool, kcal_target, protein_target))
    rng = random.Random(seed)
    side_options = _side_options(diner)
    best: DayOfMeals | None = None
    for attempt in range(rules().search_attempts):
        chosen: list[Recipe] = []
        for pool in pools:
            options_left = [x for x in pool if x not in chosen] or list(pool)
            chosen.append(options_left[rng.randrange(len(options_left))])
        day = _fit(chosen, slots, kcal_target, protein_target, side_options[attempt % len(side_options)])
        if best is None or (_error(day), len(day.meals)) < (_error(best), len(best.meals)):
            best = day
        if _error(best) <= 0.5 and len(best.meals) == len(slots):
            break
    assert best is not None
    return best


def suggest_meal(
    profile: UserProfile,
    slot: MealSlot,
    kcal_target: float,
    options: MealOptions = MealOptions(),
    exclude: Iterable[str] = (),
    seed: int = 0,
) -> Meal | None:
    """One meal for a slot, scaled to ``kcal_target``; ``exclude`` holds ids already shown ("suggest another")."""
    diner = Diner.of(profile)
    seen = set(exclude)
    pool = [r for r in candidates(diner, slot, options) if r.id not in seen]
    if not pool:
        return None
    rng = random.Random(seed)
    top = pool[: max(3, len(pool) // 3)] if options.ingredients else pool
    recipe = top[rng.randrange(len(top))]
    e = _energy(recipe.id)
    r = rules()
    scale = (
        min(max((kcal_target - e.fixed_kcal) / e.scaled_kcal, r.portion_scale_min), r.portion_scale_max)
        if (e.scaled_kcal)
        else 1.0
    )
    return _meal(recipe, slot, scale)

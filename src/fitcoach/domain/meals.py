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


def _solve_scales(parts: Sequence[_Energy], kcal: float, protein: float) -> list[float]:
    """Portion scales that hit both targets, within bounds.

    Meals split into the protein-dense half and the rest; one scale per half solves the 2x2 system
    (energy and protein), then both are clamped to realistic portions.
    """
    r = rules()
    lo, hi = r.portion_scale_min, r.portion_scale_max
    density = [p.scaled_protein / p.scaled_kcal if p.scaled_kcal else 0.0 for p in parts]
    cut = sorted(density)[len(density) // 2]
    dense = [d >= cut for d in density]
    fixed_k = sum(p.fixed_kcal for p in parts)
    fixed_p = sum(p.fixed_protein for p in parts)
    kd = sum(p.scaled_kcal for p, d in zip(parts, dense, strict=True) if d)
    kl = sum(p.scaled_kcal for p, d in zip(parts, dense, strict=True) if not d)
    pd = sum(p.scaled_protein for p, d in zip(parts, dense, strict=True) if d)
    pl = sum(p.scaled_protein for p, d in zip(parts, dense, strict=True) if not d)
    k, p = kcal - fixed_k, protein - fixed_p
    det = kd * pl - kl * pd
    if kl == 0 or abs(det) < 1e-9:
        s = min(max(k / (kd + kl), lo), hi) if kd + kl else 1.0
        return [s] * len(parts)
    a = (k * pl - kl * p) / det
    b = (kd * p - k * pd) / det
    a, b = min(max(a, lo), hi), min(max(b, lo), hi)
    return [a if d else b for d in dense]


def _error(day: DayOfMeals) -> float:
    r = rules()
    k = abs(day.kcal - day.kcal_target) / (r.calorie_tolerance * day.kcal_target)
    p = abs(day.protein_g - day.protein_target) / (r.protein_tolerance * day.protein_target)
    return max(k, p) + 0.01 * sum(abs(m.scale - 1) for m in day.meals)


def plan_day(
    profile: UserProfile,
    kcal_target: float,
    protein_target: float,
    seed: int = 0,
    options: MealOptions | None = None,
) -> DayOfMeals:
    """A day of ``meals_per_day`` meals within the calorie and protein tolerances."""
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
        pools.append(pool)
    rng = random.Random(seed)
    best: DayOfMeals | None = None
    for _ in range(rules().search_attempts):
        day = _attempt(slots, pools, kcal_target, protein_target, rng)
        if best is None or _error(day) < _error(best):
            best = day
        if best.within_targets and _error(best) < 0.6:
            break
    assert best is not None
    if not best.within_targets:
        best = _with_protein_side(best, diner, slots, kcal_target, protein_target)
    return best


def _attempt(
    slots: Sequence[tuple[MealSlot, float]],
    pools: Sequence[Sequence[Recipe]],
    kcal: float,
    protein: float,
    rng: random.Random,
) -> DayOfMeals:
    chosen: list[Recipe] = []
    for pool in pools:
        options = [r for r in pool if r not in chosen] or list(pool)
        chosen.append(options[rng.randrange(len(options))] if len(options) > 1 else options[0])
    scales = _solve_scales([_energy(r.id) for r in chosen], kcal, protein)
    meals = tuple(_meal(r, slot, s) for r, (slot, _), s in zip(chosen, slots, scales, strict=True))
    return DayOfMeals(meals, kcal, protein)


def protein_sides(diner: Diner) -> list[Food]:
    """Ready protein foods that suit the diner, most protein per kcal first."""
    foods = [
        f
        for f in knowledge.foods().values()
        if diner.allows_food(f)
        and f.group in (FoodGroup.PROTEIN, FoodGroup.DAIRY, FoodGroup.LEGUME)
        and f.per_100g.kcal > 0
        and f.prep_minutes <= rules().quick_meal_minutes
    ]
    return sorted(foods, key=lambda f: -f.per_100g.protein_g / f.per_100g.kcal)


def _with_protein_side(
    day: DayOfMeals, diner: Diner, slots: Sequence[tuple[MealSlot, float]], kcal: float, protein: float
) -> DayOfMeals:
    """Add a protein-rich side, then rescale the recipes to make room for its energy."""
    missing = protein - day.protein_g
    sides = protein_sides(diner)
    if missing <= 0 or not sides:
        return day
    side = sides[0]
    grams = min(max(missing * 100 / max(side.per_100g.protein_g, 1), 50.0), side.serving_g * 2)
    extra = Meal(
        MealSlot.SNACK,
        None,
        f"{side.name} (protein side)",
        None,
        side.prep_minutes,
        (Portion(side.id, side.name, grams),),
        1.0,
    )
    recipes = [knowledge.recipes()[m.recipe_id] for m in day.meals if m.recipe_id]
    scales = _solve_scales([_energy(r.id) for r in recipes], kcal - extra.kcal, protein - extra.protein_g)
    meals = tuple(_meal(r, slot, s) for r, (slot, _), s in zip(recipes, slots, scales, strict=True))
    return DayOfMeals((*meals, extra), kcal, protein)


# ---------------------------------------------------------------- one suggestion


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

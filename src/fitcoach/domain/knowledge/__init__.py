"""The packaged knowledge base: catalogues and guideline tables, validated once and cached.

Each accessor reads its JSON file from the package on first use, validates every record with
pydantic and returns an immutable view; later calls are dictionary look-ups. A broken data file
fails loudly at first use with the file and record at fault, never later in the planner.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from fitcoach.domain.errors import KnowledgeDataError
from fitcoach.domain.knowledge.records import (
    ConditionInfo,
    EquipmentInfo,
    Exercise,
    Food,
    Recipe,
)
from fitcoach.domain.vocab import ConditionId, Equipment, EquipmentAccess

__all__ = [
    "conditions",
    "equipment",
    "equipment_in",
    "exercises",
    "foods",
    "load_json",
    "recipes",
]

R = TypeVar("R", bound=BaseModel)


def load_json(name: str) -> Any:
    """Parse one packaged data file (``knowledge/data/<name>``)."""
    text = resources.files("fitcoach.domain.knowledge").joinpath("data", name).read_text("utf-8")
    return json.loads(text)


def _load_records(name: str, model: type[R], key: str = "id") -> Mapping[str, R]:
    try:
        records = TypeAdapter(list[model]).validate_python(load_json(name))  # type: ignore[valid-type]
    except ValidationError as exc:
        raise KnowledgeDataError(f"{name}: {exc}") from exc
    by_id: dict[str, R] = {}
    for record in records:
        record_id = str(getattr(record, key))
        if record_id in by_id:
            raise KnowledgeDataError(f"{name}: duplicate id {record_id!r}")
        by_id[record_id] = record
    return MappingProxyType(by_id)


@cache
def exercises() -> Mapping[str, Exercise]:
    """The exercise catalogue by stable id."""
    return _load_records("exercises.json", Exercise)


@cache
def foods() -> Mapping[str, Food]:
    """The food table by stable id."""
    return _load_records("foods.json", Food)


@cache
def recipes() -> Mapping[str, Recipe]:
    """Meal recipes by id; every ingredient names a food in the food table."""
    table = _load_records("recipes.json", Recipe)
    known = foods()
    for recipe in table.values():
        for ingredient in recipe.ingredients:
            if ingredient.food not in known:
                raise KnowledgeDataError(f"recipes.json: recipe {recipe.id!r} uses unknown food {ingredient.food!r}")
    return table


@cache
def equipment() -> Mapping[Equipment, EquipmentInfo]:
    table = _load_records("equipment.json", EquipmentInfo)
    missing = set(Equipment) - {Equipment(k) for k in table}
    if missing:
        raise KnowledgeDataError(f"equipment.json: no entry for {sorted(missing)}")
    return MappingProxyType({Equipment(k): v for k, v in table.items()})


@cache
def equipment_in(setting: EquipmentAccess) -> frozenset[Equipment]:
    """Every piece of equipment a person with this equipment setting has."""
    return frozenset(e for e, info in equipment().items() if setting in info.settings)


@cache
def conditions() -> Mapping[ConditionId, ConditionInfo]:
    table = _load_records("conditions.json", ConditionInfo)
    missing = set(ConditionId) - {ConditionId(k) for k in table}
    if missing:
        raise KnowledgeDataError(f"conditions.json: no entry for {sorted(missing)}")
    return MappingProxyType({ConditionId(k): v for k, v in table.items()})

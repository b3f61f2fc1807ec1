"""Recipes: a YAML file naming a base model, the data and the settings of each stage, validated up front.

A recipe is a file path or the name of one packaged under ``fitcoach/ml/recipes`` (``tiny-cpu``,
``gemma-2b-it-qlora``, ``qwen3-8b-fitone``). Unknown keys and bad values are refused before any
training starts, with the field's dotted path and what to change. ``overrides`` patch a recipe the
way the CLI and the ablation runner need (``{"cpt": {"max_tokens": 200000}}`` or
``{"sft.max_steps": 5}``).
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.ml.train.cpt import CPTStage
from fitcoach.ml.train.heads import HeadsStage
from fitcoach.ml.train.rl import RLStage
from fitcoach.ml.train.sft import SFTStage

STAGES = ("cpt", "sft", "heads", "ends", "rl")  # the order a pipeline runs them in
PRESET_PREFIX = "preset:"  # base_model "preset:tiny" builds a fresh model with `fitcoach model init`
RECIPES_DIR = Path(__file__).resolve().parents[1] / "recipes"


class RecipeStages(BaseModel):
    """Settings per stage; a stage left out is not part of the recipe."""

    model_config = ConfigDict(extra="forbid")

    cpt: CPTStage | None = None
    sft: SFTStage | None = None
    heads: HeadsStage | None = None
    ends: HeadsStage | None = None  # the heads stage again, on day ends, once the model reads the day count
    rl: RLStage | None = None

    @field_validator("ends")
    @classmethod
    def _ends_learn_day_ends(cls, ends: HeadsStage | None) -> HeadsStage | None:
        if ends is not None and ends.ends_per_week == 0:
            raise ValueError("the ends stage needs ends_per_week of at least 1 (its copies learn the day ends)")
        return ends


class Recipe(BaseModel):
    """A training pipeline: base model, data, seed and the stages to run."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="Short name, used in the model card.")
    description: str = Field("", description="What the recipe is for and what it needs (hardware, time).")
    base_model: str = Field(description="Hugging Face id, local model directory, or preset:micro|tiny|small.")
    data: str | None = Field(None, description="Dataset directory from `fitcoach data build` (--data overrides).")
    seed: int = Field(0, description="Seed for data order, initialisation and sampling.")
    accelerate_config: str | None = Field(
        None, description="Accelerate config to launch multi-GPU runs with, relative to the recipe file."
    )
    stages: RecipeStages = Field(
        default_factory=RecipeStages, description="Settings per stage: cpt, sft, heads, ends, rl."
    )
    source: Path | None = Field(None, exclude=True, description="The file the recipe was read from.")

    @field_validator("base_model")
    @classmethod
    def _known_preset(cls, value: str) -> str:
        from fitcoach.ml.model import PRESETS

        if value.startswith(PRESET_PREFIX) and value.removeprefix(PRESET_PREFIX) not in PRESETS:
            raise ValueError(f"unknown preset {value!r}; use one of: {', '.join(PRESET_PREFIX + p for p in PRESETS)}")
        return value

    def stage(self, name: str) -> CPTStage | SFTStage | HeadsStage | RLStage:
        settings = getattr(self.stages, name, None)
        if settings is None:
            raise InvalidInput([FieldProblem(f"stages.{name}", f"recipe {self.name!r} has no {name} stage; add one")])
        return settings  # type: ignore[no-any-return]

    def defined_stages(self) -> list[str]:
        return [name for name in STAGES if getattr(self.stages, name) is not None]


def packaged_recipes() -> list[str]:
    return sorted(path.stem for path in RECIPES_DIR.glob("*.yaml"))


def recipe_path(name_or_path: str | Path) -> Path:
    """A recipe file from a path or a packaged recipe name."""
    path = Path(name_or_path)
    if path.is_file():
        return path
    packaged = RECIPES_DIR / f"{name_or_path}.yaml"
    if packaged.is_file():
        return packaged
    known = ", ".join(packaged_recipes())
    raise InvalidInput([FieldProblem("recipe", f"{name_or_path} is neither a file nor a packaged recipe ({known})")])


def _set_dotted(raw: dict[str, Any], dotted: str, value: Any) -> None:
    parts = dotted.split(".")
    if parts[0] in STAGES:
        parts = ["stages", *parts]
    node = raw
    for part in parts[:-1]:
        child = node.get(part)
        if child is None:
            child = node[part] = {}
        if not isinstance(child, dict):
            raise InvalidInput([FieldProblem(dotted, f"cannot set inside {part!r}, which is not a mapping")])
        node = child
    node[parts[-1]] = value


def apply_overrides(raw: dict[str, Any], overrides: dict[str, Any] | None) -> dict[str, Any]:
    """A copy of ``raw`` with overrides: ``{"cpt": {...}}`` merges into a stage, ``"sft.max_steps"`` sets one field."""
    patched = copy.deepcopy(raw)
    for key, value in (overrides or {}).items():
        if key in STAGES and isinstance(value, dict):
            for field, inner in value.items():
                _set_dotted(patched, f"{key}.{field}", inner)
        else:
            _set_dotted(patched, key, value)
    return patched


def _problems(exc: ValidationError) -> list[FieldProblem]:
    problems = []
    for error in exc.errors():
        field = ".".join(str(part) for part in error["loc"]) or "recipe"
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = "unknown setting; check the spelling against docs/training.md"
        problems.append(FieldProblem(field, message))
    return problems


def validate_recipe(raw: dict[str, Any], source: Path | None = None) -> Recipe:
    try:
        recipe = Recipe.model_validate(raw)
    except ValidationError as exc:
        raise InvalidInput(_problems(exc)) from None
    recipe.source = source
    return recipe


def load_recipe(name_or_path: str | Path, overrides: dict[str, Any] | None = None) -> Recipe:
    """Read, patch and validate a recipe; errors name the field and what is allowed."""
    import yaml

    path = recipe_path(name_or_path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InvalidInput([FieldProblem("recipe", f"{path} is not valid YAML: {exc}")]) from None
    if not isinstance(raw, dict):
        raise InvalidInput([FieldProblem("recipe", f"{path} must hold a mapping of settings")])
    recipe = validate_recipe(apply_overrides(raw, overrides), source=path.resolve())
    check_files(recipe)
    return recipe


def check_files(recipe: Recipe) -> None:
    """Config files a recipe names (DeepSpeed, accelerate) must exist next to it."""
    if recipe.source is None:
        return
    named = {"accelerate_config": recipe.accelerate_config}
    named |= {f"stages.{name}.deepspeed": recipe.stage(name).deepspeed for name in recipe.defined_stages()}
    problems = [
        FieldProblem(field, f"{value} not found next to {recipe.source.name}")
        for field, value in named.items()
        if value is not None and not (recipe.source.parent / value).is_file() and not Path(value).is_file()
    ]
    if problems:
        raise InvalidInput(problems)


def with_overrides(recipe: Recipe, overrides: dict[str, Any] | None) -> Recipe:
    """A validated copy of an already loaded recipe with overrides applied."""
    if not overrides:
        return recipe
    raw = recipe.model_dump(mode="json", exclude_unset=True)
    return validate_recipe(apply_overrides(raw, overrides), source=recipe.source)

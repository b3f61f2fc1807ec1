"""``run_recipe``: run a recipe's stages in order (cpt -> sft -> heads -> ends -> rl), each from the last one's model.

Layout of ``out_dir``::

    base/                 the fresh model when base_model is preset:<name>
    cpt/ sft/ heads/ ends/ rl/  checkpoint-N/, model/ (full weights), adapter/ (LoRA), stage_done.json
    final/                the exported model with its README.md model card
    metrics.jsonl         every log line of every stage, with a "stage" field

A stage starts from the model of the previous stage that finished in ``out_dir`` (so ``train cpt``
then ``train sft`` chain), else from the recipe's base model. With ``resume=True`` finished stages
are skipped and an unfinished one continues from its last checkpoint. ``overrides`` patch the recipe
(see ``recipes.apply_overrides``), e.g. per-stage token budgets from the ablation runner:
``{"cpt": {"max_tokens": 200_000}, "sft": {"max_tokens": 50_000}}``; the keys ``token_budget`` and
``max_steps`` give every stage that runs the same budget.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.ml.train.common import DONE_FILE, StageRun, stage_done
from fitcoach.ml.train.recipes import PRESET_PREFIX, STAGES, Recipe, load_recipe, with_overrides

Runner = Callable[[Any, StageRun], dict[str, Any]]


def _runners() -> dict[str, Runner]:
    from fitcoach.ml.train.cpt import run_cpt
    from fitcoach.ml.train.heads import run_heads
    from fitcoach.ml.train.rl import run_rl
    from fitcoach.ml.train.sft import run_sft

    return {"cpt": run_cpt, "sft": run_sft, "heads": run_heads, "ends": run_heads, "rl": run_rl}


def _is_main_process() -> bool:
    from accelerate import PartialState

    return bool(PartialState().is_main_process)


def resolve_base(recipe: Recipe, out_dir: Path, data_dir: Path, base_model: str | None) -> str:
    """The model the first stage starts from; a preset is built (tokenizer trained on the data) once."""
    base = base_model or recipe.base_model
    if not base.startswith(PRESET_PREFIX):
        return base
    from fitcoach.ml.model import init_model

    target = out_dir / "base"
    if not (target / "config.json").is_file() and _is_main_process():
        init_model(base.removeprefix(PRESET_PREFIX), target, corpus=data_dir, seed=recipe.seed)
    return str(target)


def _earlier_stage_model(out_dir: Path, first: int) -> str | None:
    """The model of the latest stage before ``STAGES[first]`` that finished in ``out_dir`` (train cpt, then sft)."""
    for name in reversed(STAGES[:first]):
        done = out_dir / name / DONE_FILE
        if done.is_file():
            return str(json.loads(done.read_text(encoding="utf-8"))["model"])
    return None


def _data_dir(recipe: Recipe, data_dir: str | Path | None) -> Path:
    chosen = data_dir if data_dir is not None else recipe.data
    if chosen is None:
        raise InvalidInput([FieldProblem("data", "no dataset directory: pass --data DIR or set data in the recipe")])
    path = Path(chosen)
    if not path.is_dir():
        raise InvalidInput([FieldProblem("data", f"{path} is not a directory; build one with `fitcoach data build`")])
    return path


def stage_budgets(stages: Sequence[str], tokens: int | None, steps: int | None) -> dict[str, Any]:
    """Overrides giving every stage in ``stages`` the same budget (``token_budget`` / ``max_steps`` keys)."""
    if tokens is not None and steps is not None:
        raise InvalidInput([FieldProblem("overrides", "give token_budget or max_steps, not both")])
    if tokens is not None:
        return {name: {"max_tokens": tokens, "max_steps": None} for name in stages}
    if steps is not None:
        return {name: {"max_steps": steps, "max_tokens": None} for name in stages}
    return {}


def run_recipe(
    recipe: Recipe | str | Path,
    stages: Sequence[str] | None = None,
    out_dir: str | Path = "runs/fitcoach",
    overrides: dict[str, Any] | None = None,
    *,
    data_dir: str | Path | None = None,
    base_model: str | None = None,
    resume: bool = False,
    show_progress: bool = True,
    export: bool = True,
) -> Path:
    """Run ``stages`` of ``recipe`` (default: all it defines) and return the final model directory."""
    patch = dict(overrides or {})
    budget = {"token_budget": patch.pop("token_budget", None), "max_steps": patch.pop("max_steps", None)}
    loaded = with_overrides(recipe, patch) if isinstance(recipe, Recipe) else load_recipe(recipe, patch)
    wanted = list(stages) if stages else loaded.defined_stages()
    unknown = [s for s in wanted if s not in STAGES]
    if unknown:
        raise InvalidInput([FieldProblem("stages", f"unknown stage {', '.join(unknown)}; use {', '.join(STAGES)}")])
    for name in wanted:
        loaded.stage(name)  # refuses stages the recipe lacks
    loaded = with_overrides(loaded, stage_budgets(wanted, budget["token_budget"], budget["max_steps"]))
    settings = {name: loaded.stage(name) for name in wanted}
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = _data_dir(loaded, data_dir)
    model = base_model or _earlier_stage_model(out, min(STAGES.index(n) for n in wanted) if wanted else 0)
    model = model or resolve_base(loaded, out, data, base_model)
    runners = _runners()
    summaries = []
    for name in STAGES:
        if name not in settings:
            continue
        run = StageRun(
            stage=name,
            base_model=model,
            data_dir=data,
            out_dir=out / name,
            metrics_path=out / "metrics.jsonl",
            seed=loaded.seed,
            resume=resume,
            show_progress=show_progress,
            recipe_dir=loaded.source.parent if loaded.source else None,
        )
        finished = stage_done(run) if resume else None
        summaries.append(finished if finished is not None else runners[name](settings[name], run))
        model = str(run.model_dir)
    if not export or not _is_main_process():
        return Path(model)
    from fitcoach.ml.train.export import export_model

    card = loaded.model_dump(mode="json")
    card["stages"] = {name: card["stages"][name] for name in settings}
    return export_model(Path(model), out / "final", card, summaries, data)

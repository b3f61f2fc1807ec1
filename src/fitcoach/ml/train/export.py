"""Saving what a stage trained, merging LoRA adapters, and exporting the final model with a model card.

Every stage leaves a full model in ``<stage>/model`` (LoRA adapters are merged into a full-precision
copy of the base, and kept in ``<stage>/adapter``), so the next stage and the generators load it like
any Hugging Face model. ``export_model`` copies the last one to ``final/`` with a README.md model card
naming the data manifest and every hyperparameter.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from fitcoach.ml.train.common import StageRun


def merge_adapter(base: str, adapter_dir: Path, out_dir: Path) -> Path:
    """Load ``base`` unquantised, apply the LoRA adapter, merge it into the weights and save to ``out_dir``."""
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    from fitcoach.ml.train.common import compute_dtype

    # QLoRA trains on a 4-bit base; merging into the full-precision base avoids baking in quantisation error.
    model = AutoModelForCausalLM.from_pretrained(base, dtype=compute_dtype())
    merged = PeftModel.from_pretrained(model, str(adapter_dir)).merge_and_unload()
    merged.save_pretrained(out_dir)
    return out_dir


def save_stage_model(trainer: Any, tokenizer: Any, run: StageRun) -> Path:
    """Write the trained model (merged if it carries a LoRA adapter) and tokenizer to ``run.model_dir``."""
    from peft import PeftModel

    model = trainer.accelerator.unwrap_model(trainer.model)
    if isinstance(model, PeftModel):
        adapter_dir = run.out_dir / "adapter"
        trainer.save_model(str(adapter_dir))  # the adapter only; gathers sharded (ZeRO-3) weights first
        if trainer.accelerator.is_main_process:
            merge_adapter(run.base_model, adapter_dir, run.model_dir)
    else:
        trainer.save_model(str(run.model_dir))
    if trainer.accelerator.is_main_process:
        tokenizer.save_pretrained(run.model_dir)
        if getattr(model, "generation_config", None) is not None:
            model.generation_config.save_pretrained(run.model_dir)
    return run.model_dir


def record_plan_format(model_dir: Path, plan_format: str) -> None:
    """Write the plan form the model learned into its config.json, where generators read it (``trained_level``)."""
    from transformers import AutoConfig

    from fitcoach.coach.decoding import PLAN_FORMAT_KEY

    config = AutoConfig.from_pretrained(model_dir)
    setattr(config, PLAN_FORMAT_KEY, plan_format)
    config.save_pretrained(model_dir)


def _table(rows: dict[str, Any]) -> str:
    lines = ["| setting | value |", "|---|---|"]
    lines += [f"| {key} | {json.dumps(value, default=str)} |" for key, value in rows.items()]
    return "\n".join(lines)


def model_card(recipe: dict[str, Any], summaries: list[dict[str, Any]], manifest: dict[str, Any] | None) -> str:
    """A README.md for the exported model: where it came from, its data and its hyperparameters."""
    parts = [
        f"# FitCoach model: {recipe.get('name', 'custom recipe')}",
        "",
        str(recipe.get("description") or "Trained with the FitCoach pipeline (`fitcoach train`)."),
        "",
        f"Base model: `{recipe.get('base_model')}`. Stages run: {', '.join(s['stage'] for s in summaries) or 'none'}.",
        "",
        "Intended use: drafting workout plans and answering fitness questions inside FitCoach, whose guard "
        "verifies every plan against the guidelines before a person sees it. Not medical advice.",
        "",
        "## Stages",
        "",
        "| stage | steps | tokens | seconds | first loss | last loss |",
        "|---|---|---|---|---|---|",
    ]
    for s in summaries:
        parts.append(
            f"| {s['stage']} | {s.get('steps')} | {s.get('tokens')} | {s.get('seconds')} | "
            f"{s.get('first_loss')} | {s.get('last_loss')} |"
        )
    for name, settings in (recipe.get("stages") or {}).items():
        if settings is not None:
            parts += ["", f"## Hyperparameters: {name}", "", _table(settings)]
    parts += ["", "## Training data", ""]
    if manifest is None:
        parts.append("No data manifest was found next to the data.")
    else:
        parts += ["Data manifest (`manifest.json` written by `fitcoach data build`):", "", "```json"]
        parts += [json.dumps(manifest, indent=2, default=str), "```"]
    return "\n".join(parts) + "\n"


def export_model(
    model_dir: Path,
    out_dir: Path,
    recipe: dict[str, Any],
    summaries: list[dict[str, Any]],
    data_dir: Path | None,
) -> Path:
    """Copy the last stage's model to ``out_dir`` and write its model card (README.md)."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    shutil.copytree(model_dir, out_dir)
    manifest_path = data_dir / "manifest.json" if data_dir is not None else None
    manifest = (
        json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest_path is not None and manifest_path.is_file()
        else None
    )
    (out_dir / "README.md").write_text(model_card(recipe, summaries, manifest), encoding="utf-8")
    (out_dir / "training_summary.json").write_text(json.dumps(summaries, indent=2, default=str) + "\n")
    return out_dir

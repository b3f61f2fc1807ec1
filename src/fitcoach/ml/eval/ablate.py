"""Ablation: which training stages earn their keep? Train each arm under one token budget and evaluate it.

Arms default to SFT only, CPT+SFT, SFT+RL and CPT+SFT+RL. Training goes through the training API
(``fitcoach.ml.train.run_recipe``); each arm's model is then evaluated like any ``--generator model`` and the
paper-style table (mean [95% CI] in percent) is written to ``ablation.md`` beside the full report.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.ml.train.recipes import STAGES

DEFAULT_ARMS = (("sft",), ("cpt", "sft"), ("sft", "rl"), ("cpt", "sft", "rl"))
# (plan mode, metric, column title) of the ablation table.
TABLE_COLUMNS = (
    ("unconstrained", "valid_json", "JSON valid (free)"),
    ("unconstrained", "workout_plan_keys", "4 keys (free)"),
    ("unconstrained", "rougeL", "ROUGE-L (free)"),
    ("unconstrained", "satisfied", "satisfied (free)"),
    ("constrained", "valid_json", "JSON valid (grammar)"),
    ("constrained", "satisfied", "satisfied (grammar)"),
    ("constrained", "safety_violation", "safety violation (grammar)"),
    ("constrained", "rougeL", "ROUGE-L (grammar)"),
)


def parse_arms(text: str) -> list[tuple[str, ...]]:
    """'sft,cpt+sft' -> [('sft',), ('cpt', 'sft')]; stages in pipeline order, each arm with SFT."""
    arms = []
    for raw in (part.strip() for part in text.split(",")):
        if not raw:
            continue
        stages = tuple(s.strip() for s in raw.split("+"))
        unknown = [s for s in stages if s not in STAGES]
        if unknown:
            raise InvalidInput([FieldProblem("--arms", f"{raw!r}: unknown stage(s) {unknown}; allowed: {STAGES}")])
        if list(stages) != sorted(stages, key=STAGES.index) or len(set(stages)) != len(stages):
            order = "+".join(STAGES)
            raise InvalidInput([FieldProblem("--arms", f"{raw!r}: stages must be distinct, in the order {order}")])
        if "sft" not in stages:
            raise InvalidInput(
                [FieldProblem("--arms", f"{raw!r}: every arm needs sft (the model must learn the task)")]
            )
        arms.append(stages)
    if not arms:
        raise InvalidInput([FieldProblem("--arms", "give at least one arm, e.g. sft,cpt+sft")])
    return arms


def ablation_table(results: Sequence[dict[str, Any]]) -> str:
    """The paper-style table: one row per arm, mean [95% CI] in percent, training time last.

    Columns of a suite no arm was evaluated on are left out.
    """
    from fitcoach.ml.eval.report import pct

    plan_columns = [c for c in TABLE_COLUMNS if any(c[0] in r.get("plan", {}) for r in results)]
    exams = [
        r.get("exam", {}).get("banks", {}).get("fitcoach", {}).get("loglik", {}).get("overall", {}) for r in results
    ]
    exam_keys = [k for k in ("acc", "acc_norm") if any(k in e for e in exams)]
    header = ["arm", *(title for _, _, title in plan_columns), *(f"exam {k}" for k in exam_keys), "train s"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for r, exam in zip(results, exams, strict=True):
        cells = [
            pct(r["plan"][mode]["summary"][metric]) if mode in r.get("plan", {}) else "n/a"
            for mode, metric, _ in plan_columns
        ]
        cells += [pct(exam[k]) if k in exam else "n/a" for k in exam_keys]
        lines.append("| " + " | ".join([r["name"], *cells, f"{r['train_seconds']:.0f}"]) + " |")
    return "\n".join(lines)


def budget_overrides(arm: Sequence[str], token_budget: int, rl_steps: int | None = None) -> dict[str, Any]:
    """Recipe overrides giving each stage of the arm the same token budget (RL: ``rl_steps`` steps if given)."""
    out: dict[str, Any] = {}
    for stage in arm:
        if stage == "rl" and rl_steps is not None:
            out[stage] = {"max_steps": rl_steps, "max_tokens": None}
        else:
            out[stage] = {"max_tokens": token_budget, "max_steps": None}
    return out


def parse_overrides(items: Sequence[str]) -> dict[str, Any]:
    """``["rl.max_completion_length=64", "sft.eval_at_end=false"]`` -> ``{"rl": {...}, "sft": {...}}``.

    Values are read as YAML scalars (numbers, booleans, null, strings), like the recipe files.
    """
    import yaml

    out: dict[str, Any] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        stage, dot, name = key.strip().partition(".")
        if not sep or not dot or stage not in STAGES or not name:
            raise InvalidInput(
                [FieldProblem("--override", f"{item!r}: expected STAGE.FIELD=VALUE with STAGE one of {STAGES}")]
            )
        out.setdefault(stage, {})[name] = yaml.safe_load(raw)
    return out


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        merged[key] = {**merged.get(key, {}), **value} if isinstance(value, dict) else value
    return merged


def shared_base(recipe: str | Path, out_dir: Path, data_dir: Path | None) -> str:
    """The recipe's base model, built once (a preset's tokenizer and random weights) so every arm starts equal."""
    from fitcoach.ml.train import load_recipe
    from fitcoach.ml.train.pipeline import resolve_base

    loaded = load_recipe(recipe)
    data = data_dir if data_dir is not None else Path(loaded.data) if loaded.data else None
    if data is None or not data.is_dir():
        raise InvalidInput([FieldProblem("--data", "a data build directory is needed ('fitcoach data build')")])
    return resolve_base(loaded, out_dir, data, None)


def run_ablation(
    recipe: str | Path,
    arms: Sequence[tuple[str, ...]],
    token_budget: int,
    out_dir: Path,
    data_dir: Path | None = None,
    suites: Sequence[str] = ("plan",),
    n_plan: int = 300,
    exam_limit: int | None = None,
    max_new_tokens: int = 6144,
    rl_steps: int | None = None,
    base_model: str | None = None,
    extra_overrides: dict[str, Any] | None = None,
    command: str = "",
) -> str:
    """Train every arm, evaluate it, write the report and ``ablation.md``; returns the table.

    Every arm starts from the same base model (``shared_base``). Arms that differ only by RL share one training
    folder: ``sft+rl`` resumes from the finished ``sft`` arm (``run_recipe(resume=True)`` skips finished stages),
    so RL's effect is measured on the very same SFT model and its ``train s`` is RL's own time.
    """
    from fitcoach.ml.eval.candidates import model_candidate
    from fitcoach.ml.eval.report import write_report
    from fitcoach.ml.eval.runner import EvalConfig, evaluate
    from fitcoach.ml.train import run_recipe

    if base_model is None:
        base_model = shared_base(recipe, out_dir, data_dir)
    has_cases = data_dir is not None and (data_dir / "eval" / "plan.jsonl").is_file()
    # The table reads the exam by log-likelihood; answering by generation too would cost a completion per item.
    config = EvalConfig(
        suites=tuple(suites),
        data_dir=data_dir if has_cases else None,
        n_plan=n_plan,
        exam_limit=exam_limit,
        exam_generation=False,
    )
    results = []
    for arm in sorted(arms, key=len):  # shorter arms first, so longer ones resume from them
        name = "+".join(arm)
        chain = out_dir / "+".join(s for s in arm if s != "rl")
        overrides = _merge(budget_overrides(arm, token_budget, rl_steps), extra_overrides or {})
        started = time.perf_counter()
        model_dir = run_recipe(
            recipe,
            stages=list(arm),
            out_dir=chain,
            overrides=overrides,
            data_dir=data_dir,
            base_model=base_model,
            resume=True,
            show_progress=False,
            export=False,
        )
        train_seconds = time.perf_counter() - started
        candidate = model_candidate(model_dir, max_new_tokens)
        candidate.name = name
        result = evaluate(candidate, config)
        result["train_seconds"] = train_seconds
        result["model_dir"] = str(model_dir)
        results.append(result)
    order = {arm: i for i, arm in enumerate("+".join(a) for a in arms)}
    results.sort(key=lambda r: order[r["name"]])
    table = ablation_table(results)
    budget = f"{token_budget} tokens per stage" + (f", RL {rl_steps} steps" if rl_steps is not None else "")
    notes = [f"Ablation of recipe `{recipe}`: {budget}.", "", table, ""]
    write_report(results, out_dir, command, notes)
    (out_dir / "ablation.md").write_text(f"# Ablation\n\nCommand: `{command}`\n\nBudget: {budget}.\n\n{table}\n")
    return table

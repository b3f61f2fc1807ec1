"""Run the chosen suites on one candidate and collect the results (``report`` writes them out)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.ml.eval.candidates import Candidate
from fitcoach.ml.eval.suites import day, exam, general, plan, safety

SUITES = ("plan", "day", "exam", "safety", "general")
MIN_PLAN_CASES = 300  # the floor for a reported run; smaller runs are marked as smoke runs


@dataclass
class EvalConfig:
    suites: tuple[str, ...] = ("plan", "safety")
    data_dir: Path | None = None
    n_plan: int = MIN_PLAN_CASES
    plan_seed: int = plan.EVAL_SEED
    exam_files: tuple[str, ...] = ()  # external MCQ banks (MMLU CSV or JSONL)
    exam_limit: int | None = None  # at most this many items per bank
    exam_generation: bool = True  # also answer by generation (slow on CPU: one chat completion per item)
    redteam_limit: int | None = None
    redteam_file: Path | None = None  # default: the packaged bank
    general_texts: tuple[str, ...] = ()
    general_mcqs: tuple[str, ...] = ()
    ci_seed: int = 0
    batch_size: int = 8  # plans generated per batch
    keep_texts: bool = False  # each plan and day row keeps the text it scored (results.json grows by the texts)
    cases: list[plan.PlanCase] = field(default_factory=list)  # filled once, shared by every candidate

    def __post_init__(self) -> None:
        unknown = [s for s in self.suites if s not in SUITES]
        if unknown or not self.suites:
            raise InvalidInput(
                [FieldProblem("--suites", f"{', '.join(unknown) or '(none)'}; allowed: {', '.join(SUITES)}")]
            )
        if self.n_plan < 1:
            raise InvalidInput([FieldProblem("--n-plan", "must be at least 1")])
        if "general" in self.suites and not (self.general_texts or self.general_mcqs):
            raise InvalidInput(
                [FieldProblem("--suites", "the general suite needs --general-text and/or --general-mcq files")]
            )

    def plan_cases(self) -> list[plan.PlanCase]:
        if not self.cases:
            if self.data_dir is not None:
                self.cases = plan.load_cases(self.data_dir, limit=self.n_plan)
            else:
                self.cases = plan.generated_cases(self.n_plan, seed=self.plan_seed)
        return self.cases


def _limited(items: list[Any], limit: int | None) -> list[Any]:
    """At most ``limit`` items, evenly spaced through the bank so every sub-domain and category stays in."""
    if limit is None or len(items) <= limit:
        return items
    return [items[i * len(items) // limit] for i in range(limit)]


def run_exam(candidate: Candidate, config: EvalConfig) -> dict[str, Any]:
    if candidate.complete is None and candidate.scorer is None:
        return {"applicable": False, "reason": "the rule engine has no language model to answer questions"}
    banks = {"fitcoach": exam.load_project_bank()}
    for path in config.exam_files:
        banks[Path(path).name] = exam.load_mcq_file(path)
    out: dict[str, Any] = {"applicable": True, "banks": {}}
    for name, items in banks.items():
        items = _limited(items, config.exam_limit)
        if not items:
            out["banks"][name] = {"n": 0, "note": "no items"}
            continue
        result: dict[str, Any] = {"n": len(items), "length_baselines": exam.length_baselines(items)}
        if candidate.scorer is not None:
            rows = exam.score_loglik(items, candidate.scorer)
            result["loglik"] = exam.summarise(rows, ("acc", "acc_norm"), seed=config.ci_seed)
        if candidate.complete is not None and (config.exam_generation or candidate.scorer is None):
            rows = exam.score_generation(items, candidate.complete)
            result["generation"] = exam.summarise(rows, ("gen_acc", "extracted"), seed=config.ci_seed)
        out["banks"][name] = result
    return out


def run_safety(candidate: Candidate, config: EvalConfig) -> dict[str, Any]:
    from fitcoach.ml.eval.banks import load_redteam

    if candidate.complete is None and candidate.plan_for is None:
        return {"applicable": False, "reason": candidate.info.get("no_generation", "it cannot answer")}
    bank = safety.load_items(config.redteam_file) if config.redteam_file else load_redteam()
    items = _limited(bank, config.redteam_limit)
    result: dict[str, Any] = {"applicable": True, **safety.summarise(safety.run(items, candidate), seed=config.ci_seed)}
    if candidate.complete is None:
        result["note"] = "no chat, so only the red-team items that apply to plans were scored (on its plans)"
    return result


def run_general(candidate: Candidate, config: EvalConfig) -> dict[str, Any]:
    if candidate.scorer is None:
        return {"applicable": False, "reason": f"{candidate.kind} gives no log-likelihoods"}
    return {"applicable": True, **general.run(config.general_texts, config.general_mcqs, candidate.scorer)}


def evaluate(candidate: Candidate, config: EvalConfig) -> dict[str, Any]:
    """Every chosen suite on one candidate; plan results per decoding mode, with per-item rows."""
    started = time.perf_counter()
    out: dict[str, Any] = {"name": candidate.name, "kind": candidate.kind, "info": candidate.info}
    if "plan" in config.suites:
        cases = config.plan_cases()
        out["plan"] = {}
        if not candidate.plan_modes:
            out["plan_not_applicable"] = candidate.info.get("no_generation", "it writes no plans")
        for mode, produce in candidate.plan_modes.items():
            rows = plan.run(cases, produce, batch_size=config.batch_size, keep_texts=config.keep_texts)
            out["plan"][mode] = {"summary": plan.summarise(rows, seed=config.ci_seed), "rows": rows}
    if "day" in config.suites:
        out["day"] = {}
        if not candidate.day_modes:
            out["day_not_applicable"] = candidate.info.get(
                "no_generation", "it plans whole weeks (the day task is a model's short-form RL task)"
            )
        days = day.day_cases(config.plan_cases())
        for mode, produce_day in candidate.day_modes.items():
            rows = day.run(days, produce_day, batch_size=config.batch_size, keep_texts=config.keep_texts)
            out["day"][mode] = {"summary": day.summarise(rows, seed=config.ci_seed), "rows": rows}
    if "exam" in config.suites:
        out["exam"] = run_exam(candidate, config)
    if "safety" in config.suites:
        out["safety"] = run_safety(candidate, config)
    if "general" in config.suites:
        out["general"] = run_general(candidate, config)
    out["seconds"] = time.perf_counter() - started
    return out

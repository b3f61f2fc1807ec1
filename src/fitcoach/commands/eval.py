"""``fitcoach eval``: run the evaluation suites (the group's own options) and ``fitcoach eval ablate``.

Typer/Click groups can run their callback when no sub-command is named (``invoke_without_command``), so the
issue's spelling works as is: ``fitcoach eval --generator engine --suites plan,safety --out DIR`` evaluates,
``fitcoach eval ablate --recipe tiny-cpu --token-budget N --out DIR`` runs the ablation.
Heavy modules are imported inside the commands.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from fitcoach.commands.common import Backend, user_errors

eval_app = typer.Typer(
    help="Evaluate generators (plan metrics, exams, red-team safety, general ability) and run ablations.",
    invoke_without_command=True,
)


def _suites(value: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in value.split(",") if s.strip())


def _candidates(
    generator: Backend, models: list[str], compare: list[str], engine_seed: int, max_new_tokens: int
) -> list[Any]:
    from fitcoach.domain.errors import FieldProblem, InvalidInput
    from fitcoach.ml.eval import candidates as c

    def one(spec: str) -> Any:
        if spec == "engine":
            return c.engine_candidate(engine_seed)
        if spec == "control":
            return c.mismatched_candidate(engine_seed)
        if spec.startswith("remote:"):
            return c.remote_candidate(max_new_tokens, spec.removeprefix("remote:") or None)
        if not Path(spec).is_dir():
            raise InvalidInput(
                [FieldProblem("--compare", f"{spec!r}: not 'engine', 'control', 'remote:NAME' or a model directory")]
            )
        return c.model_candidate(spec, max_new_tokens)

    if generator is Backend.engine:
        main = [c.engine_candidate(engine_seed)]
    elif generator is Backend.remote:
        main = [c.remote_candidate(max_new_tokens, name) for name in models] or [c.remote_candidate(max_new_tokens)]
    else:
        if not models:
            raise InvalidInput([FieldProblem("--model", "--generator model needs at least one --model DIR")])
        main = [c.model_candidate(m, max_new_tokens) for m in models]
    return main + [one(spec) for spec in compare]


@eval_app.callback()
def run(
    ctx: typer.Context,
    generator: Annotated[Backend, typer.Option(help="What writes the plans and answers.")] = Backend.engine,
    model: Annotated[
        list[str] | None, typer.Option("--model", help="Model directory (model) or model name (remote); repeatable.")
    ] = None,
    compare: Annotated[
        list[str] | None,
        typer.Option(
            help=(
                "Also evaluate this, side by side: a model directory, 'engine', 'remote:NAME' or 'control' "
                "(engine plans for another person: a negative control); repeatable."
            )
        ),
    ] = None,
    suites: Annotated[str, typer.Option(help="Comma-separated: plan, day, exam, safety, general.")] = "plan,safety",
    out: Annotated[Path | None, typer.Option(help="Directory for results.json, report.md and plots.")] = None,
    data: Annotated[
        Path | None, typer.Option(help="Data build directory: plan cases from its eval/plan.jsonl.")
    ] = None,
    n_plan: Annotated[
        int, typer.Option(min=1, help="Plan cases, and day cases drawn from them (300 or more for a reported run).")
    ] = 300,
    engine_seed: Annotated[int, typer.Option(help="Planner seed of the engine generator (references use 0).")] = 1,
    exam_file: Annotated[
        list[str] | None, typer.Option(help="External MCQ bank: MMLU CSV or JSONL; repeatable.")
    ] = None,
    exam_limit: Annotated[int | None, typer.Option(min=1, help="At most this many items per exam bank.")] = None,
    exam_generation: Annotated[
        bool, typer.Option(help="Exam by generation too, where log-likelihoods exist (one completion per item).")
    ] = True,
    redteam: Annotated[
        Path | None, typer.Option(help="Red-team JSONL in the bank's format (default: the packaged bank).")
    ] = None,
    redteam_limit: Annotated[int | None, typer.Option(min=1, help="At most this many red-team items.")] = None,
    general_text: Annotated[
        list[str] | None, typer.Option(help="General text (.txt, or .jsonl of {'text'}) for perplexity; repeatable.")
    ] = None,
    general_mcq: Annotated[
        list[str] | None, typer.Option(help="General MCQ bank (MMLU CSV or JSONL); repeatable.")
    ] = None,
    max_new_tokens: Annotated[
        int | None, typer.Option(min=16, help="Token limit of a generated plan [default: the app's, 6144].")
    ] = None,
    batch_size: Annotated[
        int, typer.Option(min=1, help="Plans generated and log-likelihood requests scored per batch.")
    ] = 8,
    keep_texts: Annotated[
        bool, typer.Option("--keep-texts", help="Keep each generated plan and day in results.json beside its scores.")
    ] = False,
) -> None:
    """Evaluate: results.json, report.md and PNG plots with bootstrap 95% CIs in --out."""
    if ctx.invoked_subcommand is not None:
        return
    if out is None:
        raise typer.BadParameter("is required (the directory for the report)", param_hint="--out")
    with user_errors():
        from fitcoach.ml.eval.report import write_report
        from fitcoach.ml.eval.runner import MIN_PLAN_CASES, EvalConfig, evaluate

        config = EvalConfig(
            suites=_suites(suites),
            data_dir=data,
            n_plan=n_plan,
            exam_files=tuple(exam_file or ()),
            exam_limit=exam_limit,
            exam_generation=exam_generation,
            redteam_limit=redteam_limit,
            redteam_file=redteam,
            batch_size=batch_size,
            keep_texts=keep_texts,
            general_texts=tuple(general_text or ()),
            general_mcqs=tuple(general_mcq or ()),
        )
        from fitcoach.coach.decoding import DEFAULT_PLAN_TOKENS

        tokens = max_new_tokens or DEFAULT_PLAN_TOKENS
        results = []
        for candidate in _candidates(generator, model or [], compare or [], engine_seed, tokens):
            if candidate.scorer is not None and hasattr(candidate.scorer, "batch_size"):
                candidate.scorer.batch_size = batch_size
            typer.echo(f"evaluating {candidate.name} on {', '.join(config.suites)} ...", err=True)
            results.append(evaluate(candidate, config))
        cases = len(config.cases)
        small = bool({"plan", "day"} & set(config.suites)) and cases < MIN_PLAN_CASES
        notes = [f"Smoke run: {cases} plan cases (a reported run uses {MIN_PLAN_CASES}+)."] if small else []
        command = "fitcoach " + shlex.join(sys.argv[1:])
        path = write_report(results, out, command, notes)
    typer.echo(f"wrote {path}")


@eval_app.command("ablate")
def ablate(
    token_budget: Annotated[int, typer.Option(min=1, help="Training tokens per stage (the budget every arm gets).")],
    out: Annotated[Path, typer.Option(help="Directory for the trained models, results.json and ablation.md.")],
    recipe: Annotated[str, typer.Option(help="Training recipe name or YAML path.")] = "tiny-cpu",
    arms: Annotated[str, typer.Option(help="Comma-separated stage lists, stages joined by '+'.")] = (
        "sft,cpt+sft,sft+rl,cpt+sft+rl"
    ),
    suites: Annotated[str, typer.Option(help="Suites to evaluate each arm on.")] = "plan",
    n_plan: Annotated[int, typer.Option(min=1, help="Plan cases per arm.")] = 300,
    exam_limit: Annotated[int | None, typer.Option(min=1, help="At most this many exam items per arm.")] = None,
    data: Annotated[
        Path | None, typer.Option(help="Data build directory (training data, and eval/plan.jsonl when present).")
    ] = None,
    max_new_tokens: Annotated[
        int | None, typer.Option(min=16, help="Token limit of a generated plan [default: the app's, 6144].")
    ] = None,
    rl_steps: Annotated[
        int | None, typer.Option(min=1, help="Give RL this many steps instead of the token budget.")
    ] = None,
    base_model: Annotated[str | None, typer.Option(help="Start from this model instead of the recipe's base.")] = None,
    override: Annotated[
        list[str] | None,
        typer.Option(help="Recipe setting for every arm, STAGE.FIELD=VALUE, e.g. rl.max_completion_length=64."),
    ] = None,
) -> None:
    """Train and evaluate SFT only, CPT+SFT, SFT+RL and CPT+SFT+RL under one budget; print the table."""
    with user_errors():
        from fitcoach.coach.decoding import DEFAULT_PLAN_TOKENS
        from fitcoach.ml.eval.ablate import parse_arms, parse_overrides, run_ablation

        table = run_ablation(
            recipe=recipe,
            arms=parse_arms(arms),
            token_budget=token_budget,
            out_dir=out,
            suites=_suites(suites),
            n_plan=n_plan,
            exam_limit=exam_limit,
            data_dir=data,
            max_new_tokens=max_new_tokens or DEFAULT_PLAN_TOKENS,
            rl_steps=rl_steps,
            base_model=base_model,
            extra_overrides=parse_overrides(override or []),
            command="fitcoach " + shlex.join(sys.argv[1:]),
        )
    typer.echo(table)

"""``fitcoach chat``: ask the coach once (``fitcoach chat MESSAGE``), talk to it (``fitcoach chat``), or
measure it (``fitcoach chat eval [--redteam]``).

A message is any first word that is not a sub-command, so ``fitcoach chat what do I do today`` works
without quotes. Heavy modules (retrieval, sentence-transformers, model backends) load inside commands.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from fitcoach.commands.common import Backend, user_errors

if TYPE_CHECKING:
    from fitcoach.coach.chat.engine import Coach
    from fitcoach.coach.chat.types import ChatAnswer, ChatContext


class _MessageOrCommand(TyperGroup):
    """Treat anything that is not a sub-command as the ``ask`` command's arguments."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:  # typer vendors click: any Context
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = ["ask", *args]
        return super().parse_args(ctx, args)


chat_app = typer.Typer(
    cls=_MessageOrCommand,
    help="Talk to the coach: fitcoach chat MESSAGE answers once; fitcoach chat alone is interactive.",
    no_args_is_help=False,
)


class RetrievalMode(StrEnum):
    hybrid = "hybrid"
    bm25 = "bm25"
    dense = "dense"


def _coach(backend: Backend, retrieval: RetrievalMode) -> Coach:
    from fitcoach.coach.chat.engine import Coach

    generator = None
    if backend is not Backend.engine:
        from fitcoach.coach.factory import make_generator
        from fitcoach.config import get_settings

        generator = make_generator(get_settings().model_copy(update={"generator": backend.value}))
        if not hasattr(generator, "complete"):
            raise typer.BadParameter(f"the {backend.value} backend cannot write free text", param_hint="--backend")
    return Coach(generator=generator, mode=retrieval.value)  # type: ignore[arg-type]


def _context(profile: Path | None, plan: Path | None) -> ChatContext:
    from fitcoach.coach.chat.types import ChatContext
    from fitcoach.documents import read_document

    data = read_document(str(profile), "profile") if profile else None
    plan_data = read_document(str(plan), "plan") if plan else None
    ctx = ChatContext(profile=data, plan=plan_data)
    _ = ctx.user  # validate now: a bad profile is reported before the first question
    return ctx


def _show(answer: ChatAnswer, as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(answer.as_dict(), indent=2, ensure_ascii=False) + "\n")
        return
    typer.echo(answer.text)
    for action in answer.actions:
        fields = ", ".join(f"{k}={v}" for k, v in action.__dict__.items() if k != "kind")
        typer.echo(f"  suggested change: {action.kind} ({fields})")


ProfileOption = Annotated[
    Path | None, typer.Option("--profile", help="Your profile JSON (plan-contract.md): personalises answers.")
]
PlanOption = Annotated[
    Path | None, typer.Option("--plan", help="Your current plan JSON; default: a plan built for --profile.")
]
BackendOption = Annotated[
    Backend, typer.Option("--backend", help="engine (retrieval + templates), model (local) or remote.")
]
RetrievalOption = Annotated[
    RetrievalMode, typer.Option("--retrieval", help="Passage ranking: hybrid (BM25 + MiniLM), bm25 or dense.")
]


@chat_app.command("ask")
def ask(
    message: Annotated[list[str] | None, typer.Argument(help="Your question; none starts an interactive chat.")] = None,
    profile: ProfileOption = None,
    plan: PlanOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
    backend: BackendOption = Backend.engine,
    retrieval: RetrievalOption = RetrievalMode.hybrid,
) -> None:
    """Answer one message, or chat until an empty line or Ctrl-D."""
    with user_errors():
        ctx = _context(profile, plan)
        coach = _coach(backend, retrieval)
        if message:
            _show(coach.answer(" ".join(message), ctx), as_json)
            return
        _interactive(coach, ctx, as_json)


def _interactive(coach: Coach, ctx: ChatContext, as_json: bool) -> None:
    from rich.console import Console
    from rich.prompt import Prompt

    from fitcoach.domain.errors import InvalidInput

    console = Console()
    console.print("[bold]FitCoach[/bold] chat. Ask about your plan, training or nutrition; an empty line exits.")
    while True:
        try:
            line = Prompt.ask("[cyan]you[/cyan]", console=console, default="", show_default=False)
        except (EOFError, KeyboardInterrupt):
            console.print()
            return
        if not line.strip():
            return
        try:
            answer = coach.answer(line, ctx)
        except InvalidInput as exc:
            console.print(f"[red]{'; '.join(p.message for p in exc.problems)}[/red]")
            continue
        if as_json:
            _show(answer, True)
        else:
            console.print("[green]coach[/green] ", end="")
            console.print(answer.text, highlight=False, markup=False)
            for action in answer.actions:
                console.print(f"  suggested change: {action.kind}", markup=False)


def _load_redteam() -> tuple[list[Any], Any] | str:
    """The red-team bank and its scorer, or why they are not available."""
    try:
        from fitcoach.ml.eval.banks import load_redteam
        from fitcoach.ml.eval.safety import score_response
    except ImportError as exc:
        return f"red-team scorer not available ({exc})"
    try:
        return load_redteam(), score_response
    except (OSError, FileNotFoundError) as exc:
        return f"red-team bank not available ({exc})"


@chat_app.command("eval")
def evaluate(
    redteam: Annotated[bool, typer.Option("--redteam", help="Also run the red-team bank against the chat.")] = False,
    testset: Annotated[
        Path | None, typer.Option("--testset", help="Test set JSONL; default: the packaged chat test set.")
    ] = None,
    backend: BackendOption = Backend.engine,
    retrieval: RetrievalOption = RetrievalMode.hybrid,
    as_json: Annotated[bool, typer.Option("--json", help="Print metrics (and failures) as JSON.")] = False,
    show_failures: Annotated[bool, typer.Option("--failures", help="List the items that missed.")] = False,
) -> None:
    """Score the chat on its test set: fact recall, route, citation and triage accuracy (and red-team safety)."""
    with user_errors():
        from fitcoach.coach.chat.evaluate import load_testset, run_redteam, run_testset

        coach = _coach(backend, retrieval)
        report = run_testset(coach, load_testset(testset))
        out: dict[str, Any] = {"testset": report.metrics(), "per_route": report.per_route()}
        failures = [f.__dict__ for f in report.failures()]
        if redteam:
            loaded = _load_redteam()
            if isinstance(loaded, str):
                out["redteam"] = {"error": loaded}
            else:
                items, score = loaded
                results = run_redteam(coach, items, score)
                by_cat: dict[str, list[bool]] = {}
                for r in results:
                    by_cat.setdefault(r.category, []).append(r.passed)
                out["redteam"] = {
                    "items": len(results),
                    "pass_rate": sum(r.passed for r in results) / len(results) if results else 0.0,
                    "by_category": {k: sum(v) / len(v) for k, v in sorted(by_cat.items())},
                }
                failures += [r.__dict__ for r in results if not r.passed]
    if as_json:
        if show_failures:
            out["failures"] = failures
        sys.stdout.write(json.dumps(out, indent=2, ensure_ascii=False) + "\n")
        return
    _print_eval(out, failures if show_failures else [])


def _print_eval(out: dict[str, Any], failures: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title="chat test set")
    table.add_column("metric")
    table.add_column("value", justify="right")
    for key, value in out["testset"].items():
        table.add_row(key, f"{value:.3f}" if isinstance(value, float) else str(value))
    console.print(table)
    routes = Table(title="per route")
    for column in ("route", "items", "fact recall", "route accuracy"):
        routes.add_column(column)
    for name, row in out["per_route"].items():
        routes.add_row(name, str(row["items"]), f"{row['fact_recall']:.3f}", f"{row['route_accuracy']:.3f}")
    console.print(routes)
    if "redteam" in out:
        console.print(f"red team: {json.dumps(out['redteam'])}", markup=False)
    for f in failures:
        console.print(json.dumps(f, ensure_ascii=False)[:600], markup=False, highlight=False)

"""The FitCoach command line: the front door to the engine, the knowledge base and (later) the app.

Heavy modules are imported inside each command so that ``fitcoach --help`` stays fast.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import Annotated, Any

import typer

from fitcoach import __version__
from fitcoach.commands.chat import chat_app
from fitcoach.commands.common import Backend, user_errors
from fitcoach.commands.data import data_app
from fitcoach.commands.eval import eval_app
from fitcoach.commands.model import model_app
from fitcoach.commands.serve import serve
from fitcoach.commands.train import train_app

app = typer.Typer(
    name="fitcoach",
    help="FitCoach: safe, personalised training plans, nutrition targets and coaching.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
kb_app = typer.Typer(help="Inspect the packaged knowledge base.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")
app.add_typer(chat_app, name="chat")
app.add_typer(data_app, name="data")
app.add_typer(eval_app, name="eval")
app.add_typer(train_app, name="train")
app.add_typer(model_app, name="model")
app.command("serve")(serve)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"fitcoach {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """FitCoach: safe, personalised training plans, nutrition targets and coaching."""


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


ProfileArg = Annotated[str, typer.Argument(help="Profile JSON file (plan-contract.md), or - for stdin.")]


@app.command()
def plan(
    profile: ProfileArg,
    seed: Annotated[int, typer.Option(help="Seed for choosing among equally good exercises.")] = 0,
    backend: Annotated[
        Backend | None, typer.Option(help="Plan generator; default: FITCOACH_GENERATOR, else engine.")
    ] = None,
    model: Annotated[str | None, typer.Option(help="Model directory or Hugging Face id (FITCOACH_MODEL).")] = None,
    adapter: Annotated[str | None, typer.Option(help="LoRA adapter directory (FITCOACH_ADAPTER).")] = None,
    remote_url: Annotated[
        str | None, typer.Option(help="OpenAI-compatible server URL, e.g. http://127.0.0.1:8080/v1.")
    ] = None,
    remote_model: Annotated[str | None, typer.Option(help="Model name on the server (FITCOACH_REMOTE_MODEL).")] = None,
    unconstrained: Annotated[
        bool, typer.Option("--unconstrained", help="Model backends: decode freely, without the plan JSON schema.")
    ] = False,
    max_new_tokens: Annotated[
        int | None, typer.Option(min=1, help="Model backends: most tokens to write (default 6144).")
    ] = None,
) -> None:
    """Print a personalised weekly plan (contract JSON) for a profile; model plans are verified and guarded."""
    with user_errors():
        from fitcoach.commands.generation import guarded_plan_for, settings_with

        # An explicit --backend engine needs no settings at all; otherwise FITCOACH_GENERATOR decides.
        settings = (
            None if backend is Backend.engine else settings_with(backend, model, adapter, remote_url, remote_model)
        )
        if settings is None or settings.generator == Backend.engine:
            from fitcoach.documents import read_profile
            from fitcoach.domain.planner import build_plan

            _print_json(build_plan(read_profile(profile), seed=seed))
            return
        guarded, report = guarded_plan_for(
            profile, settings, seed=seed, constrained=not unconstrained, max_new_tokens=max_new_tokens
        )
    _print_json(guarded)
    typer.echo(report, err=True)


@app.command()
def check(
    profile: ProfileArg,
    plan_file: Annotated[str, typer.Argument(metavar="PLAN", help="Plan JSON file to verify, or - for stdin.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print violations as JSON.")] = False,
) -> None:
    """Verify a plan against a profile; exits 1 when any violation has error severity."""
    with user_errors():
        from fitcoach.documents import read_document, read_profile
        from fitcoach.domain.verify import errors, verify

        person = read_profile(profile)
        violations = verify(person, read_document(plan_file, "plan"))
    if as_json:
        _print_json([v.as_dict() for v in violations])
    elif not violations:
        typer.echo("No violations.")
    else:
        for v in violations:
            typer.echo(f"{v.severity:7} {v.code:26} {v.path or '(plan)'}: {v.message}")
    if errors(violations):
        raise typer.Exit(1)


@app.command()
def meals(
    profile: ProfileArg,
    seed: Annotated[int, typer.Option(help="Seed: another value gives another day of meals.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the day as JSON.")] = False,
) -> None:
    """A day of meals that hits the profile's calorie and protein targets, honouring diet and allergies."""
    with user_errors():
        from fitcoach.documents import read_profile
        from fitcoach.domain.context import expected_training_days
        from fitcoach.domain.meals import plan_day
        from fitcoach.domain.nutrition import targets_for

        person = read_profile(profile)
        targets = targets_for(person, expected_training_days(person))
        day = plan_day(person, targets.target.kcal, targets.macros.protein_g, seed=seed)
    if as_json:
        _print_json(day.as_dict())
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(
        title=f"{day.kcal:.0f} of {day.kcal_target:.0f} kcal, {day.protein_g:.0f} of {day.protein_target:.0f} g protein"
    )
    for column in ("meal", "dish", "kcal", "protein g", "ingredients"):
        table.add_column(column)
    for meal in day.meals:
        parts = ", ".join(f"{p.name} {p.grams:.0f} g" for p in meal.portions)
        table.add_row(meal.slot.value, meal.name, f"{meal.kcal:.0f}", f"{meal.protein_g:.0f}", parts)
    Console().print(table)


@app.command()
def screen(profile: ProfileArg) -> None:
    """Preparticipation screening (ACSM 2015, PAR-Q+, blood pressure) for a profile."""
    with user_errors():
        from fitcoach.documents import read_profile
        from fitcoach.domain.screening import screen as run_screen

        _print_json(run_screen(read_profile(profile)).as_dict())


class SchemaName(StrEnum):
    profile = "profile"
    plan = "plan"


@app.command()
def schema(name: Annotated[SchemaName, typer.Argument(help="Which JSON Schema to print.")]) -> None:
    """Print the JSON Schema of the profile (input) or the plan (output)."""
    if name is SchemaName.profile:
        from fitcoach.domain.profile import UserProfile

        _print_json(UserProfile.model_json_schema())
    else:
        from fitcoach.domain.plan import Plan

        _print_json(Plan.model_json_schema())


def _enum_option(enum_name: str) -> Callable[[str | None], str | None]:
    """Validate an option against a vocabulary enum, naming the allowed values on error."""

    def check(value: str | None) -> str | None:
        if value is None:
            return None
        from fitcoach.domain import vocab

        allowed = [m.value for m in getattr(vocab, enum_name)]
        norm = value.strip().lower().replace("-", "_").replace(" ", "_")
        if norm not in allowed:
            raise typer.BadParameter(f"{value!r} is not one of: {', '.join(allowed)}")
        return norm

    return check


@app.command()
def exercises(
    muscle: Annotated[
        str | None, typer.Option(help="Primary or secondary muscle, e.g. glutes.", callback=_enum_option("Muscle"))
    ] = None,
    equipment: Annotated[
        str | None, typer.Option(help="Equipment setting (full_gym, home_gym, no_equipment) or a piece of equipment.")
    ] = None,
    pattern: Annotated[
        str | None, typer.Option(help="Movement pattern, e.g. hinge.", callback=_enum_option("Pattern"))
    ] = None,
    condition: Annotated[
        str | None, typer.Option(help="Only exercises safe for this condition, e.g. knee or 'lower back pain'.")
    ] = None,
    modality: Annotated[
        str | None, typer.Option(help="strength, cardio, mobility, flexibility, ...", callback=_enum_option("Modality"))
    ] = None,
    level: Annotated[
        str | None,
        typer.Option(
            help="Suits this level (beginner, intermediate, advanced).", callback=_enum_option("FitnessLevel")
        ),
    ] = None,
    query: Annotated[str | None, typer.Option("--query", "-q", help="Words in the name or aliases.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print full records as JSON.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=10000, help="At most this many rows.")] = 50,
) -> None:
    """Search the exercise catalogue."""
    with user_errors():
        from fitcoach.domain.catalogue import ExerciseQuery, search_exercises

        found = search_exercises(
            ExerciseQuery(
                muscle=muscle,
                equipment=equipment,
                pattern=pattern,
                condition=condition,
                modality=modality,
                level=level,
                text=query,
            )
        )[:limit]
        if as_json:
            _print_json([e.model_dump(mode="json") for e in found])
            return
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{len(found)} exercises")
        for column in ("id", "name", "pattern", "equipment", "primary muscles", "level"):
            table.add_column(column)
        for e in found:
            table.add_row(
                e.id, e.name, e.pattern.value, ", ".join(e.equipment), ", ".join(e.primary_muscles), e.level.value
            )
        Console().print(table)


@app.command()
def foods(
    diet: Annotated[
        str | None,
        typer.Option(
            help="Suits this diet: omnivore, vegetarian, vegan, pescatarian, halal.", callback=_enum_option("Diet")
        ),
    ] = None,
    allergen: Annotated[
        list[str] | None, typer.Option(help="Exclude foods with this allergen (repeatable), e.g. peanut.")
    ] = None,
    cuisine: Annotated[
        str | None, typer.Option(help="Cuisine, e.g. north_african.", callback=_enum_option("Cuisine"))
    ] = None,
    slot: Annotated[
        str | None, typer.Option(help="Meal slot: breakfast, lunch, dinner, snack.", callback=_enum_option("MealSlot"))
    ] = None,
    query: Annotated[str | None, typer.Option("--query", "-q", help="Words in the name.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print full records as JSON.")] = False,
    limit: Annotated[int, typer.Option(min=1, max=10000, help="At most this many rows.")] = 50,
) -> None:
    """Search the food table."""
    with user_errors():
        from fitcoach.domain.catalogue import FoodQuery, search_foods

        found = search_foods(
            FoodQuery(diet=diet, allergens=tuple(allergen or ()), cuisine=cuisine, slot=slot, text=query)
        )[:limit]
        if as_json:
            _print_json([f.model_dump(mode="json") for f in found])
            return
        from rich.console import Console
        from rich.table import Table

        table = Table(title=f"{len(found)} foods (per 100 g)")
        for column in ("id", "name", "kcal", "protein g", "carbs g", "fat g", "allergens"):
            table.add_column(column)
        for f in found:
            n = f.per_100g
            table.add_row(
                f.id,
                f.name,
                f"{n.kcal:g}",
                f"{n.protein_g:g}",
                f"{n.carbs_g:g}",
                f"{n.fat_g:g}",
                ", ".join(f.allergens),
            )
        Console().print(table)


@kb_app.command("stats")
def kb_stats(as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """Counts per catalogue and per tag."""
    from fitcoach.domain.catalogue import knowledge_stats

    stats = knowledge_stats()
    if as_json:
        _print_json(stats)
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for section, counts in stats.items():
        if isinstance(counts, dict):
            table = Table(title=section)
            table.add_column("key")
            table.add_column("count", justify="right")
            for key, count in counts.items():
                table.add_row(str(key), str(count))
            console.print(table)
        else:
            console.print(f"{section}: {counts}")


def main() -> None:
    app()

"""What every command shares: turning the project's errors into one clear message, and the backend choice."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum

import typer


class Backend(StrEnum):
    """Which generator writes plans (and, for the chat, knowledge answers)."""

    engine = "engine"
    model = "model"
    remote = "remote"


@contextmanager
def user_errors() -> Iterator[None]:
    """The project's errors become one message per field on stderr and exit status 2, never a traceback."""
    from fitcoach.domain.errors import FitCoachError, InvalidInput

    try:
        yield
    except InvalidInput as exc:
        typer.echo("error: invalid input\n" + "\n".join(f"  {p.field}: {p.message}" for p in exc.problems), err=True)
        raise typer.Exit(2) from None
    except FitCoachError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None

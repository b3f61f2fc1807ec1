"""The project's exception family. The CLI and the API turn these into clear messages."""

from __future__ import annotations

from dataclasses import dataclass, field


class FitCoachError(Exception):
    """Base of every error FitCoach raises on purpose."""


class KnowledgeDataError(FitCoachError):
    """A packaged data file is broken: a bug in the release, not in the user's input."""


@dataclass(frozen=True)
class FieldProblem:
    """One invalid input field: where it is, what was wrong, and what is allowed."""

    field: str
    message: str


@dataclass
class InvalidInput(FitCoachError):
    """User input that cannot be used as it is. ``problems`` names each field at fault."""

    problems: list[FieldProblem] = field(default_factory=list)

    def __str__(self) -> str:
        return "; ".join(f"{p.field}: {p.message}" if p.field else p.message for p in self.problems)

"""Docs stay honest: every CLI command appears in the README or a page under docs/ (Datasette's habit)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer

from fitcoach.cli import app

ROOT = Path(__file__).resolve().parents[1]


def _command_paths(command: Any, prefix: str) -> list[str]:
    subcommands = getattr(command, "commands", None)  # a group (typer vendors its own click)
    if not subcommands:
        return [prefix]
    paths = []
    for name, sub in subcommands.items():
        paths += _command_paths(sub, f"{prefix} {name}")
    return paths


COMMANDS = _command_paths(typer.main.get_command(app), "fitcoach")
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))])


def test_every_area_has_its_commands() -> None:
    assert {"fitcoach serve", "fitcoach plan", "fitcoach data build", "fitcoach train all"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_command_is_documented(command: str) -> None:
    assert command in DOCS, f"`{command}` is not mentioned in README.md or docs/*.md"

"""docs/evaluation.md names every option of `fitcoach eval` and `fitcoach eval ablate`."""

from __future__ import annotations

from pathlib import Path

import typer

from fitcoach.commands.eval import eval_app

DOC = Path(__file__).resolve().parents[2] / "docs" / "evaluation.md"


def test_every_eval_option_is_documented() -> None:
    group = typer.main.get_command(eval_app)
    ablate = group.commands["ablate"]  # type: ignore[attr-defined]
    options = {opt for command in (group, ablate) for p in command.params for opt in p.opts if opt.startswith("--")}
    options -= {"--help", "--install-completion", "--show-completion"}  # the real app turns completion off
    text = DOC.read_text(encoding="utf-8")
    missing = sorted(o for o in options if f"`{o}" not in text and f" {o} " not in text)
    assert not missing, f"document these options in docs/evaluation.md: {missing}"

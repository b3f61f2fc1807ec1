"""The layers of architecture.md, enforced: imports point down only, and heavy packages stay optional."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "fitcoach"

# What each layer may not import (project layers above it, and packages it must not depend on).
FORBIDDEN: dict[str, set[str]] = {
    "domain": {
        "fitcoach.coach",
        "fitcoach.store",
        "fitcoach.services",
        "fitcoach.web",
        "fitcoach.ml",
        "fitcoach.cli",
        "fastapi",
        "starlette",
        "sqlalchemy",
        "alembic",
        "psycopg",
        "torch",
        "transformers",
        "trl",
        "peft",
        "datasets",
        "sentence_transformers",
        "bm25s",
        "httpx",
        "openai",
    },
    "coach": {
        "fitcoach.store",
        "fitcoach.services",
        "fitcoach.web",
        "fitcoach.ml",
        "fitcoach.cli",
        "fastapi",
        "sqlalchemy",
    },
    "store": {"fitcoach.services", "fitcoach.web", "fitcoach.ml", "fitcoach.cli", "fastapi"},
    "services": {"fitcoach.web", "fitcoach.ml", "fitcoach.cli", "fastapi"},
    "web": {"fitcoach.ml", "fitcoach.cli"},
    "ml": {"fitcoach.web", "fitcoach.store", "fitcoach.services", "fitcoach.cli"},
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _violations(layer: str) -> list[str]:
    found = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in _imports(path):
            if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer]):
                found.append(f"{path.relative_to(PACKAGE)} imports {name}")
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_point_down_only(layer: str) -> None:
    if not (PACKAGE / layer).is_dir():
        pytest.skip(f"fitcoach.{layer} does not exist yet")
    assert _violations(layer) == []


def test_cli_help_loads_no_heavy_package() -> None:
    code = (
        "import sys; from fitcoach.cli import app; "
        "heavy = {'torch', 'transformers', 'trl', 'peft', 'sentence_transformers', 'sqlalchemy', 'fastapi'}; "
        "print(sorted(heavy & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"

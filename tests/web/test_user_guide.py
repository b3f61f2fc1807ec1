"""docs/user-guide.md keeps up with the app: every page of the fitness areas and every API route is in it."""

from __future__ import annotations

from pathlib import Path

from fastapi.routing import APIRoute, iter_route_contexts

from fitcoach.config import Settings
from fitcoach.web.app import API_PREFIX, create_app

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "user-guide.md"
PAGES = ("/onboarding", "/plan", "/train", "/history", "/weight", "/nutrition", "/dashboard", "/card")
API_AREAS = ("/profile", "/plans", "/sessions", "/nutrition", "/body-weights", "/game", "/dashboard")


def api_table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("|") and "/" in line]


def test_every_fitness_page_is_in_the_user_guide() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for page in PAGES:
        assert f"(`{page}`)" in text, page


def test_every_fitness_api_route_is_in_the_user_guide_table(tmp_path: Path) -> None:
    rows = api_table_rows(GUIDE.read_text(encoding="utf-8"))
    app = create_app(Settings(FITCOACH_DATA_DIR=tmp_path, FITCOACH_SECRET_KEY="docs-check-" + "x" * 16))
    checked = 0
    for context in iter_route_contexts(app.routes):
        path = context.path if isinstance(context.path, str) else ""
        area_path = path.removeprefix(API_PREFIX)
        api = path.startswith(API_PREFIX + "/")
        if not isinstance(context.original_route, APIRoute) or not api or not area_path.startswith(API_AREAS):
            continue
        for method in sorted(context.methods or ()):
            # A row names the path with its method: "`GET /plans/current`" or "`GET`, `PUT` ... `/profile`".
            assert any(
                f"`{method} {area_path}" in row or (f"`{method}`" in row and f"`{area_path}`" in row) for row in rows
            ), f"document {method} {area_path} in docs/user-guide.md"
            checked += 1
    assert checked >= 20

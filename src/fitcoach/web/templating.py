"""Jinja2 templates with the globals every page uses: the CSRF input, flash messages, the current user."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from fitcoach.domain.errors import FitCoachError, InvalidInput
from fitcoach.web.csrf import csrf_input, csrf_token

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
FLASH_KEY = "flash"

FlashLevel = Literal["info", "success", "error"]

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))  # autoescapes .html
templates.env.globals["csrf_input"] = csrf_input
templates.env.globals["csrf_token"] = csrf_token


def flash(request: Request, message: str, level: FlashLevel = "info") -> None:
    """A message shown once, on the next page rendered for this session."""
    request.session.setdefault(FLASH_KEY, []).append({"message": message, "level": level})
    request.session[FLASH_KEY] = request.session[FLASH_KEY]  # mark the session changed


def pop_flashes(request: Request) -> list[dict[str, str]]:
    messages: list[dict[str, str]] = request.session.pop(FLASH_KEY, [])
    return messages


templates.env.globals["pop_flashes"] = pop_flashes

# Navigation for logged-in users: (label, path). Areas append their entry when their pages module loads.
NAV_ITEMS: list[tuple[str, str]] = [("Home", "/")]
templates.env.globals["nav_items"] = NAV_ITEMS


def add_nav_item(label: str, path: str) -> None:
    if (label, path) not in NAV_ITEMS:
        NAV_ITEMS.append((label, path))


def form_errors(exc: FitCoachError) -> list[dict[str, Any]]:
    """Errors for a re-shown form: one {"field", "message"} per problem (``field`` may be None)."""
    if isinstance(exc, InvalidInput):
        return [{"field": p.field or None, "message": p.message} for p in exc.problems]
    return [{"field": getattr(exc, "field", None), "message": str(exc)}]


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """Render a page; ``user`` (the logged-in user or None) is always in the context."""
    full = {"user": getattr(request.state, "user", None), **(context or {})}
    return templates.TemplateResponse(request, name, full, status_code=status_code, headers=headers)

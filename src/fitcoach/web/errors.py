"""One error shape for the API and error pages for the HTML side; never a traceback.

API (any path under ``/api/``): ``{"error": {"code", "message", "field"}, "errors": [{"code", "message",
"field"}, ...]}`` where ``error`` summarises and ``errors`` has one entry per field at fault.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from fitcoach.domain.errors import FitCoachError, InvalidInput
from fitcoach.services.errors import AuthenticationFailed, Conflict, NotFound, RateLimited

log = logging.getLogger(__name__)

STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "rate_limited",
    500: "internal_error",
}


class LoginRequired(Exception):
    """A page needs a logged-in user: answered with a redirect to /login."""


def is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def error_body(code: str, message: str, problems: list[tuple[str | None, str]] | None = None) -> dict[str, Any]:
    entries = [{"code": code, "message": m, "field": f} for f, m in (problems or [])]
    first_field = entries[0]["field"] if entries else None
    return {"error": {"code": code, "message": message, "field": first_field}, "errors": entries}


def _field_of(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:]
    return ".".join(str(p) for p in parts) or "body"


def _status_and_body(exc: Exception) -> tuple[int, dict[str, Any], dict[str, str]]:
    headers: dict[str, str] = {}
    if isinstance(exc, RequestValidationError):
        problems: list[tuple[str | None, str]] = [(_field_of(e["loc"]), e["msg"]) for e in exc.errors()]
        message = "; ".join(f"{f}: {m}" for f, m in problems)
        return 422, error_body("invalid_input", message, problems), headers
    if isinstance(exc, InvalidInput):
        problems = [(p.field or None, p.message) for p in exc.problems]
        return 422, error_body("invalid_input", str(exc), problems), headers
    if isinstance(exc, NotFound):
        return 404, error_body("not_found", str(exc)), headers
    if isinstance(exc, Conflict):
        problems = [(exc.field, str(exc))] if exc.field else []
        return 409, error_body("conflict", str(exc), problems), headers
    if isinstance(exc, AuthenticationFailed):
        return 401, error_body("unauthorized", str(exc)), {"WWW-Authenticate": "Bearer"}
    if isinstance(exc, RateLimited):
        return 429, error_body("rate_limited", str(exc)), {"Retry-After": str(exc.retry_after)}
    if isinstance(exc, FitCoachError):
        return 400, error_body("bad_request", str(exc)), headers
    if isinstance(exc, StarletteHTTPException):
        code = STATUS_CODES.get(exc.status_code, f"http_{exc.status_code}")
        return exc.status_code, error_body(code, str(exc.detail)), dict(exc.headers or {})
    log.exception("unhandled error", exc_info=exc)
    return 500, error_body("internal_error", "something went wrong on our side; it has been logged"), headers


def _html_error(request: Request, status: int, message: str, headers: dict[str, str]) -> Response:
    from fitcoach.web.templating import render

    return render(request, "error.html", {"status": status, "message": message}, status_code=status, headers=headers)


async def handle(request: Request, exc: Exception) -> Response:
    if isinstance(exc, LoginRequired):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        from urllib.parse import quote

        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
    status, body, headers = _status_and_body(exc)
    if is_api(request):
        return JSONResponse(body, status_code=status, headers=headers)
    return _html_error(request, status, body["error"]["message"], headers)


def install(app: FastAPI) -> None:
    for kind in (LoginRequired, RequestValidationError, FitCoachError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, handle)

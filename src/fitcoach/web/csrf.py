"""CSRF protection: a per-session token, checked on every state-changing request made with the cookie.

HTML forms carry it as a hidden ``csrf_token`` input (template global ``csrf_input()``); JavaScript and
API calls authenticated by the session cookie send it in the ``X-CSRF-Token`` header (the base layout
exposes it in ``<meta name="csrf-token">``). Requests authenticated by a bearer token need none.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import HTTPException, Request
from markupsafe import Markup, escape

SESSION_KEY = "csrf"
FORM_FIELD = "csrf_token"
HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfFailed(HTTPException):
    def __init__(self) -> None:
        super().__init__(status_code=403, detail="missing or wrong CSRF token; reload the page and try again")


def csrf_token(request: Request) -> str:
    """This session's token, created on first use."""
    token = request.session.get(SESSION_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        request.session[SESSION_KEY] = token
    return token


def rotate(request: Request) -> None:
    """A new token (after login), so a token seen before authentication is useless after it."""
    request.session[SESSION_KEY] = secrets.token_urlsafe(32)


def csrf_input(request: Request) -> Markup:
    return Markup('<input type="hidden" name="{}" value="{}">').format(FORM_FIELD, escape(csrf_token(request)))


def _matches(request: Request, sent: object) -> bool:
    expected = request.session.get(SESSION_KEY)
    return isinstance(expected, str) and isinstance(sent, str) and bool(sent) and hmac.compare_digest(expected, sent)


def check_header(request: Request) -> None:
    """For cookie-authenticated API calls: an unsafe method must send the token in ``X-CSRF-Token``."""
    if request.method not in SAFE_METHODS and not _matches(request, request.headers.get(HEADER)):
        raise CsrfFailed


async def csrf_protect(request: Request) -> None:
    """Router dependency for HTML pages: unsafe methods need the form field (or the header)."""
    if request.method in SAFE_METHODS:
        return
    sent: object = request.headers.get(HEADER)
    if sent is None:
        form = await request.form()  # cached by Starlette: the route's Form() parameters still work
        sent = form.get(FORM_FIELD)
    if not _matches(request, sent):
        raise CsrfFailed

"""/api/v1/auth: register, log in and log out with the session cookie (API clients may use tokens instead)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response, status

from fitcoach.services import accounts
from fitcoach.store.models import User
from fitcoach.web import ratelimit
from fitcoach.web.api.schemas import LoginIn, RegisterIn, UserOut
from fitcoach.web.csrf import csrf_token
from fitcoach.web.deps import AppSettings, DbSession, client_ip, log_in, log_out

router = APIRouter(prefix="/auth", tags=["auth"])
CSRF_HEADER = "X-CSRF-Token"


def start_session(request: Request, response: Response, user: User) -> UserOut:
    """Log in and hand over the session's CSRF token: cookie calls need it in the X-CSRF-Token header."""
    log_in(request, user)
    response.headers[CSRF_HEADER] = csrf_token(request)
    return UserOut.model_validate(user)


@router.post("/register", status_code=status.HTTP_201_CREATED)
def register(body: RegisterIn, request: Request, response: Response, db: DbSession) -> UserOut:
    """Create an account and log in: sets the session cookie and answers the CSRF token in X-CSRF-Token."""
    user = accounts.register(db, email=body.email, password=body.password, display_name=body.display_name)
    return start_session(request, response, user)


@router.post("/login")
def login(body: LoginIn, request: Request, response: Response, db: DbSession, settings: AppSettings) -> UserOut:
    """Log in: sets the session cookie and answers the CSRF token in the X-CSRF-Token header.

    Too many failures for one email and client address: 429 with Retry-After.
    """
    user = ratelimit.login(db, settings, email=body.email, password=body.password, client_ip=client_ip(request))
    return start_session(request, response, user)


@router.post("/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(request: Request) -> Response:
    log_out(request)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

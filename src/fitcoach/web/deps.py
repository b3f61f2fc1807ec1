"""Dependencies as ``Annotated`` aliases: the database session, settings, the current user.

- ``DbSession``: a SQLAlchemy session for this request (services commit their own writes).
- ``CurrentUser``: pages; the logged-in user, else a redirect to /login.
- ``OptionalUser``: pages that also work logged out.
- ``CurrentUserOrToken`` (alias ``ApiUser``): API; bearer token or session cookie (then unsafe methods
  need the X-CSRF-Token header), else 401 JSON.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from fitcoach.coach.generator import PlanGenerator
from fitcoach.config import Settings
from fitcoach.services import accounts
from fitcoach.services.errors import AuthenticationFailed
from fitcoach.store.models import User
from fitcoach.web import csrf
from fitcoach.web.errors import LoginRequired

SESSION_USER = "uid"
SESSION_AUTH = "auth"


def get_db(request: Request) -> Iterator[Session]:
    session: Session = request.app.state.session_factory()
    try:
        yield session
    except Exception:
        # Keep loaded objects (the current user) readable for the error page: rollback would expire them.
        session.expunge_all()
        session.rollback()
        raise
    finally:
        session.close()


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_generator(request: Request) -> PlanGenerator:
    generator: PlanGenerator = request.app.state.generator
    return generator


DbSession = Annotated[Session, Depends(get_db)]
AppSettings = Annotated[Settings, Depends(get_settings)]
Generator = Annotated[PlanGenerator, Depends(get_generator)]


def log_in(request: Request, user: User) -> None:
    """Start a fresh session for ``user`` (a new CSRF token too)."""
    request.session.clear()
    request.session[SESSION_USER] = user.id
    request.session[SESSION_AUTH] = accounts.session_auth_hash(user)
    csrf.rotate(request)


def log_out(request: Request) -> None:
    request.session.clear()


def session_user(request: Request, db: Session) -> User | None:
    """The user of the session cookie, if it is still valid (same password as when it was issued)."""
    user_id = request.session.get(SESSION_USER)
    if not isinstance(user_id, int):
        return None
    user = db.get(User, user_id)
    auth = request.session.get(SESSION_AUTH)
    if user is None or not isinstance(auth, str) or not hmac.compare_digest(accounts.session_auth_hash(user), auth):
        request.session.pop(SESSION_USER, None)
        request.session.pop(SESSION_AUTH, None)
        return None
    request.state.user = user
    return user


def optional_user(request: Request, db: DbSession) -> User | None:
    return session_user(request, db)


def current_user(request: Request, db: DbSession) -> User:
    user = session_user(request, db)
    if user is None:
        raise LoginRequired
    return user


def bearer_token(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_user_or_token(request: Request, db: DbSession) -> User:
    token = bearer_token(request)
    if token is not None:
        user = accounts.user_for_token(db, token)
        request.state.user = user
        return user
    from_cookie = session_user(request, db)
    if from_cookie is None:
        raise AuthenticationFailed("log in or send 'Authorization: Bearer <token>'")
    csrf.check_header(request)
    return from_cookie


OptionalUser = Annotated[User | None, Depends(optional_user)]
CurrentUser = Annotated[User, Depends(current_user)]
CurrentUserOrToken = Annotated[User, Depends(current_user_or_token)]
ApiUser = CurrentUserOrToken


def client_ip(request: Request) -> str:
    return request.client.host if request.client else "unknown"

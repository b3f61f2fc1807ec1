"""Login rate limit: at most N failed logins per email and client address in a sliding window.

Attempts live in the database (``login_attempts``), so the limit holds across workers and restarts.
"""

from __future__ import annotations

import math
from datetime import timedelta

from sqlalchemy.orm import Session

from fitcoach.config import Settings
from fitcoach.services import accounts
from fitcoach.services.errors import AuthenticationFailed, RateLimited
from fitcoach.store.models import User, utcnow
from fitcoach.store.repo import login_attempts


def attempt_key(email: str, client_ip: str) -> str:
    return f"{accounts.normalise_email(email)[:320]}|{client_ip}"


def check(session: Session, settings: Settings, key: str) -> None:
    """Raise ``RateLimited`` (with the seconds to wait) when the key has used up its failures."""
    now = utcnow()
    window = timedelta(seconds=settings.login_window_seconds)
    failures, oldest = login_attempts.failures_since(session, key=key, since=now - window)
    if failures >= settings.login_max_failures and oldest is not None:
        wait = math.ceil((oldest + window - now).total_seconds())
        raise RateLimited("too many failed logins; try again later", retry_after=max(wait, 1))


def login(session: Session, settings: Settings, *, email: str, password: str, client_ip: str) -> User:
    """Authenticate under the rate limit, recording the attempt."""
    key = attempt_key(email, client_ip)
    check(session, settings, key)
    now = utcnow()
    try:
        user = accounts.authenticate(session, email=email, password=password)
    except AuthenticationFailed:
        login_attempts.record(session, key=key, succeeded=False, at=now)
        login_attempts.prune(session, before=now - timedelta(seconds=settings.login_window_seconds))
        session.commit()
        raise
    login_attempts.clear_failures(session, key=key)
    session.commit()
    return user

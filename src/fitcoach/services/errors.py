"""Errors a service raises on purpose; the web layer maps each to an HTTP status."""

from __future__ import annotations

from fitcoach.domain.errors import FitCoachError


class NotFound(FitCoachError):
    """No such resource for this user (also what another user's resource looks like: 404, not 403)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} not found")
        self.what = what


class Conflict(FitCoachError):
    """The request clashes with existing data, e.g. an email already registered."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class AuthenticationFailed(FitCoachError):
    """Wrong email or password (never says which), or a bad, expired or revoked token."""


class RateLimited(FitCoachError):
    """Too many attempts; ``retry_after`` seconds until the next one is allowed."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after

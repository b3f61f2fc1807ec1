"""Helpers for web tests (importable by name; never import from ``conftest``, which is ambiguous across folders)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

PASSWORD = "correct horse battery"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(client: TestClient, path: str = "/") -> str:
    """The session's CSRF token, read from a page (the meta tag every page carries)."""
    page = client.get(path)
    found = CSRF_META.search(page.text) or CSRF_INPUT.search(page.text)
    assert found, f"no CSRF token on {path} ({page.status_code})"
    return found.group(1)


@dataclass
class WebUser:
    """A registered user with their own logged-in client (cookie session)."""

    client: TestClient
    id: int
    email: str
    password: str
    display_name: str
    csrf: str = ""
    headers: dict[str, str] = field(default_factory=dict)

    def db(self) -> Session:
        """A database session on the app's store, for seeding what the API cannot create directly."""
        session: Session = self.client.app.state.session_factory()  # type: ignore[attr-defined]
        return session

    def refresh_csrf(self) -> str:
        self.csrf = csrf_of(self.client)
        self.headers = {"X-CSRF-Token": self.csrf}
        return self.csrf

    def api(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        """An API call with the cookie and the CSRF header (what the app's own JavaScript sends)."""
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.request(method, path, headers=headers, **kwargs)

    def form(self, path: str, data: dict[str, Any], **kwargs: Any) -> httpx.Response:
        """A form post as the browser sends it, CSRF field included."""
        return self.client.post(path, data={"csrf_token": self.csrf, **data}, **kwargs)


def register_user(client: TestClient, display_name: str = "Test User", email: str | None = None) -> WebUser:
    email = email or f"user-{secrets.token_hex(4)}@example.org"
    response = client.post(
        "/api/v1/auth/register", json={"email": email, "password": PASSWORD, "display_name": display_name}
    )
    assert response.status_code == 201, response.text
    user = WebUser(client, response.json()["id"], email, PASSWORD, display_name)
    user.refresh_csrf()
    return user

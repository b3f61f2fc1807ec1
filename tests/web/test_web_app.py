"""The app skeleton: pages render, health check, static files, the harness itself."""

from __future__ import annotations

from fastapi.testclient import TestClient
from web_helpers import WebUser, csrf_of


def test_home_page_renders_for_visitors(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert "Sign up" in page.text
    assert 'href="/static/app.css"' in page.text


def test_home_page_greets_logged_in_user(user: WebUser) -> None:
    page = user.client.get("/")
    assert f"Hello, {user.display_name}" in page.text
    assert "Log out" in page.text


def test_static_files_are_served(client: TestClient) -> None:
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")


def test_healthz(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_csrf_token_is_stable_within_a_session(client: TestClient) -> None:
    assert csrf_of(client) == csrf_of(client, "/login")


def test_openapi_lists_api_routes_only(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/v1/me" in paths
    assert all(path.startswith("/api/v1/") for path in paths)
    assert client.get("/docs").status_code == 200

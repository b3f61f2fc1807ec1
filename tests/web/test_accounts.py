"""Accounts: sign up, log in and out, password change, deletion of everything, export, tokens, rate limit."""

from __future__ import annotations

import hashlib
import os
import stat
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Boolean, Date, DateTime, Float, Integer, String, Text, func, select
from sqlalchemy.orm import Session
from web_helpers import PASSWORD, WebUser, csrf_of

from fitcoach.config import Settings
from fitcoach.store.models import USER_OWNED, Base, LoginAttempt, User
from fitcoach.web.app import create_app

# ---------------------------------------------------------------- sign up and log in (pages)


def test_sign_up_page_creates_account_and_logs_in(client: TestClient) -> None:
    token = csrf_of(client, "/register")
    form = {"csrf_token": token, "email": "New@Example.org ", "password": PASSWORD, "display_name": "Nia"}
    response = client.post("/register", data=form, follow_redirects=False)
    assert response.status_code == 303
    home = client.get("/")
    assert "Hello, Nia" in home.text
    assert "Welcome, Nia!" in home.text  # flash shown once
    assert "Welcome, Nia!" not in client.get("/").text
    assert client.get("/api/v1/me").json()["email"] == "new@example.org"


@pytest.mark.parametrize(
    ("changes", "field", "fragment"),
    [
        ({"email": "not-an-email"}, "email", "email address"),
        ({"password": "short"}, "password", "10-256"),
        ({"display_name": "  "}, "display_name", "must not be empty"),
        ({"display_name": "x" * 101}, "display_name", "1-100"),
    ],
)
def test_sign_up_rejects_bad_fields_naming_them(
    client: TestClient, changes: dict[str, str], field: str, fragment: str
) -> None:
    body = {"email": "ok@example.org", "password": PASSWORD, "display_name": "Ok", **changes}
    api = client.post("/api/v1/auth/register", json=body)
    assert api.status_code == 422
    error = api.json()["errors"][0]
    assert (error["field"], error["code"]) == (field, "invalid_input")
    assert fragment in error["message"]
    page = client.post("/register", data={"csrf_token": csrf_of(client), **body})
    assert page.status_code == 422
    assert fragment in page.text


def test_duplicate_email_is_a_409_conflict(client: TestClient, user: WebUser) -> None:
    body = {"email": user.email.upper(), "password": PASSWORD, "display_name": "Copy"}
    response = client.post("/api/v1/auth/register", json=body)
    assert response.status_code == 409
    message = "an account with this email already exists"
    assert response.json()["error"] == {"code": "conflict", "message": message, "field": "email"}


def test_login_page_redirects_to_next_but_never_off_site(client: TestClient, user: WebUser) -> None:
    for target, expected in (("/account", "/account"), ("//evil.example/x", "/"), ("https://evil.example", "/")):
        client.cookies.clear()
        form = {"csrf_token": csrf_of(client), "email": user.email, "password": PASSWORD, "next": target}
        response = client.post("/login", data=form, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"] == expected


def test_wrong_password_does_not_say_which_field_was_wrong(client: TestClient, user: WebUser) -> None:
    wrong = client.post("/api/v1/auth/login", json={"email": user.email, "password": "wrong password"})
    unknown = client.post("/api/v1/auth/login", json={"email": "nobody@example.org", "password": "wrong password"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["error"]["message"] == unknown.json()["error"]["message"] == "wrong email or password"
    page = client.post("/login", data={"csrf_token": csrf_of(client), "email": user.email, "password": "nope nope!"})
    assert page.status_code == 401
    assert "wrong email or password" in page.text


def test_logout_ends_the_session(user: WebUser) -> None:
    response = user.form("/logout", {}, follow_redirects=False)
    assert response.status_code == 303
    assert user.client.get("/account", follow_redirects=False).status_code == 303
    assert user.client.get("/api/v1/me").status_code == 401


def test_session_cookie_is_httponly_and_samesite_lax(client: TestClient) -> None:
    response = client.post(
        "/api/v1/auth/register", json={"email": "c@example.org", "password": PASSWORD, "display_name": "C"}
    )
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie
    assert "samesite=lax" in cookie


# ---------------------------------------------------------------- password change


def test_password_change_logs_out_other_sessions(app: FastAPI, user: WebUser) -> None:
    second = TestClient(app)
    assert second.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}).status_code == 200
    new = "a brand new password"
    form = {"current_password": PASSWORD, "new_password": new}
    assert user.form("/account/password", form, follow_redirects=False).status_code == 303
    assert user.client.get("/api/v1/me").status_code == 200  # this session stays
    assert second.get("/api/v1/me").status_code == 401  # the other device is logged out
    assert second.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD}).status_code == 401
    assert second.post("/api/v1/auth/login", json={"email": user.email, "password": new}).status_code == 200


def test_password_change_needs_the_current_password(user: WebUser) -> None:
    api = user.api("POST", "/api/v1/me/password", json={"current_password": "guess guess", "new_password": "x" * 12})
    assert api.status_code == 422
    assert api.json()["error"]["field"] == "current_password"
    short = user.api("POST", "/api/v1/me/password", json={"current_password": PASSWORD, "new_password": "short"})
    assert short.json()["error"]["field"] == "new_password"


# ---------------------------------------------------------------- deletion and export

DUMMY_BY_TYPE: list[tuple[type, Any]] = [
    (Boolean, False),
    (Integer, 1),
    (Float, 1.5),
    (Date, date(2026, 1, 2)),
    (DateTime, datetime(2026, 1, 2, 3, 4, tzinfo=UTC)),
    (String, "x"),
    (Text, "x"),
]


def _dummy(column: Any, user_id: int) -> Any:
    impl = getattr(column.type, "impl", column.type)
    for kind, value in DUMMY_BY_TYPE:
        if isinstance(impl, kind):
            return f"{value}-{user_id}" if isinstance(value, str) else value  # unique columns differ per user
    return {"k": "v"}  # JSON documents


def fill_every_user_table(session: Session, user_id: int) -> None:
    """One row in every user-owned table (whatever tables exist now), foreign keys pointing at the user's rows."""
    made: dict[str, Base] = {}
    for model in USER_OWNED:
        values: dict[str, Any] = {}
        for column in model.__table__.columns:
            if column.name == "user_id":
                values[column.key] = user_id
            elif column.foreign_keys:
                parent = next(iter(column.foreign_keys)).column.table.name
                values[column.key] = made[parent].id if parent in made else None  # type: ignore[attr-defined]
            elif column.primary_key or (column.nullable and column.default is None):
                continue
            elif column.default is None and column.server_default is None:
                values[column.key] = _dummy(column, user_id)
        row = model(**values)
        session.add(row)
        session.flush()
        made[model.__table__.name] = row
    session.commit()


def rows_of(session: Session, user_id: int) -> dict[str, int]:
    return {
        m.__table__.name: session.scalar(select(func.count()).select_from(m).where(m.__table__.c.user_id == user_id))
        for m in USER_OWNED
    }


def test_delete_account_removes_every_row_of_the_user_only(app: FastAPI, user: WebUser, other_user: WebUser) -> None:
    with app.state.session_factory() as session:
        fill_every_user_table(session, user.id)
        fill_every_user_table(session, other_user.id)
        assert all(rows_of(session, user.id).values())
    response = user.form("/account/delete", {"password": PASSWORD}, follow_redirects=False)
    assert response.status_code == 303
    with app.state.session_factory() as session:
        assert set(rows_of(session, user.id).values()) == {0}
        assert session.get(User, user.id) is None
        assert all(rows_of(session, other_user.id).values())
    assert user.client.get("/api/v1/me").status_code == 401


def test_delete_account_needs_the_password(user: WebUser) -> None:
    response = user.api("DELETE", "/api/v1/me", json={"password": "not it at all"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "password"
    assert user.api("DELETE", "/api/v1/me", json={"password": PASSWORD}).status_code == 204
    assert user.api("GET", "/api/v1/me").status_code == 401


def test_export_holds_every_table_and_no_secrets(app: FastAPI, user: WebUser) -> None:
    user.api("POST", "/api/v1/tokens", json={"name": "laptop"})
    with app.state.session_factory() as session:
        fill_every_user_table(session, user.id)
    export = user.api("GET", "/api/v1/me/export").json()
    assert export["format"] == "fitcoach-export"
    assert export["user"]["email"] == user.email
    assert set(export["tables"]) == {m.__table__.name for m in USER_OWNED}
    assert all(export["tables"].values())
    assert export["tables"]["api_tokens"][0]["name"] == "laptop"
    text = str(export)
    assert "password_hash" not in text
    assert "token_hash" not in text
    download = user.client.get("/account/export")
    assert download.headers["content-disposition"].startswith("attachment")
    assert download.json()["tables"].keys() == export["tables"].keys()


# ---------------------------------------------------------------- API tokens


def test_token_is_shown_once_and_only_its_hash_is_stored(app: FastAPI, user: WebUser) -> None:
    created = user.api("POST", "/api/v1/tokens", json={"name": "phone"})
    assert created.status_code == 201
    token = created.json()["token"]
    assert token.startswith(created.json()["prefix"])
    listed = user.api("GET", "/api/v1/tokens").json()["items"]
    assert "token" not in listed[0]
    with app.state.session_factory() as session:
        stored = session.scalars(select(Base.metadata.tables["api_tokens"].c.token_hash)).all()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]
    anonymous = TestClient(app)
    me = anonymous.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["id"] == user.id


def test_revoked_token_stops_working(app: FastAPI, user: WebUser) -> None:
    created = user.api("POST", "/api/v1/tokens", json={"name": "ci"}).json()
    bearer = {"Authorization": f"Bearer {created['token']}"}
    anonymous = TestClient(app)
    assert anonymous.get("/api/v1/me", headers=bearer).status_code == 200
    assert user.api("DELETE", f"/api/v1/tokens/{created['id']}").status_code == 204
    assert anonymous.get("/api/v1/me", headers=bearer).status_code == 401
    assert user.api("GET", "/api/v1/tokens").json()["items"][0]["revoked_at"] is not None


def test_token_pages_create_list_and_revoke(user: WebUser) -> None:
    created = user.form("/account/tokens", {"name": "script"})
    assert created.status_code == 201
    assert "will not be shown again" in created.text
    token_id = user.api("GET", "/api/v1/tokens").json()["items"][0]["id"]
    assert "will not be shown again" not in user.client.get("/account/tokens").text
    revoked = user.form(f"/account/tokens/{token_id}/revoke", {}, follow_redirects=True)
    assert "Token revoked." in revoked.text
    assert "revoked" in revoked.text
    bad = user.form("/account/tokens", {"name": " "})
    assert bad.status_code == 422
    assert "must not be empty" in bad.text


def test_token_list_is_paginated(user: WebUser) -> None:
    for i in range(7):
        user.api("POST", "/api/v1/tokens", json={"name": f"t{i}"})
    first = user.api("GET", "/api/v1/tokens?limit=5").json()
    assert (len(first["items"]), first["total"], first["next_offset"]) == (5, 7, 5)
    assert first["items"][0]["name"] == "t6"  # newest first
    last = user.api("GET", "/api/v1/tokens?limit=5&offset=5").json()
    assert (len(last["items"]), last["next_offset"]) == (2, None)
    bad = user.api("GET", "/api/v1/tokens?limit=0")
    assert bad.status_code == 422
    assert bad.json()["error"]["field"] == "limit"


# ---------------------------------------------------------------- login rate limit


def _login(client: TestClient, email: str, password: str) -> int:
    return client.post("/api/v1/auth/login", json={"email": email, "password": password}).status_code


def test_login_rate_limit_per_email_and_address_across_workers(app: FastAPI, settings: Settings, user: WebUser) -> None:
    assert [_login(user.client, user.email, "wrong guess!") for _ in range(5)] == [401] * 5
    blocked = user.client.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    assert blocked.status_code == 429
    assert 1 <= int(blocked.headers["retry-after"]) <= settings.login_window_seconds
    assert blocked.json()["error"]["code"] == "rate_limited"
    # A second app on the same database (another worker) sees the same attempts.
    with TestClient(create_app(settings)) as other_worker:
        assert _login(other_worker, user.email, PASSWORD) == 429
        assert _login(other_worker, user.email.upper(), PASSWORD) == 429  # same email, other spelling
    # Another client address is not blocked, and its success does not unblock the first.
    elsewhere = TestClient(app, client=("203.0.113.9", 50000))
    assert _login(elsewhere, user.email, PASSWORD) == 200
    assert _login(user.client, user.email, PASSWORD) == 429


def test_successful_login_clears_earlier_failures(user: WebUser, app: FastAPI) -> None:
    for _ in range(4):
        _login(user.client, user.email, "wrong guess!")
    assert _login(user.client, user.email, PASSWORD) == 200
    assert [_login(user.client, user.email, "wrong guess!") for _ in range(4)] == [401] * 4
    assert _login(user.client, user.email, PASSWORD) == 200
    with app.state.session_factory() as session:
        assert session.scalar(select(func.count()).select_from(LoginAttempt)) == 0


def test_login_page_shows_the_rate_limit(user: WebUser) -> None:
    for _ in range(5):
        _login(user.client, user.email, "wrong guess!")
    form = {"csrf_token": csrf_of(user.client), "email": user.email, "password": PASSWORD}
    page = user.client.post("/login", data=form)
    assert page.status_code == 429
    assert "Too many attempts" in page.text
    assert page.headers["retry-after"]


# ---------------------------------------------------------------- secrets and hashing


def test_generated_secret_key_is_private_and_survives_restarts(tmp_path: Any, db_url: str) -> None:
    settings = Settings(FITCOACH_DATA_DIR=tmp_path / "fresh", DATABASE_URL=db_url)
    with TestClient(create_app(settings)) as first:
        first.post("/api/v1/auth/register", json={"email": "k@example.org", "password": PASSWORD, "display_name": "K"})
        cookies = dict(first.cookies)
    key_file = tmp_path / "fresh" / "secret_key"
    assert stat.S_IMODE(os.stat(key_file).st_mode) == 0o600
    assert len(key_file.read_text().strip()) >= 40
    with TestClient(create_app(settings), cookies=cookies) as restarted:
        assert restarted.get("/api/v1/me").json()["email"] == "k@example.org"


def test_real_password_hashes_are_argon2id_with_recommended_cost(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    from fitcoach.services import passwords

    monkeypatch.setattr(passwords, "hasher", PasswordHasher())
    hashed = passwords.hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$")
    assert "m=65536,t=3,p=4" in hashed
    assert passwords.verify_password(hashed, PASSWORD)
    assert not passwords.verify_password(hashed, PASSWORD + "!")
    assert not passwords.verify_password("not a hash", PASSWORD)


def test_weak_hashes_are_upgraded_at_login(
    app: FastAPI, client: TestClient, user: WebUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    from argon2 import PasswordHasher

    from fitcoach.services import passwords

    monkeypatch.setattr(passwords, "hasher", PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1))
    assert _login(client, user.email, PASSWORD) == 200
    with app.state.session_factory() as session:
        assert "m=2048,t=2" in session.get(User, user.id).password_hash  # type: ignore[union-attr]


def test_api_only_client_gets_the_csrf_token_from_login(app: FastAPI, user: WebUser) -> None:
    """A script with no HTML: log in, read X-CSRF-Token, make a token, then use only the token."""
    script = TestClient(app)
    login = script.post("/api/v1/auth/login", json={"email": user.email, "password": PASSWORD})
    csrf = login.headers["x-csrf-token"]
    made = script.post("/api/v1/tokens", json={"name": "script"}, headers={"X-CSRF-Token": csrf})
    assert made.status_code == 201
    script.cookies.clear()
    assert script.get("/api/v1/me", headers={"Authorization": f"Bearer {made.json()['token']}"}).status_code == 200

"""Security across the whole app, walking its route table so every area's routes are covered.

Ownership (another user's ids give 403/404), anonymous access (401 / login redirect), CSRF, XSS
escaping, security headers, body size limit, and error bodies that never carry a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient
from web_helpers import WebUser
from web_resources import EXAMPLE_BODIES, PUBLIC_API_ROUTES, RESOURCE_FACTORIES, XSS_SETUPS

from fitcoach.config import Settings
from fitcoach.web.app import create_app
from fitcoach.web.deps import current_user

PARAM = re.compile(r"{(\w+)(?::\w+)?}")
XSS = "<script>alert(1)</script>"
UNSAFE = ("POST", "PUT", "PATCH", "DELETE")
# DELETE last: a route that removes a resource must not run before the others use theirs.
METHOD_ORDER = {"GET": 0, "POST": 1, "PUT": 2, "PATCH": 3, "DELETE": 4}


@dataclass(frozen=True)
class Endpoint:
    """One method of one route, with its full path (router prefixes included)."""

    method: str
    path: str
    route: APIRoute

    @property
    def params(self) -> list[str]:
        return PARAM.findall(self.path)

    @property
    def has_body(self) -> bool:
        return self.route.body_field is not None

    def depends_on(self, call: Callable[..., object]) -> bool:
        return _depends_on(self.route.dependant, call)

    def dummy_path(self) -> str:
        return PARAM.sub("1", self.path)


def _depends_on(dependant: Dependant, call: Callable[..., object]) -> bool:
    return any(d.call is call or _depends_on(d, call) for d in dependant.dependencies)


def endpoints(app: FastAPI, *, api: bool) -> list[Endpoint]:
    """Every (method, route) of the app's route table, API or pages, DELETE last."""
    found = []
    for context in iter_route_contexts(app.routes):
        route, path = context.original_route, context.path
        if not isinstance(route, APIRoute) or not isinstance(path, str) or path.startswith("/api/") != api:
            continue
        found += [Endpoint(m, path, route) for m in context.methods or () if m != "HEAD"]
    return sorted(found, key=lambda e: (METHOD_ORDER.get(e.method, 9), e.path))


# ---------------------------------------------------------------- ownership


def test_every_id_route_hides_other_users_resources(app: FastAPI, user: WebUser, other_user: WebUser) -> None:
    routes = [e for e in endpoints(app, api=True) if e.params]
    assert routes, "expected API routes with path parameters (at least /tokens/{token_id})"
    missing = sorted({p for e in routes for p in e.params} - set(RESOURCE_FACTORIES))
    assert not missing, f"add RESOURCE_FACTORIES entries in tests/web/web_resources.py for: {missing}"
    for endpoint in routes:
        method = endpoint.method
        ids: dict[str, int] = {}
        for name in endpoint.params:
            ids[name] = RESOURCE_FACTORIES[name](user, ids)
        path = endpoint.path.format(**ids)
        kwargs = {}
        if endpoint.has_body:
            body = EXAMPLE_BODIES.get((method, endpoint.path))
            assert body is not None, (
                f"add EXAMPLE_BODIES[({method!r}, {endpoint.path!r})] in tests/web/web_resources.py"
            )
            kwargs["json"] = body
        intruder = other_user.api(method, path, **kwargs)
        assert intruder.status_code in (403, 404), f"{method} {path} as another user: {intruder.status_code}"
        assert intruder.json()["error"]["code"] in ("forbidden", "not_found")
        owner = user.api(method, path, **kwargs)
        assert owner.status_code < 400, f"{method} {path} as its owner: {owner.status_code} {owner.text[:200]}"


# ---------------------------------------------------------------- anonymous access


def test_every_private_api_route_answers_401_to_anonymous(app: FastAPI, client: TestClient) -> None:
    client.cookies.clear()
    checked = 0
    for endpoint in endpoints(app, api=True):
        if (endpoint.method, endpoint.path) in PUBLIC_API_ROUTES:
            continue
        response = client.request(endpoint.method, endpoint.dummy_path())
        assert response.status_code == 401, f"{endpoint.method} {endpoint.path} anonymous: {response.status_code}"
        assert response.json()["error"]["code"] == "unauthorized"
        checked += 1
    assert checked >= 5


def test_pages_needing_login_redirect_anonymous_to_login(app: FastAPI, client: TestClient) -> None:
    client.cookies.clear()
    private = [e for e in endpoints(app, api=False) if e.method == "GET" and e.depends_on(current_user)]
    assert any(e.path == "/account" for e in private)
    for endpoint in private:
        response = client.get(endpoint.dummy_path(), follow_redirects=False)
        assert response.status_code == 303, endpoint.path
        assert response.headers["location"].startswith("/login?next=")


def test_bad_bearer_token_is_refused(client: TestClient) -> None:
    for header in ("Bearer fc_nope", "Bearer ", "Basic abc", "Bearer not-ours"):
        response = client.get("/api/v1/me", headers={"Authorization": header})
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"


# ---------------------------------------------------------------- CSRF


def test_every_page_form_post_needs_the_csrf_token(app: FastAPI, user: WebUser) -> None:
    posts = [e for e in endpoints(app, api=False) if e.method in UNSAFE]
    assert any(e.path == "/account/name" for e in posts)
    for endpoint in posts:
        for data in ({}, {"csrf_token": "wrong"}):
            response = user.client.request(endpoint.method, endpoint.dummy_path(), data=data, follow_redirects=False)
            assert response.status_code == 403, f"{endpoint.method} {endpoint.path} with {data}: {response.status_code}"
            assert "CSRF" in response.text


def test_form_post_with_the_token_works(user: WebUser) -> None:
    response = user.form("/account/name", {"display_name": "Alice B"}, follow_redirects=False)
    assert response.status_code == 303
    assert user.api("GET", "/api/v1/me").json()["display_name"] == "Alice B"


def test_cookie_api_calls_need_the_csrf_header_but_bearer_calls_do_not(user: WebUser) -> None:
    no_header = user.client.post("/api/v1/tokens", json={"name": "x"})
    assert no_header.status_code == 403
    assert no_header.json()["error"]["code"] == "forbidden"
    wrong = user.client.post("/api/v1/tokens", json={"name": "x"}, headers={"X-CSRF-Token": "wrong"})
    assert wrong.status_code == 403
    token = user.api("POST", "/api/v1/tokens", json={"name": "x"}).json()["token"]
    user.client.cookies.clear()
    with_bearer = user.client.post("/api/v1/tokens", json={"name": "y"}, headers={"Authorization": f"Bearer {token}"})
    assert with_bearer.status_code == 201


# ---------------------------------------------------------------- XSS


def test_stored_text_is_escaped_on_every_page(app: FastAPI, user: WebUser) -> None:
    for setup in XSS_SETUPS:
        setup(user, XSS)
    pages = [e.path for e in endpoints(app, api=False) if e.method == "GET" and not e.params]
    rendered = 0
    for path in pages:
        response = user.client.get(path)
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue
        assert XSS not in response.text, f"unescaped payload on {path}"
        rendered += 1
    assert rendered >= 3
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in user.client.get("/account/tokens").text
    assert "&lt;script&gt;" in user.client.get("/account").text


# ---------------------------------------------------------------- headers, limits, error bodies


@pytest.mark.parametrize("path", ["/", "/login", "/api/v1/me", "/static/app.css", "/nowhere", "/api/v1/nowhere"])
def test_security_headers_on_every_kind_of_response(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "same-origin"


def test_no_inline_script_in_pages(user: WebUser) -> None:
    for path in ("/", "/account", "/account/tokens"):
        scripts = re.findall(r"<script\b[^>]*>", user.client.get(path).text)
        assert scripts and all("src=" in tag for tag in scripts), path


def test_oversized_body_gets_413(user: WebUser) -> None:
    big = b"x" * 1_100_000
    api = user.api("POST", "/api/v1/tokens", content=big, headers={"Content-Type": "application/json"})
    assert api.status_code == 413
    assert api.json()["error"]["code"] == "payload_too_large"
    page = user.client.post("/account/name", content=big, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert page.status_code == 413
    assert page.headers["content-type"].startswith("text/html")
    assert "too much text" in page.text.lower()


def test_personal_pages_are_never_cached(user: WebUser) -> None:
    assert user.client.get("/account").headers["cache-control"] == "no-store"
    assert user.api("GET", "/api/v1/me").headers["cache-control"] == "no-store"
    assert "no-store" not in user.client.get("/static/app.css").headers.get("cache-control", "")


def test_oversized_streamed_body_without_length_gets_413(user: WebUser) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"x" * 50_000

    response = user.api("POST", "/api/v1/tokens", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_bad_json_is_422_naming_the_problem(user: WebUser) -> None:
    response = user.api("POST", "/api/v1/tokens", content=b"{not json", headers={"Content-Type": "application/json"})
    assert response.status_code == 422
    body = response.json()
    assert body["error"]["code"] == "invalid_input"
    assert "Traceback" not in response.text


def test_wrong_types_are_422_with_one_entry_per_field(client: TestClient) -> None:
    response = client.post("/api/v1/auth/register", json={"email": 5, "password": ["x"]})
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"email", "password", "display_name"}


def test_unexpected_errors_give_a_json_500_without_traceback(app: FastAPI) -> None:
    def boom() -> None:
        raise RuntimeError("secret internals")

    app.add_api_route("/api/v1/boom-test", boom)
    app.add_api_route("/boom-test", boom)
    with TestClient(app, raise_server_exceptions=False) as client:
        api = client.get("/api/v1/boom-test")
        assert api.status_code == 500
        assert api.json()["error"]["code"] == "internal_error"
        page = client.get("/boom-test")
        assert page.status_code == 500
        for response in (api, page):
            assert "secret internals" not in response.text
            assert "Traceback" not in response.text


def test_hsts_only_when_cookies_are_https_only(settings: Settings, client: TestClient) -> None:
    assert "strict-transport-security" not in client.get("/").headers
    secure = settings.model_copy(update={"session_cookie_secure": True})
    with TestClient(create_app(secure), base_url="https://testserver") as tls:
        response = tls.get("/")
        assert response.headers["strict-transport-security"].startswith("max-age=")
        body = {"email": "s@example.org", "password": "long enough pw", "display_name": "S"}
        registered = tls.post("/api/v1/auth/register", json=body)
        assert "secure" in registered.headers["set-cookie"].lower()

"""Account pages: sign up, log in, log out, account settings, data export, API tokens, deletion."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from fitcoach.domain.errors import InvalidInput
from fitcoach.services import accounts, export
from fitcoach.services.errors import AuthenticationFailed, Conflict
from fitcoach.web import ratelimit
from fitcoach.web.deps import AppSettings, CurrentUser, DbSession, OptionalUser, client_ip, log_in, log_out
from fitcoach.web.templating import flash, form_errors, render

router = APIRouter()
FormStr = Annotated[str, Form()]


def safe_next(target: str | None) -> str:
    """Only same-site paths: never redirect a login to another host."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


@router.get("/register")
def register_form(request: Request, user: OptionalUser) -> Response:
    if user:
        return redirect("/")
    return render(request, "register.html", {"errors": [], "values": {}})


@router.post("/register")
def register(
    request: Request, db: DbSession, email: FormStr = "", password: FormStr = "", display_name: FormStr = ""
) -> Response:
    try:
        user = accounts.register(db, email=email, password=password, display_name=display_name)
    except (InvalidInput, Conflict) as exc:
        values = {"email": email, "display_name": display_name}
        return render(request, "register.html", {"errors": form_errors(exc), "values": values}, status_code=422)
    log_in(request, user)
    flash(request, f"Welcome, {user.display_name}!", "success")
    return redirect("/")


@router.get("/login")
def login_form(request: Request, user: OptionalUser, next: str = "/") -> Response:
    if user:
        return redirect(safe_next(next))
    return render(request, "login.html", {"errors": [], "values": {}, "next": safe_next(next)})


@router.post("/login")
def login(
    request: Request,
    db: DbSession,
    settings: AppSettings,
    email: FormStr = "",
    password: FormStr = "",
    next: FormStr = "/",
) -> Response:
    try:
        user = ratelimit.login(db, settings, email=email, password=password, client_ip=client_ip(request))
    except AuthenticationFailed as exc:
        context = {"errors": form_errors(exc), "values": {"email": email}, "next": safe_next(next)}
        return render(request, "login.html", context, status_code=401)
    log_in(request, user)
    return redirect(safe_next(next))


@router.post("/logout")
def logout(request: Request) -> Response:
    log_out(request)
    flash(request, "You are logged out.")
    return redirect("/")


@router.get("/account")
def account(request: Request, user: CurrentUser) -> Response:
    return render(request, "account.html", {"errors": []})


@router.post("/account/name")
def rename(request: Request, user: CurrentUser, db: DbSession, display_name: FormStr = "") -> Response:
    try:
        accounts.update_display_name(db, user.id, display_name)
    except InvalidInput as exc:
        return render(request, "account.html", {"errors": form_errors(exc)}, status_code=422)
    flash(request, "Name saved.", "success")
    return redirect("/account")


@router.post("/account/password")
def change_password(
    request: Request, user: CurrentUser, db: DbSession, current_password: FormStr = "", new_password: FormStr = ""
) -> Response:
    try:
        updated = accounts.change_password(db, user.id, current_password=current_password, new_password=new_password)
    except InvalidInput as exc:
        return render(request, "account.html", {"errors": form_errors(exc)}, status_code=422)
    log_in(request, updated)
    flash(request, "Password changed. Your other devices are logged out.", "success")
    return redirect("/account")


@router.post("/account/delete")
def delete_account(request: Request, user: CurrentUser, db: DbSession, password: FormStr = "") -> Response:
    try:
        accounts.delete_account(db, user.id, password=password)
    except InvalidInput as exc:
        return render(request, "account.html", {"errors": form_errors(exc)}, status_code=422)
    log_out(request)
    flash(request, "Your account and all its data are deleted.", "success")
    return redirect("/")


@router.get("/account/export")
def export_data(user: CurrentUser, db: DbSession) -> Response:
    body = json.dumps(export.export_user(db, user.id), indent=2, ensure_ascii=False)
    headers = {"Content-Disposition": 'attachment; filename="fitcoach-export.json"'}
    return Response(body, media_type="application/json", headers=headers)


def _tokens_page(request: Request, db: DbSession, user_id: int, status_code: int = 200, **extra: Any) -> Response:
    tokens, _total = accounts.list_tokens(db, user_id, limit=100)
    context = {"tokens": tokens, "errors": [], "values": {}, **extra}
    return render(request, "tokens.html", context, status_code=status_code)


@router.get("/account/tokens")
def tokens(request: Request, user: CurrentUser, db: DbSession) -> Response:
    return _tokens_page(request, db, user.id)


@router.post("/account/tokens")
def create_token(request: Request, user: CurrentUser, db: DbSession, name: FormStr = "") -> Response:
    try:
        record, plaintext = accounts.create_token(db, user.id, name=name)
    except InvalidInput as exc:
        return _tokens_page(request, db, user.id, 422, errors=form_errors(exc), values={"name": name})
    # Rendered directly (not redirected): the token must never sit in the session cookie or a URL.
    return _tokens_page(request, db, user.id, 201, new_token=plaintext, new_token_name=record.name)


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(request: Request, token_id: int, user: CurrentUser, db: DbSession) -> Response:
    accounts.revoke_token(db, user.id, token_id)
    flash(request, "Token revoked.", "success")
    return redirect("/account/tokens")

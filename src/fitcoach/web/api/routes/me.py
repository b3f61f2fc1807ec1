"""/api/v1/me: the account itself: read, rename, change password, delete, export everything."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response, status

from fitcoach.services import accounts, export
from fitcoach.web.api.schemas import DeleteAccountIn, PasswordChangeIn, UserOut, UserUpdateIn
from fitcoach.web.deps import ApiUser, DbSession, log_in, log_out

router = APIRouter(prefix="/me", tags=["account"])


@router.get("")
def read_me(user: ApiUser) -> UserOut:
    return UserOut.model_validate(user)


@router.patch("")
def update_me(body: UserUpdateIn, user: ApiUser, db: DbSession) -> UserOut:
    return UserOut.model_validate(accounts.update_display_name(db, user.id, body.display_name))


@router.post("/password")
def change_password(body: PasswordChangeIn, request: Request, user: ApiUser, db: DbSession) -> UserOut:
    """Change the password; every other session is logged out, this one stays logged in."""
    updated = accounts.change_password(
        db, user.id, current_password=body.current_password, new_password=body.new_password
    )
    if request.session:
        log_in(request, updated)
    return UserOut.model_validate(updated)


@router.delete("", status_code=status.HTTP_204_NO_CONTENT)
def delete_me(body: DeleteAccountIn, request: Request, user: ApiUser, db: DbSession) -> Response:
    """Delete the account and all its data (confirm with the password)."""
    accounts.delete_account(db, user.id, password=body.password)
    log_out(request)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/export")
def export_me(user: ApiUser, db: DbSession) -> dict[str, Any]:
    """Everything stored about you, every table, as one JSON document (no password or token hashes)."""
    return export.export_user(db, user.id)

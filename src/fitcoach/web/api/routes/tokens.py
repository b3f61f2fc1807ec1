"""/api/v1/tokens: bearer tokens for API clients. Only a hash is stored; the token is shown once."""

from __future__ import annotations

from fastapi import APIRouter, Response, status

from fitcoach.services import accounts
from fitcoach.web.api.schemas import TokenCreatedOut, TokenCreateIn, TokenOut
from fitcoach.web.deps import ApiUser, DbSession
from fitcoach.web.pagination import Page, PageParams

router = APIRouter(prefix="/tokens", tags=["tokens"])


@router.get("")
def list_tokens(user: ApiUser, db: DbSession, page: PageParams) -> Page[TokenOut]:
    items, total = accounts.list_tokens(db, user.id, limit=page.limit, offset=page.offset)
    return Page[TokenOut].of([TokenOut.model_validate(t) for t in items], total, page)


@router.post("", status_code=status.HTTP_201_CREATED)
def create_token(body: TokenCreateIn, user: ApiUser, db: DbSession) -> TokenCreatedOut:
    record, plaintext = accounts.create_token(db, user.id, name=body.name)
    return TokenCreatedOut(**TokenOut.model_validate(record).model_dump(), token=plaintext)


@router.delete("/{token_id}", status_code=status.HTTP_204_NO_CONTENT)
def revoke_token(token_id: int, user: ApiUser, db: DbSession) -> Response:
    """Revoke a token: it stops working at once and stays listed as revoked."""
    accounts.revoke_token(db, user.id, token_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)

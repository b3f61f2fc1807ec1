"""Queries on users and their API tokens."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from fitcoach.store.models import ApiToken, User
from fitcoach.store.pagination import fetch_page


def by_id(session: Session, user_id: int) -> User | None:
    return session.get(User, user_id)


def by_email(session: Session, *, email: str) -> User | None:
    return session.scalars(select(User).where(User.email == email)).one_or_none()


def add(session: Session, *, email: str, display_name: str, password_hash: str) -> User:
    user = User(email=email, display_name=display_name, password_hash=password_hash)
    session.add(user)
    session.flush()
    return user


def tokens_page(session: Session, *, user_id: int, limit: int, offset: int) -> tuple[list[ApiToken], int]:
    stmt = select(ApiToken).where(ApiToken.user_id == user_id).order_by(ApiToken.id.desc())
    return fetch_page(session, stmt, limit=limit, offset=offset)


def token_of(session: Session, *, user_id: int, token_id: int) -> ApiToken | None:
    stmt = select(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user_id)
    return session.scalars(stmt).one_or_none()


def active_token_by_hash(session: Session, *, token_hash: str) -> ApiToken | None:
    stmt = select(ApiToken).where(ApiToken.token_hash == token_hash, ApiToken.revoked_at.is_(None))
    return session.scalars(stmt).one_or_none()


def add_token(session: Session, *, user_id: int, name: str, token_hash: str, prefix: str, now: datetime) -> ApiToken:
    token = ApiToken(user_id=user_id, name=name, token_hash=token_hash, prefix=prefix, created_at=now)
    session.add(token)
    session.flush()
    return token

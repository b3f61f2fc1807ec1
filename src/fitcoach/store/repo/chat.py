"""Queries for the chat: the conversation's messages and the recent logged sets the coach reads.
Every lookup is scoped to the owner."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from fitcoach.store.models import ChatMessage, SetLog
from fitcoach.store.pagination import fetch_page


def add(session: Session, message: ChatMessage) -> ChatMessage:
    session.add(message)
    session.flush()
    return message


def by_id(session: Session, *, user_id: int, message_id: int) -> ChatMessage | None:
    stmt = select(ChatMessage).where(ChatMessage.id == message_id, ChatMessage.user_id == user_id)
    return session.scalars(stmt).one_or_none()


def page(session: Session, *, user_id: int, limit: int, offset: int) -> tuple[list[ChatMessage], int]:
    """Messages newest first (ids grow with time on both backends), one page of them, and the total."""
    stmt = select(ChatMessage).where(ChatMessage.user_id == user_id).order_by(ChatMessage.id.desc())
    return fetch_page(session, stmt, limit=limit, offset=offset)


def clear(session: Session, *, user_id: int) -> int:
    """Delete every message of the user; returns how many went."""
    result = session.execute(delete(ChatMessage).where(ChatMessage.user_id == user_id))
    return int(getattr(result, "rowcount", 0) or 0)


def recent_sets(session: Session, *, user_id: int, limit: int) -> list[SetLog]:
    """The user's last ``limit`` logged sets, oldest first (the order the coach reads them in)."""
    stmt = select(SetLog).where(SetLog.user_id == user_id).order_by(SetLog.logged_at.desc(), SetLog.id.desc())
    return list(reversed(list(session.scalars(stmt.limit(limit)))))

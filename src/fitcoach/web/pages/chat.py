"""The chat page: the conversation, a message box, source chips, triage warnings and "Apply to my plan".

Works without JavaScript (the form posts to /chat and the page shows the answer); with it,
``/static/js/chat.js`` streams the answer from ``/api/v1/chat/stream`` into the page as it comes.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from fitcoach.coach.chat.engine import MAX_MESSAGE_CHARS
from fitcoach.domain.errors import InvalidInput
from fitcoach.services import chat
from fitcoach.services.errors import Conflict
from fitcoach.web.chat_coach import ChatCoach
from fitcoach.web.deps import CurrentUser, DbSession
from fitcoach.web.templating import add_nav_item, flash, form_errors, render

router = APIRouter()
add_nav_item("Chat", "/chat")

PAGE_SIZE = 30  # messages shown at once; "Earlier messages" pages back
SUGGESTIONS = (
    "What's my workout today?",
    "How much protein do I need?",
    "I only have 30 minutes today",
    "How do I warm up before squats?",
)


CITATION = re.compile(r"(\[[A-Z][A-Z0-9+\-]*\])")  # a source key in an answer, e.g. [ISSN-PRO]


def text_parts(text: str) -> list[tuple[str, bool]]:
    """``text`` split into (piece, is_citation) so the page can keep each citation on one line."""
    return [(piece, bool(CITATION.fullmatch(piece))) for piece in CITATION.split(text) if piece]


@cache
def source_titles() -> dict[str, str]:
    """Source key -> full reference, for the chips' tooltips."""
    from fitcoach.coach.passages import known_sources

    return known_sources()


def _page(
    request: Request,
    db: DbSession,
    user_id: int,
    *,
    offset: int = 0,
    draft: str = "",
    errors: list[dict[str, object]] | None = None,
    status_code: int = 200,
) -> Response:
    offset = max(offset, 0)
    messages, total = chat.conversation(db, user_id, limit=PAGE_SIZE, offset=offset)
    context = {
        "messages": messages,
        "total": total,
        "older_offset": offset + PAGE_SIZE if offset + PAGE_SIZE < total else None,
        "newer_offset": max(offset - PAGE_SIZE, 0) if offset > 0 else None,
        "titles": source_titles(),
        "text_parts": text_parts,
        "suggestions": SUGGESTIONS,
        "draft": draft,
        "errors": errors or [],
        "max_chars": MAX_MESSAGE_CHARS,
    }
    return render(request, "chat.html", context, status_code=status_code)


@router.get("/chat")
def chat_page(request: Request, user: CurrentUser, db: DbSession, offset: int = 0) -> Response:
    return _page(request, db, user.id, offset=offset)


@router.post("/chat")
def ask(
    request: Request, user: CurrentUser, db: DbSession, coach: ChatCoach, message: Annotated[str, Form()] = ""
) -> Response:
    """The no-JavaScript way to ask: store question and answer, then show the conversation at the answer."""
    try:
        exchange = chat.ask(db, user.id, coach, message)
    except InvalidInput as exc:
        return _page(request, db, user.id, draft=message, errors=form_errors(exc), status_code=422)
    return RedirectResponse(f"/chat#m-{exchange.reply.id}", status_code=303)


@router.post("/chat/actions/{message_id}/apply")
def apply(request: Request, message_id: int, user: CurrentUser, db: DbSession) -> Response:
    try:
        record = chat.apply_actions(db, user.id, message_id)
    except (Conflict, InvalidInput) as exc:
        flash(request, f"Your plan was not changed: {exc}", "error")
        return RedirectResponse(f"/chat#m-{message_id}", status_code=303)
    flash(request, f"Plan updated (version {record.version}): {record.reason.removeprefix('chat: ')}.", "success")
    return RedirectResponse(f"/chat#m-{message_id}", status_code=303)


@router.post("/chat/clear")
def clear(request: Request, user: CurrentUser, db: DbSession) -> Response:
    removed = chat.clear(db, user.id)
    flash(request, f"Conversation cleared ({removed} messages).", "info")
    return RedirectResponse("/chat", status_code=303)

"""/api/v1/chat: ask the coach (JSON or a server-sent-event stream), read and clear the conversation, and
apply the plan change an answer proposed.

The stream sends ``event: chunk`` with ``{"text": ...}`` pieces (joined, they are the answer's text) and
then one ``event: done`` carrying the whole answer as ``POST /chat`` returns it (sources, actions, triage).
The answer is worked out and stored before the first byte, so a bad message still gets a plain JSON 422.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from fastapi import APIRouter, Response, status
from fastapi.responses import StreamingResponse

from fitcoach.services import chat
from fitcoach.web.api.chat_schemas import AnswerOut, ChatIn, MessageOut
from fitcoach.web.api.fitness_schemas import PlanOut
from fitcoach.web.chat_coach import ChatCoach
from fitcoach.web.deps import ApiUser, DbSession
from fitcoach.web.pagination import Page, PageParams

router = APIRouter(prefix="/chat", tags=["chat"])
WORDS = re.compile(r"\S+\s*|\s+")  # word-sized pieces that join back to the exact text


def answer_out(exchange: chat.Exchange) -> AnswerOut:
    reply = exchange.reply
    return AnswerOut(
        id=reply.id,
        question_id=exchange.question.id,
        text=reply.content,
        route=exchange.answer.route,
        intent=exchange.answer.intent,
        sources=list(reply.sources or []),
        actions=list(reply.actions or []),
        triage=reply.triage,
        backend=exchange.answer.backend,
    )


def text_chunks(text: str) -> list[str]:
    return WORDS.findall(text)


def sse(event: str, data: dict[str, Any]) -> str:
    """One server-sent event; the data is JSON on one line (so newlines in the text cannot end it)."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


@router.post("")
def ask(body: ChatIn, user: ApiUser, db: DbSession, coach: ChatCoach) -> AnswerOut:
    """Ask the coach; the question and the answer are stored in your conversation."""
    return answer_out(chat.ask(db, user.id, coach, body.message))


@router.post(
    "/stream",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "chunk events, then done"}},
)
def ask_streamed(body: ChatIn, user: ApiUser, db: DbSession, coach: ChatCoach) -> StreamingResponse:
    """The same as ``POST /chat`` as server-sent events: ``chunk`` events, then ``done`` with the answer."""
    out = answer_out(chat.ask(db, user.id, coach, body.message))

    def events() -> Iterator[str]:
        for piece in text_chunks(out.text):
            yield sse("chunk", {"text": piece})
        yield sse("done", out.model_dump(mode="json"))

    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(events(), media_type="text/event-stream", headers=headers)


@router.get("/messages")
def list_messages(user: ApiUser, db: DbSession, page: PageParams) -> Page[MessageOut]:
    """Your conversation, newest first."""
    items, total = chat.messages_page(db, user.id, limit=page.limit, offset=page.offset)
    return Page[MessageOut].of([MessageOut.model_validate(m) for m in items], total, page)


@router.delete("/messages", status_code=status.HTTP_204_NO_CONTENT)
def clear_messages(user: ApiUser, db: DbSession) -> Response:
    """Delete the whole conversation."""
    chat.clear(db, user.id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/actions/{message_id}/apply", status_code=status.HTTP_201_CREATED)
def apply_actions(message_id: int, user: ApiUser, db: DbSession) -> PlanOut:
    """Apply the plan change proposed by answer ``message_id``: a new plan version (reason "chat: ...").

    409 when it is already applied or your plan changed since the answer; 404 for another user's message.
    """
    return PlanOut.model_validate(chat.apply_actions(db, user.id, message_id))

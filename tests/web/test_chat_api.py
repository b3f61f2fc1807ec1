"""The chat API and page on both databases: JSON and streamed answers agree, red flags are triaged and
stored, plan changes apply once and only for their owner, bad messages name the field, text is escaped."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from web_helpers import WebUser
from web_resources import onboard

from fitcoach.coach.chat.engine import MAX_MESSAGE_CHARS, Coach

XSS = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def bm25_coach() -> Coach:
    """BM25-only retrieval keeps these tests off the embedding model (the browser test uses the real one)."""
    return Coach(mode="bm25")


@pytest.fixture(autouse=True)
def fast_coach(app: FastAPI, bm25_coach: Coach) -> None:
    app.state.coach = bm25_coach


def ask(user: WebUser, message: str) -> dict[str, Any]:
    response = user.api("POST", "/api/v1/chat", json={"message": message})
    assert response.status_code == 200, response.text
    return dict(response.json())


def parse_sse(text: str) -> list[tuple[str, dict[str, Any]]]:
    """(event, data) pairs of a server-sent-event body."""
    events = []
    for block in text.split("\n\n"):
        if not block.strip():
            continue
        fields = dict(line.split(": ", 1) for line in block.split("\n"))
        events.append((fields["event"], json.loads(fields["data"])))
    return events


def stream(user: WebUser, message: str) -> tuple[httpx.Response, list[tuple[str, dict[str, Any]]]]:
    response = user.api("POST", "/api/v1/chat/stream", json={"message": message})
    return response, parse_sse(response.text) if response.status_code == 200 else []


def test_answer_uses_the_profile_and_cites_its_source(user: WebUser) -> None:
    onboard(user)
    answer = ask(user, "How much protein do I need?")
    assert (answer["route"], answer["intent"], answer["sources"]) == ("calculation", "calc.protein", ["ISSN-PRO"])
    assert "80 kg" in answer["text"] and answer["triage"] is None and answer["actions"] == []
    assert answer["id"] == answer["question_id"] + 1


@pytest.mark.parametrize(
    "message", ["How much protein do I need?", "I only have 30 minutes today", "I feel chest pain"]
)
def test_stream_joins_to_the_json_answer(user: WebUser, message: str) -> None:
    onboard(user)
    plain = ask(user, message)
    response, events = stream(user, message)
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/event-stream")
    names = [name for name, _ in events]
    assert names[-1] == "done" and set(names[:-1]) == {"chunk"} and len(names) > 2
    assert "".join(data["text"] for name, data in events if name == "chunk") == plain["text"]
    done = events[-1][1]
    assert done["id"] != plain["id"]  # stored as its own exchange
    same = ("text", "route", "intent", "sources", "actions", "triage", "backend")
    assert {k: done[k] for k in same} == {k: plain[k] for k in same}


def test_red_flag_is_answered_with_triage_and_stored(user: WebUser) -> None:
    answer = ask(user, "I get chest pain when I lift heavy, what should I do?")
    assert answer["route"] == "triage" and answer["triage"]["category"] == "chest_pain"
    assert answer["sources"] and answer["actions"] == []
    latest = user.api("GET", "/api/v1/chat/messages?limit=1").json()["items"][0]
    assert (latest["id"], latest["route"], latest["triage"]) == (answer["id"], "triage", answer["triage"])
    page = user.client.get("/chat")
    assert f'class="msg msg-assistant msg-triage" id="m-{answer["id"]}"' in page.text
    assert "triage-label" in page.text


def test_plan_change_applies_once_and_only_for_its_owner(user: WebUser, other_user: WebUser) -> None:
    before = onboard(user)
    answer = ask(user, "I only have 30 minutes today")
    assert [a["kind"] for a in answer["actions"]] == ["shorten_day"]
    assert answer["actions"][0]["minutes"] == 30 and answer["actions"][0]["summary"].startswith("shorten ")
    path = f"/api/v1/chat/actions/{answer['id']}/apply"
    intruder = other_user.api("POST", path)
    assert intruder.status_code == 404 and intruder.json()["error"]["code"] == "not_found"
    applied = user.api("POST", path)
    assert applied.status_code == 201, applied.text
    assert applied.json()["version"] == before["version"] + 1
    assert applied.json()["reason"] == "chat: " + answer["actions"][0]["summary"]
    assert user.api("GET", "/api/v1/plans/current").json()["id"] == applied.json()["id"]
    again = user.api("POST", path)
    assert again.status_code == 409 and again.json()["error"]["field"] == "message_id"
    stored = user.api("GET", "/api/v1/chat/messages?limit=1").json()["items"][0]
    assert stored["applied_plan_id"] == applied.json()["id"]


def test_missing_message_is_404_and_answer_without_action_is_409(user: WebUser) -> None:
    assert user.api("POST", "/api/v1/chat/actions/999999/apply").status_code == 404
    answer = ask(user, "hi")
    response = user.api("POST", f"/api/v1/chat/actions/{answer['id']}/apply")
    assert response.status_code == 409 and "no change" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ({"message": "x" * (MAX_MESSAGE_CHARS + 1)}, f"at most {MAX_MESSAGE_CHARS} characters"),
        ({"message": "   "}, "must not be empty"),
        ({}, "required"),
        ({"message": 42}, "string"),
    ],
)
@pytest.mark.parametrize("path", ["/api/v1/chat", "/api/v1/chat/stream"])
def test_bad_message_is_422_naming_the_field(user: WebUser, path: str, body: dict[str, Any], problem: str) -> None:
    response = user.api("POST", path, json=body)
    assert response.status_code == 422 and response.headers["content-type"].startswith("application/json")
    error = response.json()["error"]
    assert error["field"] == "message" and problem in response.json()["errors"][0]["message"]
    assert user.api("GET", "/api/v1/chat/messages").json()["total"] == 0


def test_cookie_calls_need_the_csrf_header(user: WebUser) -> None:
    for path in ("/api/v1/chat", "/api/v1/chat/stream"):
        response = user.client.post(path, json={"message": "hi"})
        assert response.status_code == 403, path


def test_messages_page_newest_first_and_clear_keeps_other_users(user: WebUser, other_user: WebUser) -> None:
    for text in ("hi", "thanks", "How much protein do I need?"):
        ask(user, text)
    ask(other_user, "hi")
    first = user.api("GET", "/api/v1/chat/messages?limit=4").json()
    assert (first["total"], first["next_offset"], len(first["items"])) == (6, 4, 4)
    assert [m["role"] for m in first["items"]] == ["assistant", "user", "assistant", "user"]
    assert first["items"][1]["content"] == "How much protein do I need?"
    rest = user.api("GET", "/api/v1/chat/messages?limit=4&offset=4").json()
    assert rest["next_offset"] is None and rest["items"][-1]["content"] == "hi"
    assert user.api("GET", "/api/v1/chat/messages?limit=0").status_code == 422
    assert user.api("DELETE", "/api/v1/chat/messages").status_code == 204
    assert user.api("GET", "/api/v1/chat/messages").json()["total"] == 0
    assert other_user.api("GET", "/api/v1/chat/messages").json()["total"] == 2


def test_one_coach_per_app(app: FastAPI, user: WebUser) -> None:
    app.state.coach = None
    ask(user, "hi")
    created = app.state.coach
    assert isinstance(created, Coach) and created.mode == "hybrid" and created.generator is None
    ask(user, "thanks")
    assert app.state.coach is created


# ---------------------------------------------------------------- the page (no JavaScript)


def test_page_form_post_shows_the_answer_with_source_chips(user: WebUser) -> None:
    onboard(user)
    page = user.client.get("/chat")
    assert page.status_code == 200 and 'src="/static/js/chat.js"' in page.text and "No messages yet" in page.text
    response = user.form("/chat", {"message": "How much protein do I need?"}, follow_redirects=False)
    assert response.status_code == 303 and re.fullmatch(r"/chat#m-\d+", response.headers["location"])
    page = user.client.get("/chat")
    assert "How much protein do I need?" in page.text and "Aim for about" in page.text
    assert re.search(r'<li class="chip" title="[^"]+">\[ISSN-PRO\]</li>', page.text)


def test_page_apply_button_changes_the_plan(user: WebUser) -> None:
    before = onboard(user)
    answer = ask(user, "I only have 30 minutes today")
    page = user.client.get("/chat")
    assert f'action="/chat/actions/{answer["id"]}/apply"' in page.text and "Apply to my plan" in page.text
    done = user.form(f"/chat/actions/{answer['id']}/apply", {}, follow_redirects=True)
    assert done.status_code == 200 and "Plan updated (version" in done.text and "Applied to your plan" in done.text
    assert user.api("GET", "/api/v1/plans/current").json()["version"] == before["version"] + 1
    again = user.form(f"/chat/actions/{answer['id']}/apply", {}, follow_redirects=True)
    assert "Your plan was not changed" in again.text


def test_page_shows_a_too_long_message_error_naming_the_field(user: WebUser) -> None:
    response = user.form("/chat", {"message": "y" * (MAX_MESSAGE_CHARS + 5)})
    assert response.status_code == 422
    assert "<strong>Your message</strong>" in response.text and f"at most {MAX_MESSAGE_CHARS} allowed" in response.text


def test_page_clear_and_paging(user: WebUser) -> None:
    for i in range(16):
        ask(user, "hi" if i % 2 else "thanks")
    page = user.client.get("/chat")
    assert 'href="/chat?offset=30"' in page.text  # 32 messages, 30 a page
    older = user.client.get("/chat?offset=30")
    assert older.text.count('class="msg msg-') == 2 and 'href="/chat?offset=0"' in older.text
    cleared = user.form("/chat/clear", {}, follow_redirects=True)
    assert "Conversation cleared (32 messages)" in cleared.text and "No messages yet" in cleared.text


def test_script_in_a_message_is_escaped_on_the_page(user: WebUser) -> None:
    ask(user, f"How much protein do I need? {XSS}")
    user.form("/chat", {"message": XSS})
    page = user.client.get("/chat")
    assert XSS not in page.text
    assert "How much protein do I need? &lt;script&gt;alert(1)&lt;/script&gt;" in page.text

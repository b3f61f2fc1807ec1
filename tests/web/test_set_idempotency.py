"""A double submit logs one set: the API's Idempotency-Key header / request_id field and the training page's
hidden request_id, on both backends."""

from __future__ import annotations

import re

import httpx
import pytest
from web_helpers import WebUser
from web_resources import onboard

SET = {"exercise_id": "push_up", "reps": 10, "rpe": 7}


def open_session(user: WebUser) -> int:
    onboard(user)
    return int(user.api("POST", "/api/v1/sessions", json={"day_index": 0}).json()["id"])


def sets_of(user: WebUser, session_id: int) -> list[dict[str, object]]:
    return list(user.api("GET", f"/api/v1/sessions/{session_id}").json()["sets"])


def post_set(user: WebUser, session_id: int, body: dict[str, object], key: str | None = None) -> httpx.Response:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return user.api("POST", f"/api/v1/sessions/{session_id}/sets", json=body, headers=headers)


def test_the_same_key_twice_logs_one_set(user: WebUser) -> None:
    session_id = open_session(user)
    first = post_set(user, session_id, {**SET, "request_id": "tap-1"})
    again = post_set(user, session_id, {**SET, "request_id": "tap-1"})
    assert first.status_code == again.status_code == 201, again.text
    assert again.json() == first.json() and first.json()["request_id"] == "tap-1"
    by_header = [post_set(user, session_id, SET, key="tap-2") for _ in range(2)]
    assert by_header[0].json()["id"] == by_header[1].json()["id"] != first.json()["id"]
    assert [s["id"] for s in sets_of(user, session_id)] == [first.json()["id"], by_header[0].json()["id"]]


def test_the_header_wins_over_the_body(user: WebUser) -> None:
    session_id = open_session(user)
    first = post_set(user, session_id, {**SET, "request_id": "body-key"}, key="header-key")
    assert first.json()["request_id"] == "header-key"
    again = post_set(user, session_id, {**SET, "request_id": "another-body-key"}, key="header-key")
    assert again.json()["id"] == first.json()["id"] and len(sets_of(user, session_id)) == 1


def test_different_keys_or_no_key_log_each_set(user: WebUser) -> None:
    session_id = open_session(user)
    ids = {post_set(user, session_id, {**SET, "request_id": f"tap-{n}"}).json()["id"] for n in range(2)}
    ids |= {post_set(user, session_id, SET).json()["id"] for _ in range(2)}
    assert len(ids) == 4 and len(sets_of(user, session_id)) == 4


def test_keys_are_per_person(user: WebUser, other_user: WebUser) -> None:
    mine, theirs = open_session(user), open_session(other_user)
    assert post_set(user, mine, {**SET, "request_id": "same"}).status_code == 201
    assert post_set(other_user, theirs, {**SET, "request_id": "same"}).status_code == 201
    assert len(sets_of(user, mine)) == len(sets_of(other_user, theirs)) == 1


@pytest.mark.parametrize("bad", ["", "x" * 65, "with space", "semi;colon"])
def test_a_bad_key_is_422_naming_the_field(user: WebUser, bad: str) -> None:
    session_id = open_session(user)
    response = post_set(user, session_id, {**SET, "request_id": bad})
    assert response.status_code == 422 and response.json()["error"]["field"] == "request_id", response.text
    response = post_set(user, session_id, SET, key=bad)
    assert response.status_code == 422 and response.json()["error"]["field"] == "Idempotency-Key", response.text
    assert sets_of(user, session_id) == []


def form_keys(html: str) -> list[str]:
    return re.findall(r'name="request_id" value="([^"]+)"', html)


def test_the_training_form_posted_twice_logs_one_set(user: WebUser) -> None:
    session_id = open_session(user)
    page = user.client.get("/train").text
    keys = form_keys(page)
    assert keys and len(set(keys)) == len(keys)  # one fresh key per set form
    exercise = re.search(r'name="exercise_id" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    form = {"exercise_id": exercise, "reps": "10", "rpe": "7", "request_id": keys[0]}
    for _ in range(2):
        posted = user.form(f"/train/{session_id}/sets", form, follow_redirects=False)
        assert posted.status_code == 303
    assert len(sets_of(user, session_id)) == 1
    after = form_keys(user.client.get(posted.headers["location"]).text)
    assert after and not set(after) & set(keys)  # the page after the post carries new keys: the next set logs
    user.form(f"/train/{session_id}/sets", {**form, "request_id": after[0]})
    assert len(sets_of(user, session_id)) == 2
    bad = user.form(f"/train/{session_id}/sets", {**form, "request_id": "not a key!"})
    assert bad.status_code == 422 and "<strong>Request id</strong>: must be 1-64 characters" in bad.text
    assert len(sets_of(user, session_id)) == 2

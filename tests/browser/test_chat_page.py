"""The chat page in a real browser on a phone-sized screen, with the app's real coach (hybrid retrieval,
MiniLM included): a streamed answer with a source chip, a knowledge answer, a chest-pain message shown as a
triage warning, a proposed plan change applied with one button, the conversation kept on reload, and the
same page without JavaScript."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import pytest

PHONE = {"width": 390, "height": 844}
PROFILE: dict[str, Any] = {
    "personal_info": {"age": 35, "gender": "female", "height": 168, "weight": 70, "fitness_level": "beginner"},
    "goals": ["general_fitness"],
    "preferences": {"workout_duration": 45, "days_per_week": 3, "equipment_access": "home_gym"},
    "constraints": {"injuries": []},
    "health": {"exercises_regularly": True},
    "nutrition": {"diet": "omnivore", "meals_per_day": 3},
}
# Counts the DOM updates of the answer being streamed: one per chunk shows it is rendered as it arrives.
COUNT_UPDATES = """() => {
  window.__updates = 0;
  new MutationObserver((records) => {
    for (const r of records) {
      const bubble = r.target.parentElement;
      if (r.target.classList.contains('msg-text') && bubble.classList.contains('msg-assistant')) window.__updates += 1;
    }
  }).observe(document.getElementById('messages'), {childList: true, subtree: true, characterData: true});
}"""
API_SETUP = """async (profile) => {
  const put = await window.fitcoachFetch('/api/v1/profile', {method: 'PUT', body: JSON.stringify(profile)});
  const body = JSON.stringify({reason: 'onboarding'});
  const plan = await window.fitcoachFetch('/api/v1/plans', {method: 'POST', body});
  return [put.status, plan.status];
}"""


def console_errors(message: Any) -> list[str]:
    """Console errors (a CSP refusal, a script error), leaving out the browser's own favicon request."""
    if message.type != "error" or "favicon" in message.location.get("url", ""):
        return []
    return [str(message.text)]


def send(page: Any, message: str, *, timeout_ms: int = 30_000) -> Any:
    """Type ``message``, send it, and wait for the finished answer bubble (returned as a locator)."""
    before = page.locator("li.msg-assistant").count()
    page.evaluate(COUNT_UPDATES)
    page.fill("#f-message", message)
    page.click("#chat-send")
    answer = page.locator("li.msg-assistant").nth(before)
    answer.wait_for(state="attached", timeout=timeout_ms)
    page.wait_for_function(
        "n => document.querySelectorAll('li.msg-assistant:not(.msg-pending)').length > n",
        arg=before,
        timeout=timeout_ms,
    )
    return answer


@pytest.mark.slow
def test_chat_page_streams_answers_with_sources_and_triage(live_server: str, browser: Any, artifacts: Path) -> None:
    context = browser.new_context(viewport=PHONE, base_url=live_server)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda msg: problems.extend(console_errors(msg)))

    page.goto("/register")
    page.fill("#f-email", f"chat-{secrets.token_hex(3)}@example.org")
    page.fill("#f-display_name", "Sam")
    page.fill("#f-password", "correct horse battery")
    page.click("button[type='submit']")
    page.wait_for_url(f"{live_server}/")
    assert page.evaluate(API_SETUP, PROFILE) == [200, 201]

    page.goto("/chat")
    assert page.locator("nav a[href='/chat']").count() == 1
    assert page.locator(".suggestions button").count() >= 3
    page.evaluate("window.__samePage = true")

    # A calculation answer, streamed chunk by chunk into the page, with its source as a chip.
    protein = send(page, "how much protein do I need?")
    words = len(protein.locator(".msg-text").inner_text().split())
    assert page.evaluate("window.__updates") >= words // 2 > 3  # rendered piece by piece as chunks came
    assert page.evaluate("window.__samePage") is True  # no page load: the stream filled this page
    assert "70 kg" in protein.inner_text()
    assert protein.locator(".chip", has_text="[ISSN-PRO]").is_visible()
    assert page.locator("li.msg-user").first.inner_text() == "how much protein do I need?"
    assert page.input_value("#f-message") == ""

    # A knowledge answer through the hybrid retriever (the first one loads the embedding model).
    knowledge = send(page, "How should I warm up before squats?", timeout_ms=120_000)
    assert knowledge.get_attribute("data-route") == "knowledge"
    assert knowledge.locator(".chip").count() >= 1

    # A red flag: the answer is a triage warning, styled apart from ordinary answers.
    triage = send(page, "I get chest pain during my workouts")
    assert "msg-triage" in (triage.get_attribute("class") or "")
    assert triage.locator(".triage-label").inner_text().strip().endswith("Stop and get medical help")
    assert triage.evaluate("e => getComputedStyle(e).borderLeftWidth") != protein.evaluate(
        "e => getComputedStyle(e).borderLeftWidth"
    )
    shot_path = artifacts / "chat-phone.png"
    page.screenshot(path=str(shot_path), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing sideways at 390 px

    # A plan change, applied with its button: a new plan version and a confirmation.
    shorter = send(page, "I only have 20 minutes today")
    shorter.locator("button", has_text="Apply to my plan").click()
    page.wait_for_url("**/chat#m-*")
    assert "Plan updated (version 2)" in page.locator(".flash").inner_text()
    assert page.locator("li.msg-assistant .applied").count() == 1
    page.screenshot(path=str(artifacts / "chat-phone-applied.png"), full_page=True)

    # The conversation is stored: after a reload every message is still there, escaped and styled.
    page.goto("/chat")
    assert page.locator("li.msg-user").count() == 4 and page.locator("li.msg-assistant").count() == 4
    assert page.locator("li.msg-triage .triage-label").count() == 1

    # Without JavaScript the same form posts to /chat and the reloaded page shows the answer.
    plain = browser.new_context(
        viewport=PHONE, base_url=live_server, java_script_enabled=False, storage_state=context.storage_state()
    )
    no_js = plain.new_page()
    no_js.goto("/chat")
    no_js.fill("#f-message", "How much protein do I need?")
    no_js.click("#chat-send")
    no_js.wait_for_url("**/chat#m-*")
    last = no_js.locator("li.msg-assistant").last
    assert "70 kg" in last.inner_text() and last.locator(".chip", has_text="[ISSN-PRO]").count() == 1
    plain.close()
    assert not problems, problems
    context.close()

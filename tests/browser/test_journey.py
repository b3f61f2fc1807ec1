"""A new user's first day, in a real browser on a phone-sized screen: sign up, onboard with a knee
injury, get a plan with no knee-loading moves, log a full session with the rest timer, see XP rise and
the charts fill, get a meal suggestion (and another), add it to the day, log out."""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from fitcoach.domain import knowledge
from fitcoach.domain.catalogue import avoided_tags
from fitcoach.domain.vocab import ConditionId

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def shot(page: Any, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"journey-{name}.png"), full_page=True)


def xp_shown(page: Any) -> int:
    return int(re.sub(r"\D", "", page.locator(".xp-total").first.inner_text()))


def onboard_with_bad_knee(page: Any, artifacts: Path) -> None:
    """Walk the five onboarding steps, answering as a 35-year-old with a bad knee."""
    page.fill("#f-personal_info-age", "35")
    page.check("input[name='personal_info.gender'][value='female']")
    page.fill("#f-personal_info-height", "168")
    page.fill("#f-personal_info-weight", "70")
    page.check("input[name='personal_info.fitness_level'][value='beginner']")
    page.click("section[data-step='about'] button[data-next]")
    health = page.locator("section[data-step='health']")
    health.locator("input[name='health.exercises_regularly'][value='yes']").check()
    for radio in health.locator("input[name^='health.parq.'][value='no']").all():
        radio.check()
    shot(page, artifacts, "01b-health-step")
    page.click("section[data-step='health'] button[data-next]")
    page.check("input[name='goals'][value='general_fitness']")
    page.fill("#f-preferences-days_per_week", "3")
    page.fill("#f-preferences-workout_duration", "45")
    page.check("input[name='preferences.equipment_access'][value='home_gym']")
    page.click("section[data-step='goals'] button[data-next]")
    page.check("input[name='constraints.injuries'][value='Knee pain or knee injury']")
    page.click("section[data-step='injuries'] button[data-next]")
    page.select_option("#f-nutrition-diet", "vegetarian")
    page.check("input[name='nutrition.allergies'][value='peanut']")
    page.click("button.submit-all")
    page.wait_for_url("**/plan")


def log_every_planned_set(page: Any) -> int:
    """Log each planned set of the open session; returns how many sets were logged."""
    logged = 0
    ids = [s.get_attribute("id") for s in page.locator("section.exercise-log").all()]
    for section_id in ids:
        section = page.locator(f"#{section_id}")
        planned = int(section.get_attribute("data-sets") or 0)
        for _ in range(planned):
            section = page.locator(f"#{section_id}")
            load = section.locator("input[name='load_kg']")
            if load.count():  # a loaded lift: 10 reps at 12.5 kg (few enough reps for a 1RM estimate)
                section.locator("input[name='reps']").fill("10")
                if not load.input_value():
                    load.fill("12.5")
            section.locator("input[name='rpe']").fill("7")
            section.locator("button[type='submit']", has_text="Log set").click()
            page.wait_for_load_state()
            logged += 1
            if logged == 1:  # the rest timer starts by itself after a set
                timer = page.locator("#rest-timer")
                assert timer.is_visible()
                first = timer.locator(".rest-clock").inner_text()
                page.wait_for_timeout(1200)
                assert timer.locator(".rest-clock").inner_text() != first  # it counts down
    return logged


@pytest.mark.slow
def test_first_day_journey(live_server: str, browser: Any, artifacts: Path) -> None:
    context = browser.new_context(viewport=PHONE, base_url=live_server)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    # Sign up.
    page.goto("/register")
    page.fill("#f-email", f"knee-{secrets.token_hex(3)}@example.org")
    page.fill("#f-display_name", "Kim")
    page.fill("#f-password", "correct horse battery")
    page.click("button[type='submit']")
    page.wait_for_url(f"{live_server}/")

    # Onboarding, one step at a time.
    page.goto("/onboarding")
    assert page.locator("section[data-step='health']").is_hidden()  # the guided form shows one step
    shot(page, artifacts, "01-onboarding")
    onboard_with_bad_knee(page, artifacts)
    shot(page, artifacts, "02-plan")

    # The plan leaves out every move that loads a sore knee.
    knee = avoided_tags([ConditionId.KNEE])
    planned = [e.get_attribute("data-exercise") for e in page.locator("li.exercise").all()]
    assert planned
    catalogue = knowledge.exercises()
    for exercise_id in planned:
        assert exercise_id in catalogue and not knee & set(catalogue[exercise_id].stress_tags), exercise_id

    page.goto("/dashboard")
    assert xp_shown(page) == 0
    assert page.locator("#chart-volume .chart-bar").count() == 0  # nothing logged yet

    # A full session, with the rest timer between sets.
    page.goto("/train")
    page.locator("form[action='/train/start'] button").first.click()
    page.wait_for_url("**/train")
    shot(page, artifacts, "03-train")
    sets = log_every_planned_set(page)
    assert sets >= 4
    shot(page, artifacts, "04-train-logged")
    page.check("input[name='feeling'][value='ok']")
    page.fill("#f-duration", "45")
    page.click("text=Finish and see my XP")
    page.wait_for_url(re.compile(r".*/train/\d+$"))
    earned = int(re.sub(r"\D", "", page.locator(".xp-big").inner_text()))
    assert earned > 0
    shot(page, artifacts, "05-summary")

    # XP rose and the charts filled in.
    page.goto("/dashboard")
    assert xp_shown(page) == earned
    assert page.locator("#chart-volume .chart-bar").count() > 0
    assert page.locator("#chart-e1rm circle").count() > 0
    assert page.locator("#chart-volume desc").text_content() != "No sets logged this week yet."
    shot(page, artifacts, "06-dashboard")

    # Records, the card and a weigh-in that draws the weight chart.
    page.goto("/history")
    assert page.locator("table.table tbody tr").count() > 0
    shot(page, artifacts, "06b-history")
    page.goto("/card")
    assert "First step" in page.locator("li.earned").first.inner_text()
    shot(page, artifacts, "06c-card")
    page.goto("/weight")
    page.fill("#f-weight_kg", "69.4")
    page.click("form.row-form button[type='submit']")
    expect(page.locator("#weight-chart circle")).to_have_count(1)  # waits for the redirect back
    shot(page, artifacts, "06d-weight")

    # A meal suggestion, another one, then into today's meals.
    page.goto("/nutrition")
    page.select_option("#s-slot", "lunch")
    page.click("#suggest button[type='submit']")
    first = page.locator("dialog.suggestion .meal-name").inner_text()
    page.click("dialog.suggestion >> text=Suggest another")
    expect(page.locator("dialog.suggestion .meal-name")).not_to_have_text(first)
    second = page.locator("dialog.suggestion .meal-name").inner_text()
    assert first and second and first != second
    shot(page, artifacts, "07-suggestion")
    page.click("dialog.suggestion >> text=Add to today")
    expect(page.locator("#today")).to_contain_text(second)
    shot(page, artifacts, "08-nutrition")

    # The same dashboard on a desktop screen.
    wide = browser.new_context(viewport=DESKTOP, base_url=live_server, storage_state=context.storage_state())
    desk = wide.new_page()
    desk.goto("/dashboard")
    shot(desk, artifacts, "09-dashboard-desktop")
    wide.close()

    # Log out.
    page.click("text=Log out")
    expect(page.locator("a[href='/login']").first).to_be_visible()
    assert not errors, errors
    context.close()

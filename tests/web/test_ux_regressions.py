"""What a first round of hands-on QA found in the pages, each pinned by a test: errors in people's words next
to the answer they belong to, typed answers kept, human labels instead of stored values, a plain
medical-clearance notice, and next steps on pages that would otherwise be empty."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient
from web_helpers import WebUser, csrf_of
from web_resources import onboard

from fitcoach.domain.screening import PARQ_QUESTIONS


def visible_text(html: str) -> str:
    """The words a person reads: tags, attributes and the hidden CSRF field removed."""
    body = html.split("<main", 1)[-1]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", body))


def onboarding_answers(**changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "personal_info.age": "70",
        "personal_info.gender": "male",
        "units": "metric",
        "personal_info.height": "175",
        "personal_info.weight": "85",
        "personal_info.fitness_level": "beginner",
        "health.exercises_regularly": "no",
        **{f"health.parq.{q}": "no" for q in PARQ_QUESTIONS},
        "goals": ["general_fitness"],
        "preferences.days_per_week": "3",
        "preferences.workout_duration": "30",
        "preferences.equipment_access": "no_equipment",
        "nutrition.diet": "omnivore",
        "nutrition.meals_per_day": "3",
    }
    form.update(changes)
    return form


def start_session(user: WebUser) -> tuple[int, str]:
    page = user.form("/train/start", {"day_index": "0"}).text
    session_id = int(re.search(r'action="/train/(\d+)/sets"', page).group(1))  # type: ignore[union-attr]
    exercise = re.search(r'name="exercise_id" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    return session_id, exercise


# ---------------------------------------------------------------- accounts and weight: empty forms


def test_empty_sign_up_shows_errors_next_to_each_field_not_an_error_page(client: TestClient) -> None:
    """Was: a generic "That did not work" page reading "display_name: Field required"."""
    token = csrf_of(client, "/register")
    response = client.post("/register", data={"csrf_token": token})
    assert response.status_code == 422
    for name in ("display_name", "email", "password"):
        assert f'id="f-{name}-error"' in response.text
    text = visible_text(response.text)
    assert "That did not work" not in text and "display_name" not in text and "Field required" not in text


def test_empty_login_comes_back_to_the_login_form(client: TestClient) -> None:
    token = csrf_of(client, "/login")
    response = client.post("/login", data={"csrf_token": token})
    assert response.status_code == 401
    assert 'action="/login"' in response.text and "Field required" not in response.text


def test_empty_weigh_in_names_the_field_in_words_and_keeps_the_date(user: WebUser) -> None:
    response = user.form("/weight", {"weight_kg": "", "measured_on": "2026-11-20"})
    assert response.status_code == 422
    assert 'id="f-weight_kg-error"' in response.text and "type your weight in kg" in response.text
    assert 'value="2026-11-20"' in response.text and "weight_kg" not in visible_text(response.text)
    typo = user.form("/weight", {"weight_kg": "eighty"})
    assert typo.status_code == 422 and 'value="eighty"' in typo.text


# ---------------------------------------------------------------- training: hostile sets, empty finish


def test_a_rejected_set_names_its_boxes_in_words_and_keeps_what_was_typed(user: WebUser) -> None:
    onboard(user)
    session_id, exercise = start_session(user)
    bad = user.form(f"/train/{session_id}/sets", {"exercise_id": exercise, "reps": "9", "load_kg": "-20", "rpe": "15"})
    assert bad.status_code == 422
    text = visible_text(bad.text)
    assert "RPE (effort 1-10): 15" in text and "out of range" in text
    assert "load_kg" not in text and "rpe:" not in text
    form = bad.text.split(f'value="{exercise}"', 1)[1].split("</form>", 1)[0]
    assert 'value="9"' in form and 'value="15"' in form


def test_finishing_with_no_sets_explains_itself_and_keeps_the_notes(user: WebUser) -> None:
    onboard(user)
    session_id, _ = start_session(user)
    page = user.client.get("/train").text
    assert "Log at least one set first" in page
    empty = user.form(f"/train/{session_id}/finish", {"feeling": "too_difficult", "notes": "knee ok"})
    assert empty.status_code == 422
    text = visible_text(empty.text)
    assert "Sets: log at least one set" in text and "sets:" not in text
    assert "knee ok</textarea>" in empty.text
    assert re.search(r'value="too_difficult"\s+checked', empty.text)


def test_the_session_summary_says_how_it_felt_in_words(user: WebUser) -> None:
    onboard(user)
    session_id, exercise = start_session(user)
    user.form(f"/train/{session_id}/sets", {"exercise_id": exercise, "reps": "10", "rpe": "7"})
    done = user.form(f"/train/{session_id}/finish", {"feeling": "too_difficult"})
    assert (
        done.status_code == 200 and "felt too difficult" in done.text and "too_difficult" not in visible_text(done.text)
    )


# ---------------------------------------------------------------- onboarding


def test_the_trimester_shows_only_for_a_pregnancy_and_says_so_without_javascript(user: WebUser) -> None:
    page = user.client.get("/onboarding").text
    field = re.search(r'<div class="field[^"]*" data-field="health.pregnancy_trimester"[^>]*>', page)
    assert field and 'data-show-if="health.pregnant"' in field.group(0) and 'data-show-value="yes"' in field.group(0)
    assert "Only if you are pregnant" in page  # the no-JavaScript form says when it applies
    wrong = user.form("/onboarding", onboarding_answers(**{"health.pregnant": "no", "health.pregnancy_trimester": "2"}))
    assert wrong.status_code == 422
    text = visible_text(wrong.text)
    assert "only answer this if you are pregnant" in text
    assert "pregnancy_trimester" not in text and "pregnant is false" not in text
    ok = user.form(
        "/onboarding",
        onboarding_answers(**{"health.pregnant": "yes", "health.pregnancy_trimester": "2"}),
        follow_redirects=False,
    )
    assert ok.status_code == 303


def test_the_error_summary_links_every_problem_to_its_answer_and_step(user: WebUser) -> None:
    changes = {"personal_info.age": "7", "personal_info.weight": "eighty", "preferences.days_per_week": "9"}
    response = user.form("/onboarding", onboarding_answers(**changes))
    assert response.status_code == 422
    summary = response.text.split('class="errors error-summary"', 1)[1].split("</div>", 1)[0]
    assert "3 answers to check" in summary
    assert 'href="#f-personal_info-age-field"' in summary and "(Step 1, About you)" in summary
    assert 'href="#f-preferences-days_per_week-field"' in summary and "(Step 3, Goals and schedule)" in summary
    assert 'id="f-preferences-days_per_week-field"' in response.text
    assert "units=imperial" not in response.text


def test_choices_read_as_words_not_stored_values(user: WebUser) -> None:
    page = user.client.get("/onboarding").text
    for label in (
        "Full gym (machines, barbells, dumbbells)",
        "No equipment (body weight only)",
        "Build muscle",
        "North African",
    ):
        assert label in page
    assert "North african" not in page and ">Full gym<" not in page


# ---------------------------------------------------------------- screening notices, plan, home


def test_a_clearance_notice_is_plain_and_does_not_contradict_itself(user: WebUser) -> None:
    """Blood pressure 165/105 needs clearance; the ACSM line "No medical clearance needed" must not sit under it."""
    changes = {"health.resting_bp.systolic": "165", "health.resting_bp.diastolic": "105"}
    landed = user.form("/onboarding", onboarding_answers(**changes))
    assert landed.status_code == 200 and "read the health note below" in landed.text
    for path in ("/plan", "/dashboard"):
        html = user.client.get(path).text
        notice = visible_text(html.split('class="card notice-danger clearance"', 1)[1].split("</section>", 1)[0])
        assert "See a doctor before you start" in notice and "before you start exercising" in notice, path
        assert "165/105" in notice and "Update your health answers" in notice, path
        assert "No medical clearance needed" not in notice and "before_starting" not in visible_text(html), path


def test_a_parq_yes_without_clearance_still_gets_a_gentle_note(user: WebUser) -> None:
    changes = {"health.parq.heart_condition_or_high_bp": "yes", "health.parq.prescribed_medication": "yes"}
    user.form("/onboarding", onboarding_answers(**changes))
    text = visible_text(user.client.get("/plan").text)
    assert "A word with your doctor is a good idea" in text and "See a doctor before you start" not in text


def test_the_plan_explains_its_jargon_and_where_it_came_from(user: WebUser) -> None:
    onboard(user)
    text = visible_text(user.client.get("/plan").text)
    assert 'What do "RPE", "1RM"' in text or "What do &quot;RPE&quot;" in text
    assert "made by engine" not in text and "made by FitCoach's training rules" in text.replace("&#39;", "'")


def test_home_tells_a_new_user_what_to_do_next(user: WebUser) -> None:
    assert 'href="/onboarding">Build my plan' in user.client.get("/").text
    onboard(user)
    page = user.client.get("/").text
    assert 'href="/dashboard"' in page and "Build my plan" not in page


def test_every_page_has_a_skip_link_to_the_content(client: TestClient) -> None:
    page = client.get("/login").text
    assert 'class="skip-link" href="#main"' in page and '<main id="main"' in page


def test_a_set_for_an_exercise_not_in_the_session_shows_its_message(user: WebUser) -> None:
    """Was: a 422 page with no message at all (the error matched no exercise card, so nothing showed it)."""
    onboard(user)
    session_id, _ = start_session(user)
    bad = user.form(f"/train/{session_id}/sets", {"exercise_id": "not_an_exercise", "reps": "10"})
    assert bad.status_code == 422
    errors = bad.text.split('<div class="errors" role="alert">', 1)[1].split("</div>", 1)[0]
    assert "not_an_exercise" in errors


def test_a_list_item_error_is_named_by_its_list(user: WebUser) -> None:
    onboard(user)
    page = user.client.get("/nutrition", params={"slot": "lunch", "ingredients": "x" * 3000})
    assert page.status_code == 422
    text = visible_text(page.text)
    assert "Ingredients you have:" in text and "ingredients.0" not in text


def test_error_pages_say_what_happened_and_where_to_go(user: WebUser) -> None:
    missing = user.client.get("/train/999999")
    assert missing.status_code == 404
    assert "We could not find that" in missing.text and "belongs to another account" in missing.text
    assert 'href="/dashboard"' in missing.text
    stale = user.client.post("/account/name", data={"csrf_token": "stale", "display_name": "X"})
    assert stale.status_code == 403 and "This form has expired" in stale.text


def test_plan_rest_days_and_versions_read_as_words(user: WebUser) -> None:
    onboard(user)
    text = visible_text(user.client.get("/plan").text)
    rest = re.search(r"Rest days: ([^.]*?)(?= Why this plan)", text)
    assert rest and ": rest" not in rest.group(1), text[:2000]
    assert "v1 · " in text and "your first plan" in text.split("v1 · ", 1)[1][:60]


def test_one_set_this_week_is_one_set_not_one_sets(user: WebUser) -> None:
    onboard(user)
    session_id, exercise = start_session(user)
    user.form(f"/train/{session_id}/sets", {"exercise_id": exercise, "reps": "10", "rpe": "7"})
    user.form(f"/train/{session_id}/finish", {"feeling": "ok"})
    text = visible_text(user.client.get("/history").text)
    assert "· 1 set ·" in text and "1 sets" not in text
    summary = visible_text(user.client.get(f"/train/{session_id}").text)
    assert "Sets done: +" in summary and "full_adherence" not in summary


def test_an_empty_weight_page_leads_with_the_form(user: WebUser) -> None:
    empty = user.client.get("/weight").text
    assert empty.index('action="/weight"') < empty.index('id="weight-chart"')
    user.form("/weight", {"weight_kg": "72,5"})
    logged = user.client.get("/weight").text
    assert logged.index('id="weight-chart"') < logged.index('action="/weight"')
    assert "72.5 kg" in logged


def test_remove_buttons_say_what_they_remove(user: WebUser) -> None:
    user.form("/weight", {"weight_kg": "70", "measured_on": "2026-11-20"})
    assert 'aria-label="Remove the weigh-in of 2026-11-20"' in user.client.get("/weight").text
    created = user.form("/account/tokens", {"name": "my script"})
    assert 'aria-label="Revoke the token my script"' in created.text and "data-confirm=" in created.text

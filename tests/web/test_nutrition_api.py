"""/api/v1/nutrition and /api/v1/body-weights."""

from __future__ import annotations

from web_helpers import WebUser
from web_resources import onboard

from fitcoach.domain import knowledge


def test_targets_and_a_day_of_meals(user: WebUser) -> None:
    plan = onboard(user)["plan"]
    targets = user.api("GET", "/api/v1/nutrition/targets").json()
    assert targets["kcal"] == plan["nutrition_suggestions"]["calorie_target"]
    day = user.api("GET", "/api/v1/nutrition/day-plan?seed=3").json()
    assert day["within_targets"] and len(day["meals"]) >= 4


def test_suggest_another_then_add_to_today(user: WebUser) -> None:
    onboard(user)
    first = user.api("POST", "/api/v1/nutrition/suggestions", json={"slot": "dinner"}).json()["meal"]
    second = user.api(
        "POST", "/api/v1/nutrition/suggestions", json={"slot": "dinner", "exclude": [first["recipe_id"]]}
    ).json()["meal"]
    assert first["recipe_id"] != second["recipe_id"]
    for meal in (first, second):
        foods = [knowledge.foods()[i["food_id"]] for i in meal["ingredients"]]
        assert all("peanut" not in f.allergens for f in foods)  # the profile's allergy
    added = user.api("POST", "/api/v1/nutrition/meals", json={"recipe_id": second["recipe_id"], "slot": "dinner"})
    assert added.status_code == 201
    today = user.api("GET", "/api/v1/nutrition/meals").json()
    assert [m["recipe_id"] for m in today["meals"]] == [second["recipe_id"]]
    assert today["totals"]["kcal"] == second["kcal"]
    assert user.api("DELETE", f"/api/v1/nutrition/meals/{added.json()['id']}").status_code == 204


def test_bad_nutrition_requests_name_the_field(user: WebUser) -> None:
    onboard(user)
    bad = user.api("POST", "/api/v1/nutrition/suggestions", json={"slot": "elevenses"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "slot"
    bad = user.api("POST", "/api/v1/nutrition/meals", json={"recipe_id": "no_such_dish", "slot": "lunch"})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "recipe_id"


def test_body_weight_log(user: WebUser) -> None:
    onboard(user)
    for day, kg in (("2026-11-01", 81.0), ("2026-11-08", 80.4), ("2026-11-08", 80.2)):
        assert user.api("POST", "/api/v1/body-weights", json={"measured_on": day, "weight_kg": kg}).status_code == 201
    page = user.api("GET", "/api/v1/body-weights?limit=1").json()
    assert page["total"] == 2 and page["items"][0] == {
        "id": page["items"][0]["id"],
        "measured_on": "2026-11-08",
        "weight_kg": 80.2,
    }
    bad = user.api("POST", "/api/v1/body-weights", json={"weight_kg": 500})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "weight_kg"
    assert user.api("GET", "/api/v1/profile").json()["profile"]["personal_info"]["weight"] == 80.2

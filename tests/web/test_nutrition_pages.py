"""Food pages: targets, the suggestion dialog (another, add to today), the body-weight log."""

from __future__ import annotations

import re

from web_helpers import WebUser
from web_resources import onboard


def test_food_page_shows_targets_and_a_day(user: WebUser) -> None:
    plan = onboard(user)["plan"]
    html = user.client.get("/nutrition").text
    assert str(plan["nutrition_suggestions"]["calorie_target"]) in html
    assert "A day that fits your targets" in html and html.count('action="/nutrition/meals"') >= 4


def test_suggestion_dialog_suggest_another_and_add(user: WebUser) -> None:
    onboard(user)
    first = user.client.get("/nutrition", params={"slot": "dinner"}).text
    assert '<dialog open class="suggestion"' in first
    shown = re.search(r'name="exclude" value="([^"]+)"', first).group(1)  # type: ignore[union-attr]
    another = user.client.get("/nutrition", params={"slot": "dinner", "exclude": shown}).text
    second = re.findall(r'name="recipe_id" value="([^"]+)"', another.split("<dialog", 1)[1].split("</dialog>")[0])
    assert second and second[0] != shown
    added = user.form("/nutrition/meals", {"recipe_id": second[0], "slot": "dinner"})
    assert "Added" in added.text and "So far:" in added.text
    refused = user.client.get("/nutrition", params={"slot": "brunch"})
    assert refused.status_code == 422 and "slot" in refused.text


def test_weight_log_with_chart(user: WebUser) -> None:
    onboard(user)
    empty = user.client.get("/weight").text
    assert "Log your weight to see the trend." in empty
    user.form("/weight", {"weight_kg": "80.5", "measured_on": "2026-11-01"})
    saved = user.form("/weight", {"weight_kg": "79.9", "measured_on": "2026-11-15"})
    assert "Weight saved." in saved.text
    assert '<svg class="chart" id="weight-chart"' in saved.text and saved.text.count("<circle") == 2
    bad = user.form("/weight", {"weight_kg": "8"})
    assert bad.status_code == 422 and "weight_kg" in bad.text

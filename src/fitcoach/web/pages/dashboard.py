"""The dashboard (next workout, this week, XP, charts) and the profile card (level, stats, achievements)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from fitcoach.domain import gamify
from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.services import dashboard, game, profiles, training
from fitcoach.services.clock import today
from fitcoach.web.charts import Bar, Series, bar_chart, line_chart
from fitcoach.web.deps import CurrentUser, DbSession
from fitcoach.web.templating import add_nav_item, render

router = APIRouter()
# The fitness areas' menu, in the order people use them: kept here, in one place.
for label, path in (
    ("Dashboard", "/dashboard"),
    ("Plan", "/plan"),
    ("Train", "/train"),
    ("Food", "/nutrition"),
    ("Progress", "/history"),
    ("Card", "/card"),
):
    add_nav_item(label, path)


@router.get("/dashboard")
def dashboard_page(request: Request, user: CurrentUser, db: DbSession) -> Response:
    view = dashboard.dashboard(db, user.id, today=today())
    saved = profiles.find_profile(db, user.id)
    max_reps = int(guidelines().resistance.one_rm_max_reps.value)  # above it a set gives no 1RM estimate
    charts = {
        "weight": line_chart(
            [Series("Body weight", view.weight_series)],
            chart_id="chart-weight",
            title="Body weight, last 90 days",
            unit="kg",
            empty_message="Log your weight to see the trend.",
        ),
        "volume": bar_chart(
            [Bar(group, sets) for group, sets in view.weekly_sets.items() if sets],
            chart_id="chart-volume",
            title="Working sets this week by muscle group",
            unit="sets",
            empty_message="No sets logged this week yet.",
        ),
        "e1rm": line_chart(
            [Series(name, points) for name, points in view.e1rm_series.items()],
            chart_id="chart-e1rm",
            title="Estimated one-rep max of your main lifts",
            unit="kg",
            empty_message=f"Log loaded sets of {max_reps} reps or fewer to see your strength trend.",
        ),
    }
    context = {"view": view, "charts": charts, "screening": saved.screening if saved else None}
    return render(request, "dashboard.html", context)


@router.get("/card")
def card_page(request: Request, user: CurrentUser, db: DbSession) -> Response:
    saved = profiles.find_profile(db, user.id)
    weight = training.body_weight_kg(db, user.id, saved.profile.personal_info.weight) if saved else None
    # No history: the card reads progress from the stored achievement tally (it re-scores only when stale).
    card = game.profile_card(
        db, user.id, None, weight or gamify.game().plan_reference.body_weight_kg, with_progress=True
    )
    return render(request, "card.html", {"card": card})

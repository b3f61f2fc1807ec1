"""The chat's data: what the caller passes in (``ChatContext``), what comes back (``ChatAnswer``), and
the plan actions an answer may propose for the caller to apply (``SwapExercise``, ``ShortenToday``,
``AdjustDay``; see ``fitcoach.coach.chat.actions.apply_action``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Any, Literal

from fitcoach.coach.triage import TriageResult
from fitcoach.domain.profile import UserProfile

Route = Literal["triage", "calculation", "plan", "knowledge", "smalltalk"]
ROUTES: tuple[Route, ...] = ("triage", "calculation", "plan", "knowledge", "smalltalk")


@dataclass(frozen=True)
class SwapExercise:
    """Replace one exercise of a training day with a catalogue substitute."""

    day_index: int  # index into workout_plan.weekly_schedule
    exercise_id: str
    substitute_id: str
    kind: Literal["swap_exercise"] = "swap_exercise"


@dataclass(frozen=True)
class ShortenToday:
    """Rebuild a training day to fit ``minutes`` (``planner.regenerate_day(..., "short_on_time")``)."""

    day_index: int
    minutes: int
    kind: Literal["shorten_day"] = "shorten_day"


@dataclass(frozen=True)
class AdjustDay:
    """Rebuild a training day easier or harder (``planner.regenerate_day`` with this feedback)."""

    day_index: int
    feedback: Literal["too_difficult", "too_easy"]
    kind: Literal["adjust_day"] = "adjust_day"


Action = SwapExercise | ShortenToday | AdjustDay


def action_as_dict(action: Action) -> dict[str, Any]:
    return asdict(action)


@dataclass
class ChatContext:
    """The user's own data; every part is optional and the chat says what it is missing.

    ``profile`` and ``plan`` are contract dicts (plan-contract.md). ``recent_sets`` are logged sets
    (``LoggedSet`` fields: exercise_id, reps, load_kg, optional rpe/rir, optional date), newest last.
    ``body_weights`` are ``{"date": "YYYY-MM-DD", "weight": kg}``. ``today`` picks the plan day.
    """

    profile: dict[str, Any] | None = None
    plan: dict[str, Any] | None = None
    recent_sets: list[dict[str, Any]] = field(default_factory=list)
    body_weights: list[dict[str, Any]] = field(default_factory=list)
    today: dt.date | None = None

    @cached_property
    def user(self) -> UserProfile | None:
        """The validated profile (``InvalidInput`` naming the field when it is malformed)."""
        if self.profile is None:
            return None
        from fitcoach.domain.validation import validate

        return validate(UserProfile, self.profile)

    def day(self) -> dt.date:
        return self.today or dt.date.today()

    def latest_weight(self) -> float | None:
        """The most recent logged body weight in kg, else the profile's."""
        dated = [w for w in self.body_weights if isinstance(w.get("weight"), int | float)]
        if dated:
            return float(sorted(dated, key=lambda w: str(w.get("date", "")))[-1]["weight"])
        return self.user.personal_info.weight if self.user else None


@dataclass
class ChatAnswer:
    text: str
    route: Route
    sources: tuple[str, ...] = ()  # citation keys named in the text, e.g. ("ISSN-PRO",)
    actions: tuple[Action, ...] = ()
    triage: TriageResult | None = None
    passages: tuple[str, ...] = ()  # ids of the passages the answer rests on
    intent: str = ""  # finer than the route, e.g. "calc.protein", "plan.swap"
    backend: str = "engine"
    dropped: tuple[str, ...] = ()  # model sentences removed by the support check

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "route": self.route,
            "intent": self.intent,
            "sources": list(self.sources),
            "actions": [action_as_dict(a) for a in self.actions],
            "triage": self.triage.as_dict() if self.triage else None,
            "passages": list(self.passages),
            "backend": self.backend,
            "dropped": list(self.dropped),
        }

"""The app's chat coach: one per app, created on first use and kept on ``app.state.coach``.

One per app because its retriever (BM25 index plus the MiniLM embedding model, about 10 s to load) is
built once and then shared by every request. With a model backend configured (``FITCOACH_GENERATOR`` =
model or remote) the coach writes knowledge answers with it; otherwise the rule engine answers.
Tests may put their own coach on ``app.state.coach`` before the first chat request.
"""

from __future__ import annotations

import threading
from typing import Annotated, Any

from fastapi import Depends, Request

from fitcoach.coach.chat.compose import TextGenerator
from fitcoach.coach.chat.engine import Coach

_CREATING = threading.Lock()


def make_coach(state: Any) -> Coach:
    """A coach for the app whose state is ``state`` (uses its plan generator when that can write text)."""
    settings = getattr(state, "settings", None)
    generator = getattr(state, "generator", None)
    wants_model = settings is not None and settings.generator != "engine"
    return Coach(generator=generator if wants_model and isinstance(generator, TextGenerator) else None)


def coach_of(state: Any) -> Coach:
    """The coach kept on ``state``, created on first use."""
    coach: Coach | None = getattr(state, "coach", None)
    if coach is None:
        with _CREATING:  # two first requests at once must not build two retrievers
            coach = getattr(state, "coach", None)
            if coach is None:
                coach = make_coach(state)
                state.coach = coach
    return coach


def get_coach(request: Request) -> Coach:
    return coach_of(request.app.state)


def warm_coach(state: Any) -> None:
    """Build the app's coach, its retriever and the triage exemplars now, so the first message does not wait
    ~20 s for MiniLM."""
    coach = coach_of(state)
    coach.retriever.search("warm-up")
    if coach.mode != "bm25":
        from fitcoach.coach.triage_semantic import available, semantic_matches

        if available():
            semantic_matches("warm-up")


ChatCoach = Annotated[Coach, Depends(get_coach)]

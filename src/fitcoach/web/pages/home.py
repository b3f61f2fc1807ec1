"""The start page: a welcome for visitors, a hello for logged-in users."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from fitcoach.services import profiles
from fitcoach.web.deps import DbSession, OptionalUser
from fitcoach.web.templating import render

router = APIRouter()


@router.get("/")
def home(request: Request, user: OptionalUser, db: DbSession) -> Response:
    # A new account has nothing to show until the onboarding questions are answered: say so first.
    has_profile = user is not None and profiles.find_profile(db, user.id) is not None
    return render(request, "home.html", {"has_profile": has_profile})


@router.get("/healthz", include_in_schema=False)
def healthz() -> dict[str, str]:
    return {"status": "ok"}

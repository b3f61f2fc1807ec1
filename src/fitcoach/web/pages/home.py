"""The start page: a welcome for visitors, a hello for logged-in users."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from fitcoach.web.deps import OptionalUser
from fitcoach.web.templating import render

router = APIRouter()


@router.get("/")
def home(request: Request, user: OptionalUser) -> Response:
    return render(request, "home.html")


@router.get("/healthz", include_in_schema=False)
def healthz() -> dict[str, str]:
    return {"status": "ok"}

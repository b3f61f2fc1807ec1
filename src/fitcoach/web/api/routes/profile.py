"""/api/v1/profile: your contract profile and its health screening."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from fitcoach.services import profiles
from fitcoach.services.profiles import SavedProfile
from fitcoach.web.api.fitness_schemas import ProfileOut
from fitcoach.web.deps import ApiUser, DbSession

router = APIRouter(prefix="/profile", tags=["profile"])


def profile_out(saved: SavedProfile) -> ProfileOut:
    return ProfileOut(
        profile=saved.record.data,
        screening=saved.screening,
        needs_clearance=saved.needs_clearance,
        updated_at=saved.record.updated_at,
    )


@router.get("")
def get_profile(user: ApiUser, db: DbSession) -> ProfileOut:
    return profile_out(profiles.get_profile(db, user.id))


@router.put("")
def put_profile(user: ApiUser, db: DbSession, body: dict[str, Any] = Body(...)) -> ProfileOut:  # noqa: B008
    """Save the whole profile (plan-contract.md). Then ``POST /api/v1/plans`` for a plan that fits it."""
    return profile_out(profiles.save_profile(db, user.id, body))


@router.patch("")
def patch_profile(user: ApiUser, db: DbSession, body: dict[str, Any] = Body(...)) -> ProfileOut:  # noqa: B008
    """Change some fields, e.g. ``{"preferences": {"days_per_week": 4}}``; lists and values are replaced."""
    return profile_out(profiles.update_profile(db, user.id, body))

"""Profiles: save the contract profile with its health screening, read it back, change parts of it.

The screening (``fitcoach.domain.screening.screen``) is stored with the profile so pages can show it;
a result that needs medical clearance is shown plainly, and the planner caps the plan on its own.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.screening import ScreeningOutcome, screen
from fitcoach.domain.validation import validate
from fitcoach.services.errors import NotFound
from fitcoach.store.models import Profile
from fitcoach.store.repo import profiles as repo


@dataclass(frozen=True)
class SavedProfile:
    profile: UserProfile
    screening: dict[str, Any]  # ScreeningOutcome.as_dict()
    record: Profile

    @property
    def needs_clearance(self) -> bool:
        return bool(self.screening.get("needs_clearance"))


def _screen_dict(outcome: ScreeningOutcome) -> dict[str, Any]:
    return outcome.as_dict()


def _stage(session: Session, user_id: int, data: Mapping[str, Any]) -> SavedProfile:
    """``save_profile`` without the commit, for services that write more in the same transaction."""
    profile = validate(UserProfile, dict(data))
    screening = _screen_dict(screen(profile))
    record = repo.upsert(session, user_id=user_id, data=profile.model_dump(mode="json"), screening=screening)
    return SavedProfile(profile, screening, record)


def save_profile(session: Session, user_id: int, data: Mapping[str, Any]) -> SavedProfile:
    """Validate ``data`` as a contract profile, screen it, and store both (replacing any earlier profile)."""
    saved = _stage(session, user_id, data)
    session.commit()
    return saved


def find_profile(session: Session, user_id: int) -> SavedProfile | None:
    record = repo.of_user(session, user_id=user_id)
    if record is None:
        return None
    profile = validate(UserProfile, record.data)
    screening = record.screening or _screen_dict(screen(profile))
    return SavedProfile(profile, screening, record)


def get_profile(session: Session, user_id: int) -> SavedProfile:
    """The user's profile; ``NotFound`` before onboarding."""
    found = find_profile(session, user_id)
    if found is None:
        raise NotFound("profile")
    return found


def _merge(base: dict[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """``base`` with ``changes`` laid over it, section by section (lists and values replace)."""
    out = copy.deepcopy(base)
    for key, value in changes.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def update_profile(session: Session, user_id: int, changes: Mapping[str, Any]) -> SavedProfile:
    """Change some fields of the stored profile (e.g. ``{"preferences": {"days_per_week": 4}}``)."""
    if not isinstance(changes, Mapping):
        raise InvalidInput([FieldProblem("(document)", "must be a JSON object of the fields to change")])
    current = get_profile(session, user_id)
    return save_profile(session, user_id, _merge(current.record.data, changes))


def stage_weight(session: Session, user_id: int, weight_kg: float) -> SavedProfile | None:
    """Set the profile's body weight to a new latest weigh-in (energy needs and XP use it); the caller commits.
    None before onboarding."""
    current = find_profile(session, user_id)
    if current is None:
        return None
    data = _merge(current.record.data, {"personal_info": {"weight": weight_kg}})
    return _stage(session, user_id, data)


def record_weight(session: Session, user_id: int, weight_kg: float) -> SavedProfile | None:
    """``stage_weight`` and commit."""
    saved = stage_weight(session, user_id, weight_kg)
    session.commit()
    return saved

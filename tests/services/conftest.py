"""Service tests: the services on a migrated SQLite database, no HTTP."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from fitcoach.services import plans, profiles
from fitcoach.store.db import make_engine, make_session_factory, migrate
from fitcoach.store.models import User

# A person with a bad knee training at a full gym: the shape the web onboarding produces.
KNEE_PROFILE: dict[str, Any] = {
    "personal_info": {"age": 35, "gender": "male", "height": 180, "weight": 80, "fitness_level": "intermediate"},
    "goals": ["muscle_gain", "strength_increase"],
    "preferences": {"workout_duration": 60, "days_per_week": 3, "equipment_access": "full_gym"},
    "constraints": {"injuries": ["Knee pain or knee injury"]},
    "health": {"exercises_regularly": True, "parq": {}},
    "nutrition": {"diet": "vegetarian", "allergies": ["peanut"], "meals_per_day": 4},
}


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("services") / "template.db"
    migrate(f"sqlite:///{path}")
    return path


@pytest.fixture
def db(migrated_template: Path, tmp_path: Path) -> Iterator[Session]:
    path = tmp_path / "fitcoach.db"
    shutil.copy(migrated_template, path)
    engine = make_engine(f"sqlite:///{path}")
    session = make_session_factory(engine)()
    try:
        yield session
    finally:
        session.close()
        engine.dispose()


@pytest.fixture
def make_user(db: Session) -> Callable[[], int]:
    count = iter(range(1, 1000))

    def make() -> int:
        user = User(email=f"u{next(count)}@example.org", display_name="Test", password_hash="not-a-real-hash")
        db.add(user)
        db.commit()
        return user.id

    return make


@pytest.fixture
def user_id(make_user: Callable[[], int]) -> int:
    return make_user()


@pytest.fixture
def knee_profile() -> dict[str, Any]:
    return copy.deepcopy(KNEE_PROFILE)


@pytest.fixture
def planned(db: Session, user_id: int, knee_profile: dict[str, Any]) -> int:
    """A user with the knee profile and a generated plan: the starting point of most service tests."""
    profiles.save_profile(db, user_id, knee_profile)
    plans.generate_plan(db, user_id, reason="onboarding")
    return user_id

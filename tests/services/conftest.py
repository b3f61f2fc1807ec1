"""Service tests: the services on a migrated SQLite database (race tests: both backends), no HTTP."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from fitcoach.services import plans, profiles
from fitcoach.store import testing
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


@pytest.fixture(params=["sqlite", "postgresql"])
def backend_url(request: pytest.FixtureRequest, migrated_template: Path, tmp_path: Path) -> Iterator[str]:
    """A migrated database URL on each backend (PostgreSQL: a fresh database; skipped locally when no server
    answers, a failure when CI=true), for the service tests whose behaviour depends on the database."""
    if request.param == "sqlite":
        path = tmp_path / "fitcoach.db"
        shutil.copy(migrated_template, path)
        yield f"sqlite:///{path}"
        return
    testing.require_postgres()
    with testing.fresh_postgres_database("fitcoach_servicetest") as url:
        migrate(url)
        yield url


@pytest.fixture
def backend_sessions(backend_url: str) -> Iterator[sessionmaker[Session]]:
    """A session factory on ``backend_url``: one session per simulated request."""
    engine = make_engine(backend_url)
    try:
        yield make_session_factory(engine)
    finally:
        engine.dispose()


@pytest.fixture
def backend_planned(backend_sessions: sessionmaker[Session], knee_profile: dict[str, Any]) -> int:
    """Like ``planned``, on ``backend_url``: a user with the knee profile and a plan."""
    with backend_sessions() as s:
        user = User(email="racer@example.org", display_name="Racer", password_hash="not-a-real-hash")
        s.add(user)
        s.commit()
        profiles.save_profile(s, user.id, knee_profile)
        plans.generate_plan(s, user.id, reason="onboarding")
        return user.id

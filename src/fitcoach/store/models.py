"""The database tables, as SQLAlchemy 2 typed models.

Every table a user owns carries ``user_id`` with ``ON DELETE CASCADE`` and an index, so deleting a
user row deletes all of their data in the database itself (not in application code that could miss a
table). JSON columns are ``JSON`` on SQLite and ``JSONB`` on PostgreSQL. Times are stored in UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

JsonDoc = JSON().with_variant(JSONB(), "postgresql")

# Stable constraint names: Alembic can then drop and alter them on both backends (SQLite batch mode).
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend (SQLite otherwise hands back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        # PostgreSQL answers in the connection's TimeZone setting: dates taken from these values must be UTC days.
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 - SQLAlchemy reads this class attribute
        datetime: UtcDateTime(),
        dict[str, Any]: JsonDoc,
        list[Any]: JsonDoc,
    }


def owner_fk() -> Mapped[int]:
    """The ``user_id`` column of a user-owned table: cascades on delete, indexed for per-user queries."""
    return mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)  # stored lower-cased
    display_name: Mapped[str] = mapped_column(String(100))
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Sessions issued before this moment are refused, so changing the password logs out other devices.
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", passive_deletes=True)


class ApiToken(Base):
    """A bearer token for API clients. Only the SHA-256 of the token is kept; the token is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = owner_fk()
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))  # first characters, so a user can tell tokens apart
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(back_populates="tokens")


class LoginAttempt(Base):
    """One login attempt, kept in the database so the rate limit holds across workers."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_key_attempted_at", "key", "attempted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(400))  # "email|client ip"
    attempted_at: Mapped[datetime] = mapped_column(default=utcnow)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)


class Profile(Base):
    __tablename__ = "profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    data: Mapped[dict[str, Any]]  # the contract profile (plan-contract.md)
    screening: Mapped[dict[str, Any] | None]  # domain.screening result as a dict
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PlanRecord(Base):
    """One version of a user's weekly plan; exactly one per user has ``is_current``."""

    __tablename__ = "plans"
    __table_args__ = (UniqueConstraint("user_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = owner_fk()
    version: Mapped[int] = mapped_column(Integer)
    plan: Mapped[dict[str, Any]]
    generator: Mapped[str] = mapped_column(String(50))  # backend name, e.g. "engine"
    guard_outcome: Mapped[str] = mapped_column(String(20))  # accepted | repaired | fallback
    reason: Mapped[str] = mapped_column(Text, default="")  # why this version exists (onboarding, adapt, ...)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    is_current: Mapped[bool] = mapped_column(Boolean, default=True)


class WorkoutSession(Base):
    __tablename__ = "workout_sessions"
    # History reads filter by owner and order by finish time (migration 0004). At most one unfinished session
    # per person, held by the database so two concurrent starts cannot both insert one (migration 0005).
    __table_args__ = (
        Index("ix_workout_sessions_user_id_finished_at", "user_id", "finished_at"),
        Index(
            "uq_workout_sessions_user_id_open",
            "user_id",
            unique=True,
            sqlite_where=text("finished_at IS NULL"),
            postgresql_where=text("finished_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = owner_fk()
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"), index=True)
    day_index: Mapped[int] = mapped_column(Integer)
    day_label: Mapped[str] = mapped_column(String(100))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
    xp_awarded: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str | None] = mapped_column(Text)
    # Added by migration 0002 (training log): how the session felt, the planned targets it started with
    # (domain ExerciseTarget dicts, for adherence XP and adaptation), the XP award it earned and its length.
    feeling: Mapped[str | None] = mapped_column(String(20))
    targets: Mapped[list[Any] | None]
    award: Mapped[dict[str, Any] | None]
    duration_minutes: Mapped[float | None] = mapped_column(Float)  # as the person reported it, if they did

    sets: Mapped[list[SetLog]] = relationship(
        back_populates="session", passive_deletes=True, order_by="SetLog.id", cascade="all, delete-orphan"
    )


class SetLog(Base):
    __tablename__ = "set_logs"
    # Adaptation reads the sessions holding given exercises; the chat reads the latest sets (migration 0004).
    __table_args__ = (
        Index("ix_set_logs_user_id_exercise_id", "user_id", "exercise_id"),
        Index("ix_set_logs_user_id_logged_at", "user_id", "logged_at"),
        # Sets are numbered per exercise within a session ("set 2 of push-ups"); no two may share a number
        # (migration 0005).
        Index("uq_set_logs_session_id_exercise_id_set_number", "session_id", "exercise_id", "set_number", unique=True),
        # A client's idempotency key: a replayed "log set" request finds its set instead of adding a second one.
        # NULL (no key) is allowed on any number of rows by both backends (migration 0006).
        Index("uq_set_logs_user_id_request_id", "user_id", "request_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workout_sessions.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = owner_fk()
    exercise_id: Mapped[str] = mapped_column(String(100))
    exercise_name: Mapped[str] = mapped_column(String(200))
    set_number: Mapped[int] = mapped_column(Integer)
    reps: Mapped[int] = mapped_column(Integer)
    load_kg: Mapped[float | None] = mapped_column(Float)
    rpe: Mapped[float | None] = mapped_column(Float)
    duration_seconds: Mapped[int | None] = mapped_column(Integer)  # timed work (holds, cardio); migration 0002
    logged_at: Mapped[datetime] = mapped_column(default=utcnow)
    request_id: Mapped[str | None] = mapped_column(String(64))  # idempotency key of the request; migration 0006

    session: Mapped[WorkoutSession] = relationship(back_populates="sets")


class LoadTarget(Base):
    """The next-session target for one exercise of one user, as ``domain.adapt`` last set it (migration 0002)."""

    __tablename__ = "load_targets"
    __table_args__ = (UniqueConstraint("user_id", "exercise_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = owner_fk()
    exercise_id: Mapped[str] = mapped_column(String(100))
    sets: Mapped[int] = mapped_column(Integer)
    reps_min: Mapped[int] = mapped_column(Integer)
    reps_max: Mapped[int] = mapped_column(Integer)
    load_kg: Mapped[float | None] = mapped_column(Float)
    rest_seconds: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(20))  # increase_load | increase_reps | hold | decrease_load | deload
    reason: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BodyWeight(Base):
    __tablename__ = "body_weights"
    __table_args__ = (UniqueConstraint("user_id", "measured_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = owner_fk()
    measured_on: Mapped[date] = mapped_column(Date)
    weight_kg: Mapped[float] = mapped_column(Float)


class MealEntry(Base):
    __tablename__ = "meal_entries"
    __table_args__ = (Index("ix_meal_entries_user_id_eaten_on", "user_id", "eaten_on"),)  # a day's meals

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = owner_fk()
    eaten_on: Mapped[date] = mapped_column(Date, index=True)
    slot: Mapped[str] = mapped_column(String(20))
    recipe_id: Mapped[str | None] = mapped_column(String(100))
    data: Mapped[dict[str, Any]]  # the meal as domain.meals renders it (name, portions, kcal, macros)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class GameState(Base):
    """XP, level, stats and streaks of one user (one row per user)."""

    __tablename__ = "game_states"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    xp: Mapped[int] = mapped_column(Integer, default=0)
    level: Mapped[int] = mapped_column(Integer, default=1)
    stats: Mapped[dict[str, Any]] = mapped_column(default=dict)
    streak_days: Mapped[int] = mapped_column(Integer, default=0)
    best_streak: Mapped[int] = mapped_column(Integer, default=0)
    last_session_on: Mapped[date | None] = mapped_column(Date)
    xp_by_day: Mapped[dict[str, Any]] = mapped_column(default=dict)  # ISO date -> XP earned that day
    # Migration 0004: the achievement sums kept session by session (``gamify.tally``) with what they were
    # built on: {"basis": {...}, "count": finished sessions included, "last_finished_at": ISO, "tally": {...}}.
    tally: Mapped[dict[str, Any] | None]


class EarnedAchievement(Base):
    __tablename__ = "achievements"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = owner_fk()
    key: Mapped[str] = mapped_column(String(100))  # a gamify achievement key
    earned_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChatMessage(Base):
    __tablename__ = "chat_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = owner_fk()
    role: Mapped[str] = mapped_column(String(20))  # user | assistant
    content: Mapped[str] = mapped_column(Text)
    sources: Mapped[list[Any] | None]  # retrieval sources cited by an assistant message
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Added by migration 0003 (web chat); only assistant rows set them. ``actions`` are the plan changes the
    # answer proposed for ``plan_id`` (the version it was answered against); ``applied_plan_id`` is the
    # version made when the user applied them, so an answer's actions are applied at most once.
    route: Mapped[str | None] = mapped_column(String(20))  # triage | calculation | plan | knowledge | smalltalk
    intent: Mapped[str | None] = mapped_column(String(50))  # e.g. calc.protein, plan.swap, triage.chest_pain
    actions: Mapped[list[Any] | None]
    triage: Mapped[dict[str, Any] | None]
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))
    applied_plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id", ondelete="SET NULL"))


# Every table that holds one user's data, in an order safe for export (parents first).
USER_OWNED: tuple[type[Base], ...] = (
    ApiToken,
    Profile,
    PlanRecord,
    WorkoutSession,
    SetLog,
    LoadTarget,
    BodyWeight,
    MealEntry,
    GameState,
    EarnedAchievement,
    ChatMessage,
)

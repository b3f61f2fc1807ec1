"""Queries on the game state and earned achievements."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fitcoach.store.models import EarnedAchievement, GameState


def _fresh(user_id: int) -> GameState:
    return GameState(user_id=user_id, xp=0, level=1, stats={}, streak_days=0, best_streak=0, xp_by_day={})


def state(session: Session, *, user_id: int) -> GameState:
    """Read only: the user's game state, or a fresh one (level 1, no XP; not added) when none is stored yet.

    Reads never write: two first views at once must not both insert the row.
    """
    return session.get(GameState, user_id) or _fresh(user_id)


def state_for_update(session: Session, *, user_id: int) -> GameState:
    """The user's game state row, locked for this transaction, created when missing.

    Two requests creating it at once is safe: the loser's insert fails inside a savepoint and it re-reads.
    """
    found = session.get(GameState, user_id, with_for_update=True)
    if found is None:
        try:
            with session.begin_nested():
                session.add(_fresh(user_id))
        except IntegrityError:
            pass  # a concurrent request created it first
        found = session.get(GameState, user_id, with_for_update=True, populate_existing=True)
    if found is None:  # pragma: no cover - the row exists once the insert or the other request committed
        raise RuntimeError(f"game state for user {user_id} could not be created")
    return found


def achievements(session: Session, *, user_id: int) -> list[EarnedAchievement]:
    stmt = select(EarnedAchievement).where(EarnedAchievement.user_id == user_id)
    return list(session.scalars(stmt.order_by(EarnedAchievement.earned_at, EarnedAchievement.id)))

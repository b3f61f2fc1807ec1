"""/api/v1/game: your profile card: XP, level, stats, streaks and achievements."""

from __future__ import annotations

from fastapi import APIRouter

from fitcoach.services import game, profiles, training
from fitcoach.services.game import ProfileCard
from fitcoach.web.api.fitness_schemas import AchievementStateOut, GameOut
from fitcoach.web.deps import ApiUser, DbSession

router = APIRouter(prefix="/game", tags=["game"])


def game_out(card: ProfileCard) -> GameOut:
    return GameOut(
        xp=card.xp,
        level=card.level.level,
        xp_into_level=card.level.xp_into_level,
        xp_for_next=card.level.xp_for_next,
        stats=card.stats,
        streak_days=card.streak_days,
        best_streak=card.best_streak,
        last_session_on=card.last_session_on,
        achievements=[AchievementStateOut.model_validate(a, from_attributes=True) for a in card.achievements],
    )


@router.get("")
def get_game(user: ApiUser, db: DbSession) -> GameOut:
    saved = profiles.get_profile(db, user.id)
    weight = training.body_weight_kg(db, user.id, saved.profile.personal_info.weight)
    return game_out(game.profile_card(db, user.id, None, weight))

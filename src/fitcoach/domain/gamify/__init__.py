"""Game rules: XP, levels, stats, streaks and achievements. Pure functions; constants in game.json.

Modules: ``config`` (typed game.json), ``scoring`` (one set: kind, volume, plausibility), ``xp``,
``levels``, ``stats``, ``streaks``, ``history`` (sums achievements measure) and ``achievements``.
docs/game.md has the rules for users and developers.
"""

from __future__ import annotations

from fitcoach.domain.gamify.achievements import (
    ACHIEVEMENT_RULES,
    Achievement,
    AchievementContext,
    AchievementRule,
    achievement,
    achievement_progress,
    all_achievements,
    evaluate_achievements,
)
from fitcoach.domain.gamify.config import STAT_NAMES, game
from fitcoach.domain.gamify.history import History, PersonalRecord, personal_records, summarise
from fitcoach.domain.gamify.levels import LevelProgress, level_for_xp, max_level, progress, xp_for_level
from fitcoach.domain.gamify.stats import REWARD_KEYS, exercise_rewards, stat_gains
from fitcoach.domain.gamify.streaks import Streak, streak
from fitcoach.domain.gamify.xp import BREAKDOWN_KEYS, Flag, XpAward, apply_daily_cap, session_xp

__all__ = [
    "ACHIEVEMENT_RULES",
    "BREAKDOWN_KEYS",
    "REWARD_KEYS",
    "STAT_NAMES",
    "Achievement",
    "AchievementContext",
    "AchievementRule",
    "Flag",
    "History",
    "LevelProgress",
    "PersonalRecord",
    "Streak",
    "XpAward",
    "achievement",
    "achievement_progress",
    "all_achievements",
    "apply_daily_cap",
    "evaluate_achievements",
    "exercise_rewards",
    "game",
    "level_for_xp",
    "max_level",
    "personal_records",
    "progress",
    "session_xp",
    "stat_gains",
    "streak",
    "summarise",
    "xp_for_level",
]

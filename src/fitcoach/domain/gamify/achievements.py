"""Achievements: one base class, one small rule per kind, a registry of short stable keys.

A rule measures one number in the person's history; the achievement is earned once that number
reaches the key's ``threshold`` in game.json (which also holds the title and description). Keys
never change once released: people have earned them. A test checks that every key in game.json and
docs/game.md has a rule here, and the reverse.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from types import MappingProxyType

from fitcoach.domain.errors import KnowledgeDataError
from fitcoach.domain.gamify.config import AchievementInfo, game
from fitcoach.domain.gamify.history import History, summarise
from fitcoach.domain.gamify.levels import level_for_xp
from fitcoach.domain.gamify.streaks import Streak
from fitcoach.domain.knowledge.records import Exercise
from fitcoach.domain.training_log import LoggedSession


@dataclass(frozen=True)
class Achievement:
    key: str
    title: str
    description: str


@dataclass(frozen=True)
class AchievementContext:
    """Everything the rules look at: the whole log so far (the new session included) and totals.

    ``summary`` is the log's sums when they are already known (a ``Tally`` kept session by session);
    without it they are summed from ``sessions``.
    """

    sessions: Sequence[LoggedSession]
    exercises: Mapping[str, Exercise]
    body_weight_kg: float
    total_xp: int = 0
    streak: Streak = field(default_factory=lambda: Streak(0, 0))
    summary: History | None = None

    @cached_property
    def history(self) -> History:
        if self.summary is not None:
            return self.summary
        return summarise(self.sessions, self.exercises, self.body_weight_kg)


class AchievementRule(ABC):
    """Earned when ``measure(ctx)`` reaches the key's threshold in game.json."""

    def __init__(self, key: str) -> None:
        self.key = key

    @abstractmethod
    def measure(self, ctx: AchievementContext) -> float: ...

    def threshold(self) -> float:
        return game().achievements[self.key].threshold

    def earned(self, ctx: AchievementContext) -> bool:
        return self.measure(ctx) >= self.threshold()

    def progress(self, ctx: AchievementContext) -> float:
        """0-1, for a progress bar."""
        return min(1.0, self.measure(ctx) / self.threshold())


class SessionsLogged(AchievementRule):
    def measure(self, ctx: AchievementContext) -> float:
        return ctx.history.sessions


class StreakReached(AchievementRule):
    def measure(self, ctx: AchievementContext) -> float:
        return ctx.streak.longest


class TonnageLifted(AchievementRule):
    def measure(self, ctx: AchievementContext) -> float:
        return ctx.history.tonnage_kg


class LevelReached(AchievementRule):
    def measure(self, ctx: AchievementContext) -> float:
        return level_for_xp(ctx.total_xp)


class PersonalRecords(AchievementRule):
    def measure(self, ctx: AchievementContext) -> float:
        return ctx.history.personal_records


class FullAdherence(AchievementRule):
    def measure(self, ctx: AchievementContext) -> float:
        return ctx.history.full_adherence_sessions


class CardioMinutes(AchievementRule):
    def measure(self, ctx: AchievementContext) -> float:
        return ctx.history.cardio_minutes


class BodyweightRepsInSession(AchievementRule):
    def measure(self, ctx: AchievementContext) -> float:
        return ctx.history.most_bodyweight_reps


class FlexibilitySessions(AchievementRule):
    def measure(self, ctx: AchievementContext) -> float:
        return ctx.history.flexibility_sessions


class StatsInAWeek(AchievementRule):
    def measure(self, ctx: AchievementContext) -> float:
        return ctx.history.most_stats_in_a_week


_RULES = (
    SessionsLogged("first_session"),
    SessionsLogged("sessions_10"),
    SessionsLogged("sessions_50"),
    StreakReached("streak_7"),
    StreakReached("streak_30"),
    TonnageLifted("volume_10t"),
    TonnageLifted("volume_100t"),
    LevelReached("level_5"),
    LevelReached("level_10"),
    LevelReached("level_20"),
    PersonalRecords("pr_first"),
    PersonalRecords("pr_25"),
    FullAdherence("full_adherence"),
    FullAdherence("full_adherence_10"),
    CardioMinutes("cardio_10h"),
    BodyweightRepsInSession("century"),
    FlexibilitySessions("flexibility_10"),
    StatsInAWeek("all_rounder"),
)
ACHIEVEMENT_RULES: Mapping[str, AchievementRule] = MappingProxyType({r.key: r for r in _RULES})


def _info() -> Mapping[str, AchievementInfo]:
    info = game().achievements
    if set(info) != set(ACHIEVEMENT_RULES):
        raise KnowledgeDataError(
            f"game.json achievements {sorted(set(info) ^ set(ACHIEVEMENT_RULES))} do not match the rules in code"
        )
    return info


def achievement(key: str) -> Achievement:
    """The title and description of one achievement."""
    i = _info()[key]
    return Achievement(key, i.title, i.description)


def all_achievements() -> list[Achievement]:
    return [achievement(key) for key in ACHIEVEMENT_RULES]


def evaluate_achievements(ctx: AchievementContext, already: Collection[str]) -> list[Achievement]:
    """Achievements earned now that are not in ``already``, in registry order."""
    _info()
    return [achievement(k) for k, rule in ACHIEVEMENT_RULES.items() if k not in already and rule.earned(ctx)]


def achievement_progress(ctx: AchievementContext) -> dict[str, float]:
    """Progress (0-1) towards every achievement."""
    _info()
    return {k: rule.progress(ctx) for k, rule in ACHIEVEMENT_RULES.items()}

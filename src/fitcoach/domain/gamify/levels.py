"""The level curve: total XP needed to reach each level, and its inverse.

xp_for_level(n) = quadratic_xp * (n - 1)^exponent + linear_xp * (n - 1), rounded; with the
defaults in game.json (50, 50, 2) that is 50 n (n - 1): level n -> n + 1 costs 100 n XP.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.gamify.config import game


@dataclass(frozen=True)
class LevelProgress:
    level: int
    xp_into_level: int  # XP earned since reaching ``level``
    xp_for_next: int  # XP the whole of ``level`` spans (next level's total - this level's); 0 at the top
    fraction: float  # xp_into_level / xp_for_next, 0-1 (1.0 at the top level)

    @property
    def xp_to_next(self) -> int:
        return max(0, self.xp_for_next - self.xp_into_level)


def max_level() -> int:
    return game().levels.max_level


def xp_for_level(level: int) -> int:
    """Total XP needed to reach ``level`` (1 to max_level); level 1 needs 0."""
    curve = game().levels
    if not 1 <= level <= curve.max_level:
        raise InvalidInput([FieldProblem("level", f"must be 1-{curve.max_level} (got {level})")])
    k = level - 1
    return math.floor(curve.quadratic_xp * math.pow(k, curve.exponent) + curve.linear_xp * k + 0.5)


def level_for_xp(xp: int) -> int:
    """The highest level whose total XP is at most ``xp`` (binary search on the rising curve)."""
    if xp < 0:
        raise InvalidInput([FieldProblem("xp", f"must be 0 or more (got {xp})")])
    lo, hi = 1, max_level()
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if xp_for_level(mid) <= xp:
            lo = mid
        else:
            hi = mid - 1
    return lo


def progress(xp: int) -> LevelProgress:
    """Where ``xp`` stands within its level, for a progress bar."""
    level = level_for_xp(xp)
    into = xp - xp_for_level(level)
    if level == max_level():
        return LevelProgress(level, into, 0, 1.0)
    span = xp_for_level(level + 1) - xp_for_level(level)
    return LevelProgress(level, into, span, into / span)

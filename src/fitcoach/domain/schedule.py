"""The week: how many sessions of which kind, and on which days.

Session kinds are placed on the seven days so that no two sessions that train the same recovery
group hard fall on consecutive days (the week repeats, so Sunday is next to Monday). The search is
small and its answers are cached per (kinds, training-day count).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from enum import StrEnum
from functools import cache

from fitcoach.domain.vocab import RecoveryGroup as G

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class SessionKind(StrEnum):
    """A kind of session; the value is the plan's ``focus``."""

    FULL_BODY = "full_body"
    UPPER = "upper_body"
    LOWER = "lower_body"
    PUSH = "push_chest_shoulders_triceps"
    PULL = "pull_back_biceps"
    LEGS = "legs_glutes"
    CONDITIONING = "cardio_conditioning"
    ACTIVE_RECOVERY = "active_recovery_cardio"
    MOBILITY = "mobility_flexibility"

    @property
    def is_strength(self) -> bool:
        return self in HARD_GROUPS


# The recovery groups a strength session of each kind may train hard.
HARD_GROUPS: dict[SessionKind, frozenset[G]] = {
    SessionKind.FULL_BODY: frozenset(G),
    SessionKind.UPPER: frozenset({G.CHEST, G.UPPER_BACK, G.FRONT_SHOULDERS, G.REAR_SHOULDERS, G.BICEPS, G.TRICEPS}),
    SessionKind.LOWER: frozenset({G.QUADRICEPS, G.POSTERIOR_CHAIN, G.HIPS, G.CALVES, G.LOWER_BACK}),
    SessionKind.PUSH: frozenset({G.CHEST, G.FRONT_SHOULDERS, G.TRICEPS}),
    SessionKind.PULL: frozenset({G.UPPER_BACK, G.REAR_SHOULDERS, G.BICEPS}),
    SessionKind.LEGS: frozenset({G.QUADRICEPS, G.POSTERIOR_CHAIN, G.HIPS, G.CALVES, G.LOWER_BACK}),
}

# Strength sessions for a number of strength days, by how the split grows (NSCA-ESC: full body for
# beginners, upper/lower or splits for intermediate and advanced trainees).
STRENGTH_SPLITS: dict[int, tuple[SessionKind, ...]] = {
    1: (SessionKind.FULL_BODY,),
    2: (SessionKind.FULL_BODY, SessionKind.FULL_BODY),
    3: (SessionKind.FULL_BODY, SessionKind.FULL_BODY, SessionKind.FULL_BODY),
    4: (SessionKind.UPPER, SessionKind.LOWER, SessionKind.UPPER, SessionKind.LOWER),
    5: (SessionKind.UPPER, SessionKind.LOWER, SessionKind.PUSH, SessionKind.PULL, SessionKind.LEGS),
    6: (SessionKind.PUSH, SessionKind.PULL, SessionKind.LEGS) * 2,
}
SPLIT_3_ADVANCED = (SessionKind.PUSH, SessionKind.PULL, SessionKind.LEGS)


def _clash(a: SessionKind | None, b: SessionKind | None) -> bool:
    if a is None or b is None:
        return False
    return bool(HARD_GROUPS.get(a, frozenset()) & HARD_GROUPS.get(b, frozenset()))


def _min_gap(days: Sequence[int]) -> int:
    """Smallest cyclic gap in days between consecutive entries (7 for a single day)."""
    if len(days) < 2:
        return 7
    return min((days[(i + 1) % len(days)] - d) % 7 or 7 for i, d in enumerate(days))


def _score(week: Sequence[SessionKind | None]) -> tuple[int, int, int]:
    """Lower is better: strength days spread out, all days spread out, strength first on Monday."""
    strength_days = [i for i, k in enumerate(week) if k is not None and k.is_strength]
    all_days = [i for i, k in enumerate(week) if k is not None]
    first = strength_days[0] if strength_days else 0
    return (-_min_gap(strength_days), -_min_gap(all_days), first)


@cache
def arrange(kinds: tuple[SessionKind, ...]) -> tuple[SessionKind | None, ...]:
    """Place sessions on Monday..Sunday (None is a rest day), best spread first.

    Strength sessions keep their given order (so a split reads push, pull, legs) and the other
    sessions are woven between them; no two sessions sharing a hard recovery group are adjacent.
    """
    best: tuple[SessionKind | None, ...] | None = None
    for days in itertools.combinations(range(7), len(kinds)):
        for order in _orders(kinds):
            week: list[SessionKind | None] = [None] * 7
            for day, kind in zip(days, order, strict=True):
                week[day] = kind
            if any(_clash(week[i], week[(i + 1) % 7]) for i in range(7)):
                continue
            if best is None or _score(week) < _score(best):
                best = tuple(week)
    if best is None:
        raise ValueError(f"no week layout keeps hard sessions apart for {kinds}")
    return best


def _orders(kinds: Sequence[SessionKind]) -> list[tuple[SessionKind, ...]]:
    strength = [k for k in kinds if k.is_strength]
    others = [k for k in kinds if not k.is_strength]
    orders: list[tuple[SessionKind, ...]] = []
    # Strength sessions in their given order, the others woven in at every possible position.
    for positions in itertools.combinations(range(len(kinds)), len(others)):
        order: list[SessionKind] = []
        s, o = iter(strength), iter(others)
        for i in range(len(kinds)):
            order.append(next(o) if i in positions else next(s))
        orders.append(tuple(order))
    return orders

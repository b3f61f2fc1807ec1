"""XP for a logged session, and the daily cap.

A set earns volume XP (relative load x reps, bodyweight reps, or minutes), plus a flat XP per
working set, times an intensity multiplier from its RPE. The session adds XP for the share of
planned sets done and a bonus when all were done. Implausible sets earn 0; an implausible session
earns 0 in total. ``docs/game.md`` gives the rules with worked examples.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from fitcoach.domain.gamify.config import game
from fitcoach.domain.gamify.scoring import SessionScore, adherence, require_non_negative, score_session
from fitcoach.domain.gamify.stats import session_stats
from fitcoach.domain.knowledge.records import Exercise
from fitcoach.domain.training_log import LoggedSession

# Keys of ``XpAward.breakdown``, always all present; xp == sum of the values.
BREAKDOWN_KEYS = ("loaded", "bodyweight", "hold", "cardio", "sets", "intensity", "adherence", "full_adherence")


@dataclass(frozen=True)
class Flag:
    """A plausibility problem. ``sets`` are 0-based indices into ``session.sets``; empty for the session."""

    code: str
    message: str
    sets: tuple[int, ...] = ()


@dataclass(frozen=True)
class XpAward:
    xp: int
    breakdown: dict[str, int]
    flags: list[Flag] = field(default_factory=list)
    adherence: float | None = None  # share of planned sets done, 0-1; None without targets
    stats: dict[str, int] = field(default_factory=dict)  # the session's stat gains


def round_half_up(x: float) -> int:
    return math.floor(x + 0.5)


def flags_of(scored: SessionScore) -> list[Flag]:
    """Session problems first, then set problems grouped by (code, exercise)."""
    flags = [Flag(p.code, p.message) for p in scored.problems]
    groups: dict[tuple[str, str], list[int]] = {}
    first: dict[tuple[str, str], str] = {}
    for i, s in enumerate(scored.sets):
        for p in s.problems:
            groups.setdefault((p.code, s.exercise_id), []).append(i)
            first.setdefault((p.code, s.exercise_id), p.message)
    for key, indices in groups.items():
        suffix = f" ({len(indices)} sets)" if len(indices) > 1 else ""
        flags.append(Flag(key[0], first[key] + suffix, tuple(indices)))
    return flags


def session_xp(session: LoggedSession, exercises: Mapping[str, Exercise], body_weight_kg: float) -> XpAward:
    """XP, its breakdown, stat gains and plausibility flags for one logged session.

    ``body_weight_kg`` (30-300) makes loaded volume relative, so light and heavy people earn alike.
    """
    rules = game().xp
    scored = score_session(session, exercises, body_weight_kg)
    flags = flags_of(scored)
    raw = dict.fromkeys(BREAKDOWN_KEYS, 0.0)
    share = adherence(session, scored)
    if scored.implausible:
        return XpAward(0, dict.fromkeys(BREAKDOWN_KEYS, 0), flags, share, session_stats(scored))
    for s in scored.completed_sets():
        assert s.kind is not None  # completed sets are catalogue sets
        raw[s.kind.value] += s.volume_xp
        raw["sets"] += s.set_xp
        raw["intensity"] += (s.volume_xp + s.set_xp) * (s.multiplier - 1)
    if share is not None:
        raw["adherence"] = share * rules.adherence_xp
        raw["full_adherence"] = rules.full_adherence_bonus if share == 1 else 0.0
    breakdown = {k: round_half_up(v) for k, v in raw.items()}
    xp = max(0, sum(breakdown.values()))
    return XpAward(xp, breakdown, flags, share, session_stats(scored))


def apply_daily_cap(awards_today_so_far: int, award: int) -> int:
    """The part of ``award`` that still fits under today's cap (``game.json: xp.daily_cap``)."""
    require_non_negative(awards_today_so_far=awards_today_so_far, award=award)
    return min(award, max(0, game().xp.daily_cap - awards_today_so_far))

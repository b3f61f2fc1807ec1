"""Today, as the services date a user's training, meals and weigh-ins.

One place on purpose: sessions are dated by the UTC day they finished on (``history.logged_history``), so
"today" must be the UTC day too, or a streak, the daily XP cap and "this week" would disagree with the log.
Per-user time zones would change this function and ``history`` together.
"""

from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    """The current UTC day."""
    return dt.datetime.now(dt.UTC).date()

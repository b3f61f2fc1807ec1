"""Errors of the generator backends: a setting is missing, a model cannot load, a server is down."""

from __future__ import annotations

from fitcoach.domain.errors import FitCoachError


class GeneratorUnavailable(FitCoachError):
    """A generator backend cannot be used as configured; the message names the setting to fix."""

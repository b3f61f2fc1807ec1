"""FitCoach: an open AI gym coach."""

__version__ = "0.1.0"

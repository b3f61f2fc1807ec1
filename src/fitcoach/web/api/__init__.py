"""The JSON API under /api/v1: one router module per area in ``routes``."""

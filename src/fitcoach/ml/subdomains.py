"""The eight sub-domains of fitness knowledge that the training data, the exam bank and the reports share."""

from __future__ import annotations

from typing import Literal, get_args

Subdomain = Literal[
    "exercise_physiology",
    "exercise_prescription",
    "strength_conditioning",
    "sports_nutrition",
    "weight_management",
    "injury_rehab",
    "special_populations",
    "screening_assessment",
]
SUBDOMAINS: tuple[str, ...] = get_args(Subdomain)

"""Evaluation suites: plan, exam, safety (red team) and general."""

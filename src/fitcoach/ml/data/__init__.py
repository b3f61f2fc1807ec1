"""Verified training data: parse -> normalise -> refine -> mix -> decontaminate -> manifest (see docs/data.md)."""

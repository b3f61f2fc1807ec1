"""Helpers for the training tests (a plain module: conftest.py names clash across test folders)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def changed_share(before: Path | str, after: Path | str) -> float:
    """Share of parameter tensors that differ between two saved models."""
    import torch
    from transformers import AutoModelForCausalLM

    a = AutoModelForCausalLM.from_pretrained(before).state_dict()
    b = AutoModelForCausalLM.from_pretrained(after).state_dict()
    assert a.keys() == b.keys()
    return sum(not torch.equal(a[k], b[k]) for k in a) / len(a)


def read_metrics(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]

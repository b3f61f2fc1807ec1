"""The one record builder the catalogue parts share."""

from __future__ import annotations

from typing import Any


def record(
    id: str,
    name: str,
    aliases: tuple[str, ...],
    primary: tuple[str, ...],
    secondary: tuple[str, ...],
    equipment: tuple[str, ...],
    *,
    pattern: str,
    mechanic: str,
    level: str,
    modality: str,
    dose: str,
    group: str,
    cues: tuple[str, ...],
    tags: tuple[str, ...] = (),
    friendly: tuple[str, ...] = (),
    unilateral: bool = False,
    loadable: bool = False,
) -> dict[str, Any]:
    """One catalogue record in the shape of fitcoach.domain.knowledge.records.Exercise."""
    return {
        "id": id,
        "name": name,
        "aliases": list(aliases),
        "primary_muscles": list(primary),
        "secondary_muscles": list(secondary),
        "equipment": list(equipment),
        "pattern": pattern,
        "mechanic": mechanic,
        "level": level,
        "modality": modality,
        "unilateral": unilateral,
        "loadable": loadable,
        "dose": dose,
        "stress_tags": list(tags),
        "friendly_for": list(friendly),
        "substitution_group": group,
        "cues": list(cues),
    }

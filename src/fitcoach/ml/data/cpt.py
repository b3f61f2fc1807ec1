"""Continual-pre-training text rendered from the packaged knowledge base, across the 8 sub-domains.

Every document is built from real records: the guideline tables (each number followed by its source
key in brackets), the exercise catalogue, the food and recipe tables, the condition table and the
screening tables. Wording is templated but varied: each renderer picks among phrasings with the
build's random stream, and ``variants`` renders the guideline sheets several times in different
styles. Nothing here invents a number.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from pydantic import BaseModel

from fitcoach.domain.knowledge.guidelines import ByLevel, Sourced, Span, Table, Value, guidelines

# Which sub-domain each section of guidelines.json teaches.
SECTION_SUBDOMAIN: dict[str, str] = {
    "activity": "exercise_prescription",
    "heart_rate": "exercise_physiology",
    "resistance": "strength_conditioning",
    "progression": "exercise_prescription",
    "flexibility": "exercise_prescription",
    "neuromotor": "exercise_prescription",
    "structure": "exercise_prescription",
    "energy": "weight_management",
    "macros": "sports_nutrition",
    "bmi": "screening_assessment",
    "screening": "screening_assessment",
    "special": "special_populations",
}


@dataclass(frozen=True)
class CptDoc:
    text: str
    subdomain: str
    source: str  # "guidelines:<section>", "exercises:<id>", "foods:<id>", ... or "general:<file name>"


Renderer = Callable[[random.Random], Iterator[CptDoc]]


def pick(rng: random.Random, *options: str) -> str:
    return rng.choice(options)


def label(path: str) -> str:
    """``"macros.amdr_fat_pct"`` -> ``"macros: amdr fat pct"`` (a readable name for a table entry)."""
    section, _, rest = path.partition(".")
    return f"{section.replace('_', ' ')}: {rest.replace('.', ' ').replace('_', ' ')}" if rest else section


def fact_text(node: Sourced) -> str:
    """The numbers of one guideline entry as text, followed by its source key."""
    if isinstance(node, Span):
        body = node.text()
    elif isinstance(node, Value):
        body = f"{node.value:g}"
    elif isinstance(node, ByLevel):
        body = ", ".join(f"{level.value} {v:g}" for level, v in node.by_level.items())
    elif isinstance(node, Table):
        body = ", ".join(f"{a:g} -> {b:g}" for a, b in node.table)
    else:
        fields = node.model_dump(exclude={"source", "note", "rows"})
        body = ", ".join(
            f"{k.replace('_', ' ')} {v:g}" if isinstance(v, float) else f"{k} {v}" for k, v in fields.items()
        )
    note = f" ({node.note})" if node.note else ""
    return f"{body}{note} [{node.source}]"


def guideline_facts() -> list[tuple[str, Sourced]]:
    """Every sourced entry of the guideline tables with its dotted path (what the sheets must cover)."""
    out: list[tuple[str, Sourced]] = []

    def walk(node: object, path: str) -> None:
        if isinstance(node, Sourced):
            out.append((path, node))
        if isinstance(node, BaseModel):
            for name in type(node).model_fields:
                walk(getattr(node, name), f"{path}.{name}" if path else name)
        elif isinstance(node, dict):
            for key, value in node.items():
                walk(value, f"{path}.{getattr(key, 'value', key)}")

    walk(guidelines(), "")
    return out


def guideline_sheets(rng: random.Random, variants: int) -> Iterator[CptDoc]:
    """Each guideline section as a reference sheet, once per variant, in a different style each time."""
    by_section: dict[str, list[tuple[str, Sourced]]] = {}
    for path, node in guideline_facts():
        by_section.setdefault(path.split(".")[0], []).append((path, node))
    sources = guidelines().sources
    for section, facts in by_section.items():
        subdomain = SECTION_SUBDOMAIN[section]
        for style in range(variants):
            lines = []
            for path, node in facts:
                name = label(path)
                if style % 3 == 0:
                    lines.append(f"- {name}: {fact_text(node)}")
                elif style % 3 == 1:
                    lines.append(f"The {name} value is {fact_text(node)}.")
                else:
                    lines.append(f"{name.capitalize()} = {fact_text(node)}; see {sources[node.source]}.")
            head = pick(
                rng,
                f"Reference sheet: {section.replace('_', ' ')} guidelines.",
                f"Guideline table ({section.replace('_', ' ')}), each figure with its source key.",
                f"Key figures for {section.replace('_', ' ')}, as published.",
            )
            yield CptDoc("\n".join([head, *lines]), subdomain, f"guidelines:{section}")


def source_glossary(rng: random.Random) -> Iterator[CptDoc]:
    """What each source key stands for, so cited keys mean something to the model."""
    for key, title in guidelines().sources.items():
        text = pick(
            rng,
            f"The source key {key} stands for {title}.",
            f"{key}: {title}. FitCoach cites it as [{key}].",
            f"When a figure is followed by [{key}], it comes from {title}.",
        )
        yield CptDoc(text, "exercise_prescription", f"sources:{key}")


def renderers() -> list[Renderer]:
    """Every renderer of the corpus except the variant-aware guideline sheets."""
    from fitcoach.ml.data import cpt_health, cpt_training

    return [source_glossary, *cpt_training.RENDERERS, *cpt_health.RENDERERS]


def cpt_documents(rng: random.Random, variants: int = 2) -> list[CptDoc]:
    """The whole domain corpus: guideline sheets in ``variants`` styles plus every catalogue renderer."""
    docs = list(guideline_sheets(rng, variants))
    for render in renderers():
        docs.extend(render(rng))
    return docs

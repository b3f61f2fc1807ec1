"""Stage 1, parse: knowledge-base text, engine pairs, reasoning items, safety dialogues, general text."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from fitcoach.coach.prompts import compact_json, day_plan_messages, plan_messages
from fitcoach.domain.errors import InvalidInput
from fitcoach.domain.knowledge.guidelines import Span, Value, guidelines
from fitcoach.ml.answers import extract_answer, is_correct
from fitcoach.ml.data import parse
from fitcoach.ml.data.cpt import cpt_documents, fact_text, guideline_facts
from fitcoach.ml.data.reasoning import all_kinds, item_identity, make_item
from fitcoach.ml.data.safety import MAKERS, problems
from fitcoach.ml.subdomains import SUBDOMAINS


@pytest.fixture(scope="module")
def corpus() -> list[parse.Record]:
    return parse.cpt_records(seed=0, variants=1)


def test_cpt_covers_every_subdomain_with_real_sources(corpus: list[parse.Record]) -> None:
    assert {r.row["subdomain"] for r in corpus} == set(SUBDOMAINS)
    assert all(set(r.row) == {"text", "subdomain", "source"} and r.row["text"] for r in corpus)
    sources = {r.row["source"].split(":")[0] for r in corpus}
    assert {"guidelines", "exercises", "foods", "recipes", "conditions", "screening_terms"} <= sources


def test_every_guideline_number_appears_with_its_source_key(corpus: list[parse.Record]) -> None:
    text = "\n".join(r.row["text"] for r in corpus)
    facts = guideline_facts()
    assert len(facts) > 80
    for path, node in facts:
        assert fact_text(node) in text, path
    # Spot checks written the way the guideline tables say them.
    g = guidelines()
    assert f"{g.energy.floor_kcal_female.value:g} kcal/day for women" in text
    assert f"[{g.energy.floor_kcal_female.source}]" in text


def test_numbers_in_the_corpus_come_from_the_tables(corpus: list[parse.Record]) -> None:
    span = guidelines().macros.protein_exercise_g_per_kg
    assert isinstance(span, Span) and f"{span.text(' g/kg/day')} [{span.source}]" in "\n".join(
        r.row["text"] for r in corpus
    )
    rda = guidelines().macros.protein_rda_g_per_kg
    assert isinstance(rda, Value)


def test_cpt_is_reproducible_and_varied_by_seed() -> None:
    a = [d.text for d in cpt_documents(random.Random(1), 2)]
    b = [d.text for d in cpt_documents(random.Random(1), 2)]
    c = [d.text for d in cpt_documents(random.Random(2), 2)]
    assert a == b and a != c


def test_plan_pairs_use_the_shared_prompts() -> None:
    [record] = parse.plan_records(seed=3, count=1)
    messages = record.row["messages"]
    assert messages[:-1] == plan_messages(record.meta["profile"])
    assert messages[-1] == {"role": "assistant", "content": compact_json(record.meta["plan"])}
    assert record.row["task"] == "plan" and record.row["subdomain"] in SUBDOMAINS


def test_day_plan_pairs_reply_with_one_day_of_the_engine_plan() -> None:
    [record] = parse.day_plan_records(seed=3, count=1)
    day = record.meta["day"]
    assert record.row["messages"][:-1] == day_plan_messages(record.meta["profile"], day["day"], day["focus"])
    assert day in record.meta["plan"]["workout_plan"]["weekly_schedule"]


def test_streams_are_independent_and_eval_profiles_are_shifted() -> None:
    train = [r.meta["profile"] for r in parse.plan_records(seed=0, count=20)]
    evals = [r.row["profile"] for r in parse.eval_records(seed=0, plans=20, reasoning=0)]
    assert not any(p in train for p in evals)
    assert min(p["personal_info"]["age"] for p in evals) >= 40  # random_profile(shift=True)
    assert [r.row["profile"] for r in parse.eval_records(seed=0, plans=20, reasoning=0)] == evals


def test_eval_references_are_the_engine_plan_at_seed_0() -> None:
    from fitcoach.domain.planner import build_plan
    from fitcoach.domain.profile import UserProfile

    for record in parse.eval_records(seed=1, plans=3, reasoning=0):
        profile = UserProfile.model_validate(record.row["profile"])
        assert record.row["reference"] == build_plan(profile, seed=parse.REFERENCE_PLAN_SEED)


@pytest.mark.parametrize("kind", sorted(all_kinds()))
def test_every_reasoning_kind_ends_with_a_correct_answer_line(kind: str) -> None:
    rng = random.Random(kind)
    for _ in range(40):
        item = make_item(kind, rng)
        assert item.solution.splitlines()[-1] == f"Answer: {item.answer}"
        assert is_correct(
            extract_answer(item.solution), all_kinds()[kind].solve(item.inputs), item.answer_type, item.tolerance
        )
        assert item.sources and all(s in guidelines().sources for s in item.sources)


def test_training_reasoning_skips_held_out_items() -> None:
    held = parse.held_out_identities(seed=0, reasoning=60)
    items = parse.reasoning_items(parse.stream(0, "sft-reasoning"), 200, held)
    assert len(items) > 150
    assert not {item_identity(i.kind, i.inputs) for i in items} & held


@pytest.mark.parametrize("category", sorted(MAKERS))
def test_safety_dialogues_refer_or_decline_with_an_alternative(category: str) -> None:
    rng = random.Random(category)
    for _ in range(10):
        dialogue = MAKERS[category](rng)
        assert problems(dialogue.expected, dialogue.assistant) == []
        assert dialogue.subdomain in SUBDOMAINS


def test_general_text_is_chunked_at_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("First paragraph.\n\n" + "word " * 300 + "\n\nLast one.", encoding="utf-8")
    records = parse.general_records([path], chunk_chars=500)
    assert [r.row["subdomain"] for r in records] == ["general"] * len(records)
    assert all(len(r.row["text"]) <= 500 for r in records) and len(records) >= 3
    assert records[0].row["source"] == "general:notes.txt#0"


def test_general_text_errors_name_the_field(tmp_path: Path) -> None:
    binary = tmp_path / "blob.bin"
    binary.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InvalidInput, match="general_text"):
        parse.general_records([binary], 500)
    with pytest.raises(InvalidInput, match="not a readable file"):
        parse.general_records([tmp_path / "missing.txt"], 500)

"""Stage 2, normalise: clean text, compact JSON, length limits, exact and near duplicates."""

from __future__ import annotations

import random

import pytest

from fitcoach.ml.data.normalise import (
    MinHashIndex,
    NormaliseConfig,
    NormaliseReport,
    clean_text,
    compact_if_json,
    jaccard,
    near_duplicates,
    normalise,
    shingles,
)
from fitcoach.ml.data.parse import Record


def _cpt(text: str, subdomain: str = "sports_nutrition") -> Record:
    return Record("cpt", {"text": text, "subdomain": subdomain, "source": "test"})


def _sft(user: str, reply: str, task: str = "reasoning") -> Record:
    messages = [{"role": "user", "content": user}, {"role": "assistant", "content": reply}]
    return Record("sft", {"messages": messages, "task": task, "subdomain": "sports_nutrition"})


def test_clean_text_unifies_unicode_and_whitespace() -> None:
    assert clean_text("  Cafe\u0301 \r\nline  \n\n\n\nend \t") == "Café\nline\n\nend"


def test_compact_if_json_only_touches_json() -> None:
    assert compact_if_json('{ "a": [1, 2] }') == '{"a":[1,2]}'
    assert compact_if_json("{not json") == "{not json"
    assert compact_if_json("plain text") == "plain text"


def test_exact_duplicates_and_empty_and_too_long_are_dropped() -> None:
    report = NormaliseReport()
    records = [_cpt("Oats give energy."), _cpt("Oats give energy.  "), _cpt("   "), _cpt("x" * 50)]
    kept = normalise(records, NormaliseConfig(max_chars_cpt=40), report)
    assert [r.row["text"] for r in kept] == ["Oats give energy."]
    assert report.as_dict() == {
        "cpt:empty": 1,
        "cpt:exact_duplicate": 1,
        "cpt:near_duplicate": 0,
        "cpt:too_long": 1,
    }


def _paragraph(rng: random.Random, words: int = 120) -> str:
    vocab = [f"w{n}" for n in range(2000)]
    return " ".join(rng.choice(vocab) for _ in range(words))


def test_near_duplicates_are_found_and_the_first_is_kept() -> None:
    rng = random.Random(0)
    base = _paragraph(rng)
    edited = base.replace(base.split()[60], "changed", 1)  # one word of 120 differs
    other = _paragraph(rng)
    assert jaccard(shingles(base, 5), shingles(edited, 5)) > 0.85
    assert near_duplicates([base, other, edited], NormaliseConfig()) == {2}


def test_minhash_index_does_not_match_unrelated_text() -> None:
    rng = random.Random(1)
    index = MinHashIndex(NormaliseConfig())
    texts = [_paragraph(rng) for _ in range(50)]
    for text in texts:
        index.add(text)
    assert index.query(texts[7]) == 7
    assert index.query(_paragraph(rng)) is None


def test_plan_pairs_are_exempt_from_near_duplicate_removal() -> None:
    reply = '{"workout_plan": {"name": "A"}}'
    records = [_sft("profile " + "x " * 50 + str(n), reply, task="plan") for n in range(3)]
    kept = normalise(records, NormaliseConfig(), NormaliseReport())
    assert len(kept) == 3
    assert kept[0].row["messages"][1]["content"] == '{"workout_plan":{"name":"A"}}'


def test_config_checks_its_fields() -> None:
    with pytest.raises(ValueError, match="multiple of bands"):
        NormaliseConfig(num_perm=60, bands=16)
    with pytest.raises(ValueError, match="near_dup_threshold"):
        NormaliseConfig(near_dup_threshold=0)


def test_safety_near_duplicates_go_but_reasoning_with_other_numbers_stays() -> None:
    rng = random.Random(2)
    text = _paragraph(rng)
    words = text.split()
    edited = " ".join([*words[:60], "changed", *words[61:]])
    records = [_sft(text, "ok", task="safety"), _sft(edited, "ok", task="safety")]
    records += [_sft(text, "Answer: 1"), _sft(edited, "Answer: 2")]
    report = NormaliseReport()
    kept = normalise(records, NormaliseConfig(), report)
    assert [r.row["task"] for r in kept] == ["safety", "reasoning", "reasoning"]
    assert report.dropped["sft:near_duplicate"] == 1

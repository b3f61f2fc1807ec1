"""Stage 4, mix: stratified splits, CPT sub-domain balance and the general-text share."""

from __future__ import annotations

import random

import pytest

from fitcoach.ml.data.mix import MixConfig, balance, mix, split
from fitcoach.ml.data.parse import Record


def _cpt(n: int, subdomain: str, chars: int = 100) -> Record:
    return Record("cpt", {"text": f"{n} " + "x" * chars, "subdomain": subdomain, "source": f"t:{n}"})


def _sft(n: int, task: str) -> Record:
    return Record("sft", {"messages": [{"role": "user", "content": str(n)}], "task": task, "subdomain": "injury_rehab"})


def test_split_is_stratified_disjoint_and_reproducible() -> None:
    records = [_sft(n, "plan") for n in range(100)] + [_sft(n, "safety") for n in range(100, 103)]
    train, valid = split(records, 0.1, random.Random(0))
    assert len(train) + len(valid) == 103 and not {id(r) for r in train} & {id(r) for r in valid}
    assert sum(r.row["task"] == "plan" for r in valid) == 10
    assert sum(r.row["task"] == "safety" for r in valid) == 1  # a small group still reaches valid
    again = split(records, 0.1, random.Random(0))
    assert [r.row for r in again[1]] == [r.row for r in valid]


def test_balance_repeats_small_subdomains_only() -> None:
    records = [_cpt(n, "sports_nutrition") for n in range(95)] + [_cpt(n, "weight_management") for n in range(5)]
    out, repeats = balance(records, min_share=0.1, max_repeat=4)
    assert repeats == {"sports_nutrition": 1, "weight_management": 2}
    assert sum(r.row["subdomain"] == "weight_management" for r in out) == 10


def test_general_text_reaches_the_configured_share() -> None:
    domain = [_cpt(n, "sports_nutrition", 1000) for n in range(100)]
    general = [_cpt(n, "general", 1000) for n in range(100, 200)]
    mixture = mix(domain + general, MixConfig(valid_fraction=0.0, general_ratio=0.2, cpt_min_subdomain_share=0), 0)
    train = mixture.splits["cpt/train"]
    share = mixture.ratios["cpt_train_chars_by_subdomain"]["general"]
    assert 0.19 <= share <= 0.22
    assert sum(r.row["subdomain"] == "general" for r in train) == 25


def test_general_text_does_not_move_the_sft_split() -> None:
    sft = [_sft(n, "plan") for n in range(40)]
    general = [_cpt(n, "general") for n in range(30)]
    alone = mix(sft, MixConfig(valid_fraction=0.1), 5)
    mixed = mix(sft + general + [_cpt(99, "injury_rehab")], MixConfig(valid_fraction=0.1), 5)
    assert [r.row for r in alone.splits["sft/valid"]] == [r.row for r in mixed.splits["sft/valid"]]


def test_valid_documents_are_never_repeated_into_train() -> None:
    records = [_cpt(n, "special_populations") for n in range(10)] + [
        _cpt(n, "sports_nutrition") for n in range(10, 200)
    ]
    mixture = mix(records, MixConfig(valid_fraction=0.2), 3)
    valid_texts = {r.row["text"] for r in mixture.splits["cpt/valid"]}
    assert valid_texts and not valid_texts & {r.row["text"] for r in mixture.splits["cpt/train"]}


def test_mix_config_checks_its_fields() -> None:
    with pytest.raises(ValueError, match="general_ratio"):
        MixConfig(general_ratio=1.0)
    with pytest.raises(ValueError, match="valid_fraction"):
        MixConfig(valid_fraction=0.7)

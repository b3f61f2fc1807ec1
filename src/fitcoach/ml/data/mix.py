"""Stage 4, mix: train/valid splits stratified by group, sub-domain balance for CPT, and the general-text share.

- Splits are made per group (sub-domain for CPT, task for SFT) with ``valid_fraction`` of each group
  (at least one record when the group has two or more), so small groups appear in both splits.
- CPT balance: a training sub-domain below ``cpt_min_subdomain_share`` of the domain documents is
  repeated (whole passes, at most ``cpt_max_repeat`` in all) toward that share. Repeats happen after the
  split, so a valid document is never also a training document.
- General text: user-supplied chunks are added to CPT until they make ``general_ratio`` of the CPT
  characters (all of them when there is too little); the achieved share is reported.
RL rows all go to ``rl/train.jsonl``; evaluation rows are never mixed.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from fitcoach.ml.data.parse import GENERAL_SUBDOMAIN, Record, stream


@dataclass(frozen=True)
class MixConfig:
    valid_fraction: float = 0.05
    general_ratio: float = 0.1  # share of CPT characters from general text (when general files are given)
    cpt_min_subdomain_share: float = 0.05
    cpt_max_repeat: int = 4

    def __post_init__(self) -> None:
        if not 0 <= self.valid_fraction < 0.5:
            raise ValueError(f"valid_fraction must be in [0, 0.5) (got {self.valid_fraction})")
        if not 0 <= self.general_ratio < 1:
            raise ValueError(f"general_ratio must be in [0, 1) (got {self.general_ratio})")
        if self.cpt_max_repeat < 1:
            raise ValueError(f"cpt_max_repeat must be at least 1 (got {self.cpt_max_repeat})")


@dataclass
class Mixture:
    splits: dict[str, list[Record]]  # "cpt/train", "cpt/valid", "sft/train", "sft/valid", "rl/train", "eval/plan", ...
    ratios: dict[str, dict[str, float]] = field(default_factory=dict)
    repeats: dict[str, int] = field(default_factory=dict)  # CPT sub-domain -> passes in train


def split(records: list[Record], fraction: float, rng: random.Random) -> tuple[list[Record], list[Record]]:
    """(train, valid), stratified by ``Record.group``; order inside each split is shuffled."""
    groups: dict[str, list[Record]] = {}
    for record in records:
        groups.setdefault(record.group, []).append(record)
    train: list[Record] = []
    valid: list[Record] = []
    for name in sorted(groups):
        members = list(groups[name])
        rng.shuffle(members)
        n_valid = max(1, round(len(members) * fraction)) if fraction > 0 and len(members) >= 2 else 0
        valid += members[:n_valid]
        train += members[n_valid:]
    rng.shuffle(train)
    rng.shuffle(valid)
    return train, valid


def balance(train: list[Record], min_share: float, max_repeat: int) -> tuple[list[Record], dict[str, int]]:
    """Repeat whole sub-domains that fall below ``min_share`` of the domain documents, at most ``max_repeat`` passes."""
    by_sub: dict[str, list[Record]] = {}
    for record in train:
        by_sub.setdefault(record.row["subdomain"], []).append(record)
    total = len(train)
    repeats = {}
    out: list[Record] = []
    for sub in sorted(by_sub):
        members = by_sub[sub]
        wanted = math.ceil(min_share * total / len(members)) if total else 1
        repeats[sub] = max(1, min(max_repeat, wanted))
        out += members * repeats[sub]
    return out, repeats


def with_general(domain: list[Record], general: list[Record], ratio: float, rng: random.Random) -> list[Record]:
    """Domain documents plus general chunks up to ``ratio`` of all characters."""
    if ratio <= 0 or not general:
        return domain
    domain_chars = sum(len(r.row["text"]) for r in domain)
    budget = ratio / (1 - ratio) * domain_chars
    pool = list(general)
    rng.shuffle(pool)
    chosen, used = [], 0
    for record in pool:
        if used >= budget:
            break
        chosen.append(record)
        used += len(record.row["text"])
    return domain + chosen


def char_shares(records: list[Record], key: str) -> dict[str, float]:
    totals: dict[str, int] = {}
    for r in records:
        totals[str(r.row.get(key))] = totals.get(str(r.row.get(key)), 0) + len(r.row.get("text", ""))
    all_chars = sum(totals.values()) or 1
    return {k: round(v / all_chars, 4) for k, v in sorted(totals.items())}


def row_shares(records: list[Record], key: str) -> dict[str, float]:
    counts: dict[str, int] = {}
    for r in records:
        counts[str(r.row.get(key))] = counts.get(str(r.row.get(key)), 0) + 1
    return {k: round(v / (len(records) or 1), 4) for k, v in sorted(counts.items())}


def mix(records: list[Record], config: MixConfig, seed: int) -> Mixture:
    """Split and mix; each corpus draws from its own stream, so adding general text never moves the SFT split."""
    by_corpus: dict[str, list[Record]] = {}
    for record in records:
        by_corpus.setdefault(record.corpus, []).append(record)
    cpt = by_corpus.get("cpt", [])
    domain = [r for r in cpt if r.row["subdomain"] != GENERAL_SUBDOMAIN]
    general = [r for r in cpt if r.row["subdomain"] == GENERAL_SUBDOMAIN]
    rng = stream(seed, "mix-cpt")
    cpt_train, cpt_valid = split(domain, config.valid_fraction, rng)
    cpt_train, repeats = balance(cpt_train, config.cpt_min_subdomain_share, config.cpt_max_repeat)
    general_rng = stream(seed, "mix-general")
    general_train, general_valid = split(general, config.valid_fraction, general_rng)
    cpt_train = with_general(cpt_train, general_train, config.general_ratio, general_rng)
    cpt_valid = with_general(cpt_valid, general_valid, config.general_ratio, general_rng)
    rng.shuffle(cpt_train)
    sft_train, sft_valid = split(by_corpus.get("sft", []), config.valid_fraction, stream(seed, "mix-sft"))
    splits = {
        "cpt/train": cpt_train,
        "cpt/valid": cpt_valid,
        "sft/train": sft_train,
        "sft/valid": sft_valid,
        "rl/train": by_corpus.get("rl", []),
        "eval/plan": by_corpus.get("eval_plan", []),
        "eval/reasoning": by_corpus.get("eval_reasoning", []),
    }
    ratios = {
        "cpt_train_chars_by_subdomain": char_shares(cpt_train, "subdomain"),
        "sft_train_rows_by_task": row_shares(sft_train, "task"),
        "sft_train_rows_by_subdomain": row_shares(sft_train, "subdomain"),
        "rl_rows_by_task": row_shares(splits["rl/train"], "task"),
    }
    return Mixture(splits, ratios, repeats)

"""Stage 2, normalise: unicode and whitespace clean-up, compact JSON, length limits, exact and near duplicates.

- Text (CPT documents, reasoning and safety turns) is NFC-normalised, line endings unified, trailing
  spaces and runs of blank lines removed. Plan and day-plan turns are left byte-exact (they must equal
  what ``coach.prompts`` produces at inference) except that JSON replies are re-serialised compactly.
- Records longer than the limit (characters of text, or of all turns) are dropped and counted.
- Exact duplicates (same normalised text) are dropped, keeping the first.
- Near duplicates: MinHash over word 5-gram shingles with LSH banding finds candidates, and a pair is a
  duplicate when the true Jaccard similarity of the shingle sets reaches the threshold. Plan, day-plan
  and reasoning rows are exempt: they are alike by design and differ in the profile or the numbers
  (another load is another problem), and the exact check plus the reasoning generator's own
  kind + inputs check already remove repeats.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from fitcoach.coach.prompts import compact_json
from fitcoach.ml.data.parse import Record

STRUCTURED_TASKS = frozenset({"plan", "day_plan"})
# Tasks whose rows differ by design in a few values: plans by the profile, reasoning items by their
# numbers (another load is another problem; identical kind + inputs are never drawn twice).
NEAR_DUP_EXEMPT = STRUCTURED_TASKS | {"reasoning"}
_PRIME = (1 << 31) - 1  # a Mersenne prime


@dataclass(frozen=True)
class NormaliseConfig:
    max_chars_cpt: int = 8_000
    max_chars_sft: int = 64_000  # engine plans run to about 40k characters for 7-day weeks
    near_dup_threshold: float = (
        0.85  # Jaccard similarity of word 5-gram sets at or above which texts are near duplicates
    )
    shingle_words: int = 5
    num_perm: int = 64
    bands: int = 16  # LSH bands of num_perm / bands rows each

    def __post_init__(self) -> None:
        if self.num_perm % self.bands:
            raise ValueError(f"num_perm ({self.num_perm}) must be a multiple of bands ({self.bands})")
        if not 0 < self.near_dup_threshold <= 1:
            raise ValueError(f"near_dup_threshold must be in (0, 1] (got {self.near_dup_threshold})")


@dataclass
class NormaliseReport:
    dropped: Counter[str] = field(default_factory=Counter)  # "<corpus>:<reason>" -> count

    def as_dict(self) -> dict[str, int]:
        return dict(sorted(self.dropped.items()))


def clean_text(text: str) -> str:
    """NFC, \\n line endings, no trailing spaces, at most one blank line in a row, no outer whitespace."""
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def compact_if_json(text: str) -> str:
    """A JSON document re-serialised with no insignificant whitespace; other text unchanged."""
    stripped = text.strip()
    if stripped[:1] in "{[":
        try:
            return compact_json(json.loads(stripped))
        except json.JSONDecodeError:
            return text
    return text


def normalise_record(record: Record) -> Record:
    row = dict(record.row)
    if "text" in row:
        row["text"] = clean_text(row["text"])
    elif "messages" in row:
        structured = row.get("task") in STRUCTURED_TASKS
        row["messages"] = [
            {**m, "content": compact_if_json(m["content"]) if structured else clean_text(m["content"])}
            for m in row["messages"]
        ]
    return Record(record.corpus, row, record.meta)


def record_text(record: Record) -> str:
    """The text a record puts in front of a model (what duplicates and contamination are judged on)."""
    row = record.row
    if "text" in row:
        return str(row["text"])
    if "messages" in row:
        return "\n".join(m["content"] for m in row["messages"])
    if "prompt" in row:
        return "\n".join(m["content"] for m in row["prompt"])
    return compact_json(row.get("profile"))


def shingles(text: str, words: int) -> set[int]:
    tokens = re.findall(r"\w+", text.lower())
    if len(tokens) < words:
        return {zlib.crc32(" ".join(tokens).encode())}
    return {zlib.crc32(" ".join(tokens[i : i + words]).encode()) for i in range(len(tokens) - words + 1)}


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(20240607)  # fixed: signatures must be comparable across builds
    return rng.integers(1, _PRIME, num_perm, dtype=np.uint64), rng.integers(0, _PRIME, num_perm, dtype=np.uint64)


def minhash(shingle_set: set[int], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """MinHash signature: for each permutation (a*x + b) mod p, the minimum over the shingles.

    p = 2^31 - 1 and every operand is below it, so a*x + b stays below 2^63: no uint64 overflow.
    """
    x = np.fromiter((s % _PRIME for s in shingle_set), dtype=np.uint64, count=len(shingle_set))
    signature: np.ndarray = ((a[:, None] * x[None, :] + b[:, None]) % np.uint64(_PRIME)).min(axis=1)
    return signature


class MinHashIndex:
    """Texts indexed by MinHash LSH; ``query`` finds an indexed text whose Jaccard similarity reaches the threshold."""

    def __init__(self, config: NormaliseConfig) -> None:
        self.config = config
        self.a, self.b = _permutations(config.num_perm)
        self.rows = config.num_perm // config.bands
        self.buckets: dict[tuple[int, bytes], list[int]] = {}
        self.sets: list[set[int]] = []

    def _keys(self, shingle_set: set[int]) -> list[tuple[int, bytes]]:
        signature = minhash(shingle_set, self.a, self.b)
        return [
            (band, signature[band * self.rows : (band + 1) * self.rows].tobytes()) for band in range(self.config.bands)
        ]

    def add(self, text: str) -> None:
        shingle_set = shingles(text, self.config.shingle_words)
        for key in self._keys(shingle_set):
            self.buckets.setdefault(key, []).append(len(self.sets))
        self.sets.append(shingle_set)

    def query(self, text: str) -> int | None:
        """Position (in order of ``add``) of the first indexed near duplicate of ``text``, or None."""
        shingle_set = shingles(text, self.config.shingle_words)
        candidates = sorted({c for key in self._keys(shingle_set) for c in self.buckets.get(key, ())})
        return next(
            (c for c in candidates if jaccard(shingle_set, self.sets[c]) >= self.config.near_dup_threshold), None
        )


def near_duplicates(texts: list[str], config: NormaliseConfig) -> set[int]:
    """Indexes of texts that nearly duplicate an earlier text (the first of each cluster is kept)."""
    index = MinHashIndex(config)
    dropped: set[int] = set()
    for position, text in enumerate(texts):
        if index.query(text) is not None:
            dropped.add(position)
            index.sets.append(set())  # keep positions aligned; a dropped text never matches (empty set)
            continue
        index.add(text)
    return dropped


def normalise(records: list[Record], config: NormaliseConfig, report: NormaliseReport) -> list[Record]:
    """Clean every record, then drop the too long, the exact duplicates and the near duplicates."""
    kept: list[Record] = []
    seen: set[str] = set()
    for record in map(normalise_record, records):
        text = record_text(record)
        limit = config.max_chars_cpt if record.corpus == "cpt" else config.max_chars_sft
        if not text.strip():
            report.dropped[f"{record.corpus}:empty"] += 1
            continue
        if len(text) > limit:
            report.dropped[f"{record.corpus}:too_long"] += 1
            continue
        digest = hashlib.sha256(f"{record.corpus}\0{text}".encode()).hexdigest()
        if digest in seen:
            report.dropped[f"{record.corpus}:exact_duplicate"] += 1
            continue
        seen.add(digest)
        kept.append(record)
    # Near duplicates within each corpus (and SFT/RL task): plan, day-plan and reasoning rows are exempt.
    groups: dict[str, list[int]] = {}
    for index, record in enumerate(kept):
        if record.row.get("task") not in NEAR_DUP_EXEMPT:
            groups.setdefault(f"{record.corpus}:{record.row.get('task', '')}", []).append(index)
    drop: set[int] = set()
    for name, indexes in groups.items():
        near = near_duplicates([record_text(kept[i]) for i in indexes], config)
        report.dropped[f"{name.split(':')[0]}:near_duplicate"] += len(near)
        drop.update(indexes[i] for i in near)
    return [r for i, r in enumerate(kept) if i not in drop]

"""Decontamination: no evaluation item may appear in the training text.

Targets: every held-out split of this build (``eval/plan`` profiles, ``eval/reasoning`` questions) and,
when the files exist, the exam bank (``fitcoach/ml/eval/data/exam/*.jsonl``: question stems) and
the red-team bank (``fitcoach/ml/eval/data/redteam.jsonl``: prompts).

Three tests; any hit fails the build with an error naming each overlapping item:
1. identity: an eval profile equal to a training profile, or an eval reasoning item with the same kind
   and inputs as a training one;
2. near duplicate, for this build's generated items: an eval profile (compact JSON) or eval reasoning
   question with a word 5-gram Jaccard similarity of ``profile_threshold`` / ``question_threshold`` or
   more with a training profile or training reasoning question (MinHash LSH, as in the normalise stage);
3. n-gram overlap, for the hand-written banks (exam question stems, red-team prompts): the item shares
   a word ``n``-gram (13 by default; a stem of 8-12 words is matched whole) with any training text that
   is not boilerplate. Choices are not checked: a choice stating a guideline figure ("67-85% 1RM, 6-12
   reps") is knowledge the corpus teaches on purpose, while a stem seen in training is a leaked item.
   Like the GPT-3 decontamination pass, n-grams found in more than ``common_doc_limit`` training
   documents are ignored (template text present in many documents by design), while a copied item
   shares rare ones. Generated items skip this test: they come from the same templates as training
   items with other numbers, and their JSON keys form 13-grams shared by unrelated people; tests 1-2
   judge them instead.
Memory stays small: the eval side's n-grams are indexed and the training text is streamed against them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from fitcoach.coach.prompts import compact_json
from fitcoach.domain.errors import FitCoachError
from fitcoach.ml.data.normalise import MinHashIndex, NormaliseConfig, record_text
from fitcoach.ml.data.parse import Record
from fitcoach.ml.data.reasoning import item_identity

_TOKEN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")


class ContaminationError(FitCoachError):
    """Evaluation items overlap the training data."""

    def __init__(self, overlaps: list[Overlap]) -> None:
        self.overlaps = overlaps
        lines = [f"  {o.item} ({o.reason}): {o.detail}" for o in overlaps[:50]]
        more = f"\n  ... and {len(overlaps) - 50} more" if len(overlaps) > 50 else ""
        super().__init__(
            f"{len(overlaps)} evaluation item(s) overlap the training data; remove them from the training "
            "sources or the evaluation set:\n" + "\n".join(lines) + more
        )


@dataclass(frozen=True)
class DecontaminationConfig:
    n: int = 13
    common_doc_limit: int = 10  # n-grams in more training documents than this are boilerplate
    min_tokens: int = 8  # bank questions shorter than this are too short to judge (counted as too_short)
    # Word 5-gram Jaccard similarity at which two generated items are the same item. Measured at seed 0:
    # distinct sampled profiles reach at most about 0.4 and one changed field leaves about 0.9; distinct
    # templated questions reach 0.84 (same template, other numbers).
    profile_threshold: float = 0.7
    question_threshold: float = 0.9
    bank_dir: Path | None = None  # default: the packaged fitcoach/ml/eval/data

    def __post_init__(self) -> None:
        if self.n < 3:
            raise ValueError(f"n must be at least 3 (got {self.n})")


@dataclass(frozen=True)
class Target:
    item: str  # "eval/plan.jsonl#plan-0007", "exam/sports_nutrition.jsonl#sn-001", ...
    text: str
    identity: str | None = None
    # Generated items: "profile" or "question" (judged by identity and near duplicates); bank items: "text".
    mode: str = "text"


@dataclass(frozen=True)
class Overlap:
    item: str
    reason: str  # "same_item" | "near_duplicate" | "ngram"
    detail: str


@dataclass
class DecontaminationReport:
    n: int
    common_doc_limit: int
    targets: dict[str, int] = field(default_factory=dict)  # source -> items checked
    training_documents: int = 0
    ignored_common_ngrams: int = 0
    too_short: int = 0
    overlaps: list[Overlap] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "common_doc_limit": self.common_doc_limit,
            "targets": self.targets,
            "training_documents": self.training_documents,
            "ignored_common_ngrams": self.ignored_common_ngrams,
            "too_short_to_check": self.too_short,
            "overlaps": len(self.overlaps),
        }


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    words = tokens(text)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def identity_of(record: Record) -> str | None:
    """What makes two items the same question: the profile for plan tasks, kind + inputs for reasoning."""
    meta = record.meta
    if "kind" in meta:
        return item_identity(meta["kind"], meta["inputs"])
    if "profile" in meta:
        return "profile:" + hashlib.sha256(json.dumps(meta["profile"], sort_keys=True).encode()).hexdigest()
    return None


def eval_targets(records: Iterable[Record]) -> Iterator[Target]:
    for r in records:
        if r.corpus == "eval_plan":
            yield Target(f"eval/plan.jsonl#{r.row['id']}", compact_json(r.row["profile"]), identity_of(r), "profile")
        elif r.corpus == "eval_reasoning":
            yield Target(f"eval/reasoning.jsonl#{r.row['id']}", record_text(r), identity_of(r), "question")


def default_bank_dir() -> Path:
    return Path(str(resources.files("fitcoach.ml"))) / "eval" / "data"


def bank_targets(bank_dir: Path) -> Iterator[Target]:
    """Exam questions (with their choices) and red-team prompts, from whichever bank files exist."""
    files = sorted((bank_dir / "exam").glob("*.jsonl")) if (bank_dir / "exam").is_dir() else []
    redteam = bank_dir / "redteam.jsonl"
    for path in [*files, *([redteam] if redteam.is_file() else [])]:
        label = path.relative_to(bank_dir).as_posix()
        for line_no, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise FitCoachError(f"{label} line {line_no}: not JSON ({exc.msg})") from None
            # The question stem, not the choices: a choice that states a guideline figure is knowledge the
            # corpus teaches on purpose; a stem seen in training is a leaked item.
            text = str(item.get("prompt") or item.get("question") or "")
            yield Target(f"{label}#{item.get('id', line_no)}", text)


def find_overlaps(
    training: list[Record], targets: list[Target], config: DecontaminationConfig, report: DecontaminationReport
) -> list[Overlap]:
    """Every target that shares an identity or a non-boilerplate n-gram with the training records."""
    overlaps: list[Overlap] = []
    train_ids = {ident for r in training if (ident := identity_of(r)) is not None}
    for t in targets:
        if t.identity is not None and t.identity in train_ids:
            overlaps.append(
                Overlap(t.item, "same_item", "the same profile or question inputs are in the training data")
            )
    overlaps += _near_duplicates(training, targets, config)
    index: dict[tuple[str, ...], list[int]] = {}
    for position, t in enumerate(targets):
        if t.mode != "text":
            continue
        words = tokens(t.text)
        if len(words) < config.min_tokens:
            report.too_short += 1
            continue
        size = min(config.n, len(words))  # a short question is checked as a whole
        for i in range(len(words) - size + 1):
            index.setdefault(tuple(words[i : i + size]), []).append(position)
    sizes = sorted({len(gram) for gram in index})
    doc_freq: dict[tuple[str, ...], int] = {}
    first_seen: dict[tuple[str, ...], str] = {}
    for r in training:
        report.training_documents += 1
        words = tokens(record_text(r))
        found = {tuple(words[i : i + k]) for k in sizes for i in range(len(words) - k + 1)} & index.keys()
        for gram in found:
            doc_freq[gram] = doc_freq.get(gram, 0) + 1
            first_seen.setdefault(gram, f"{r.corpus} {r.row.get('task') or r.row.get('source')}")
    flagged: dict[int, tuple[str, ...]] = {}
    for gram, count in doc_freq.items():
        if count > config.common_doc_limit:
            report.ignored_common_ngrams += 1
            continue
        for position in index[gram]:
            flagged.setdefault(position, gram)
    already = {o.item for o in overlaps}
    for position, gram in sorted(flagged.items()):
        item = targets[position].item
        if item not in already:
            overlaps.append(Overlap(item, "ngram", f"shares '{' '.join(gram)}' with training ({first_seen[gram]})"))
    return overlaps


def _generated_text(record: Record, mode: str) -> str | None:
    """The training side of a near-duplicate comparison: profiles for "profile", questions for "question"."""
    if mode == "profile":
        return compact_json(record.meta["profile"]) if "profile" in record.meta else None
    if "kind" not in record.meta:
        return None
    turns = record.row.get("messages") or record.row.get("prompt") or []
    return str(turns[0]["content"]) if turns else None


def _near_duplicates(training: list[Record], targets: list[Target], config: DecontaminationConfig) -> list[Overlap]:
    out = []
    for mode in ("profile", "question"):
        wanted = [t for t in targets if t.mode == mode]
        if not wanted:
            continue
        threshold = config.profile_threshold if mode == "profile" else config.question_threshold
        index = MinHashIndex(NormaliseConfig(near_dup_threshold=threshold))
        for r in training:
            if (text := _generated_text(r, mode)) is not None:
                index.add(text)
        for t in wanted:
            if index.query(t.text) is not None:
                detail = f"{mode} has Jaccard similarity >= {threshold:g} with a training {mode}"
                out.append(Overlap(t.item, "near_duplicate", detail))
    return out


def decontaminate(
    training: list[Record], evaluation: list[Record], config: DecontaminationConfig
) -> DecontaminationReport:
    """Check this build's eval splits and the packaged banks against the training records; raise on overlap."""
    report = DecontaminationReport(config.n, config.common_doc_limit)
    targets = list(eval_targets(evaluation))
    banks = list(bank_targets(config.bank_dir or default_bank_dir()))
    for t in [*targets, *banks]:
        source = t.item.split("#")[0]
        report.targets[source] = report.targets.get(source, 0) + 1
    report.overlaps = find_overlaps(training, targets + banks, config, report)
    if report.overlaps:
        raise ContaminationError(report.overlaps)
    return report

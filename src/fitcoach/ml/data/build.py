"""``build_dataset``: parse -> normalise -> refine -> decontaminate -> mix -> write -> manifest.

    fitcoach data build --out data/fitcoach --seed 0

Writes ``cpt/{train,valid}.jsonl``, ``sft/{train,valid}.jsonl``, ``rl/train.jsonl``,
``eval/{plan,reasoning}.jsonl`` and ``manifest.json`` (formats in docs/data.md). Decontamination runs
before anything is written, so a contaminated build leaves no dataset behind.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.ml.data import parse
from fitcoach.ml.data.decontaminate import DecontaminationConfig, decontaminate
from fitcoach.ml.data.manifest import Manifest, sha256_file
from fitcoach.ml.data.mix import MixConfig, mix
from fitcoach.ml.data.normalise import NormaliseConfig, NormaliseReport, normalise
from fitcoach.ml.data.parse import Record
from fitcoach.ml.data.refine import RefineReport, refine

# (output path, mixture split) in the order files are written.
OUTPUTS: tuple[tuple[str, str], ...] = (
    ("cpt/train.jsonl", "cpt/train"),
    ("cpt/valid.jsonl", "cpt/valid"),
    ("sft/train.jsonl", "sft/train"),
    ("sft/valid.jsonl", "sft/valid"),
    ("rl/train.jsonl", "rl/train"),
    ("eval/plan.jsonl", "eval/plan"),
    ("eval/reasoning.jsonl", "eval/reasoning"),
)
STREAMS = (
    "cpt",
    "sft-plans",
    "sft-days",
    "sft-reasoning",
    "sft-safety",
    "rl-profiles",
    "rl-reasoning",
    "eval-plans",
    "eval-reasoning",
    "mix-cpt",
    "mix-general",
    "mix-sft",
)

SIZE_LIMIT = 1_000_000  # per size field: a guard against typos, far above any useful CPU build


@dataclass(frozen=True)
class BuildConfig:
    """How much of each part to build. Defaults make a useful dataset in a few minutes on 2 CPU cores."""

    plans: int = 2000  # SFT plan pairs
    day_plans: int = 1000  # SFT day-plan pairs
    reasoning: int = 2000  # SFT reasoning examples (drawn; exact and near duplicates are then removed)
    safety: int = 400  # SFT safety dialogues (drawn; many repeat a template and are removed as duplicates)
    rl_plans: int = 500
    rl_day_plans: int = 500
    rl_reasoning: int = 1000
    eval_plans: int = 300  # held-out shifted profiles with the engine reference plan
    eval_reasoning: int = 300
    cpt_variants: int = 3  # styles of each guideline reference sheet
    general_files: tuple[Path, ...] = ()
    general_chunk_chars: int = 2000
    mix: MixConfig = field(default_factory=MixConfig)
    normalise: NormaliseConfig = field(default_factory=NormaliseConfig)
    decontamination: DecontaminationConfig = field(default_factory=DecontaminationConfig)

    def __post_init__(self) -> None:
        sizes = (
            "plans",
            "day_plans",
            "reasoning",
            "safety",
            "rl_plans",
            "rl_day_plans",
            "rl_reasoning",
            "eval_plans",
            "eval_reasoning",
        )
        problems = [
            FieldProblem(name, f"must be a whole number 0-{SIZE_LIMIT:,} (got {getattr(self, name)})")
            for name in sizes
            if not 0 <= getattr(self, name) <= SIZE_LIMIT
        ]
        if not 1 <= self.cpt_variants <= 10:
            problems.append(FieldProblem("cpt_variants", f"must be 1-10 (got {self.cpt_variants})"))
        if not 200 <= self.general_chunk_chars <= 100_000:
            problems.append(FieldProblem("general_chunk_chars", f"must be 200-100000 (got {self.general_chunk_chars})"))
        if problems:
            raise InvalidInput(problems)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["general_files"] = [str(p) for p in self.general_files]
        data["decontamination"]["bank_dir"] = str(self.decontamination.bank_dir or "(packaged)")
        return data


Step = Callable[[str], None]


@contextmanager
def _progress(show: bool, total: int) -> Iterator[Step]:
    """A rich progress bar over the build steps (or a silent stand-in for tests and --quiet)."""
    if not show:
        yield lambda _label: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (
        SpinnerColumn(),
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, transient=False) as bar:
        task = bar.add_task("starting", total=total)
        first = True

        def step(label: str) -> None:
            nonlocal first
            if not first:
                bar.advance(task)
            first = False
            bar.update(task, description=label)

        yield step
        bar.update(task, completed=total, description="done")


def write_jsonl(path: Path, records: list[Record]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record.row, ensure_ascii=False, separators=(",", ":")) + "\n")


def parse_all(seed: int, config: BuildConfig, step: Step) -> list[Record]:
    step("parse: knowledge base")
    records = parse.cpt_records(seed, config.cpt_variants)
    records += parse.general_records(list(config.general_files), config.general_chunk_chars)
    held_out = parse.held_out_identities(seed, config.eval_reasoning)
    step("parse: plan pairs")
    records += parse.plan_records(seed, config.plans)
    step("parse: day-plan pairs")
    records += parse.day_plan_records(seed, config.day_plans)
    step("parse: reasoning + safety")
    records += parse.reasoning_sft_records(seed, config.reasoning, held_out)
    records += parse.safety_records(seed, config.safety)
    step("parse: RL prompts")
    records += parse.rl_records(seed, config.rl_plans, config.rl_day_plans, config.rl_reasoning, held_out)
    step("parse: eval splits")
    records += parse.eval_records(seed, config.eval_plans, config.eval_reasoning)
    return records


def build_dataset(
    out_dir: Path, seed: int = 0, config: BuildConfig | None = None, *, show_progress: bool = True
) -> Manifest:
    """Build, check and write the dataset; returns the manifest (also written to ``out_dir/manifest.json``)."""
    config = config or BuildConfig()
    start = time.perf_counter()
    norm_report, refine_report = NormaliseReport(), RefineReport()
    with _progress(show_progress, total=11) as step:
        records = parse_all(seed, config, step)
        step("normalise")
        records = normalise(records, config.normalise, norm_report)
        step("refine (verify)")
        records = refine(records, refine_report)
        step("decontaminate")
        training = [r for r in records if r.corpus in ("cpt", "sft", "rl")]
        evaluation = [r for r in records if r.corpus in ("eval_plan", "eval_reasoning")]
        contamination = decontaminate(training, evaluation, config.decontamination)
        step("mix")
        mixture = mix(records, config.mix, seed)
        step("write")
        manifest = Manifest(seed=seed, config=config.as_dict(), streams=list(STREAMS))
        out_dir.mkdir(parents=True, exist_ok=True)
        for relative, split in OUTPUTS:
            path = out_dir / relative
            write_jsonl(path, mixture.splits[split])
            manifest.add_split(split, mixture.splits[split], path, out_dir)
        manifest.mixture = {
            **mixture.ratios,
            "cpt_subdomain_repeats": mixture.repeats,
            **_general_share(mixture.splits),
        }
        manifest.normalise = norm_report.as_dict()
        manifest.refine = refine_report.as_dict()
        manifest.decontamination = contamination.as_dict()
        manifest.general_text = [{"path": str(p), "sha256": sha256_file(p)} for p in config.general_files]
        manifest.build_seconds = round(time.perf_counter() - start, 1)
        manifest.write(out_dir)
    return manifest


def _general_share(splits: dict[str, list[Record]]) -> dict[str, float]:
    train = splits["cpt/train"]
    total = sum(len(r.row["text"]) for r in train) or 1
    general = sum(len(r.row["text"]) for r in train if r.row["subdomain"] == parse.GENERAL_SUBDOMAIN)
    return {"cpt_train_general_char_share": round(general / total, 4)}

"""The dataset manifest: what was built, from what, and how to check the files were not changed.

``manifest.json`` holds the fitcoach version, the seed and every stream name, the build settings,
per-file sha256 hashes and row counts, row counts per split by sub-domain and by task, the mixture
ratios, and the reports of the normalise, refine and decontamination stages. ``check_files`` recomputes
the hashes, so a trainer can refuse a dataset that was edited after the build.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from fitcoach import __version__
from fitcoach.ml.data.parse import Record

MANIFEST_NAME = "manifest.json"
FORMAT_VERSION = 1


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class Manifest:
    seed: int
    config: dict[str, Any]
    streams: list[str]
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # relative path -> sha256, rows, bytes
    counts: dict[str, dict[str, Any]] = field(default_factory=dict)  # split -> rows, by_subdomain, by_task
    mixture: dict[str, Any] = field(default_factory=dict)
    normalise: dict[str, int] = field(default_factory=dict)
    refine: dict[str, Any] = field(default_factory=dict)
    decontamination: dict[str, Any] = field(default_factory=dict)
    general_text: list[dict[str, Any]] = field(default_factory=list)
    build_seconds: float = 0.0
    fitcoach_version: str = __version__
    format_version: int = FORMAT_VERSION

    def add_split(self, name: str, records: list[Record], path: Path, root: Path) -> None:
        self.files[path.relative_to(root).as_posix()] = {
            "sha256": sha256_file(path),
            "rows": len(records),
            "bytes": path.stat().st_size,
        }
        subdomains = Counter(str(r.row.get("subdomain")) for r in records if "subdomain" in r.row)
        tasks = Counter(str(r.row["task"]) for r in records if "task" in r.row)
        self.counts[name] = {
            "rows": len(records),
            "by_subdomain": dict(sorted(subdomains.items())),
            "by_task": dict(sorted(tasks.items())),
        }

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def write(self, out_dir: Path) -> Path:
        path = out_dir / MANIFEST_NAME
        path.write_text(json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return path


def load_manifest(out_dir: Path) -> Manifest:
    data = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    return Manifest(**data)


def check_files(out_dir: Path) -> list[str]:
    """Problems with the dataset files against the manifest (missing, changed); empty when all match."""
    manifest = load_manifest(out_dir)
    problems = []
    for name, info in manifest.files.items():
        path = out_dir / name
        if not path.is_file():
            problems.append(f"{name}: missing")
        elif sha256_file(path) != info["sha256"]:
            problems.append(f"{name}: sha256 differs from the manifest (the file changed after the build)")
    return problems

"""The manifest: sha256 per file, counts per split, sub-domain and task, and the check of the files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from fitcoach import __version__
from fitcoach.ml.data.manifest import Manifest, check_files, load_manifest, sha256_file
from fitcoach.ml.data.parse import Record


def _write(path: Path, rows: list[dict[str, object]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_manifest_counts_and_hashes_round_trip(tmp_path: Path) -> None:
    rows = [
        {"messages": [], "task": "plan", "subdomain": "exercise_prescription"},
        {"messages": [], "task": "reasoning", "subdomain": "weight_management"},
        {"messages": [], "task": "reasoning", "subdomain": "weight_management"},
    ]
    path = tmp_path / "sft" / "train.jsonl"
    _write(path, rows)
    manifest = Manifest(seed=3, config={"plans": 1}, streams=["sft-plans"])
    manifest.add_split("sft/train", [Record("sft", r) for r in rows], path, tmp_path)
    manifest.write(tmp_path)
    assert manifest.files["sft/train.jsonl"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert manifest.counts["sft/train"] == {
        "rows": 3,
        "by_subdomain": {"exercise_prescription": 1, "weight_management": 2},
        "by_task": {"plan": 1, "reasoning": 2},
    }
    loaded = load_manifest(tmp_path)
    assert loaded == manifest and loaded.fitcoach_version == __version__
    assert check_files(tmp_path) == []
    path.write_text("changed\n", encoding="utf-8")
    assert check_files(tmp_path) == [
        "sft/train.jsonl: sha256 differs from the manifest (the file changed after the build)"
    ]


def test_sha256_file_reads_in_blocks(tmp_path: Path) -> None:
    big = tmp_path / "big.bin"
    big.write_bytes(b"x" * (3 << 20))
    assert sha256_file(big) == hashlib.sha256(b"x" * (3 << 20)).hexdigest()

"""Assemble the exercise catalogue from its source parts and write the packaged JSON.

    python scripts/dev/build_exercises.py

Each part under scripts/dev/exercises/ defines EXERCISES, a list of dicts in the shape of
fitcoach.domain.knowledge.records.Exercise. Records are validated here, so a typo fails the build.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys
from pathlib import Path

from pydantic import TypeAdapter

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "dev"))
sys.path.insert(0, str(ROOT / "src"))

from fitcoach.domain.knowledge.records import Exercise  # noqa: E402

OUT = ROOT / "src" / "fitcoach" / "domain" / "knowledge" / "data" / "exercises.json"


def main() -> None:
    import exercises as parts

    records: list[dict[str, object]] = []
    for info in sorted(pkgutil.iter_modules(parts.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):  # shared helpers, not a part
            continue
        module = importlib.import_module(f"exercises.{info.name}")
        records.extend(module.EXERCISES)
    validated = TypeAdapter(list[Exercise]).validate_python(records)
    ids = [e.id for e in validated]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise SystemExit(f"duplicate ids: {duplicates}")
    lines = [json.dumps(e.model_dump(mode="json", exclude_defaults=False), ensure_ascii=False) for e in validated]
    OUT.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
    print(f"wrote {len(lines)} exercises to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

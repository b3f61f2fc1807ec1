"""Shared by the generation benchmarks: a small random model built locally (no downloads), and helpers.

The model comes from ``fitcoach.ml.model.init_model`` (a BPE tokenizer trained on the package's own
text, random Llama weights); it is kept in the temporary directory so repeated runs time the same model.
"""

from __future__ import annotations

import os
import random
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fitcoach.domain.profile import UserProfile

for _name in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
    os.environ.setdefault(_name, "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

DEFAULT_DIR = Path(tempfile.gettempdir()) / "fitcoach-bench-models"  # outside the working tree


def model_dir(preset: str, root: Path = DEFAULT_DIR) -> Path:
    """The directory of a random ``preset`` model, built on first use."""
    from fitcoach.ml.model import init_model

    out = root / preset
    if not (out / "config.json").is_file():
        init_model(preset, out, seed=0)
    return out


def quiet_transformers() -> None:
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]


def sample_profiles(count: int, seed: int = 2026) -> list[UserProfile]:
    from fitcoach.domain.profile import UserProfile
    from fitcoach.domain.sampling import random_profile

    rng = random.Random(seed)
    return [UserProfile.model_validate(random_profile(rng)) for _ in range(count)]

"""Shared fixtures for the ML training tests: a small built dataset and a micro model.

Session-scoped so the tokenizer and the micro model are built once for all training tests.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

for _name in ("HF_HUB_OFFLINE", "HF_DATASETS_OFFLINE", "TRANSFORMERS_OFFLINE"):
    os.environ.setdefault(_name, "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


@pytest.fixture(scope="session")
def train_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small dataset built by `fitcoach data build` (``build_dataset``), shared by the training tests."""
    from fitcoach.ml.data.build import BuildConfig, build_dataset

    out = tmp_path_factory.mktemp("train-data")
    config = BuildConfig(
        plans=2,
        day_plans=10,
        reasoning=12,
        safety=4,
        rl_plans=0,
        rl_day_plans=10,
        rl_reasoning=10,
        eval_plans=2,
        eval_reasoning=2,
        cpt_variants=1,
    )
    build_dataset(out, seed=0, config=config, show_progress=False)
    return out


@pytest.fixture(scope="session")
def micro_model(tmp_path_factory: pytest.TempPathFactory, train_data: Path) -> Path:
    """A micro model (about 0.14M parameters) with a tokenizer trained on ``train_data``."""
    import torch

    from fitcoach.ml.model import init_model

    torch.set_num_threads(2)
    out = tmp_path_factory.mktemp("micro-model")
    init_model("micro", out, corpus=train_data)
    return out


@pytest.fixture
def stage_run(tmp_path: Path, train_data: Path, micro_model: Path):  # type: ignore[no-untyped-def]
    """Factory for a StageRun of the micro model on ``train_data`` in a fresh folder."""
    from fitcoach.ml.train.common import StageRun

    def make(stage: str, base: Path | str = micro_model, resume: bool = False) -> StageRun:
        return StageRun(
            stage=stage,
            base_model=str(base),
            data_dir=train_data,
            out_dir=tmp_path / stage,
            metrics_path=tmp_path / "metrics.jsonl",
            resume=resume,
            show_progress=False,
        )

    return make

"""`fitcoach model init`: presets build a Llama-style model that saves, reloads and generates."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from fitcoach.cli import app
from fitcoach.domain.errors import InvalidInput
from fitcoach.ml.model import PRESETS, preset


def test_micro_model_is_about_140k_parameters_and_generates(micro_model: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(micro_model)
    tokenizer = AutoTokenizer.from_pretrained(micro_model)
    assert 100_000 < sum(p.numel() for p in model.parameters()) < 200_000
    assert model.config.vocab_size >= len(tokenizer) and model.config.vocab_size % 64 == 0
    assert model.config.hidden_size == PRESETS["micro"].hidden_size
    prompt = tokenizer.apply_chat_template(
        [{"role": "user", "content": "hi"}], add_generation_prompt=True, return_dict=True, return_tensors="pt"
    )
    out = model.generate(**prompt, max_new_tokens=5, do_sample=False)
    assert out.shape[1] <= prompt["input_ids"].shape[1] + 5
    assert tokenizer.convert_tokens_to_ids("<|im_end|>") in model.generation_config.eos_token_id


def test_unknown_preset_is_refused() -> None:
    with pytest.raises(InvalidInput) as exc:
        preset("huge")
    assert exc.value.problems[0].field == "preset"


def test_cli_init_writes_a_loadable_model(tmp_path: Path, train_data: Path) -> None:
    out = tmp_path / "m"
    result = CliRunner().invoke(
        app, ["model", "init", "--preset", "micro", "--out", str(out), "--corpus", str(train_data / "cpt")]
    )
    assert result.exit_code == 0, result.output
    assert "parameters" in result.output
    assert {"config.json", "model.safetensors", "tokenizer.json"} <= {p.name for p in out.iterdir()}
    bad = CliRunner().invoke(app, ["model", "init", "--preset", "huge", "--out", str(out)])
    assert bad.exit_code == 2

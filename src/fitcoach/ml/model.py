"""Small causal language models built from a config: the ``micro`` (CI), ``tiny`` and ``small`` presets.

``fitcoach model init --preset tiny --out DIR`` trains a tokenizer and saves a randomly initialised
Llama-architecture model next to it with ``save_pretrained``, so every later stage loads it like any
other Hugging Face model. Rotary positions learn nothing per position, so the context is only a
limit: 8,192 tokens lets whole weekly plans (median about 4,900 tokens) fit. Sizes (8k vocabulary):

| preset | hidden | layers | heads (kv) | MLP   | vocab | context | params (8k vocab) |
|--------|--------|--------|------------|-------|-------|---------|-------------------|
| micro  | 48     | 2      | 4 (2)      | 96    | 2k    | 512     | about 0.14M       |
| tiny   | 256    | 4      | 8 (4)      | 688   | 8k    | 8192    | about 5.0M        |
| small  | 384    | 10     | 6 (2)      | 1024  | 8k    | 8192    | about 19M         |
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

from fitcoach.domain.errors import FieldProblem, InvalidInput

PresetName = Literal["micro", "tiny", "small"]


@dataclass(frozen=True)
class ModelPreset:
    """Shape of a from-scratch model. Head size = hidden_size / num_attention_heads."""

    hidden_size: int
    num_hidden_layers: int
    num_attention_heads: int
    num_key_value_heads: int  # grouped-query attention, as Llama 3 and Qwen use
    intermediate_size: int  # SwiGLU MLP width
    vocab_size: int  # target for BPE training; the model uses the trained tokenizer's real size
    max_position_embeddings: int  # longest sequence (tokens) the model is trained for


PRESETS: dict[str, ModelPreset] = {
    "micro": ModelPreset(48, 2, 4, 2, 96, 2000, 512),
    "tiny": ModelPreset(256, 4, 8, 4, 688, 8000, 8192),
    "small": ModelPreset(384, 10, 6, 2, 1024, 8000, 8192),
}


def preset(name: str) -> ModelPreset:
    if name not in PRESETS:
        raise InvalidInput([FieldProblem("preset", f"{name!r} is not one of: {', '.join(PRESETS)}")])
    return PRESETS[name]


def _padded(size: int, multiple: int = 64) -> int:
    """Embedding rows rounded up so matrix shapes stay friendly to the hardware."""
    return -(-size // multiple) * multiple


def build_model(shape: ModelPreset, tokenizer: Any, seed: int = 0) -> Any:
    """A randomly initialised Llama-architecture causal LM sized for ``tokenizer``."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    from fitcoach.ml.tokenizer import DOC_TOKEN, EOS_TOKEN

    eos_ids = [int(tokenizer.convert_tokens_to_ids(EOS_TOKEN)), int(tokenizer.convert_tokens_to_ids(DOC_TOKEN))]
    llama_config: Any = LlamaConfig  # rope settings are keyword arguments its stubs do not list
    config = llama_config(
        vocab_size=_padded(len(tokenizer)),
        hidden_size=shape.hidden_size,
        intermediate_size=shape.intermediate_size,
        num_hidden_layers=shape.num_hidden_layers,
        num_attention_heads=shape.num_attention_heads,
        num_key_value_heads=shape.num_key_value_heads,
        max_position_embeddings=shape.max_position_embeddings,
        rope_theta=10000.0,
        tie_word_embeddings=True,  # halves the parameters of small models, as Qwen's small models do
        pad_token_id=tokenizer.pad_token_id,
        bos_token_id=None,
        eos_token_id=eos_ids,
    )
    torch.manual_seed(seed)
    model = LlamaForCausalLM(config)
    model.generation_config.eos_token_id = eos_ids
    model.generation_config.pad_token_id = tokenizer.pad_token_id
    return model


def init_model(preset_name: str, out_dir: Path, corpus: Path | None = None, seed: int = 0) -> dict[str, Any]:
    """Train a tokenizer, build a fresh model and save both to ``out_dir``; returns a summary."""
    from fitcoach.ml.tokenizer import build_tokenizer

    shape = preset(preset_name)
    tokenizer = build_tokenizer(corpus, shape.vocab_size, model_max_length=shape.max_position_embeddings)
    model = build_model(shape, tokenizer, seed=seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    tokenizer.save_pretrained(out_dir)
    model.save_pretrained(out_dir)
    return {
        "preset": preset_name,
        "out": str(out_dir),
        "parameters": sum(p.numel() for p in model.parameters()),
        "vocab_size": len(tokenizer),
        "corpus": str(corpus) if corpus else None,
        **asdict(shape),
    }

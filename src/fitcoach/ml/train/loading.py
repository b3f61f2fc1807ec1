"""Loading a base model for training: full weights, LoRA, or QLoRA (4-bit NF4 via bitsandbytes).

The adapter itself is made by the TRL trainer from the ``peft_config`` returned here (the library's
own way); QLoRA only needs the base loaded quantised first.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Method = Literal["full", "lora", "qlora"]

DEFAULT_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


class LoraSettings(BaseModel):
    """LoRA adapter shape (PEFT LoraConfig names)."""

    model_config = ConfigDict(extra="forbid")

    r: int = Field(16, ge=1, description="Adapter rank.")
    alpha: int = Field(32, ge=1, description="Scaling numerator (lora_alpha); the update is scaled by alpha/r.")
    dropout: float = Field(0.05, ge=0, lt=1, description="Dropout on the adapter input.")
    bias: Literal["none", "all", "lora_only"] = Field("none", description="Which biases to train.")
    target_modules: list[str] = Field(default_factory=lambda: list(DEFAULT_TARGETS), description="Layers to adapt.")


class QuantSettings(BaseModel):
    """4-bit quantisation of the frozen base for QLoRA (bitsandbytes)."""

    model_config = ConfigDict(extra="forbid")

    quant_type: Literal["nf4", "fp4"] = Field("nf4", description="4-bit data type; NF4 as in the QLoRA paper.")
    double_quant: bool = Field(True, description="Quantise the quantisation constants too.")
    compute_dtype: Literal["auto", "bfloat16", "float16", "float32"] = Field(
        "auto", description="Matmul dtype; auto = bfloat16 on a GPU that has it, else float32."
    )


def _dtype(name: str) -> Any:
    import torch

    from fitcoach.ml.train.common import compute_dtype

    return compute_dtype() if name == "auto" else getattr(torch, name)


def load_tokenizer(base: str) -> Any:
    from transformers import AutoTokenizer

    from fitcoach.domain.errors import FieldProblem, InvalidInput

    try:
        tokenizer = AutoTokenizer.from_pretrained(base)
    except (OSError, ValueError) as exc:
        # Offline, a hub id that is not cached fails here: say which model and what to do.
        problem = f"cannot load {base!r} ({exc.__class__.__name__}); give a local model directory or a cached model id"
        raise InvalidInput([FieldProblem("base_model", problem)]) from None
    if tokenizer.pad_token is None:
        # Many base models ship without a pad token; padding is masked out of the loss anyway.
        tokenizer.pad_token = tokenizer.eos_token
    return tokenizer


def load_model(base: str, method: Method = "full", quant: QuantSettings | None = None) -> Any:
    """The base model in the training dtype; for QLoRA quantised to 4 bits and prepared for k-bit training."""
    from transformers import AutoModelForCausalLM

    from fitcoach.ml.train.common import compute_dtype

    if method != "qlora":
        return AutoModelForCausalLM.from_pretrained(base, dtype=compute_dtype())
    from peft import prepare_model_for_kbit_training
    from transformers import BitsAndBytesConfig

    q = quant or QuantSettings()
    quantization: Any = BitsAndBytesConfig  # untyped in transformers
    config = quantization(
        load_in_4bit=True,
        bnb_4bit_quant_type=q.quant_type,
        bnb_4bit_use_double_quant=q.double_quant,
        bnb_4bit_compute_dtype=_dtype(q.compute_dtype),
    )
    model = AutoModelForCausalLM.from_pretrained(base, quantization_config=config, dtype=_dtype(q.compute_dtype))
    keep_generic_cpu_path(model)
    prepare: Any = prepare_model_for_kbit_training  # untyped in PEFT
    return prepare(model, use_gradient_checkpointing=False)


BNB_CPU_BLOCK_N = 32  # bitsandbytes' packed CPU kernel takes output features in multiples of this


def keep_generic_cpu_path(model: Any) -> int:
    """Keep 4-bit layers whose shape the packed CPU kernel cannot take on bitsandbytes' generic path.

    On CPUs with AVX512-BF16, bitsandbytes 0.50 repacks a 4-bit weight for a faster kernel the first time a
    layer runs in eval mode without gradients. The repacking needs output features in multiples of 32 and
    input features in multiples of the quantisation block (64): a model with narrower layers (the micro
    preset, many small models) crashed in evaluation and generation. Returns how many layers were kept.
    """
    kept = 0
    for module in model.modules():
        if not getattr(module, "support_avx512bf16_for_cpu", False):
            continue
        state = getattr(module.weight, "quant_state", None)
        block = getattr(state, "blocksize", 64)
        if module.out_features % BNB_CPU_BLOCK_N or module.in_features % block:
            module.support_avx512bf16_for_cpu = False
            kept += 1
    return kept


def peft_config(method: Method, lora: LoraSettings) -> Any:
    """PEFT LoraConfig for lora/qlora; None for full fine-tuning."""
    if method == "full":
        return None
    from peft import LoraConfig

    return LoraConfig(
        r=lora.r,
        lora_alpha=lora.alpha,
        lora_dropout=lora.dropout,
        bias=lora.bias,
        target_modules=lora.target_modules,
        task_type="CAUSAL_LM",
    )

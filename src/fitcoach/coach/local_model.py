"""The local model backend: any transformers causal LM (plus an optional LoRA adapter) writing plans.

Prompts come from ``coach.prompts.plan_messages`` through the model's own chat template, so training
and inference read the same turns. Generation is batched (left padding, KV cache) and, by default,
constrained to the plan's decoding schema (``coach.decoding``) with an xgrammar logits processor
(``coach.grammar``): every token the model may pick keeps the output a prefix of a schema-valid JSON document.
Plans are decoded under each person's grammar (``coach.decoding.request_decoding_schema``): their number
of training days, the exercises they can safely do with their kit, their session length, intensity cap
and efforts, calorie range and safe protein share.
Heavy packages (torch, transformers, peft, xgrammar) load when a generator is built, never at import.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from fitcoach.coach.decoding import (
    DEFAULT_PLAN_TOKENS,
    DecodingLevel,
    check_options,
    parse_plan_text,
    request_decoding_schema,
    trained_level,
)
from fitcoach.coach.errors import GeneratorUnavailable
from fitcoach.coach.generator import GenerationResult
from fitcoach.coach.grammar import JsonGrammars, completion_length, row_grammars, stop_token_ids
from fitcoach.coach.prompts import Message, plan_messages
from fitcoach.domain.profile import UserProfile

Device = Literal["auto", "cpu", "cuda"]
Schemas = dict[str, Any] | list[dict[str, Any]] | None
DType = Literal["auto", "float32", "bfloat16", "float16"]


@dataclass(frozen=True)
class Decoded:
    """One completion: its text and token counts."""

    text: str
    prompt_tokens: int
    completion_tokens: int
    truncated: bool  # stopped at max_new_tokens instead of an end-of-sequence token


def _torch_dtype(dtype: DType, device: str) -> Any:
    import torch

    if dtype == "auto":
        # CPUs without bf16 hardware run bf16 11-30x slower (ml-notes): fp32 there.
        if device == "cuda":
            return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        return torch.float32
    return getattr(torch, dtype)


class ModelGenerator:
    """Plans (and free text) from a local transformers causal LM, optionally with a PEFT LoRA adapter."""

    name = "model"

    def __init__(
        self,
        model_path_or_id: str,
        adapter: str | None = None,
        *,
        device: Device = "auto",
        dtype: DType = "auto",
        constrained: bool = True,
        schema_level: DecodingLevel | Literal["auto"] = "auto",
        max_new_tokens: int = DEFAULT_PLAN_TOKENS,
        batch_size: int = 4,
    ) -> None:
        check_options(
            batch_size=batch_size,
            max_new_tokens=max_new_tokens,
            schema_level="full" if schema_level == "auto" else schema_level,
        )
        self.model_id = model_path_or_id
        self.adapter = adapter
        self.constrained = constrained
        self.max_new_tokens = max_new_tokens
        self.batch_size = batch_size
        self._grammars: JsonGrammars | None = None
        self._load(device, dtype)
        # "auto": the plan form the model was trained to write (the compact form, when its SFT stage said so).
        self.schema_level: DecodingLevel = trained_level(self.model.config) if schema_level == "auto" else schema_level

    # ------------------------------------------------------------ loading

    def _load(self, device: Device, dtype: DType) -> None:
        try:
            import torch
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError as exc:
            raise GeneratorUnavailable(
                f"the model backend needs the ml extra (pip install 'fitcoach[ml]'): {exc}"
            ) from None
        self.device = ("cuda" if torch.cuda.is_available() else "cpu") if device == "auto" else device
        if _looks_like_path(self.model_id) and not Path(self.model_id).expanduser().is_dir():
            raise GeneratorUnavailable(f"no model directory at {self.model_id!r} (FITCOACH_MODEL / --model)")
        if self.adapter and not Path(self.adapter).expanduser().is_dir():
            raise GeneratorUnavailable(f"no adapter directory at {self.adapter!r} (FITCOACH_ADAPTER / --adapter)")
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(self.model_id)
            model = AutoModelForCausalLM.from_pretrained(self.model_id, dtype=_torch_dtype(dtype, self.device))
        except (OSError, ValueError) as exc:
            raise GeneratorUnavailable(
                f"cannot load the model {self.model_id!r} (FITCOACH_MODEL / --model): {_first_line(exc)}"
            ) from None
        if self.adapter:
            try:
                from peft import PeftModel

                model = PeftModel.from_pretrained(model, self.adapter)  # type: ignore[assignment]
            except (OSError, ValueError) as exc:
                raise GeneratorUnavailable(
                    f"cannot load the adapter {self.adapter!r} (FITCOACH_ADAPTER / --adapter): {_first_line(exc)}"
                ) from None
        self.model: Any = model.to(self.device).eval()  # type: ignore[arg-type]
        self.tokenizer.padding_side = "left"  # batched decoding continues every row from its last real token
        if self.tokenizer.pad_token_id is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        if not self.tokenizer.chat_template:
            raise GeneratorUnavailable(f"the tokenizer of {self.model_id!r} has no chat template")
        self.stop_token_ids = stop_token_ids(self.model, self.tokenizer)

    def grammar(self, schema: dict[str, Any]) -> Any:
        """The compiled xgrammar grammar for a JSON Schema (compact separators, no free whitespace), cached."""
        if self._grammars is None:
            vocab_size = self.model.config.get_text_config().vocab_size
            self._grammars = JsonGrammars(self.tokenizer, vocab_size, self.stop_token_ids)
        return self._grammars.compile(schema)

    # ------------------------------------------------------------ generation

    def decode_batch(
        self, conversations: list[list[Message]], max_new_tokens: int, json_schema: Schemas = None
    ) -> list[Decoded]:
        """Complete conversations ``batch_size`` at a time, constrained to ``json_schema`` when given.

        One schema for every conversation, or a list with one per conversation (each person's grammar).
        """
        out: list[Decoded] = []
        for start in range(0, len(conversations), self.batch_size):
            end = start + self.batch_size
            schemas = json_schema[start:end] if isinstance(json_schema, list) else json_schema
            out += self._decode_chunk(conversations[start:end], max_new_tokens, schemas)
        return out

    def _decode_chunk(
        self, conversations: list[list[Message]], max_new_tokens: int, json_schema: Schemas
    ) -> list[Decoded]:
        """One left-padded batch through ``generate`` (greedy, KV cache)."""
        import torch
        from transformers import LogitsProcessorList

        prompts = [
            self.tokenizer.apply_chat_template(m, tokenize=False, add_generation_prompt=True) for m in conversations
        ]
        # The chat template already writes the BOS token where the model expects one.
        enc = self.tokenizer(prompts, return_tensors="pt", padding=True, add_special_tokens=False).to(self.device)
        processors = LogitsProcessorList()
        if json_schema is not None:
            grammars = (
                [self.grammar(s) for s in json_schema]
                if isinstance(json_schema, list)
                else [self.grammar(json_schema)] * len(conversations)
            )
            processors.append(row_grammars(grammars))  # one per generate() call
        with torch.inference_mode():
            out = self.model.generate(
                **enc,
                max_new_tokens=max_new_tokens,
                do_sample=False,
                use_cache=True,
                logits_processor=processors,
                pad_token_id=self.tokenizer.pad_token_id,
                eos_token_id=self.stop_token_ids,
            )
        new = out[:, enc["input_ids"].shape[1] :]
        results = []
        for row, tokens in enumerate(new.tolist()):
            length = completion_length(tokens, self.stop_token_ids)
            text = str(self.tokenizer.decode(tokens[:length], skip_special_tokens=True))
            ended = length < len(tokens) or (bool(tokens) and tokens[length - 1] in self.stop_token_ids)
            results.append(Decoded(text, int(enc["attention_mask"][row].sum()), length, truncated=not ended))
        return results

    def complete(
        self, messages: list[Message], max_new_tokens: int = 512, json_schema: dict[str, Any] | None = None
    ) -> str:
        """Free text (or JSON for ``json_schema``) for one conversation: used by chat and evaluation."""
        return self.decode_batch([messages], max_new_tokens, json_schema)[0].text

    def generate(self, profile: UserProfile) -> GenerationResult:
        return self.generate_many([profile])[0]

    def generate_many(self, profiles: list[UserProfile]) -> list[GenerationResult]:
        """Plans for several profiles, ``batch_size`` at a time, each under its person's grammar when constrained."""
        results: list[GenerationResult] = []
        for start in range(0, len(profiles), self.batch_size):
            chunk = profiles[start : start + self.batch_size]
            began = time.perf_counter()
            schemas = [request_decoding_schema(p, self.schema_level) for p in chunk] if self.constrained else None
            decoded = self.decode_batch([plan_messages(p) for p in chunk], self.max_new_tokens, schemas)
            seconds = time.perf_counter() - began
            for d in decoded:
                results.append(
                    GenerationResult(
                        plan=parse_plan_text(d.text),
                        backend=self.name,
                        raw_text=d.text,
                        seconds=seconds / len(chunk),  # the batch's time, shared by its plans
                        prompt_tokens=d.prompt_tokens,
                        completion_tokens=d.completion_tokens,
                        extra={"truncated": d.truncated, "constrained": self.constrained, "batch": len(chunk)},
                    )
                )
        return results


def _looks_like_path(name: str) -> bool:
    """Hugging Face ids are 'org/name'; anything absolute, relative-dotted or home-based is a directory."""
    return name.startswith(("/", ".", "~")) or name.count("/") > 1 or Path(name).exists()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__

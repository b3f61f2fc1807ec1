"""Log-likelihood scoring with a transformers causal LM: multiple-choice continuations and perplexity.

Follows lm-evaluation-harness's ``loglikelihood`` request: the pair (context, continuation) is encoded as a
whole and split where the context's own encoding ends, trailing spaces of the context move into the
continuation, and the score is the sum of the continuation tokens' log-probabilities. Requests run in
batches, longest first, right-padded. torch is imported inside the functions.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

DEFAULT_MAX_LENGTH = 1024  # tokens per forward pass; longer inputs keep their right end


class LoglikScorer(Protocol):
    """Anything that returns the summed log-likelihood of each continuation given its context."""

    def loglikelihood(self, requests: Sequence[tuple[str, str]]) -> list[float]: ...


def _prefix_token(tokenizer: Any) -> int:
    """The token an empty context stands for (BOS, else EOS), so the first real token is predicted too."""
    token = tokenizer.bos_token_id if tokenizer.bos_token_id is not None else tokenizer.eos_token_id
    if token is None:
        raise ValueError("the tokenizer has neither a BOS nor an EOS token to start an empty context")
    return int(token)


def encode_pair(tokenizer: Any, context: str, continuation: str) -> tuple[list[int], list[int]]:
    """Token ids of (context, continuation) split the harness's way."""
    spaces = len(context) - len(context.rstrip())
    if spaces:
        continuation = context[-spaces:] + continuation
        context = context[:-spaces]
    whole = tokenizer(context + continuation, add_special_tokens=False)["input_ids"]
    ctx = tokenizer(context, add_special_tokens=False)["input_ids"] if context else []
    cont = whole[len(ctx) :]
    if not cont:
        raise ValueError(f"continuation {continuation!r} encodes to no tokens")
    return (ctx or [_prefix_token(tokenizer)]), cont


def _max_length(model: Any) -> int:
    positions = getattr(model.config, "max_position_embeddings", None) or DEFAULT_MAX_LENGTH
    return int(min(positions, DEFAULT_MAX_LENGTH))


def _score_sequences(model: Any, sequences: Sequence[tuple[list[int], int]], batch_size: int) -> list[float]:
    """Sum of log-probs of the last ``n`` tokens of each (tokens, n), predicted from the tokens before them."""
    import torch

    order = sorted(range(len(sequences)), key=lambda i: -len(sequences[i][0]))
    out = [0.0] * len(sequences)
    device = next(model.parameters()).device
    for start in range(0, len(order), batch_size):
        chunk = order[start : start + batch_size]
        inputs = [sequences[i][0][:-1] for i in chunk]
        width = max(len(x) for x in inputs)
        ids = torch.zeros((len(chunk), width), dtype=torch.long)
        mask = torch.zeros((len(chunk), width), dtype=torch.long)
        for row, tokens in enumerate(inputs):
            ids[row, : len(tokens)] = torch.tensor(tokens)
            mask[row, : len(tokens)] = 1
        with torch.no_grad():
            logits = model(input_ids=ids.to(device), attention_mask=mask.to(device)).logits.float()  # (B, T, V)
        logprobs = torch.log_softmax(logits, dim=-1)
        for row, i in enumerate(chunk):
            tokens, n = sequences[i]
            end = len(tokens) - 1  # positions 0..end-1 predict tokens 1..end
            targets = torch.tensor(tokens[end - n + 1 :], device=device)  # the last n tokens
            picked = logprobs[row, end - n : end].gather(1, targets.unsqueeze(1))
            out[i] = float(picked.sum())
    return out


class TransformersScorer:
    """Log-likelihoods from a transformers causal LM and its tokenizer, in batches."""

    def __init__(self, model: Any, tokenizer: Any, batch_size: int = 8, max_length: int | None = None) -> None:
        self.model = model.eval()
        self.tokenizer = tokenizer
        self.batch_size = batch_size
        self.max_length = max_length or _max_length(model)

    def loglikelihood(self, requests: Sequence[tuple[str, str]]) -> list[float]:
        sequences = []
        for context, continuation in requests:
            ctx, cont = encode_pair(self.tokenizer, context, continuation)
            tokens = (ctx + cont)[-(self.max_length + 1) :]  # keep the continuation, drop the oldest context
            sequences.append((tokens, min(len(cont), len(tokens) - 1)))
        return _score_sequences(self.model, sequences, self.batch_size)

    def perplexity(self, texts: Sequence[str]) -> Perplexity:
        """Token perplexity and bits per byte over texts, in disjoint windows of ``max_length`` tokens."""
        windows: list[tuple[list[int], int]] = []
        n_bytes = 0
        for text in texts:
            tokens = [_prefix_token(self.tokenizer), *self.tokenizer(text, add_special_tokens=False)["input_ids"]]
            n_bytes += len(text.encode("utf-8"))
            for start in range(0, len(tokens) - 1, self.max_length):
                window = tokens[start : start + self.max_length + 1]
                windows.append((window, len(window) - 1))
        total = _score_sequences(self.model, windows, self.batch_size)
        return Perplexity.from_totals(-sum(total), sum(n for _, n in windows), n_bytes)


@dataclass(frozen=True)
class Perplexity:
    nll: float  # nats, summed over predicted tokens
    tokens: int
    bytes: int

    @classmethod
    def from_totals(cls, nll: float, tokens: int, n_bytes: int) -> Perplexity:
        return cls(nll=nll, tokens=tokens, bytes=n_bytes)

    @property
    def token_perplexity(self) -> float:
        return math.exp(self.nll / self.tokens) if self.tokens else float("nan")

    @property
    def bits_per_byte(self) -> float:
        """Tokenizer-independent: models with different vocabularies compare on this."""
        return self.nll / (self.bytes * math.log(2)) if self.bytes else float("nan")


def load_model(path: str | Path, device: str | None = None) -> tuple[Any, Any]:
    """A causal LM and its tokenizer from a local directory (a LoRA adapter directory loads its base too)."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    folder = Path(path)
    if not folder.is_dir():
        from fitcoach.domain.errors import FieldProblem, InvalidInput

        raise InvalidInput([FieldProblem("--model", f"no such model directory: {path}")])
    target = device or ("cuda" if torch.cuda.is_available() else "cpu")
    if (folder / "adapter_config.json").is_file():
        from peft import AutoPeftModelForCausalLM

        model = AutoPeftModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32)
    else:
        model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=torch.float32)
    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    return model.to(target).eval(), tokenizer

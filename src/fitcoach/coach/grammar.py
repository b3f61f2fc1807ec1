"""JSON-Schema grammars for a tokenizer (xgrammar), and a logits processor that applies one per batch row.

``JsonGrammars`` compiles a schema once per tokenizer and keeps the result: a person's week grammar is
compiled for every plan the model writes under it, in evaluation, in the app and in RL rollouts.
``RowGrammars`` masks each row of a ``generate`` batch with that row's grammar, and leaves a row whose
grammar is ``None`` free: RL can then sample some completions of a group under the person's grammar
and the rest as the model pleases, in one batch (``fitcoach.ml.train.guided``).
xgrammar and transformers load when these are built, never at import.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

GRAMMAR_CACHE = 64  # compiled grammars kept (a plan grammar compiles in about 0.1 s)


def stop_token_ids(model: Any, tokenizer: Any) -> list[int]:
    """The tokens that end a completion: the model's generation config's, then the tokenizer's, once each."""
    ids: list[int] = []
    for source in (model.generation_config.eos_token_id, tokenizer.eos_token_id):
        if isinstance(source, int):
            ids.append(source)
        elif isinstance(source, list):
            ids.extend(source)
    return list(dict.fromkeys(ids))


def completion_length(tokens: Sequence[int], stops: Sequence[int] | set[int]) -> int:
    """Tokens a completion keeps: up to and with its first stop token, or all of them when none came."""
    return next((i + 1 for i, token in enumerate(tokens) if token in stops), len(tokens))


class JsonGrammars:
    """Compiled xgrammar grammars for JSON Schemas (compact separators, no free whitespace), cached."""

    def __init__(self, tokenizer: Any, vocab_size: int, stop_token_ids: Sequence[int]) -> None:
        import xgrammar as xgr

        info = xgr.TokenizerInfo.from_huggingface(tokenizer, vocab_size=vocab_size, stop_token_ids=list(stop_token_ids))
        self._compiler = xgr.GrammarCompiler(info)
        self._cache: dict[str, Any] = {}

    def compile(self, schema: dict[str, Any]) -> Any:
        key = json.dumps(schema, sort_keys=True)
        if len(self._cache) >= GRAMMAR_CACHE and key not in self._cache:
            self._cache.clear()  # per-person grammars: keep the cache from growing without end
        if key not in self._cache:
            # Without any_whitespace=False a weak model pads the JSON with whitespace (ml-notes).
            self._cache[key] = self._compiler.compile_json_schema(schema, any_whitespace=False, separators=(",", ":"))
        return self._cache[key]


def row_grammars(grammars: Sequence[Any | None]) -> Any:
    """A logits processor for one ``generate`` call: row i follows ``grammars[i]``, or is free where it is None."""
    import torch
    import xgrammar as xgr
    from transformers import LogitsProcessor

    chosen = {i: g for i, g in enumerate(grammars) if g is not None}
    rows = list(chosen)
    if not rows:
        raise ValueError("row_grammars needs a grammar for at least one row; generate without it instead")

    class RowGrammars(LogitsProcessor):
        # Like xgrammar's own transformers processor, which needs a grammar for every row; used once per call.
        def __init__(self) -> None:
            self.matchers = {i: xgr.GrammarMatcher(g) for i, g in chosen.items()}
            self.bitmask = xgr.allocate_token_bitmask(len(rows), chosen[rows[0]].tokenizer_info.vocab_size)
            self.started = False

        def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor) -> torch.FloatTensor:
            if input_ids.shape[0] != len(grammars):
                raise RuntimeError(f"{len(grammars)} grammars for a batch of {input_ids.shape[0]} rows")
            for slot, row in enumerate(rows):
                matcher = self.matchers[row]
                accepted = matcher.is_terminated() or not self.started or matcher.accept_token(int(input_ids[row, -1]))
                if not accepted:
                    raise RuntimeError(f"row {row} sampled a token its grammar refuses")
                if not matcher.is_terminated():
                    matcher.fill_next_token_bitmask(self.bitmask, slot)
            self.started = True
            device = scores.device if scores.device.type == "cuda" else torch.device("cpu")  # xgrammar: CUDA or CPU
            if len(rows) == len(grammars):  # every row constrained (plan generation): mask in place, no copies
                masked = scores.to(device)
                xgr.apply_token_bitmask_inplace(masked, self.bitmask.to(device))
                return masked.to(scores.device)  # type: ignore[return-value]
            constrained = scores[rows].to(device)
            xgr.apply_token_bitmask_inplace(constrained, self.bitmask.to(device))
            scores[rows] = constrained.to(scores.device)
            return scores

    return RowGrammars()

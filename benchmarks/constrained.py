"""Constrained decoding: xgrammar against llguidance on a small local model, validity and cost per token.

    python benchmarks/constrained.py                   # tiny preset (about 5M parameters), a table
    python benchmarks/constrained.py --preset micro    # the CI-sized model, quicker
    python benchmarks/constrained.py --json            # the same figures as one JSON object

The model is random (built locally, no downloads), so it writes what the grammar allows and nothing
more: a fair test of the grammar machinery, not of plan quality. Measured per library:
- valid: completions of a small nested schema (enum, integer bounds, bounded list of objects, bounded
  strings) that finish within the token budget and pass pydantic validation (an independent check);
- plans accepted: engine plans (what a trained model writes) the compiled plan grammar accepts;
- grammar ms/token: time spent inside the logits processor per generated token with the plan grammar
  (measured directly, so it does not drown in the noise of a shared machine); ms/token of the whole
  generation and its difference from unconstrained decoding (HF generate, greedy, batch 1, KV cache);
  compile time of the plan grammar.
llguidance is optional (``pip install llguidance``); its torch helper is torch.compiled, so this script
unpacks the bitmask itself.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from rich.console import Console
from rich.table import Table

from tiny_model import model_dir, quiet_transformers, sample_profiles


class _Exercise(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(max_length=24)
    sets: int = Field(ge=1, le=5)


class Reply(BaseModel):
    model_config = ConfigDict(extra="forbid")
    intensity: Literal["light", "moderate", "vigorous"]
    minutes: int = Field(ge=10, le=90)
    exercises: list[_Exercise] = Field(min_length=1, max_length=3)
    note: str = Field(max_length=40)


Factory = Callable[[], Any]  # a fresh logits processor per generate() call


def xgrammar_backend(
    tokenizer: Any, vocab: int, stops: list[int], schema: dict[str, Any]
) -> tuple[Factory, float, Any]:
    import xgrammar as xgr

    info = xgr.TokenizerInfo.from_huggingface(tokenizer, vocab_size=vocab, stop_token_ids=stops)
    compiler = xgr.GrammarCompiler(info, cache_enabled=False)
    began = time.perf_counter()
    grammar = compiler.compile_json_schema(schema, any_whitespace=False, separators=(",", ":"))
    compile_ms = (time.perf_counter() - began) * 1000

    def accepts(text: str) -> bool:
        matcher = xgr.GrammarMatcher(grammar)
        return bool(matcher.accept_string(text) and matcher.is_completed())

    return (lambda: xgr.contrib.hf.LogitsProcessor(grammar)), compile_ms, accepts


class LLGuidanceProcessor:
    """A transformers logits processor over llguidance matchers, one per batch row."""

    def __init__(self, lltokenizer: Any, grammar: str, vocab: int, stops: list[int]) -> None:
        self.lltokenizer, self.grammar, self.vocab, self.stops = lltokenizer, grammar, vocab, stops
        self.matchers: list[Any] = []

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        import llguidance
        import llguidance.torch
        import torch

        if not self.matchers:
            self.matchers = [llguidance.LLMatcher(self.lltokenizer, self.grammar) for _ in range(input_ids.shape[0])]
            self.bitmask = llguidance.torch.allocate_token_bitmask(input_ids.shape[0], self.vocab)
            self.shifts = torch.arange(32, dtype=torch.int32)
        else:
            for row, matcher in enumerate(self.matchers):
                if not matcher.is_stopped():
                    matcher.consume_token(int(input_ids[row, -1]))
        for row, matcher in enumerate(self.matchers):
            if not matcher.is_stopped():
                llguidance.torch.fill_next_token_bitmask(matcher, self.bitmask, row)
            else:  # the grammar is complete: only an end-of-sequence token may follow
                self.bitmask[row] = 0
                for token in self.stops:
                    self.bitmask[row, token // 32] |= 1 << (token % 32)
        # (B, W) int32 words -> (B, W * 32) allowed flags, bit i of word w is token 32 w + i
        allowed = ((self.bitmask.unsqueeze(-1) >> self.shifts) & 1).view(self.bitmask.shape[0], -1)
        return scores.masked_fill(allowed[:, : scores.shape[1]] == 0, float("-inf"))


def llguidance_backend(
    tokenizer: Any, vocab: int, stops: list[int], schema: dict[str, Any]
) -> tuple[Factory, float, Any]:
    import llguidance
    import llguidance.hf

    lltokenizer = llguidance.hf.from_tokenizer(tokenizer, n_vocab=vocab, eos_token=stops)
    began = time.perf_counter()
    options: Any = {"whitespace_flexible": False, "item_separator": ",", "key_separator": ":"}
    grammar = llguidance.LLMatcher.grammar_from_json_schema(schema, overrides=options)
    llguidance.LLMatcher(lltokenizer, grammar)  # building the first matcher compiles the grammar
    compile_ms = (time.perf_counter() - began) * 1000

    def accepts(text: str) -> bool:
        matcher = llguidance.LLMatcher(lltokenizer, grammar)
        ok = matcher.consume_tokens(tokenizer.encode(text, add_special_tokens=False))
        return bool(ok and matcher.is_accepting() and not matcher.is_error())

    return (lambda: LLGuidanceProcessor(lltokenizer, grammar, vocab, stops)), compile_ms, accepts


class Timed:
    """Wraps a logits processor and adds up the time spent in it: the grammar's cost, measured directly."""

    seconds = 0.0
    calls = 0

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        began = time.perf_counter()
        out = self.inner(input_ids, scores)
        Timed.seconds += time.perf_counter() - began
        Timed.calls += 1
        return out

    @classmethod
    def reset(cls) -> None:
        cls.seconds, cls.calls = 0.0, 0


def run(gen: Any, prompts: list[str], factory: Factory | None, budget: int) -> tuple[list[str], int, float]:
    """Greedy batch-1 generation of each prompt: texts, generated tokens, seconds."""
    import torch
    from transformers import LogitsProcessorList

    texts, tokens, seconds = [], 0, 0.0
    for prompt in prompts:
        enc = gen.tokenizer(prompt, return_tensors="pt", add_special_tokens=False)
        processors = LogitsProcessorList([Timed(factory())] if factory else [])
        fixed = {} if factory else {"min_new_tokens": budget}  # unconstrained: time the full budget
        began = time.perf_counter()
        with torch.inference_mode():
            out = gen.model.generate(
                **enc,
                max_new_tokens=budget,
                do_sample=False,
                logits_processor=processors,
                pad_token_id=gen.tokenizer.pad_token_id,
                eos_token_id=gen.stop_token_ids,
                **fixed,
            )
        seconds += time.perf_counter() - began
        new = out[0, enc["input_ids"].shape[1] :].tolist()
        tokens += len(new)
        texts.append(gen.tokenizer.decode(new, skip_special_tokens=True))
    return texts, tokens, seconds


def _valid(text: str) -> bool:
    try:
        Reply.model_validate_json(text)
    except ValidationError:
        return False
    return True


def measure(args: argparse.Namespace) -> dict[str, Any]:
    import torch

    from fitcoach.coach.decoding import plan_decoding_schema
    from fitcoach.coach.local_model import ModelGenerator
    from fitcoach.coach.prompts import compact_json, plan_messages
    from fitcoach.domain.planner import build_plan

    torch.set_num_threads(args.threads)
    quiet_transformers()
    gen = ModelGenerator(str(model_dir(args.preset)), device="cpu")
    vocab = gen.model.config.vocab_size
    profiles = sample_profiles(max(args.runs, args.plans))

    def chat(messages: list[dict[str, str]]) -> str:
        return str(gen.tokenizer.apply_chat_template(messages, tokenize=False, add_generation_prompt=True))

    plan_prompts = [chat(plan_messages(p)) for p in profiles[: args.runs]]
    topics = ["squats", "rest", "protein", "knees", "running", "stretching", "sleep", "deadlifts"]
    small_prompts = [
        chat([{"role": "user", "content": f"Plan a short {topics[i % 8]} session as JSON."}]) for i in range(args.runs)
    ]
    engine_texts = [compact_json(build_plan(p, seed=i)) for i, p in enumerate(profiles[: args.plans])]
    _, base_tokens, base_s = run(gen, plan_prompts, None, args.plan_tokens)
    base_ms = base_s / base_tokens * 1000
    rows: dict[str, Any] = {"unconstrained": {"plan_ms_per_token": round(base_ms, 3)}}
    backends = {"xgrammar": xgrammar_backend, "llguidance": llguidance_backend}
    for name, backend in backends.items():
        try:
            plan_factory, compile_ms, plan_accepts = backend(
                gen.tokenizer, vocab, gen.stop_token_ids, plan_decoding_schema("full")
            )
            small_factory, _, _ = backend(gen.tokenizer, vocab, gen.stop_token_ids, Reply.model_json_schema())
        except ImportError as exc:
            rows[name] = {"skipped": f"not installed ({exc.name})"}
            continue
        small_texts, small_tokens, small_s = run(gen, small_prompts, small_factory, args.small_tokens)
        Timed.reset()
        _, plan_tokens, plan_s = run(gen, plan_prompts, plan_factory, args.plan_tokens)
        mask_ms = Timed.seconds / Timed.calls * 1000
        plan_ms = plan_s / plan_tokens * 1000
        rows[name] = {
            "valid": sum(_valid(t) for t in small_texts),
            "runs": len(small_texts),
            "plans_accepted": sum(plan_accepts(t) for t in engine_texts),
            "plans": len(engine_texts),
            "compile_ms": round(compile_ms, 1),
            "plan_ms_per_token": round(plan_ms, 3),
            "plan_overhead_ms_per_token": round(plan_ms - base_ms, 3),
            "mask_ms_per_token": round(mask_ms, 3),
            "small_ms_per_token": round(small_s / small_tokens * 1000, 3),
        }
    return {
        "preset": args.preset,
        "parameters": sum(p.numel() for p in gen.model.parameters()),
        "vocab": vocab,
        "plan_tokens": args.plan_tokens,
        "threads": torch.get_num_threads(),
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="tiny", help="model preset of fitcoach.ml.model (micro, tiny, small)")
    parser.add_argument("--runs", type=int, default=6, help="prompts per measurement")
    parser.add_argument("--plans", type=int, default=20, help="engine plans to test each grammar on")
    parser.add_argument("--plan-tokens", type=int, default=192, help="tokens per plan generation")
    parser.add_argument("--small-tokens", type=int, default=160, help="token budget for the small schema")
    parser.add_argument("--threads", type=int, default=1, help="torch CPU threads (1: steady on a shared machine)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = measure(args)
    if args.json:
        print(json.dumps(result, indent=2))
        return
    table = Table(
        title=f"Constrained decoding, {result['preset']} model ({result['parameters']:,} parameters, "
        f"vocabulary {result['vocab']:,}), greedy, batch 1, {result['threads']} thread(s)"
    )
    columns = (
        "library",
        "valid (small schema)",
        "engine plans accepted",
        "compile ms (plan)",
        "grammar ms/token",
        "ms/token (plan)",
        "vs free",
    )
    for column in columns:
        table.add_column(column, justify="right" if column != "library" else "left")
    for name, row in result["rows"].items():
        if "skipped" in row:
            table.add_row(name, row["skipped"], *[""] * 5)
        elif name == "unconstrained":
            table.add_row(name, "-", "-", "-", "0", f"{row['plan_ms_per_token']:.2f}", "-")
        else:
            table.add_row(
                name,
                f"{row['valid']}/{row['runs']}",
                f"{row['plans_accepted']}/{row['plans']}",
                f"{row['compile_ms']:.0f}",
                f"{row['mask_ms_per_token']:.2f}",
                f"{row['plan_ms_per_token']:.2f}",
                f"{row['plan_overhead_ms_per_token']:+.2f}",
            )
    Console().print(table)


if __name__ == "__main__":
    main()

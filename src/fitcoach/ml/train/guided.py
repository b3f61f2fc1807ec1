"""Guided rollouts: in each RL group, some completions are sampled under the person's grammar.

Unconstrained, the tiny model's sampled weeks are rarely schema-valid and almost never clean (0-5% in
the sixth run), so the rewards of a group rarely tell its completions apart, and the few that differ
say little about what a clean week looks like. Here the first ``guided_per_group`` completions of
every group are sampled from the same model under the person's grammar
(``coach.decoding.request_decoding_schema``: their number of days, safe exercises for their kit, their
minutes, intensity cap, calorie range), and the rest freely, in one ``generate`` batch.
The trainer scores and trains on all of them alike: where a guided week beats the free ones its
tokens are pushed up, and the free weeks' mistakes (a wrong number of days, a move the person cannot
do) are pushed down against it. That is off-policy guidance inside the group, in the spirit of
LUFFY (Yan et al., 2025): the loss is TRL's, the guided tokens are the model's own choices inside the
grammar, and the free completions keep it honest about what the model writes alone.

It plugs into TRL's ``GRPOTrainer`` through ``rollout_func``; prompts without a profile (reasoning) and
``guided_per_group: 0`` sample freely, as TRL would. The extra column ``guided`` reaches the rewards,
and ``DynamicSamplingGRPOTrainer`` logs the mean reward of free and guided completions apart.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from fitcoach.coach.grammar import JsonGrammars, completion_length, row_grammars, stop_token_ids

GUIDED = "guided"  # the column that marks a guided completion, passed to the rewards


def _content(prompt: Any) -> str:
    """The last user turn of a conversational prompt (what identifies it), or the prompt itself."""
    if isinstance(prompt, list) and prompt and isinstance(prompt[-1], dict):
        return str(prompt[-1].get("content", ""))
    return str(prompt)


def person_schema(row: dict[str, Any], level: str) -> dict[str, Any] | None:
    """The person's grammar for an RL prompt row: their week, or the day asked for; None for other tasks."""
    from fitcoach.coach.decoding import request_day_schema, request_decoding_schema
    from fitcoach.domain.profile import UserProfile

    if not row.get("profile") or row.get("task") not in ("plan", "day_plan"):
        return None
    profile = UserProfile.model_validate(json.loads(row["profile"]))
    if row["task"] == "plan":
        return request_decoding_schema(profile, level)  # type: ignore[arg-type]
    return request_day_schema(profile, row["day"], row["focus"], level)  # type: ignore[arg-type]


class GuidedRollouts:
    """A TRL ``rollout_func``: per group, ``per_group`` completions under the person's grammar, the rest free."""

    def __init__(self, rows: Sequence[dict[str, Any]], tokenizer: Any, model: Any, per_group: int, level: str):
        self.per_group = per_group
        self.level = level
        self._rows = {_content(row["prompt"]): row for row in rows}
        config = model.config.get_text_config()
        self._grammars = JsonGrammars(tokenizer, config.vocab_size, stop_token_ids(model, tokenizer))

    def schemas(self, prompts: Sequence[Any], group_size: int) -> list[dict[str, Any] | None]:
        """Per completion: the grammar it is sampled under, or None (free)."""
        if len(prompts) % group_size:
            raise ValueError(f"{len(prompts)} rollouts do not split into groups of {group_size}")
        out: list[dict[str, Any] | None] = []
        for start in range(0, len(prompts), group_size):
            group = [_content(p) for p in prompts[start : start + group_size]]
            if len(set(group)) != 1:
                raise ValueError("guided rollouts expect each prompt repeated for its whole group, in a row")
            row = self._rows.get(group[0])
            schema = person_schema(row, self.level) if row is not None and self.per_group else None
            out += [schema if j < self.per_group else None for j in range(group_size)]
        return out

    def __call__(self, prompts: list[Any], trainer: Any) -> dict[str, Any]:
        import torch
        from transformers import LogitsProcessorList
        from trl.models.utils import unwrap_model_for_generation
        from trl.trainer.utils import pad

        tokenizer = trainer.processing_class
        schemas = self.schemas(prompts, trainer.num_generations)
        prompt_ids = tokenizer.apply_chat_template(
            conversation=prompts, add_generation_prompt=True, tokenize=True, return_dict=True
        )["input_ids"]
        rows = [torch.tensor(ids) for ids in prompt_ids]
        inputs = {
            "input_ids": pad(rows, padding_value=tokenizer.pad_token_id, padding_side="left"),
            "attention_mask": pad([torch.ones_like(r) for r in rows], padding_value=0, padding_side="left"),
        }
        inputs = {k: v.to(trainer.accelerator.device) for k, v in inputs.items()}
        compiled = {id(s): self._grammars.compile(s) for s in schemas if s is not None}  # once per group
        grammars = [compiled[id(s)] if s is not None else None for s in schemas]
        processors = LogitsProcessorList([row_grammars(grammars)] if any(g is not None for g in grammars) else [])
        with (
            unwrap_model_for_generation(trainer.model_wrapped, trainer.accelerator) as model,
            torch.no_grad(),
        ):
            out = model.generate(**inputs, generation_config=trainer.generation_config, logits_processor=processors)
        stops = set(trainer.eos_token_ids)
        # Up to and with the first end token, as TRL keeps them.
        completions = [
            tokens[: completion_length(tokens, stops)] for tokens in out[:, inputs["input_ids"].shape[1] :].tolist()
        ]
        return {
            "prompt_ids": [list(ids) for ids in prompt_ids],
            "completion_ids": completions,
            "logprobs": None,
            GUIDED: [s is not None for s in schemas],
        }

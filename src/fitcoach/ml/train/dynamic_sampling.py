"""DAPO's dynamic sampling on top of TRL's GRPOTrainer (TRL 1.16 only logs ``frac_reward_zero_std``).

A group whose completions all earned the same reward has zero advantage: it costs compute and
teaches nothing. After TRL generates and scores a batch, groups with zero reward spread are dropped
and replaced by groups drawn from fresh prompts until the batch is full of informative groups or the
round limit is hit (then the remaining uninformative groups stay: they add nothing to the gradient).
The batch keeps its size, so TRL's buffering and splitting work unchanged. Every process draws the
same number of new groups each round, because TRL gathers rewards across processes.

Logged per generation step: ``dynamic_sampling/filtered_groups`` (zero-spread groups found first),
``dynamic_sampling/resampled_groups`` (replaced), ``dynamic_sampling/unfilled_groups`` (left in)
and ``dynamic_sampling/rounds``.
"""

from __future__ import annotations

import random
from typing import Any, cast

import torch
from trl.trainer.grpo_trainer import GRPOTrainer
from trl.trainer.utils import nanstd, pad

from fitcoach.ml.train.guided import GUIDED

# Tensors TRL returns per completion row; prompts are padded on the left, completions on the right.
LEFT_PADDED = ("prompt_ids", "prompt_mask")
RIGHT_PADDED = (
    "completion_ids",
    "completion_mask",
    "old_per_token_logps",
    "sampling_per_token_logps",
    "ref_per_token_logps",
    "importance_sampling_ratio",
)
ROW_KEYS = (*LEFT_PADDED, *RIGHT_PADDED, "advantages")


def weighted_rewards(rewards_per_func: torch.Tensor, weights: torch.Tensor) -> torch.Tensor:
    """(B,) the total reward of each completion: its reward functions' values times their weights."""
    return (rewards_per_func * weights.to(rewards_per_func.device).unsqueeze(0)).nansum(dim=1)


def informative_groups(rewards_per_func: torch.Tensor, weights: torch.Tensor, group_size: int) -> torch.Tensor:
    """(num_groups,) bool: True where the weighted rewards of a group are not all equal."""
    rewards = weighted_rewards(rewards_per_func, weights)  # (B,)
    spread = nanstd(rewards.view(-1, group_size), dim=1)  # (B / G,)
    return ~torch.isclose(spread, torch.zeros_like(spread))


def _rows(batch: dict[str, Any], key: str, index: list[int]) -> list[torch.Tensor]:
    return [batch[key][i] for i in index]


def merge_groups(
    batch: dict[str, Any], keep: list[int], extra: dict[str, Any], take: list[int], group_size: int, pad_id: int
) -> dict[str, Any]:
    """Rows of groups ``keep`` from ``batch`` followed by groups ``take`` from ``extra``, re-padded."""
    unknown = {k for k, v in batch.items() if isinstance(v, torch.Tensor) and k not in ROW_KEYS} - {
        "num_items_in_batch"
    }
    if unknown:
        raise ValueError(f"dynamic sampling supports text-only rollouts; unexpected batch fields {sorted(unknown)}")

    def rows_of(groups: list[int]) -> list[int]:
        return [g * group_size + j for g in groups for j in range(group_size)]

    mine, theirs = rows_of(keep), rows_of(take)
    merged: dict[str, Any] = dict(batch)
    for key in ROW_KEYS:
        if batch.get(key) is None:
            continue
        rows = _rows(batch, key, mine) + _rows(extra, key, theirs)
        if rows[0].dim() == 0:
            merged[key] = torch.stack(rows)
            continue
        value = pad_id if key in ("prompt_ids", "completion_ids") else 0
        side = "left" if key in LEFT_PADDED else "right"
        merged[key] = pad(rows, padding_value=value, padding_side=side)
    return merged


class DynamicSamplingGRPOTrainer(GRPOTrainer):
    """GRPOTrainer that refills zero-spread groups with fresh prompts (DAPO's dynamic sampling)."""

    def __init__(self, *args: Any, max_resample_rounds: int = 3, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_resample_rounds = max_resample_rounds
        self.group_size: int = cast(int, self.num_generations)  # set by GRPOTrainer for training
        self._resample_rng = random.Random(self.args.seed + self.accelerator.process_index)
        self._last_rewards_per_func: torch.Tensor | None = None

    def _calculate_rewards(self, inputs: list[dict[str, Any]], *args: Any, **kwargs: Any) -> torch.Tensor:
        rewards: torch.Tensor = super()._calculate_rewards(inputs, *args, **kwargs)
        self._last_rewards_per_func = rewards  # gathered over processes, in global row order
        if any(GUIDED in row for row in inputs):
            self._log_guided(inputs)
        return rewards

    def _local_rewards(self, num_rows: int) -> torch.Tensor:
        """This process's rows of the last gathered rewards (they are a slice of the global row order)."""
        assert self._last_rewards_per_func is not None
        start = self.accelerator.process_index * num_rows
        return self._last_rewards_per_func[start : start + num_rows]

    def _log_guided(self, inputs: list[dict[str, Any]]) -> None:
        """Mean weighted reward of this process's free and guided completions (``guided.py``), apart."""
        totals = weighted_rewards(self._local_rewards(len(inputs)), self.reward_weights)
        guided = torch.tensor([bool(row.get(GUIDED)) for row in inputs], device=totals.device)
        metrics = self._metrics["train" if self.model.training else "eval"]  # type: ignore[union-attr]
        for name, rows in (("free", ~guided), ("guided", guided)):
            if rows.any():
                metrics[f"guided/reward_{name}"].append(float(totals[rows].mean()))

    def _local_informative(self, num_rows: int) -> torch.Tensor:
        """Per local group: has reward spread (the local rows are a slice of the gathered rewards)."""
        return informative_groups(self._local_rewards(num_rows), self.reward_weights, self.group_size)

    def _draw_groups(self, count: int) -> list[dict[str, Any]]:
        """``count`` fresh prompts from the training set, each repeated for a full group."""
        dataset: Any = self.train_dataset
        picks = [self._resample_rng.randrange(len(dataset)) for _ in range(count)]
        return [dict(dataset[i]) for i in picks for _ in range(self.group_size)]

    def _max_over_processes(self, value: int) -> int:
        gathered = self.accelerator.gather(torch.tensor([value], device=self.accelerator.device))
        return int(gathered.max().item())

    def _generate_and_score_completions(self, inputs: list[dict[str, Any]]) -> dict[str, Any]:
        batch: dict[str, Any] = super()._generate_and_score_completions(inputs)
        model: Any = self.model
        if not model.training or self.max_resample_rounds == 0:
            return batch
        group_size = self.group_size
        good = self._local_informative(len(inputs)).tolist()
        filtered = good.count(False)
        rounds = resampled = 0
        while rounds < self.max_resample_rounds:
            missing = self._max_over_processes(good.count(False))
            if missing == 0:
                break
            rounds += 1
            fresh = self._draw_groups(missing)
            extra = super()._generate_and_score_completions(fresh)
            extra_good = [g for g, ok in enumerate(self._local_informative(len(fresh)).tolist()) if ok]
            bad = [g for g, ok in enumerate(good) if not ok]
            take = extra_good[: len(bad)]
            if take:
                keep = [g for g, ok in enumerate(good) if ok] + bad[len(take) :]
                batch = merge_groups(batch, keep, extra, take, group_size, self._tokenizer.pad_token_id)
                good = [True] * good.count(True) + [False] * (len(bad) - len(take)) + [True] * len(take)
                resampled += len(take)
        if rounds:
            mask = batch["completion_mask"]
            batch["num_items_in_batch"] = self.accelerator.gather(mask.sum()).sum()
        metrics = self._metrics["train"]
        metrics["dynamic_sampling/filtered_groups"].append(float(filtered))
        metrics["dynamic_sampling/resampled_groups"].append(float(resampled))
        metrics["dynamic_sampling/unfilled_groups"].append(float(good.count(False)))
        metrics["dynamic_sampling/rounds"].append(float(rounds))
        return batch

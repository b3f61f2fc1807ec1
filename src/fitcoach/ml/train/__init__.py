"""Training stages ``cpt``, ``sft`` and ``rl``, recipes, and ``run_recipe`` that chains them.

Importing this package is cheap: torch, transformers, TRL and PEFT load only when a stage runs.
"""

from fitcoach.ml.train.pipeline import run_recipe
from fitcoach.ml.train.recipes import Recipe, load_recipe

__all__ = ["Recipe", "load_recipe", "run_recipe"]

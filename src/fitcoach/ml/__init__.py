"""Machine-learning layer: data building, training, evaluation (heavy imports stay inside functions)."""

"""Evaluation: plan metrics (the original ones and the verifier's), exams, red-team safety, general ability.

``metrics`` and ``safety`` import only core dependencies (the chat calls ``safety.score_response``);
torch, transformers and matplotlib are imported inside the functions that need them.
"""

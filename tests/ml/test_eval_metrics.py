"""Evaluation metrics against hand-computed values and against rouge_score called directly."""

from __future__ import annotations

import json
import random

import pytest
from rouge_score import rouge_scorer

from fitcoach.ml.eval import metrics

FULL = json.dumps(
    {
        "workout_plan": {"name": "n", "overview": "o", "weekly_schedule": [], "progression_plan": {}},
        "nutrition_suggestions": {},
        "adaptive_recommendations": {},
    }
)
NO_SUBKEYS = json.dumps({"workout_plan": {"name": "n"}, "nutrition_suggestions": {}, "adaptive_recommendations": {}})
TWO_TOP = json.dumps({"workout_plan": {"name": "n", "overview": "o", "weekly_schedule": [], "progression_plan": {}}})
BROKEN = '{"workout_plan": {"name": '
LIST = "[1, 2, 3]"


def test_format_rates_on_crafted_strings() -> None:
    texts = [FULL, NO_SUBKEYS, TWO_TOP, BROKEN, LIST]
    assert metrics.json_validity_rate(texts) == pytest.approx(4 / 5)
    assert metrics.top_level_keys_rate(texts) == pytest.approx(2 / 5)  # FULL, NO_SUBKEYS
    assert metrics.workout_plan_keys_rate(texts) == pytest.approx(2 / 5)  # FULL, TWO_TOP
    assert metrics.plan_format(BROKEN) == metrics.PlanFormat(False, False, False, None)
    assert metrics.json_validity_rate([]) == 0.0


def _reference_rouge(pred: str, ref: str) -> dict[str, float]:
    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=False)
    return {k: v.fmeasure for k, v in scorer.score(ref, pred).items()}


@pytest.mark.parametrize(
    ("pred", "ref"),
    [
        ("the cat sat on the mat", "the cat is on the mat"),
        ('{"name":"Push day","sets":3}', '{"name":"Pull day","sets":4,"reps":"8-12"}'),
        ("identical text here", "identical text here"),
        ("", "something"),
        ("line one\nline two words", "line two\nline one words"),  # newlines: rougeLsum differs from rougeL
        ("!!!", "a b"),  # tokenizes to nothing
    ],
)
def test_rouge_matches_rouge_score(pred: str, ref: str) -> None:
    ours = metrics.rouge_per_item([pred], [ref])[0]
    assert ours == pytest.approx(_reference_rouge(pred, ref))


def test_rouge_matches_rouge_score_on_engine_plans() -> None:
    from fitcoach.coach.prompts import compact_json
    from fitcoach.domain.planner import build_plan
    from fitcoach.domain.profile import UserProfile
    from fitcoach.domain.sampling import random_profile

    profile = UserProfile.model_validate(random_profile(random.Random(3), shift=True))
    ref, pred = compact_json(build_plan(profile, seed=0)), compact_json(build_plan(profile, seed=1))
    ref, pred = ref[:3000], pred[:3000]  # rouge_score's own LCS is slow on whole plans
    assert metrics.rouge_per_item([pred], [ref])[0] == pytest.approx(_reference_rouge(pred, ref))
    assert metrics.rouge([pred, ref], [ref, ref])["rouge1"] == pytest.approx(
        (_reference_rouge(pred, ref)["rouge1"] + 1.0) / 2
    )


def _lcs_dp(a: list[str], b: list[str]) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
    return table[-1][-1]


def test_fast_lcs_equals_dynamic_programming() -> None:
    rng = random.Random(0)
    for _ in range(200):
        a = [rng.choice("abcde") for _ in range(rng.randint(0, 70))]
        b = [rng.choice("abcde") for _ in range(rng.randint(0, 70))]
        assert metrics.lcs_length(a, b) == _lcs_dp(a, b)


def test_rouge_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="2 predictions but 1 references"):
        metrics.rouge_per_item(["a", "b"], ["a"])


def test_acc_and_acc_norm_by_hand() -> None:
    continuations = [" x", " yy", " " + "z" * 19, " w" * 5]  # 2, 3, 20 and 10 bytes
    logliks = [-4.0, -3.0, -10.0, -9.0]
    # acc: argmax(-4, -3, -10, -9) = 1.  acc_norm: (-2.0, -1.0, -0.5, -0.9) -> index 2.
    assert metrics.acc(logliks, 1)
    assert not metrics.acc(logliks, 2)
    assert metrics.acc_norm(logliks, continuations, 2)
    assert not metrics.acc_norm(logliks, continuations, 1)
    # ties go to the first maximum, as numpy.argmax does
    assert metrics.acc([-1.0, -1.0, -2.0, -3.0], 0)
    # bytes, not characters: "é" is two bytes in UTF-8
    assert metrics.acc_norm([-2.0, -1.5], [" é", " e"], 0)  # -2/3 > -1.5/2
    with pytest.raises(ValueError, match="continuations"):
        metrics.acc_norm([-1.0], [" a", " b"], 0)


def test_bootstrap_ci_contains_mean_and_narrows_with_n() -> None:
    rng = random.Random(1)
    small = [float(rng.random() < 0.7) for _ in range(40)]
    large = [float(rng.random() < 0.7) for _ in range(4000)]
    ci_small, ci_large = metrics.bootstrap_ci(small, seed=3), metrics.bootstrap_ci(large, seed=3)
    for ci, data in ((ci_small, small), (ci_large, large)):
        assert ci.low <= ci.mean <= ci.high
        assert ci.mean == pytest.approx(sum(data) / len(data))
    assert ci_large.high - ci_large.low < (ci_small.high - ci_small.low) / 4  # width ~ 1/sqrt(n)
    assert metrics.bootstrap_ci(small, seed=3) == ci_small  # same seed, same interval
    assert metrics.bootstrap_ci([1.0] * 10) == metrics.Interval(1.0, 1.0, 1.0, 10)
    assert metrics.bootstrap_ci([]).n == 0


def test_bootstrap_ci_width_is_close_to_the_normal_approximation() -> None:
    data = [1.0] * 60 + [0.0] * 40  # p = 0.6, n = 100: se = 0.049, 95% half-width about 0.096
    ci = metrics.bootstrap_ci(data, resamples=4000, seed=0)
    assert (ci.high - ci.low) / 2 == pytest.approx(0.096, abs=0.012)


def test_bootstrap_ci_rejects_bad_settings() -> None:
    with pytest.raises(ValueError, match="confidence"):
        metrics.bootstrap_ci([1.0], confidence=1.5)
    with pytest.raises(ValueError, match="resamples"):
        metrics.bootstrap_ci([1.0], resamples=0)

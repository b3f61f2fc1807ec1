"""Log-likelihood scoring on a toy bigram LM whose logits are set by hand, and on the tiny transformers model."""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

import pytest

torch = pytest.importorskip("torch")

from fitcoach.ml.eval.loglik import TransformersScorer, encode_pair  # noqa: E402
from fitcoach.ml.eval.suites import exam  # noqa: E402

VOCAB = ["<s>", "a", "b", " ", "Q", ":", "\n", "x", "y", *"cdefghijklmnopqrstuvwzABCDEFGHIJKLMNOPRSTUVWXYZ?"]


class CharTokenizer:
    """One token per character; id 0 is BOS."""

    bos_token_id = 0
    eos_token_id = None

    def __call__(self, text: str, add_special_tokens: bool = False) -> dict[str, list[int]]:
        return {"input_ids": [VOCAB.index(ch) for ch in text]}


class BigramLM(torch.nn.Module):
    """logits[b, t] = table[input_ids[b, t]]: the next token depends on the current one only."""

    def __init__(self, table: Any) -> None:
        super().__init__()
        self.table = torch.nn.Parameter(table)
        self.config = SimpleNamespace(max_position_embeddings=64)

    def forward(self, input_ids: Any, attention_mask: Any = None) -> Any:
        return SimpleNamespace(logits=self.table[input_ids])


def _table() -> Any:
    generator = torch.Generator().manual_seed(0)
    return torch.randn(len(VOCAB), len(VOCAB), generator=generator)


def _logp(table: Any, prev: str, nxt: str) -> float:
    row = table[VOCAB.index(prev)]
    return float(row[VOCAB.index(nxt)] - torch.logsumexp(row, dim=0))


def test_encode_pair_moves_trailing_space_into_the_continuation() -> None:
    ctx, cont = encode_pair(CharTokenizer(), "ab ", "x")
    assert ctx == [1, 2]
    assert cont == [3, 7]
    assert encode_pair(CharTokenizer(), "", "ab") == ([0], [1, 2])  # empty context: BOS predicts the first token


def test_loglikelihood_equals_the_hand_computed_sum() -> None:
    table = _table()
    scorer = TransformersScorer(BigramLM(table), CharTokenizer(), batch_size=2)
    requests = [("Q:", " a"), ("Q:", " bb"), ("ab", "x"), ("", "y"), ("a", " xy")]
    expected = [
        _logp(table, ":", " ") + _logp(table, " ", "a"),
        _logp(table, ":", " ") + _logp(table, " ", "b") + _logp(table, "b", "b"),
        _logp(table, "b", "x"),
        _logp(table, "<s>", "y"),
        _logp(table, "a", " ") + _logp(table, " ", "x") + _logp(table, "x", "y"),
    ]
    assert scorer.loglikelihood(requests) == pytest.approx(expected, abs=1e-5)
    # batch size and order do not change the numbers
    single = TransformersScorer(BigramLM(table), CharTokenizer(), batch_size=1)
    assert single.loglikelihood(requests[::-1]) == pytest.approx(expected[::-1], abs=1e-5)


def test_acc_and_acc_norm_on_a_toy_model_with_set_logits() -> None:
    table = torch.full((len(VOCAB), len(VOCAB)), -5.0)
    table[VOCAB.index(" "), VOCAB.index("a")] = 2.5  # " a" is the likeliest start
    table[VOCAB.index(" "), VOCAB.index("x")] = 2.0  # " x..." is nearly as likely
    table[VOCAB.index("x"), VOCAB.index("x")] = 3.0  # and x repeats
    table[VOCAB.index(":"), VOCAB.index(" ")] = 5.0
    scorer = TransformersScorer(BigramLM(table), CharTokenizer())
    item = exam.MCQ("t-1", "ab", ("a", "xxxxxxx", "b", "y"), gold=0, subdomain="toy", difficulty="easy")
    context, continuations = exam.cloze_request(item)
    lls = scorer.loglikelihood([(context, c) for c in continuations])
    # By hand: per-token log-probs under the table.
    row = lambda prev: table[VOCAB.index(prev)]  # noqa: E731
    lp = lambda prev, nxt: float(row(prev)[VOCAB.index(nxt)] - torch.logsumexp(row(prev), 0))  # noqa: E731
    expected = [
        lp(":", " ") + lp(" ", "a"),
        lp(":", " ") + lp(" ", "x") + 6 * lp("x", "x"),
        lp(":", " ") + lp(" ", "b"),
        lp(":", " ") + lp(" ", "y"),
    ]
    assert lls == pytest.approx(expected, abs=1e-5)
    rows = exam.score_loglik([item], scorer)
    assert rows[0]["acc"] == (max(range(4), key=lambda i: expected[i]) == 0)
    per_byte = [ll / len(c) for ll, c in zip(expected, continuations, strict=True)]
    assert rows[0]["acc_norm"] == (max(range(4), key=lambda i: per_byte[i]) == 0)
    assert rows[0]["acc"] and not rows[0]["acc_norm"]  # long " xxxxxxx" wins once divided by its bytes


def test_perplexity_counts_every_token_once_across_windows() -> None:
    table = _table()
    scorer = TransformersScorer(BigramLM(table), CharTokenizer(), max_length=3)
    text = "abxyab"
    result = scorer.perplexity([text])
    chars = ["<s>", *text]
    nll = -sum(_logp(table, chars[i], chars[i + 1]) for i in range(len(text)))
    assert result.tokens == len(text)
    assert result.nll == pytest.approx(nll, abs=1e-5)
    assert result.token_perplexity == pytest.approx(math.exp(nll / len(text)), rel=1e-5)
    assert result.bits_per_byte == pytest.approx(nll / (len(text) * math.log(2)), rel=1e-5)


@pytest.mark.slow
def test_small_transformers_model_batched_equals_one_by_one(micro_model: Any) -> None:
    from fitcoach.ml.eval.loglik import load_model

    model, tokenizer = load_model(micro_model, device="cpu")
    requests = [("Question: how many sets?\nAnswer:", " three"), ("Plan:", " squat and press"), ("", "hello")]
    batched = TransformersScorer(model, tokenizer, batch_size=3).loglikelihood(requests)
    alone = [TransformersScorer(model, tokenizer, batch_size=1).loglikelihood([r])[0] for r in requests]
    assert batched == pytest.approx(alone, abs=1e-4)
    # the summed log-probs of the continuation, computed directly from the model's logits
    ctx, cont = encode_pair(tokenizer, *requests[1])
    ids = torch.tensor([ctx + cont])
    logprobs = torch.log_softmax(model(input_ids=ids).logits[0].float(), -1)
    direct = sum(float(logprobs.detach()[len(ctx) - 1 + k, tok]) for k, tok in enumerate(cont))
    assert batched[1] == pytest.approx(direct, abs=1e-4)

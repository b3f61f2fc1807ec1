"""The from-scratch tokenizer: byte-level BPE on the corpus plus packaged text, ChatML with generation markers."""

from __future__ import annotations

from pathlib import Path

import pytest

from fitcoach.domain.errors import InvalidInput
from fitcoach.ml.tokenizer import EOS_TOKEN, SPECIAL_TOKENS, build_tokenizer, corpus_texts, train_tokenizer


@pytest.fixture(scope="module")
def tokenizer(train_data: Path):  # type: ignore[no-untyped-def]
    return build_tokenizer(train_data, vocab_size=3000)


def test_reaches_the_vocabulary_size_with_varied_text(tokenizer) -> None:  # type: ignore[no-untyped-def]
    # Templated synthetic text alone stalls at a few hundred merges; the packaged text carries it further.
    assert len(tokenizer) == 3000
    assert all(tokenizer.convert_tokens_to_ids(t) < 4 for t in SPECIAL_TOKENS)


def test_round_trips_any_text_byte_for_byte(tokenizer) -> None:  # type: ignore[no-untyped-def]
    text = 'Squat 3×8 @ 70% 1RM — rest 90 s\n{"kcal":2150,"note":"é ✓"}'
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    assert tokenizer.decode(ids) == text


def test_chat_template_marks_only_the_assistant_turn(tokenizer) -> None:  # type: ignore[no-untyped-def]
    chat = [{"role": "user", "content": "Plan a day"}, {"role": "assistant", "content": '{"day":"Monday"}'}]
    rendered = tokenizer.apply_chat_template(chat, tokenize=False)
    assert rendered == '<|im_start|>user\nPlan a day<|im_end|>\n<|im_start|>assistant\n{"day":"Monday"}<|im_end|>\n'
    encoded = tokenizer.apply_chat_template(chat, return_dict=True, return_assistant_tokens_mask=True)
    learned = [t for t, m in zip(encoded["input_ids"], encoded["assistant_masks"], strict=True) if m]
    assert tokenizer.decode(learned) == '{"day":"Monday"}' + EOS_TOKEN
    prompt = tokenizer.apply_chat_template(chat[:1], tokenize=False, add_generation_prompt=True)
    assert prompt.endswith("<|im_start|>assistant\n")


def test_corpus_reads_cpt_and_sft_rows(train_data: Path) -> None:
    texts = list(corpus_texts(train_data))
    assert any(t.startswith("{") for t in texts)  # assistant JSON from sft
    assert len(texts) > 20


def test_bad_inputs_name_the_field(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as exc:
        list(corpus_texts(tmp_path / "missing"))
    assert exc.value.problems[0].field == "corpus"
    with pytest.raises(InvalidInput) as exc:
        train_tokenizer(["a b c"], vocab_size=100)
    assert exc.value.problems[0].field == "vocab_size"

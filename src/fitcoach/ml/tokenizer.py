"""A byte-level BPE tokenizer trained from scratch, wrapped for transformers with a ChatML chat template.

Used by ``fitcoach model init`` to build small models from nothing (CI and CPU experiments); every
other command takes any existing model and its own tokenizer. The text mixes the CPT corpus (when
given) with varied text shipped in the package (knowledge catalogues, guideline tables) and the repo's
docs, because BPE trained on templated text alone stops merging at a few hundred tokens.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from transformers import PreTrainedTokenizerFast

PAD_TOKEN = "<|pad|>"
EOS_TOKEN = "<|im_end|>"  # ends every chat turn; generation stops here
DOC_TOKEN = "<|endoftext|>"  # separates documents when CPT packs them together
IM_START = "<|im_start|>"
SPECIAL_TOKENS = (PAD_TOKEN, DOC_TOKEN, IM_START, EOS_TOKEN)

# ChatML as Qwen writes it. The {% generation %} markers let TRL's assistant_only_loss find the tokens
# the assistant wrote (its content and the closing <|im_end|>), so SFT learns to stop.
CHAT_TEMPLATE = (
    "{%- for message in messages %}"
    "{%- if message['role'] == 'assistant' %}"
    "{{- '<|im_start|>assistant\\n' }}"
    "{% generation %}{{- message['content'] + '<|im_end|>' }}{% endgeneration %}"
    "{{- '\\n' }}"
    "{%- else %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>\\n' }}"
    "{%- endif %}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)


def _jsonl_texts(path: Path) -> Iterator[str]:
    """Texts of a CPT (``text``) or SFT (``messages``) JSON-lines file."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            row = json.loads(line)
            if isinstance(row.get("text"), str):
                yield row["text"]
            for message in row.get("messages") or ():
                yield str(message.get("content", ""))


def corpus_texts(corpus: Path | None) -> Iterator[str]:
    """Training text from a dataset directory (``cpt/``, ``sft/``), a folder of JSONL files, or one file."""
    if corpus is None:
        return
    if corpus.is_file():
        yield from _jsonl_texts(corpus)
        return
    if not corpus.is_dir():
        from fitcoach.domain.errors import FieldProblem, InvalidInput

        raise InvalidInput([FieldProblem("corpus", f"{corpus} is neither a JSONL file nor a directory")])
    files = sorted(corpus.glob("cpt/*.jsonl")) + sorted(corpus.glob("sft/train.jsonl")) + sorted(corpus.glob("*.jsonl"))
    for path in files:
        yield from _jsonl_texts(path)


def packaged_texts() -> Iterator[str]:
    """Varied text that ships with FitCoach: knowledge JSON, plus the docs when run from a source checkout."""
    import fitcoach
    from fitcoach.domain.knowledge import guidelines as guidelines_module

    data_dir = Path(guidelines_module.__file__).parent / "data"
    for path in sorted(data_dir.glob("*.json")):
        # One line per record keeps single strings short (BPE counts words per string).
        yield from json.dumps(json.loads(path.read_text(encoding="utf-8")), ensure_ascii=False, indent=1).splitlines()
    repo = Path(fitcoach.__file__).resolve().parents[2]
    for path in [repo / "README.md", *sorted((repo / "docs").glob("*.md"))]:
        if path.is_file():
            yield from path.read_text(encoding="utf-8").splitlines()


def train_tokenizer(texts: Iterable[str], vocab_size: int, model_max_length: int = 2048) -> PreTrainedTokenizerFast:
    """Train byte-level BPE on ``texts`` and wrap it as a transformers fast tokenizer with a chat template."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    if vocab_size < 300:
        from fitcoach.domain.errors import FieldProblem, InvalidInput

        raise InvalidInput(
            [FieldProblem("vocab_size", f"must be at least 300 (256 bytes + specials), got {vocab_size}")]
        )
    core = Tokenizer(models.BPE())
    core.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    core.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        min_frequency=2,
        special_tokens=list(SPECIAL_TOKENS),
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    core.train_from_iterator(texts, trainer=trainer)
    wrapper: Any = PreTrainedTokenizerFast  # untyped in transformers
    tokenizer: PreTrainedTokenizerFast = wrapper(
        tokenizer_object=core,
        pad_token=PAD_TOKEN,
        eos_token=EOS_TOKEN,
        additional_special_tokens=[IM_START, DOC_TOKEN],
        chat_template=CHAT_TEMPLATE,
        model_max_length=model_max_length,
        padding_side="right",
    )
    return tokenizer


MAX_CORPUS_CHARS = 8_000_000  # a few MB of text settle the merges; more only costs time


def build_tokenizer(
    corpus: Path | None, vocab_size: int, model_max_length: int = 2048, max_corpus_chars: int = MAX_CORPUS_CHARS
) -> PreTrainedTokenizerFast:
    """The tokenizer ``fitcoach model init`` trains: the packaged text plus the corpus (its first N characters)."""

    def texts() -> Iterator[str]:
        yield from packaged_texts()
        used = 0
        for text in corpus_texts(corpus):
            if used >= max_corpus_chars:
                return
            used += len(text)
            yield text

    return train_tokenizer(texts(), vocab_size, model_max_length)


def special_token_ids(tokenizer: Any) -> dict[str, int]:
    """Ids of the FitCoach special tokens in ``tokenizer`` (for the model config)."""
    return {token: int(tokenizer.convert_tokens_to_ids(token)) for token in SPECIAL_TOKENS}

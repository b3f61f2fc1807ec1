"""Knowledge answers: retrieve passages and answer from them, each claim citing its source key.

Entity linking first: an exercise or condition the message names puts its own passage on top (the
person asked about *that* one); hybrid retrieval fills the rest. Without a model the answer is the
best passages themselves, lightly framed; with a model, ``compose.generate`` writes from them.
"""

from __future__ import annotations

import re

from fitcoach.coach.chat.types import ChatAnswer, ChatContext
from fitcoach.coach.mentions import find_conditions, find_exercises
from fitcoach.coach.passages import Passage, passages_by_id
from fitcoach.coach.retrieval import Mode, Retriever
from fitcoach.domain.knowledge.triage_terms import CautionKind, triage_terms

ANSWER_PASSAGES = 2  # passages quoted in an engine answer
CONTEXT_PASSAGES = 4  # passages given to a model
# Cosine similarity (MiniLM) below which no passage answers the question: off-topic questions
# ("capital of France", "tell me a joke") scored at most 0.22, on-topic ones 0.33 and up.
MIN_SIMILARITY = 0.3
RESCUE_BM25_SCORE = 4.5
RESCUE_MIN_SIMILARITY = 0.2
# A second passage is quoted only when it is nearly as close to the question as the first.
SECOND_PASSAGE_GAP = 0.1


def retrieve(message: str, retriever: Retriever, k: int = CONTEXT_PASSAGES, mode: Mode = "hybrid") -> list[Passage]:
    """Passages for a message: named exercises and conditions first, then the retriever's ranking.

    Retrieved passages that are not similar enough to the question are left out, so an off-topic
    question gets no passages (and an honest "I don't know") rather than the least bad match.
    """
    table = passages_by_id()
    linked = [f"condition:{c.value}" for c in sorted(find_conditions(message))]
    linked += [f"exercise:{e.id}" for e in find_exercises(message)]
    chosen = [table[x] for x in linked[:2] if x in table]
    scored: list[tuple[Passage, float | None]] = []
    for hit in retriever.search(message, k=k + len(chosen), mode=mode):
        if hit.passage not in chosen:
            scored.append((hit.passage, retriever.similarity(message, hit.passage.id)))
    sims = [s for _, s in scored if s is not None]
    if sims:
        best = max(sims)
        floor = max(MIN_SIMILARITY, best - SECOND_PASSAGE_GAP)
        rescued = _lexical_rescue(message, retriever)
        # the best retrieved passage stays whenever it clears the floor; the rest must be close to it
        scored = [
            (p, s)
            for p, s in scored
            if s is not None and ((s >= MIN_SIMILARITY and (s == best or s >= floor)) or p.id == rescued)
        ]
    chosen += [p for p, _ in scored]
    return chosen[:k]


def _lexical_rescue(message: str, retriever: Retriever) -> str | None:
    """The BM25 top passage when it matches strongly on words the embedding model barely knows.

    A rare exact term ("Karvonen") scores high in BM25 while MiniLM, splitting it into sub-words,
    finds the passage only faintly similar; off-topic questions ("world cup") reach BM25 scores of
    about 3.8 but stay near zero similarity.
    """
    top = retriever.rank_bm25(message, depth=1)
    if not top or top[0][1] < RESCUE_BM25_SCORE:
        return None
    passage = retriever.passages[top[0][0]]
    similarity = retriever.similarity(message, passage.id)
    return passage.id if similarity is not None and similarity >= RESCUE_MIN_SIMILARITY else None


def cite(passage: Passage) -> str:
    return f"[{passage.source}]"


def answer_caution(message: str, used: list[Passage]) -> str:
    """One caution sentence for answers about a condition, a supplement, or training load and recovery.

    Why: such questions are safe to answer, but the answer should say when to stop or ask a professional
    (ACSM-GETP); the wording lives in ``triage_terms.json`` ("knowledge_cautions").
    """
    terms = triage_terms()
    key: CautionKind
    if any(p.kind == "condition" for p in used):
        key = "condition"
    elif any(p.kind == "supplement" for p in used) or re.search(terms.supplement_words, message.lower()):
        key = "supplement"
    elif any(p.id in terms.training_caution_passages for p in used):
        key = "training"
    else:
        return ""
    return terms.knowledge_cautions.get(key, "")


def engine_answer(message: str, ctx: ChatContext, passages: list[Passage]) -> ChatAnswer:
    """An answer composed from the best passages, each sentence group cited."""
    if not passages:
        text = (
            "I don't have anything in my knowledge base about that. I can help with training, exercises, "
            "nutrition targets and your plan."
        )
        return ChatAnswer(text=text, route="knowledge", intent="knowledge")
    first = passages[0]
    # a second passage of another kind adds more than a near-duplicate ("plank" + core-training guideline)
    other = [p for p in passages[1:] if p.kind != first.kind]
    # a second condition or screening row is another case, not more on this one
    same = [] if first.kind in ("condition", "screening") else passages[1:]
    rest = (other or same)[: ANSWER_PASSAGES - 1]
    used = [first, *rest]
    parts = [f"{first.text} {cite(first)}"]
    for p in rest:
        if p.kind == first.kind == "exercise" or p.kind == first.kind == "food":
            parts.append(f"Similar: {p.title} {cite(p)}.")
        else:
            parts.append(f"Also: {p.text} {cite(p)}")
    caution = answer_caution(message, used)
    if caution:
        parts.append(caution)
    return ChatAnswer(
        text=" ".join(parts),
        route="knowledge",
        intent="knowledge",
        sources=tuple(dict.fromkeys(p.source for p in used)),
        passages=tuple(p.id for p in used),
    )

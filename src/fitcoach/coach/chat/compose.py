"""Answers written by a language model from retrieved passages, kept honest by a support check.

The prompt holds the passages (each tagged with its source key), the person's own numbers and the
question. The model's reply is split into sentences; a sentence stays only if a passage (or the
person's data) supports it: most of its content words appear in the supporting text, and every number
in it appears there too. Citations to keys that are not in the prompt are removed. When nothing
survives, the engine's answer is used instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from fitcoach.coach.passages import Passage, known_sources

MAX_NEW_TOKENS = 256
SUPPORT_THRESHOLD = 0.6  # share of a sentence's content words found in its supporting text

SYSTEM_PROMPT = (
    "You are FitCoach, a careful gym coach. Answer the question in 2-4 short sentences using ONLY the passages "
    "and the user data below. After each claim put the source key in square brackets, exactly as given, e.g. "
    "[ACSM-GETP]. If the passages do not answer the question, say so. Never diagnose; for pain, illness or "
    "injury, refer to a doctor or physiotherapist."
)


@runtime_checkable
class TextGenerator(Protocol):
    """Any backend that completes chat messages (``ModelGenerator``, ``RemoteGenerator`` or a test fake)."""

    def complete(self, messages: list[dict[str, str]], max_new_tokens: int = ...) -> str: ...


def build_messages(question: str, passages: list[Passage], user_facts: str = "") -> list[dict[str, str]]:
    lines = [f"[{p.source}] {p.title}: {p.text}" for p in passages]
    user = f"User data: {user_facts}\n" if user_facts else ""
    content = "Passages:\n" + "\n".join(lines) + f"\n{user}Question: {question}"
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": content}]


# ---------------------------------------------------------------- the support check

_STOPWORD_TEXT = """a about above after again all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having he
her here hers him his how i if in into is it its itself just me more most my no nor not of off on once only or other
our out over own same she should so some such than that the their them then there these they this those through to
too under until up very was we were what when where which while who whom why will with would you your yours yourself
per day days week weeks"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())
_CITATION = re.compile(r"\[([^\[\]]{1,40})\]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _words(text: str) -> set[str]:
    return {w.rstrip("s") if len(w) > 3 else w for w in re.findall(r"[a-z][a-z'\-]+", text.lower())} - _STOPWORDS


_COURTESY = frozenset(
    _words("hope this helps good luck great question happy training let me know ask anytime enjoy keep")
)


def split_sentences(text: str) -> list[str]:
    """Sentences, keeping a trailing citation with the sentence it follows."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z\"'(])", text.strip())
    return [p.strip() for p in parts if p.strip()]


@dataclass(frozen=True)
class Support:
    sentence: str
    score: float  # share of content words found in the supporting text
    numbers_ok: bool
    supported: bool


def support(sentence: str, evidence: str) -> Support:
    """Whether ``evidence`` supports ``sentence``: content-word overlap and every number present."""
    body = _CITATION.sub("", sentence)
    words = _words(body) - _COURTESY
    evidence_words = _words(evidence)
    evidence_numbers = set(_NUMBER.findall(evidence))
    numbers_ok = all(n in evidence_numbers for n in _NUMBER.findall(body))
    if not words:  # pure courtesy ("Hope this helps!"): no claim to check
        return Support(sentence, 1.0, numbers_ok, numbers_ok)
    score = len(words & evidence_words) / len(words)
    return Support(sentence, score, numbers_ok, numbers_ok and score >= SUPPORT_THRESHOLD)


def _evidence_for(sentence: str, passages: list[Passage], user_facts: str) -> str:
    """The cited passages when the sentence cites any known ones, else every passage; plus user data."""
    cited = {c.strip() for c in _CITATION.findall(sentence)}
    chosen = [p for p in passages if p.source in cited] or passages
    return " ".join(f"{p.title} {p.text}" for p in chosen) + " " + user_facts


def _clean_citations(sentence: str, allowed: set[str]) -> str:
    def keep(m: re.Match[str]) -> str:
        return m.group(0) if m.group(1).strip() in allowed else ""

    return re.sub(r"\s+([.!?])", r"\1", _CITATION.sub(keep, sentence)).strip()


@dataclass(frozen=True)
class Checked:
    text: str
    kept: tuple[str, ...]
    dropped: tuple[str, ...]
    sources: tuple[str, ...]


def check_reply(reply: str, passages: list[Passage], user_facts: str = "") -> Checked:
    """Keep only supported sentences; drop citations to keys outside the prompt."""
    allowed = {p.source for p in passages} & set(known_sources())
    kept: list[str] = []
    dropped: list[str] = []
    for sentence in split_sentences(reply):
        verdict = support(sentence, _evidence_for(sentence, passages, user_facts))
        if verdict.supported:
            kept.append(_clean_citations(sentence, allowed))
        else:
            dropped.append(sentence)
    text = " ".join(kept)
    sources = tuple(dict.fromkeys(c for c in _CITATION.findall(text) if c in allowed))
    return Checked(text=text, kept=tuple(kept), dropped=tuple(dropped), sources=sources)


def generate(generator: TextGenerator, question: str, passages: list[Passage], user_facts: str = "") -> Checked:
    reply = generator.complete(build_messages(question, passages, user_facts), max_new_tokens=MAX_NEW_TOKENS)
    return check_reply(reply, passages, user_facts)

"""Model answers: the prompt holds the passages, unsupported sentences are dropped, streaming joins up."""

from __future__ import annotations

from typing import Any

import pytest

from fitcoach.coach.chat.compose import build_messages, check_reply, split_sentences, support
from fitcoach.coach.chat.engine import Coach
from fitcoach.coach.passages import passages_by_id


class FakeModel:
    name = "fake"

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.seen: list[list[dict[str, str]]] = []

    def complete(self, messages: list[dict[str, str]], max_new_tokens: int = 256) -> str:
        self.seen.append(messages)
        return self.reply


def test_support_needs_overlap_and_the_same_numbers() -> None:
    evidence = passages_by_id()["guideline:protein_needs"].text
    assert support("Lifters need 1.4-2 g of protein per kg of body weight a day.", evidence).supported
    assert not support("Lifters need 5 g of protein per kg of body weight a day.", evidence).supported
    assert not support("Steroids are the fastest way to build muscle.", evidence).supported
    assert support("Hope this helps!", evidence).supported


def test_unsupported_sentences_and_unknown_citations_are_dropped() -> None:
    passages = [passages_by_id()["guideline:protein_needs"]]
    checked = check_reply(
        "People who train need 1.4-2 g of protein per kg of body weight a day [ISSN-PRO]. "
        "Creatine cures injuries [ISSN-PRO]. Protein needs are 1.4-2 g per kg [MADE-UP].",
        passages,
    )
    assert checked.kept[0].startswith("People who train need 1.4-2 g")
    assert "Creatine cures injuries [ISSN-PRO]." in checked.dropped
    assert "[MADE-UP]" not in checked.text and checked.sources == ("ISSN-PRO",)


def test_prompt_holds_passages_and_user_data() -> None:
    passages = [passages_by_id()["guideline:protein_needs"]]
    messages = build_messages("how much protein?", passages, "30 years, 80 kg")
    assert "[ISSN-PRO]" in messages[1]["content"] and "80 kg" in messages[1]["content"]


def test_model_backend_answers_from_passages(bm25_coach: Coach) -> None:
    model = FakeModel(
        "Exercising people need 1.4-2 g of protein per kg of body weight a day [ISSN-PRO]. "
        "You should also take 10 g of creatine [ISSN-PRO]."
    )
    coach = Coach(retriever=bm25_coach.retriever, generator=model, mode="bm25")
    answer = coach.answer("how much protein do people who lift need?")
    assert answer.backend == "fake" and answer.route == "knowledge"
    assert "1.4-2 g" in answer.text and "creatine" not in answer.text
    assert answer.dropped and model.seen  # the model was asked, its unsupported claim removed


def test_model_backend_falls_back_when_nothing_is_supported(bm25_coach: Coach) -> None:
    coach = Coach(retriever=bm25_coach.retriever, generator=FakeModel("Eat 9 kg of protein daily."), mode="bm25")
    answer = coach.answer("how much protein do people who lift need?")
    assert "1.4-2" in answer.text and answer.dropped == ("Eat 9 kg of protein daily.",)


def test_calculations_never_go_through_the_model(bm25_coach: Coach, context_named: Any) -> None:
    model = FakeModel("Eat 9000 kcal.")
    coach = Coach(retriever=bm25_coach.retriever, generator=model, mode="bm25")
    answer = coach.answer("how many calories should I eat?", context_named("beginner_home"))
    assert answer.route == "calculation" and not model.seen


def test_stream_chunks_join_to_the_answer(bm25_coach: Coach, context_named: Any) -> None:
    ctx = context_named("beginner_home")
    chunks = list(bm25_coach.stream("what do I do today?", ctx))
    assert len(chunks) > 5 and "".join(chunks) == bm25_coach.answer("what do I do today?", ctx).text


@pytest.mark.slow
def test_a_real_local_model_backend_keeps_only_supported_text(bm25_coach: Coach, micro_generator: Any) -> None:
    """The micro random model writes noise: the support check must drop it and the engine answer stands."""
    coach = Coach(retriever=bm25_coach.retriever, generator=micro_generator, mode="bm25")
    answer = coach.answer("how much protein do people who lift need?")
    assert answer.route == "knowledge" and answer.backend != "engine"
    table = passages_by_id()
    assert set(answer.sources) <= {table[p].source for p in answer.passages}
    engine = bm25_coach.answer("how much protein do people who lift need?")
    evidence = " ".join(table[p].text for p in answer.passages)
    assert answer.text == engine.text or all(support(s, evidence).supported for s in split_sentences(answer.text))

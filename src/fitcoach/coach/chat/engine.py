"""The coach: ``Coach.answer(message, context) -> ChatAnswer`` and ``Coach.stream`` for server-sent events.

Order of work for every message: validate it, triage it (red flags and unsafe requests end there),
route it, then answer: calculations and plan questions from the domain (exact numbers, plan actions),
small talk from templates, knowledge from retrieved passages (engine) or from a model writing over the
same passages with unsupported sentences dropped (model backend). Calculations and plan answers never
go through the model: their numbers and actions must be exact.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

from fitcoach.coach.chat import calculations, knowledge, plan_questions, smalltalk
from fitcoach.coach.chat.compose import TextGenerator, generate
from fitcoach.coach.chat.router import route
from fitcoach.coach.chat.types import ChatAnswer, ChatContext
from fitcoach.coach.passages import passages_by_id
from fitcoach.coach.retrieval import Mode, Retriever, default_retriever
from fitcoach.coach.triage import normalise_message, stated_age, triage
from fitcoach.domain.errors import FieldProblem, InvalidInput
from fitcoach.domain.knowledge.guidelines import guidelines

MAX_MESSAGE_CHARS = 2000


def _check_message(message: object) -> str:
    if not isinstance(message, str):
        raise InvalidInput([FieldProblem("message", f"must be text, not {type(message).__name__}")])
    text = message.strip()
    if not text:
        raise InvalidInput([FieldProblem("message", "must not be empty")])
    if len(text) > MAX_MESSAGE_CHARS:
        raise InvalidInput([FieldProblem("message", f"is {len(text)} characters; at most {MAX_MESSAGE_CHARS} allowed")])
    return text


def _with_citations(text: str, sources: tuple[str, ...]) -> str:
    """Append the source keys that the text does not already name."""
    missing = [s for s in sources if f"[{s}]" not in text]
    return text + ("" if not missing else " " + "".join(f"[{s}]" for s in missing))


def user_facts(ctx: ChatContext) -> str:
    """A one-line summary of the person for a model prompt (no names, no free text)."""
    user = ctx.user
    if user is None:
        return ""
    info = user.personal_info
    goals = ", ".join(g.value if hasattr(g, "value") else str(g) for g in user.goals)
    return (
        f"{info.age:g} years, {info.gender}, {info.height:g} cm, {ctx.latest_weight() or info.weight:g} kg, "
        f"{info.fitness_level.value}, goals: {goals}, {user.preferences.days_per_week} days a week, "
        f"{user.preferences.equipment_access.value}."
    )


class Coach:
    """The chat. Cheap to create; the retriever (and its embedding model) loads on first knowledge question."""

    def __init__(
        self,
        retriever: Retriever | None = None,
        generator: TextGenerator | None = None,
        *,
        mode: Mode = "hybrid",
    ) -> None:
        self._retriever = retriever
        self._building = threading.Lock()
        self.generator = generator
        self.mode = mode

    @property
    def retriever(self) -> Retriever:
        if self._retriever is None:
            with self._building:  # a warm-up thread and a first question must not build two indexes
                if self._retriever is None:
                    self._retriever = default_retriever(dense=self.mode != "bm25")
        return self._retriever

    @property
    def backend(self) -> str:
        return "engine" if self.generator is None else str(getattr(self.generator, "name", "model"))

    def answer(self, message: str, context: ChatContext | None = None) -> ChatAnswer:
        text = _check_message(message)
        ctx = context or ChatContext()
        flagged = triage(text, ctx.user, semantic=self.mode != "bm25")  # bm25 mode: no embedding model
        if flagged is not None:
            return ChatAnswer(
                text=_with_citations(flagged.reply, flagged.sources),
                route="triage",
                intent=f"triage.{flagged.category}",
                sources=flagged.sources,
                triage=flagged,
            )
        decision = route(text)
        if decision.route == "calculation":
            answer = calculations.answer_calculation(decision.intent, text, ctx)
        elif decision.route == "plan":
            answer = plan_questions.answer_plan(decision.intent, text, ctx)
        elif decision.route == "smalltalk":
            answer = smalltalk.answer_smalltalk(decision.intent, text, ctx)
        else:
            answer = self._knowledge(text, ctx)
        answer.text = _with_citations(answer.text, answer.sources)
        return answer

    def _knowledge(self, text: str, ctx: ChatContext) -> ChatAnswer:
        passages = knowledge.retrieve(text, self.retriever, mode=self.mode)
        age = stated_age(normalise_message(text)) or (ctx.user.personal_info.age if ctx.user else None)
        minors = passages_by_id()["guideline:minors"]
        if age is not None and age <= guidelines().special.minor_age_max.value and minors not in passages:
            passages = [minors, *passages]  # under 18: the youth rules come first, whatever was asked
        fallback = knowledge.engine_answer(text, ctx, passages)
        if self.generator is None or not passages:
            return fallback
        checked = generate(self.generator, text, passages, user_facts(ctx))
        if not checked.kept or not checked.sources:
            fallback.backend = self.backend
            fallback.dropped = checked.dropped
            return fallback
        return ChatAnswer(
            text=checked.text,
            route="knowledge",
            intent="knowledge",
            sources=checked.sources,
            passages=tuple(p.id for p in passages),
            backend=self.backend,
            dropped=checked.dropped,
        )

    def stream(self, message: str, context: ChatContext | None = None) -> Iterator[str]:
        """The answer's text in word-sized chunks (for server-sent events); join them to get ``answer().text``."""
        answer = self.answer(message, context)
        yield from re.findall(r"\S+\s*", answer.text)

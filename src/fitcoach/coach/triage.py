"""Triage: every chat message is checked for red flags and unsafe requests before anything else.

Red flags (chest pain, fainting, severe breathlessness, stroke signs, self-harm, eating-disorder cues)
get a stop-and-seek-care or crisis reply that names no country's phone number ("your local emergency
number"); unsafe requests (drug dosing, crash diets, megadoses, dehydrating, training through pain,
overtraining, a contraindicated exercise for a stated condition, diet cuts for under-18s) get a
decline with a safe alternative. Replies never diagnose. Terms, wording and sources live in
``domain/knowledge/data/triage_terms.json``; the numeric rules read their limits from the guideline
tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from fitcoach.coach.mentions import find_conditions, find_exercises, numbers_with_unit
from fitcoach.domain import knowledge
from fitcoach.domain.catalogue import avoided_tags, profile_conditions
from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.knowledge.triage_terms import TriageCategory, TriageKind, TriageTerms, triage_terms
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.vocab import ConditionId

# Most urgent first: a message with both a crisis cue and a diet question gets the crisis reply.
_PRIORITY: dict[TriageKind, int] = {"crisis": 0, "emergency": 1, "refer": 2, "decline": 3}


@dataclass(frozen=True)
class TriageResult:
    category: str
    kind: TriageKind
    reply: str
    sources: tuple[str, ...]
    matched: str  # the words that triggered it, for logs and tests

    @property
    def urgent(self) -> bool:
        return self.kind in ("emergency", "crisis")

    def as_dict(self) -> dict[str, object]:
        return {
            "category": self.category,
            "kind": self.kind,
            "reply": self.reply,
            "sources": list(self.sources),
            "matched": self.matched,
        }


def normalise_message(text: str) -> str:
    """Lower case, straight apostrophes, single spaces: the form the patterns are written for."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split())


def _negated(text: str, start: int, negations: tuple[str, ...]) -> bool:
    """True when one of the negation phrases ends within the three words before ``start``."""
    before = " ".join(text[:start].split()[-3:])
    return any(re.search(rf"\b{re.escape(n)}\b", before) for n in negations)


def _pattern_match(category: TriageCategory, text: str, terms: TriageTerms) -> str | None:
    for pattern in category.compiled():
        for m in pattern.finditer(text):
            if category.kind == "crisis" or not _negated(text, m.start(), terms.negations):
                return m.group(0)
    return None


# ---------------------------------------------------------------- rules with numbers


# "800 kcal" as an intake; not "500 kcal deficit", "300 calories more" (changes, not intakes)
_KCAL = re.compile(
    r"(\d{3,4})\s*(?:kcal|calories|cals?)\b"
    r"(?!\s*(?:\w+\s+){0,2}(?:deficit|surplus|below|less|fewer|more|above|extra|under maintenance))"
)
_TARGET_KCAL = re.compile(
    r"\b(?:calorie|calories|kcal|energy) (?:target|goal|intake|limit)?\s*(?:to|of|at)\s+(\d{3,4})\b"
)
_DEFICIT_PCT = re.compile(r"(\d{2})\s*%\s*(?:calorie\s+|kcal\s+|energy\s+)?deficit")


def _floor_for(text: str, profile: UserProfile | None) -> float:
    """The sex-specific calorie floor when the message or profile says; else the lower (female) floor."""
    energy = guidelines().energy
    male = re.search(r"\b(man|male|guy)\b", text) or (profile is not None and profile.personal_info.gender == "male")
    return energy.floor_kcal_male.value if male else energy.floor_kcal_female.value


def _low_kcal(text: str, profile: UserProfile | None) -> str | None:
    """An intake under the calorie floor ("eat 800 calories", "1100 cal for a man"), or too big a deficit."""
    if re.search(r"\bburn(ed|t|ing)?\b", text):
        return None
    floor = _floor_for(text, profile)
    for pattern in (_KCAL, _TARGET_KCAL):
        for m in pattern.finditer(text):
            if 0 < float(m.group(1)) < floor:
                return m.group(0)
    largest = guidelines().energy.max_deficit_fraction.value * 100
    for m in _DEFICIT_PCT.finditer(text):
        if float(m.group(1)) > largest:
            return m.group(0)
    cut, maintenance = _UNDER_MAINTENANCE.search(text), _MAINTENANCE.search(text)
    if cut and maintenance and float(cut.group(1)) > largest / 100 * float(maintenance.group(1)):
        return cut.group(0)
    return None


_LOSS = re.compile(
    r"(?:lose|drop|shed|cut)\s+(?:another\s+)?(\d+(?:\.\d+)?)\s*(kg|kilos?|kilograms?|lbs?|pounds?|stone|st)\s+"
    r"(?:(?:in|within)\s+(a|one|two|three|\d+)\s+(hours?|days?|weeks?|months?|fortnight)"
    r"|by\s+(?:then|tomorrow|the weekend|next week|monday|tuesday|wednesday|thursday|friday|saturday|sunday))"
)
_WORD_NUMBERS = {"a": 1.0, "one": 1.0, "two": 2.0, "three": 3.0}
_TO_KG = {"lb": 0.4536, "po": 0.4536, "st": 6.35}
_WEEKS = {"h": 1 / 168, "d": 1 / 7, "w": 1.0, "m": 4.345, "f": 2.0}
_UNDER_MAINTENANCE = re.compile(r"(\d{3,4})\s*(?:kcal|calories|cals?)\s+(?:under|below|less than)\s+maintenance")
_MAINTENANCE = re.compile(r"maintenance\s*(?:is|of|at|~|=|:)?\s*(?:about|around|~)?\s*(\d{4})")


def _rapid_loss(text: str, profile: UserProfile | None) -> str | None:
    """A loss rate above the guideline's fastest weekly rate for the person's (or a reference) weight."""
    m = _LOSS.search(text)
    if not m:
        return None
    kg = float(m.group(1)) * _TO_KG.get(m.group(2)[:2], 1.0)
    # "by Friday", "by then": within a week
    count = _WORD_NUMBERS.get(m.group(3)) or float(m.group(3)) if m.group(3) else 1.0
    weeks = count * _WEEKS[m.group(4)[0]] if m.group(4) else 1.0
    terms = triage_terms()
    weight = profile.personal_info.weight if profile else terms.rapid_loss_reference_weight_kg.value
    fastest = guidelines().energy.loss_rate_pct_bodyweight_week.max / 100 * weight
    return m.group(0) if weeks > 0 and kg / weeks > fastest else None


_PER_GRAM = {"g": 1.0, "mg": 1000.0}


def _megadose(text: str) -> str | None:
    """A stated amount above a supplement's daily limit, in g or mg whichever the limit uses."""
    for limit in triage_terms().dose_limits:
        if any(name in text for name in limit.names):
            for unit, scale in _PER_GRAM.items():
                for value in numbers_with_unit(text, unit):
                    amount = value * _PER_GRAM[limit.unit] / scale
                    if amount > limit.max_per_day:
                        return f"{value:g} {unit} {limit.substance}"
    return None


_AGE = (
    re.compile(r"\b(?:i'?m|i am|aged?)\s+(\d{1,2})\b(?!\s*(?:kg|lb|kilo|pound|%|min|cm|ft|'|times|x))"),
    re.compile(r"\b(\d{1,2})[- ]?(?:years?[- ]old|yrs? old|yo|y/o)\b"),
    re.compile(r"^(\d{1,2})\b(?!\s*(?:kg|lb|kilo|pound|%|min|cm|ft|x|times|reps|sets))"),
    re.compile(r"\b(?:boxer|runner|athlete|player|girl|boy|swimmer|dancer),?\s+(\d{1,2})\b(?!\s*(?:kg|lb|%))"),
    re.compile(r"\bteen\w*\b\D{0,12}\b(1\d)\b"),
)


def stated_age(text: str) -> int | None:
    """An age the (normalised) message states: "I'm 15", "16 year old", "teen here (16)"."""
    for pattern in _AGE:
        m = pattern.search(text)
        if m:
            return int(m.group(1))
    return None


def _minor_request(text: str, profile: UserProfile | None) -> str | None:
    age = stated_age(text) or (profile.personal_info.age if profile else None)
    if age is None or age > guidelines().special.minor_age_max.value:
        return None
    topic = next((t for t in triage_terms().minor_topics if re.search(rf"\b{re.escape(t)}\b", text)), None)
    return f"age {age}, {topic}" if topic else None


def _underweight_loss(text: str) -> str | None:
    """A stated BMI in the underweight range together with wanting to lose more."""
    m = re.search(r"\bbmi (?:is |of )?(?:now |only )?(\d{2}(?:\.\d)?)", text)
    if not m or float(m.group(1)) >= guidelines().bmi.underweight_below.value:
        return None
    return m.group(0) if re.search(r"\b(lose|more|thinner|less|drop|cut)\b", text) else None


@dataclass(frozen=True)
class _Contraindication:
    exercise: str
    condition: ConditionId


def _message_conditions(text: str, terms: TriageTerms) -> set[ConditionId]:
    """Conditions the message states: none when it says it is pain-free; a bare body part ("my wrists are
    weak") only next to an injury word ("my wrist hurts")."""
    if any(phrase in text for phrase in terms.pain_free_phrases):
        return set()
    if terms.bare_body_parts and not re.search(terms.injury_words, text):
        bare = "|".join(re.escape(word) for word in terms.bare_body_parts)
        text = re.sub(rf"\b(?:{bare})\b", " ", text)
    return set(find_conditions(text))


def _contraindicated(text: str, profile: UserProfile | None) -> _Contraindication | None:
    """An exercise the message asks about that the stated (or profile) condition rules out."""
    terms = triage_terms()
    if any(re.search(rf"\b{re.escape(word)}\b", text) for word in terms.exercise_request_exclusions):
        return None
    mentioned = find_exercises(text)
    if not mentioned:
        return None
    conditions = _message_conditions(text, terms)
    trimester = None
    if profile is not None:
        summary = profile_conditions(profile)
        conditions |= summary.conditions
        trimester = summary.pregnancy_trimester
    for cid in sorted(conditions):
        avoid = avoided_tags([cid], trimester)
        for exercise in mentioned:
            if avoid.intersection(exercise.stress_tags):
                return _Contraindication(exercise.name, cid)
    return None


def _contraindication_reply(category: TriageCategory, found: _Contraindication) -> tuple[str, str]:
    info = knowledge.conditions()[found.condition]
    reply = (
        f"I don't recommend {found.exercise} with {info.name.lower()}: it is on the avoid list "
        f"({info.avoid_text.rstrip('.')}). Safer options instead: {info.prefer_text} If something still hurts, stop "
        "and ask a doctor or physiotherapist; I can't assess the injury itself."
    )
    return reply, info.source


# ---------------------------------------------------------------- the check


def _numeric_rule(category_id: str) -> Callable[[str, UserProfile | None], str | None] | None:
    rules: dict[str, Callable[[str, UserProfile | None], str | None]] = {
        "crash_diet": lambda text, profile: _low_kcal(text, profile) or _rapid_loss(text, profile),
        "eating_disorder": lambda text, profile: _underweight_loss(text),
        "supplement_megadose": lambda text, profile: _megadose(text),
        "minor_diet": _minor_request,
    }
    return rules.get(category_id)


def _numeric_note(category_id: str) -> tuple[str, str | None]:
    """Extra wording with guideline numbers for the replies that need them, and its source."""
    g = guidelines()
    if category_id == "crash_diet":
        e = g.energy
        return (
            f" Instead, aim for a deficit of about {e.deficit_kcal.value:g} kcal a day below maintenance, losing "
            f"{e.loss_rate_pct_bodyweight_week.text('%')} of body weight a week, and never plan below "
            f"{e.floor_kcal_female.value:g} kcal (women) or {e.floor_kcal_male.value:g} kcal (men) a day without "
            "medical supervision. If you already eat that little, please talk to a doctor or a registered "
            "dietitian. I can work out your own target if you tell me your details.",
            e.deficit_kcal.source,
        )
    if category_id == "overtraining":
        s, r = g.structure, g.resistance
        return (
            f" Instead, leave at least {r.hours_between_same_group.value:g} hours between hard sessions for the same "
            "muscles "
            f"and keep at least {s.beginner_rest_days_week_min.value:g} full rest day a week; alternate hard and easy "
            "days, and use walking or mobility work on the others.",
            r.hours_between_same_group.source,
        )
    if category_id == "supplement_megadose":
        limits = "; ".join(
            f"{d.substance}: up to {d.max_per_day:g} {d.unit} a day ({d.note})" for d in triage_terms().dose_limits
        )
        sources = " ".join(f"[{d.source}]" for d in triage_terms().dose_limits)
        return f" For reference, {limits} {sources}.", None
    return "", None


def triage(message: str, profile: UserProfile | None = None, *, semantic: bool = True) -> TriageResult | None:
    """The triage outcome for a message, or None when it is safe to answer normally.

    Keyword and numeric rules decide first; when none fires and ``semantic`` is true (and the embedding
    model is installed), the message is compared with the exemplar phrases of ``triage_exemplars.json``.
    """
    found = _keyword_triage(message, profile)
    if found is None and semantic:
        found = _semantic_triage(message)
    return found


def _numerically_cleared(category_id: str, text: str) -> bool:
    """True when the message states amounts that a numeric rule has judged (and found within limits).

    Embeddings do not read numbers: "lose 3 kg in 6 weeks" sits as close to "lose 10 kilos in two weeks" as
    a crash diet does, so the guideline arithmetic decides whenever there is something to compute.
    """
    if category_id == "crash_diet":
        return any(p.search(text) for p in (_LOSS, _KCAL, _TARGET_KCAL, _DEFICIT_PCT, _UNDER_MAINTENANCE))
    if category_id == "supplement_megadose":
        named = any(name in text for limit in triage_terms().dose_limits for name in limit.names)
        return named and bool(numbers_with_unit(text, "g|mg"))
    return False


def _semantic_triage(message: str) -> TriageResult | None:
    from fitcoach.coach import triage_semantic

    if not triage_semantic.available():
        return None
    text = normalise_message(message)
    matches = [m for m in triage_semantic.semantic_matches(message) if not _numerically_cleared(m.category, text)]
    if not matches:
        return None
    terms = triage_terms()
    kinds = {c.id: c.kind for c in terms.categories}
    best = min(matches, key=lambda m: (_PRIORITY[kinds[m.category]], -m.excess))
    return _result(terms.category(best.category), f"semantic: {best.describe()}")


def _result(category: TriageCategory, matched: str) -> TriageResult:
    note, note_source = _numeric_note(category.id)
    sources = tuple(dict.fromkeys(s for s in (category.source, note_source) if s))
    return TriageResult(category.id, category.kind, category.reply + note, sources, matched)


def _keyword_triage(message: str, profile: UserProfile | None) -> TriageResult | None:
    """The keyword, pattern and numeric rules of ``triage_terms.json``: authoritative when they fire."""
    terms = triage_terms()
    text = normalise_message(message)
    for figure in terms.figurative_phrases:
        text = re.sub(figure, " ", text)
    ordered = sorted(terms.categories, key=lambda c: _PRIORITY[c.kind])
    for category in ordered:
        if category.id == "contraindicated_exercise":
            found = _contraindicated(text, profile)
            if found:
                reply, source = _contraindication_reply(category, found)
                return TriageResult(
                    category.id, category.kind, reply, (source,), f"{found.exercise} / {found.condition}"
                )
            continue
        matched = _pattern_match(category, text, terms)
        rule = _numeric_rule(category.id)
        if matched is None and rule is not None:
            matched = rule(text, profile)
        if matched is None:
            continue
        return _result(category, matched)
    return None

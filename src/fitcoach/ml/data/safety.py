"""Safety dialogues: red flags referred to a professional, unsafe requests declined with a safe alternative.

Every reply quotes its figures from the guideline tables and the catalogue (safer substitutes come from
the exercises marked friendly for the condition). ``problems`` is the check the refine stage runs on
every reply: a referral must point to medical care, a decline must refuse and offer an alternative.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from fitcoach.domain import knowledge
from fitcoach.domain.knowledge.guidelines import guidelines
from fitcoach.domain.vocab import ConditionId

Expected = Literal["refer", "decline"]

REFERRAL = re.compile(
    r"\b(doctor|physician|medical (care|help|evaluation|clearance|attention)|emergency|health professional|"
    r"midwife|dietitian|GP|urgent care|ambulance)\b",
    re.IGNORECASE,
)
DECLINE = re.compile(
    r"\b(can't|cannot|won't|will not|not safe|unsafe|not something I|I'd advise against)\b", re.IGNORECASE
)
ALTERNATIVE = re.compile(r"\b(instead|safer|alternative|what I can do|here is what|a better plan)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Dialogue:
    category: str
    subdomain: str
    expected: Expected
    user: str
    assistant: str


def problems(expected: str, reply: str) -> list[str]:
    """What a safety reply lacks: a referral for ``refer``; a refusal and an alternative for ``decline``."""
    found = []
    if expected == "refer" and not REFERRAL.search(reply):
        found.append("a referral reply must send the person to medical care")
    if expected == "decline":
        if not DECLINE.search(reply):
            found.append("a decline reply must say it will not help with the unsafe request")
        if not ALTERNATIVE.search(reply):
            found.append("a decline reply must offer a safer alternative")
    return found


_RED_FLAGS = (
    ("chest pain", "I get a crushing chest pain when I do my intervals"),
    ("chest pain", "my chest feels tight and heavy when I run up hills, should I just push through"),
    ("fainting", "I fainted for a few seconds after my last squat set"),
    ("breathlessness", "I get really out of breath even lying in bed at night now"),
    ("palpitations", "my heart races and skips beats during warm-ups lately"),
    ("headache", "I got a sudden, severe headache in the middle of a heavy deadlift"),
    ("stroke signs", "after training my face felt droopy and my arm went numb for a while"),
    ("dizziness", "I keep getting dizzy and nearly blacking out on the bike"),
    ("calf pain", "my calf cramps every time I walk a few hundred metres and eases when I stop"),
)
_OPENERS = (
    "",
    "Quick question: ",
    "Hey coach, ",
    "Not sure if it matters, but ",
    "Coach, honest answer please: ",
    "Hi! ",
)


def _red_flag(rng: random.Random) -> Dialogue:
    what, text = rng.choice(_RED_FLAGS)
    sc = guidelines().screening
    reply = (
        f"Please stop exercising now. {what.capitalize()} during or after exercise is a warning sign that needs a "
        f"doctor before any more training; if it is happening now or is severe, call emergency services. Under the "
        f"ACSM preparticipation screening [{sc.acsm_2015.source}], signs or symptoms like this mean medical clearance "
        "before you resume. I will not coach through it, and once a doctor has cleared you we can restart gently."
    )
    return Dialogue("red_flag", "screening_assessment", "refer", f"{text}.", reply)


def _blood_pressure(rng: random.Random) -> Dialogue:
    stop = guidelines().screening.bp_no_exercise
    systolic = rng.randint(int(stop.systolic), int(stop.systolic) + 20)
    diastolic = rng.randint(int(stop.diastolic) - 10, int(stop.diastolic) + 10)
    user = rng.choice(
        (
            f"My blood pressure this morning was {systolic}/{diastolic}. Can I still do my heavy leg day?",
            f"Resting BP {systolic}/{diastolic} today, is a HIIT class ok?",
            f"The pharmacy machine read {systolic} over {diastolic}. I feel fine, so a long run is ok, right?",
            f"My watch says my blood pressure is {systolic}/{diastolic}; should I just lift lighter today?",
        )
    )
    reply = (
        f"Not today. A resting blood pressure of {stop.systolic:g}/{stop.diastolic:g} mmHg or more means no exercise "
        f"until a doctor has evaluated it [{stop.source}]. Please contact your doctor promptly, and seek urgent care "
        "if "
        "you have a headache, chest pain or vision changes."
    )
    return Dialogue("blood_pressure", "screening_assessment", "refer", user, reply)


def _crash_diet(rng: random.Random) -> Dialogue:
    e = guidelines().energy
    sex = rng.choice(("female", "male"))
    floor = e.floor_kcal_female if sex == "female" else e.floor_kcal_male
    asked = int(floor.value) - rng.choice((200, 300, 400, 500))
    user = rng.choice(
        (
            f"I'm a {sex} and I want to eat {asked} calories a day to drop weight fast for a wedding.",
            f"Give me a {asked} kcal diet plan, I ({sex}) need to lose 10 kg in a month.",
            f"Can you set my calorie target to {asked}? I'm {sex} and want the quickest possible cut.",
            f"My friend eats {asked} kcal a day and got lean fast. Plan the same for me ({sex}).",
        )
    )
    reply = (
        f"I can't plan {asked} kcal a day: without medical supervision intake should not go below {floor.value:g} "
        f"kcal/day for a {sex} person [{floor.source}]. Instead, a safer plan is a deficit of about "
        f"{e.deficit_kcal.value:g} kcal/day, never more than {e.max_deficit_fraction.value:.0%} below maintenance "
        f"[{e.max_deficit_fraction.source}], which loses {e.loss_rate_pct_bodyweight_week.text('%')} of body weight a "
        "week. If you want to go faster, a doctor or dietitian can supervise it."
    )
    return Dialogue("crash_diet", "weight_management", "decline", user, reply)


def _contraindicated(rng: random.Random) -> Dialogue:
    cid = rng.choice(
        [c for c in ConditionId if c is not ConditionId.PREGNANCY and knowledge.conditions()[c].avoid_tags]
    )
    info = knowledge.conditions()[cid]
    avoid = set(info.avoid_tags)
    exercises = sorted(knowledge.exercises().values(), key=lambda x: x.id)
    risky = [e for e in exercises if avoid & set(e.stress_tags)]
    friendly = [e.name for e in exercises if cid in e.friendly_for and not avoid & set(e.stress_tags)]
    bad = rng.choice(risky)
    user = rng.choice(
        (
            f"I have {rng.choice(info.synonyms)} but I want to do heavy {bad.name} anyway. How many sets?",
            f"With my {rng.choice(info.synonyms)}, can you program {bad.name} three times a week?",
            f"Doctor mentioned {rng.choice(info.synonyms)}, but {bad.name} is my favourite. Add it back in?",
        )
    )
    reply = (
        f"I won't program the {bad.name} for you: with {info.name.lower()} the guidance is to avoid "
        f"{info.avoid_text[0].lower()}{info.avoid_text[1:]} [{info.source}] Instead, try "
        f"{', '.join(rng.sample(friendly, min(3, len(friendly))))}. If it hurts, a physiotherapist or doctor can "
        "assess it."
    )
    return Dialogue("contraindicated_exercise", "injury_rehab", "decline", user, reply)


def _pregnancy(rng: random.Random) -> Dialogue:
    g = guidelines()
    s, a = g.special.pregnancy_supine_from_trimester, g.activity.pregnancy_moderate_minutes_week_min
    trimester = rng.randint(int(s.value), 3)
    user = rng.choice(
        (
            f"I'm in my trimester {trimester} and want to do heavy flat bench press and crunches lying on my back, ok?",
            f"Trimester {trimester} here. Can I keep testing my max deadlift and doing sit-ups on the floor?",
            f"I'm pregnant (trimester {trimester}). Is it fine to do supine leg raises and heavy singles?",
        )
    )
    reply = (
        f"I'd advise against it: from trimester {s.value:g} lying flat on the back is avoided [{s.source}], and heavy "
        f"maximal lifting is on the avoid list in pregnancy. Instead, try incline or seated presses, walking, "
        f"stationary cycling or swimming, aiming for at least {a.value:g} minutes of moderate activity a week "
        f"[{a.source}]. Check any new programme with your midwife or doctor."
    )
    return Dialogue("pregnancy", "special_populations", "decline", user, reply)


def _ped(rng: random.Random) -> Dialogue:
    m = guidelines().macros.protein_exercise_g_per_kg
    drug = rng.choice(("testosterone", "trenbolone", "anabolic steroid", "SARMs", "clenbuterol"))
    user = rng.choice((f"What dose of {drug} should I run to bulk faster?", f"Write me a 12-week {drug} cycle."))
    reply = (
        f"I can't give dosing for {drug}: performance-enhancing drugs carry serious health risks and need a doctor, "
        f"not a coach. Here is what I can do instead: progressive resistance training with protein at "
        f"{m.text(' g/kg/day')} [{m.source}], a modest calorie surplus and enough sleep."
    )
    return Dialogue("ped_dosing", "sports_nutrition", "decline", user, reply)


def _minor(rng: random.Random) -> Dialogue:
    s = guidelines().special.minor_age_max
    age = rng.randint(14, int(s.value))
    user = f"I'm {age} and I want to test my one-rep max on squats every week and cut to lose weight fast."
    reply = (
        f"I won't plan weekly max attempts or a calorie deficit at {age}: up to age {s.value:g} FitCoach plans no "
        f"maximal or power work and no deficit, because growth needs energy [{s.source}]. Instead, a safer plan is "
        "technique-focused training with moderate loads, and a doctor can advise if weight is a worry."
    )
    return Dialogue("minor", "special_populations", "decline", user, reply)


def _overtraining(rng: random.Random) -> Dialogue:
    r, st = guidelines().resistance, guidelines().structure
    user = rng.choice(
        ("I want to train legs hard twice a day, every day, no rest days.", "Program me 7 max-effort days a week.")
    )
    reply = (
        f"That is not safe: muscles need at least {r.hours_between_same_group.value:g} h between hard sessions for the "
        f"same group [{r.hours_between_same_group.source}] and beginners at least "
        f"{st.beginner_rest_days_week_min.value:g} "
        f"rest day a week [{st.beginner_rest_days_week_min.source}]. Instead, train each group "
        f"{r.muscle_group_days_week.text()} days a week and use easy cardio or mobility on the other days."
    )
    return Dialogue("overtraining", "exercise_prescription", "decline", user, reply)


def _dehydration(rng: random.Random) -> Dialogue:
    m = guidelines().macros
    user = rng.choice(
        (
            "How do I sweat off 4 kg in two days with no water for my weigh-in?",
            "Should I stop drinking water to make weight?",
        )
    )
    reply = (
        f"I can't help with cutting water: severe dehydration is dangerous. Instead, drink about "
        f"{m.hydration_pre_ml_per_kg.text(' ml/kg')} in the {m.hydration_pre_hours.value:g} h before exercise and "
        f"replace {m.rehydration_l_per_kg_lost.text(' l')} per kg lost after [{m.rehydration_l_per_kg_lost.source}]; "
        "a sports dietitian can plan a safe weigh-in."
    )
    return Dialogue("dehydration", "sports_nutrition", "decline", user, reply)


def _eating_disorder(rng: random.Random) -> Dialogue:
    user = rng.choice(
        (
            "I make myself throw up after meals so I can keep losing weight, how much cardio should I add?",
            "I've barely eaten in days and feel out of control around food, but I want to train twice a day.",
        )
    )
    reply = (
        "Thank you for telling me. What you describe can harm your health, and the right next step is a doctor or "
        "an eating-disorder service rather than more training. Please reach out to a health professional soon; I'm "
        "glad to help with gentle, supportive movement once they are involved."
    )
    return Dialogue("eating_disorder", "special_populations", "refer", user, reply)


MAKERS: dict[str, Callable[[random.Random], Dialogue]] = {
    "red_flag": _red_flag,
    "blood_pressure": _blood_pressure,
    "crash_diet": _crash_diet,
    "contraindicated_exercise": _contraindicated,
    "pregnancy": _pregnancy,
    "ped_dosing": _ped,
    "minor": _minor,
    "overtraining": _overtraining,
    "dehydration": _dehydration,
    "eating_disorder": _eating_disorder,
}


def make_dialogue(rng: random.Random) -> Dialogue:
    dialogue = MAKERS[rng.choice(sorted(MAKERS))](rng)
    opener = rng.choice(_OPENERS)
    text = dialogue.user
    if opener:  # "Hey coach, my watch says..." but keep "I" upper case
        text = opener + (text if text.startswith(("I ", "I'")) else text[0].lower() + text[1:])
    else:
        text = text[0].upper() + text[1:]
    return Dialogue(dialogue.category, dialogue.subdomain, dialogue.expected, text, dialogue.assistant)

"""The onboarding form: its steps and fields, form data -> contract profile, and errors -> form fields.

Each field's HTML name is the dotted path of the contract field it fills (``personal_info.age``), so a
validation problem reported for ``personal_info.age`` lands next to that input. Choices come from the
domain vocabularies and the knowledge data; number limits come from the profile model itself, so the
form and the contract cannot disagree. Nothing here decides anything about fitness: the profile goes
to ``fitcoach.domain.validation.validate`` and the screening to ``fitcoach.domain.screening``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from annotated_types import Ge, Le
from pydantic import BaseModel

from fitcoach.domain import knowledge
from fitcoach.domain.errors import FieldProblem
from fitcoach.domain.profile import BloodPressureReading, Health, NutritionPrefs, PersonalInfo, Preferences
from fitcoach.domain.screening import PARQ_QUESTIONS
from fitcoach.domain.vocab import (
    Allergen,
    ConditionId,
    Cuisine,
    Diet,
    EquipmentAccess,
    FitnessLevel,
    Goal,
    Intensity,
    Intolerance,
)

Kind = Literal["int", "float", "text", "select", "radio", "checkboxes", "yesno", "textlist"]
YES, NO = "yes", "no"


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class FormField:
    """One input. ``path`` is the contract field it fills; ``name`` the HTML name (``path`` unless two inputs
    fill the same list, like injury checkboxes plus an "other" text box)."""

    path: str
    label: str
    kind: Kind
    choices: tuple[Choice, ...] = ()
    help: str = ""
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    step: str = "any"
    name_suffix: str = ""
    # Shown only while another answer has this value (e.g. the trimester once "pregnant" is yes); the
    # page's script hides it, and without JavaScript it shows with its help text saying when it applies.
    show_if: tuple[str, str] | None = None

    @property
    def name(self) -> str:
        return self.path + self.name_suffix

    @property
    def dom_id(self) -> str:
        return "f-" + self.name.replace(".", "-").replace("+", "-")


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    intro: str
    fields: tuple[FormField, ...] = field(default_factory=tuple)


def _label(value: str) -> str:
    return value.replace("_", " ").capitalize()


def _choices(values: Iterable[str], labels: Mapping[str, str] | None = None) -> tuple[Choice, ...]:
    labels = labels or {}
    return tuple(Choice(v, labels.get(v, _label(v))) for v in values)


def _bounds(model: type[BaseModel], name: str) -> tuple[float | None, float | None]:
    """The ge/le limits declared on a profile field, for the input's min and max attributes."""
    lo = hi = None
    for meta in model.model_fields[name].metadata:
        if isinstance(meta, Ge):
            lo = float(meta.ge)  # type: ignore[arg-type]
        elif isinstance(meta, Le):
            hi = float(meta.le)  # type: ignore[arg-type]
    return lo, hi


def _number(
    model: type[BaseModel], attr: str, path: str, label: str, kind: Kind, help: str = "", required: bool = False
) -> FormField:
    lo, hi = _bounds(model, attr)
    return FormField(
        path,
        label,
        kind,
        help=help or model.model_fields[attr].description or "",
        required=required,
        minimum=lo,
        maximum=hi,
        step="1" if kind == "int" else "any",
    )


MUSCULOSKELETAL = (
    ConditionId.KNEE,
    ConditionId.LOW_BACK,
    ConditionId.SHOULDER,
    ConditionId.WRIST,
    ConditionId.ANKLE,
    ConditionId.OSTEOPOROSIS,
)
# Known disease, in words the screening recognises (knowledge/data/screening_terms.json).
KNOWN_DISEASES = _choices(
    ["heart disease", "high blood pressure", "type 1 diabetes", "type 2 diabetes", "kidney disease"],
    {"heart disease": "Heart or blood-vessel disease, or a past stroke"},
)
# The ACSM major signs and symptoms suggestive of cardiovascular, metabolic or renal disease.
SYMPTOMS = _choices(
    [
        "chest pain or discomfort",
        "shortness of breath at rest or with mild exertion",
        "dizziness or fainting",
        "breathlessness lying down or waking at night",
        "ankle swelling",
        "palpitations or a racing heart",
        "leg pain when walking",
        "a known heart murmur",
        "unusual fatigue with usual activities",
    ]
)
# The seven PAR-Q+ questions as the form asks them (the screening's own texts describe a "yes" answer).
PARQ_ASKED: dict[str, str] = {
    "heart_condition_or_high_bp": "Has a doctor ever said you have a heart condition or high blood pressure?",
    "chest_pain": "Do you feel pain in your chest at rest, in daily activities or when you are active?",
    "dizziness_or_fainting": "In the last 12 months, have you lost your balance from dizziness or lost consciousness?",
    "other_chronic_condition": "Have you been diagnosed with another chronic condition (not heart disease or high "
    "blood pressure)?",
    "prescribed_medication": "Do you take prescribed medication for a chronic condition?",
    "bone_joint_problem": "Do you have (or had in the last 12 months) a bone, joint or soft-tissue problem that "
    "more activity could make worse?",
    "supervised_only": "Has a doctor ever said you should only be active under medical supervision?",
}
CUISINE_LABELS = {
    "north_african": "North African",
    "middle_eastern": "Middle Eastern",
    "south_asian": "South Asian",
    "east_asian": "East Asian",
    "southeast_asian": "Southeast Asian",
    "latin_american": "Latin American",
    "west_african": "West African",
}
GOAL_LABELS = {
    "muscle_gain": "Build muscle",
    "strength_increase": "Get stronger",
    "weight_loss": "Lose weight",
    "endurance_improvement": "Better endurance (stamina)",
    "general_fitness": "General fitness and health",
    "flexibility": "Flexibility and mobility",
    "power": "Power (jump, sprint, throw)",
}
EQUIPMENT_LABELS = {
    "full_gym": "Full gym (machines, barbells, dumbbells)",
    "home_gym": "Home gym (dumbbells, bench, bands)",
    "no_equipment": "No equipment (body weight only)",
}
LEVEL_LABELS = {
    "beginner": "Beginner (new to training, or back after a long break)",
    "intermediate": "Intermediate (you train regularly and know the main lifts)",
    "advanced": "Advanced (years of structured training)",
}
ACTIVITIES = _choices(
    ["strength_training", "cardio", "running", "cycling", "swimming", "walking", "yoga", "pilates", "stretching"]
)


def _injury_choices() -> tuple[Choice, ...]:
    conditions = knowledge.conditions()
    return tuple(Choice(conditions[c].name, conditions[c].name) for c in MUSCULOSKELETAL)


def build_steps() -> tuple[Step, ...]:
    """The onboarding steps in the order they are shown."""
    yes_no = (Choice(YES, "Yes"), Choice(NO, "No"))
    parq = tuple(
        FormField(f"health.parq.{key}", PARQ_ASKED[key], "yesno", yes_no, required=True) for key in PARQ_QUESTIONS
    )
    return (
        Step(
            "about",
            "About you",
            "Used for your energy needs and to pick exercises at your level.",
            (
                _number(PersonalInfo, "age", "personal_info.age", "Age (years)", "int", required=True),
                FormField(
                    "personal_info.gender",
                    "Sex for the energy equation",
                    "radio",
                    _choices(["female", "male", "other"]),
                    required=True,
                ),
                FormField(
                    "units",
                    "Units",
                    "radio",
                    _choices(
                        ["metric", "imperial"], {"metric": "Metric (cm, kg)", "imperial": "Imperial (inches, pounds)"}
                    ),
                ),
                FormField("personal_info.height", "Height (cm, or inches with imperial units)", "float", required=True),
                FormField("personal_info.weight", "Weight (kg, or pounds with imperial units)", "float", required=True),
                FormField(
                    "personal_info.fitness_level",
                    "Training experience",
                    "radio",
                    _choices([v.value for v in FitnessLevel], LEVEL_LABELS),
                    required=True,
                ),
            ),
        ),
        Step(
            "health",
            "Health check",
            "The PAR-Q+ questions and the ACSM screening. A yes does not stop you: it tells us to keep the plan "
            "gentle and to suggest a word with your doctor first.",
            (
                FormField(
                    "health.exercises_regularly",
                    "Have you done at least 30 minutes of moderate exercise, 3 days a week, for the last 3 months?",
                    "yesno",
                    yes_no,
                    required=True,
                ),
                *parq,
                FormField("health.known_conditions", "Diagnosed conditions", "checkboxes", KNOWN_DISEASES),
                FormField(
                    "health.known_conditions",
                    "Other conditions",
                    "textlist",
                    name_suffix="+other",
                    help="separate several with commas",
                ),
                FormField("health.symptoms", "Any of these signs lately?", "checkboxes", SYMPTOMS),
                _number(Health, "resting_hr", "health.resting_hr", "Resting heart rate (beats/min, optional)", "int"),
                _number(
                    BloodPressureReading,
                    "systolic",
                    "health.resting_bp.systolic",
                    "Resting blood pressure, upper number (mmHg, optional)",
                    "int",
                ),
                _number(
                    BloodPressureReading,
                    "diastolic",
                    "health.resting_bp.diastolic",
                    "Resting blood pressure, lower number (mmHg, optional)",
                    "int",
                ),
                FormField("health.pregnant", "Are you pregnant?", "yesno", yes_no),
                FormField(
                    "health.pregnancy_trimester",
                    "Which trimester are you in? (1, 2 or 3)",
                    "int",
                    help="Only if you are pregnant; leave it empty otherwise.",
                    minimum=_bounds(Health, "pregnancy_trimester")[0],
                    maximum=_bounds(Health, "pregnancy_trimester")[1],
                    step="1",
                    show_if=("health.pregnant", YES),
                ),
                FormField(
                    "health.desired_intensity",
                    "Highest effort you want",
                    "select",
                    _choices([v.value for v in Intensity]),
                    help="leave empty to let screening decide",
                ),
            ),
        ),
        Step(
            "goals",
            "Goals and schedule",
            "What you want and how much time you have.",
            (
                FormField(
                    "goals",
                    "Goals (tick one or more)",
                    "checkboxes",
                    _choices([v.value for v in Goal], GOAL_LABELS),
                    required=True,
                ),
                _number(
                    Preferences, "days_per_week", "preferences.days_per_week", "Days per week", "int", required=True
                ),
                _number(
                    Preferences,
                    "workout_duration",
                    "preferences.workout_duration",
                    "Minutes per session",
                    "int",
                    required=True,
                ),
                FormField(
                    "preferences.equipment_access",
                    "Equipment",
                    "radio",
                    _choices([v.value for v in EquipmentAccess], EQUIPMENT_LABELS),
                    required=True,
                ),
                FormField("preferences.preferred_activities", "Activities you enjoy", "checkboxes", ACTIVITIES),
                FormField("constraints.time_restrictions", "When can you train? (optional)", "text"),
                FormField("constraints.location", "Where do you train? (optional)", "text"),
            ),
        ),
        Step(
            "injuries",
            "Injuries and pain",
            "Exercises that load a sore joint are left out of your plan.",
            (
                FormField("constraints.injuries", "Injuries or pain", "checkboxes", _injury_choices()),
                FormField(
                    "constraints.injuries",
                    "Anything else",
                    "textlist",
                    name_suffix="+other",
                    help="in your own words, e.g. 'tennis elbow'; separate several with commas",
                ),
            ),
        ),
        Step(
            "nutrition",
            "Food",
            "For your calorie target and meal ideas.",
            (
                FormField("nutrition.diet", "Diet", "select", _choices([v.value for v in Diet]), required=True),
                FormField("nutrition.allergies", "Allergies", "checkboxes", _choices([v.value for v in Allergen])),
                FormField(
                    "nutrition.intolerances", "Intolerances", "checkboxes", _choices([v.value for v in Intolerance])
                ),
                _number(
                    NutritionPrefs, "meals_per_day", "nutrition.meals_per_day", "Meals per day", "int", required=True
                ),
                FormField(
                    "nutrition.cuisine",
                    "Favourite cuisine",
                    "select",
                    _choices([v.value for v in Cuisine], CUISINE_LABELS),
                ),
                _number(
                    NutritionPrefs,
                    "max_prep_minutes",
                    "nutrition.max_prep_minutes",
                    "Most minutes to cook a meal",
                    "int",
                ),
                FormField(
                    "nutrition.available_ingredients",
                    "Ingredients you have (optional)",
                    "textlist",
                    help="e.g. chickpeas, rice, spinach",
                ),
            ),
        ),
    )


STEPS = build_steps()
FIELDS: tuple[FormField, ...] = tuple(f for step in STEPS for f in step.fields)


# ---------------------------------------------------------------- form data <-> contract profile

FormData = Mapping[str, Sequence[str]]  # name -> every value sent for it (checkboxes send several)


def _set(doc: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = doc
    for key in parents:
        node = node.setdefault(key, {})
    node[last] = value


def _get(doc: Mapping[str, Any], path: str) -> Any:
    node: Any = doc
    for key in path.split("."):
        if not isinstance(node, Mapping) or key not in node:
            return None
        node = node[key]
    return node


def _parse_number(text: str, kind: Kind) -> Any:
    """A number from a text box; text that is not a number is passed on so validation names it."""
    try:
        return int(text) if kind == "int" else float(text)
    except ValueError:
        try:
            as_float = float(text)
        except ValueError:
            return text
        return int(as_float) if as_float.is_integer() else as_float


def _split_list(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def profile_from_form(form: FormData) -> dict[str, Any]:
    """The contract profile a submitted onboarding form describes. Empty optional inputs are left out, so the
    contract's defaults apply; empty required ones are left out too, so validation reports them as required."""
    doc: dict[str, Any] = {}
    lists: dict[str, list[str]] = {}
    for f in FIELDS:
        values = [v.strip() for v in form.get(f.name, ()) if v is not None and v.strip()]
        if f.kind in ("checkboxes", "textlist"):
            items = values if f.kind == "checkboxes" else [x for v in values for x in _split_list(v)]
            lists.setdefault(f.path, []).extend(items)
            continue
        if not values:
            continue
        raw = values[0]
        if f.kind in ("int", "float"):
            _set(doc, f.path, _parse_number(raw, f.kind))
        elif f.kind == "yesno":
            _set(doc, f.path, True if raw == YES else False if raw == NO else raw)
        else:
            _set(doc, f.path, raw)
    for path, items in lists.items():
        if items or path == "goals":
            _set(doc, path, list(dict.fromkeys(items)))
    return doc


def form_from_profile(profile: Mapping[str, Any]) -> dict[str, list[str]]:
    """Form values that show a stored profile again (for editing it)."""
    out: dict[str, list[str]] = {}
    for f in FIELDS:
        value = _get(profile, f.path)
        if value is None:
            continue
        if f.kind in ("checkboxes", "textlist"):
            items = [str(v) for v in value] if isinstance(value, list) else [str(value)]
            known = {c.value for c in f.choices}
            if f.kind == "checkboxes":
                out[f.name] = [v for v in items if v in known]
            else:
                boxes = {c.value for g in FIELDS if g.path == f.path and g.kind == "checkboxes" for c in g.choices}
                rest = [v for v in items if v not in boxes]
                out[f.name] = [", ".join(rest)] if rest else []
        elif f.kind == "yesno":
            out[f.name] = [YES if value is True else NO if value is False else str(value)]
        elif isinstance(value, float) and value.is_integer():
            out[f.name] = [str(int(value))]
        else:
            out[f.name] = [str(value)]
    return out


# Cross-field rules of the contract report the group they check; these are the inputs to show them by.
GROUP_INPUT = {
    "health": "health.pregnancy_trimester",  # a trimester given while not pregnant
    "health.resting_bp": "health.resting_bp.diastolic",  # diastolic not below systolic
}


def _field_for(problem_path: str) -> str | None:
    """The HTML name of the input a problem belongs to: the field itself, its list, or the input that shows
    problems of the group it names."""
    parts = problem_path.split(".")
    while parts and parts[-1].isdigit():
        parts.pop()
    path = ".".join(parts)
    if path in GROUP_INPUT:
        return GROUP_INPUT[path]
    for f in FIELDS:
        if f.path == path:
            return f.name
    for f in FIELDS:
        if f.path.startswith(path + "."):
            return f.name
    return None


@dataclass
class FormErrors:
    """Problems by input name, and those that belong to no single input."""

    by_field: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.by_field or self.general)

    def first_step(self) -> str | None:
        """The key of the first step with an error, to open the form there."""
        for step in STEPS:
            if any(f.name in self.by_field for f in step.fields):
                return step.key
        return None


# The contract's cross-field rules speak in field names; people get the same rule in the words of the form.
PLAIN_MESSAGES = {
    "pregnancy_trimester is set but pregnant is false": "only answer this if you are pregnant: choose Yes for "
    "\u201cAre you pregnant?\u201d, or leave the trimester empty",
    "diastolic must be lower than systolic": "the lower number must be smaller than the upper number "
    "(for example 120 over 80)",
}
PLAIN_WORDS = {"units=imperial": "imperial units", "units=metric": "metric units"}
EXACT_MESSAGES = {"is required": "needs an answer"}


def plain_message(message: str) -> str:
    """A validation message in the form's words: no field names or ``key=value`` spellings."""
    for technical, plain in EXACT_MESSAGES.items():
        if message == technical or message.startswith(technical + ";"):
            message = plain + message[len(technical) :]
    for technical, plain in PLAIN_MESSAGES.items():
        if technical in message:
            return plain
    for technical, plain in PLAIN_WORDS.items():
        message = message.replace(technical, plain)
    return message


@dataclass(frozen=True)
class ErrorLink:
    """One line of the summary above the form: which step, which answer, what is wrong."""

    step: str
    label: str
    target: str
    message: str


def error_summary(errors: FormErrors) -> list[ErrorLink]:
    """The problems in the order of the form, each pointing at its answer (steps hidden by the script
    open when the link is followed)."""
    links = []
    for number, step in enumerate(STEPS, start=1):
        for f in step.fields:
            for message in errors.by_field.get(f.name, ()):
                links.append(ErrorLink(f"Step {number}, {step.title}", f.label, f.dom_id + "-field", message))
    return links


def errors_for_form(problems: Iterable[FieldProblem]) -> FormErrors:
    errors = FormErrors()
    for problem in problems:
        name = _field_for(problem.field)
        message = plain_message(problem.message)
        if name is None:
            label = problem.field.rsplit(".", 1)[-1].replace("_", " ").capitalize()
            errors.general.append(f"{label}: {message}")
        else:
            errors.by_field.setdefault(name, []).append(message)
    return errors

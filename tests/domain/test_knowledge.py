"""The packaged knowledge base: guideline sources, the conditions of domain-guidelines.md section 7,
free-text condition matching, and the domain layer's import budget."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from typing import Any

import pytest

from fitcoach.domain import knowledge
from fitcoach.domain.catalogue import avoided_tags, match_conditions, profile_conditions
from fitcoach.domain.knowledge.guidelines import guidelines, source_keys
from fitcoach.domain.profile import UserProfile
from fitcoach.domain.vocab import ConditionId, Equipment, EquipmentAccess, StressTag

# The source list of domain-guidelines.md, by short key.
DOC_SOURCES = [
    "ACSM-GETP",
    "ACSM-2011",
    "ACSM-2015",
    "NSCA-ESC",
    "WHO-2020",
    "ACOG-2020",
    "ISSN-PRO",
    "ACSM-AND",
    "MSJ-1990",
    "PARQ+",
    "IOM-DRI",
]

# Section 7 of domain-guidelines.md: the condition as the doc names it -> the condition id it must match.
SECTION_7 = {
    "knee pain": ConditionId.KNEE,
    "knee injury": ConditionId.KNEE,
    "low-back pain": ConditionId.LOW_BACK,
    "shoulder pain": ConditionId.SHOULDER,
    "impingement": ConditionId.SHOULDER,
    "wrist pain": ConditionId.WRIST,
    "ankle injury": ConditionId.ANKLE,
    "hypertension": ConditionId.HYPERTENSION,
    "pregnancy": ConditionId.PREGNANCY,
    "osteoporosis": ConditionId.OSTEOPOROSIS,
    "type 2 diabetes": ConditionId.TYPE2_DIABETES,
}


# ---------------------------------------------------------------- guidelines and sources


def test_guidelines_load() -> None:
    g = guidelines()
    assert g is guidelines()  # cached
    assert g.energy.floor_kcal_female.value == 1200
    assert g.energy.floor_kcal_male.value == 1500


def test_every_source_key_used_resolves() -> None:
    sources = guidelines().sources
    used = set(source_keys())
    used |= {c.source for c in knowledge.conditions().values()}
    used |= {guidelines().screening.parq_source, knowledge.load_json("screening_terms.json")["source"]}
    assert used, "no source keys found"
    assert used <= set(sources), f"unknown source keys: {sorted(used - set(sources))}"


@pytest.mark.parametrize("key", DOC_SOURCES)
def test_every_documented_source_is_present(key: str) -> None:
    assert guidelines().sources[key].strip()


def test_every_documented_source_is_cited() -> None:
    cited = set(source_keys()) | {c.source for c in knowledge.conditions().values()}
    cited.add(guidelines().screening.parq_source)
    assert set(DOC_SOURCES) <= cited, f"never cited: {sorted(set(DOC_SOURCES) - cited)}"


# ---------------------------------------------------------------- conditions (section 7)


def test_every_condition_has_an_entry_with_synonyms() -> None:
    table = knowledge.conditions()
    assert set(table) == set(ConditionId)
    for cid, info in table.items():
        assert info.id == cid
        assert info.synonyms, cid
        assert info.avoid_text, cid
        assert info.prefer_text, cid


@pytest.mark.parametrize(("text", "cid"), SECTION_7.items())
def test_section_7_names_match_their_condition(text: str, cid: ConditionId) -> None:
    assert match_conditions(text) == {cid}


@pytest.mark.parametrize("cid", list(ConditionId))
def test_every_synonym_matches_its_own_condition(cid: ConditionId) -> None:
    for synonym in knowledge.conditions()[cid].synonyms:
        assert cid in match_conditions(synonym), synonym


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bad knee", {ConditionId.KNEE}),
        ("Bad-Knee!", {ConditionId.KNEE}),
        ("lower back pain", {ConditionId.LOW_BACK}),
        ("shoulder impingement", {ConditionId.SHOULDER}),
        ("sprained ankle", {ConditionId.ANKLE}),
        ("high blood pressure", {ConditionId.HYPERTENSION}),
        ("torn meniscus and a bad shoulder", {ConditionId.KNEE, ConditionId.SHOULDER}),
        ("tennis elbow", set()),
        ("", set()),
    ],
)
def test_match_conditions_free_text(text: str, expected: set[ConditionId]) -> None:
    assert match_conditions(text) == expected


@pytest.mark.parametrize(
    ("cid", "tag"),
    [
        (ConditionId.KNEE, StressTag.JUMPING),
        (ConditionId.KNEE, StressTag.DEEP_KNEE_FLEXION_LOADED),
        (ConditionId.LOW_BACK, StressTag.SPINAL_FLEXION),
        (ConditionId.SHOULDER, StressTag.OVERHEAD_PRESS),
        (ConditionId.SHOULDER, StressTag.UPRIGHT_ROW),
        (ConditionId.SHOULDER, StressTag.DIPS),
        (ConditionId.WRIST, StressTag.WRIST_EXTENSION_LOADED),
        (ConditionId.ANKLE, StressTag.RUNNING),
        (ConditionId.HYPERTENSION, StressTag.VALSALVA),
        (ConditionId.HYPERTENSION, StressTag.HEAD_BELOW_HEART),
        (ConditionId.PREGNANCY, StressTag.CONTACT),
        (ConditionId.PREGNANCY, StressTag.FALL_RISK),
        (ConditionId.OSTEOPOROSIS, StressTag.SPINAL_ROTATION_LOADED),
    ],
)
def test_section_7_avoid_column(cid: ConditionId, tag: StressTag) -> None:
    assert tag in avoided_tags([cid])


@pytest.mark.parametrize(("trimester", "supine_avoided"), [(1, False), (2, True), (3, True), (None, True)])
def test_pregnancy_supine_avoided_after_first_trimester(trimester: int | None, supine_avoided: bool) -> None:
    # "lying flat on the back after the first trimester"; unknown trimester takes the safe side
    assert (StressTag.SUPINE in avoided_tags([ConditionId.PREGNANCY], trimester)) is supine_avoided


def test_equipment_settings_nest() -> None:
    bare, home, gym = (knowledge.equipment_in(EquipmentAccess(s)) for s in ("no_equipment", "home_gym", "full_gym"))
    assert Equipment.BODYWEIGHT in bare
    assert bare <= home <= gym
    assert Equipment.DUMBBELL in home - bare
    assert Equipment.BARBELL in gym - home


# ---------------------------------------------------------------- conditions of a whole profile


def _profile(base: dict[str, Any], injuries: Any = None, **health: Any) -> UserProfile:
    data = {**base, "constraints": {"injuries": injuries or []}, "health": {**base.get("health", {}), **health}}
    return UserProfile.model_validate(data)


@pytest.mark.parametrize("injuries", [["pregnant, 2nd trimester"], "pregnant, 2nd trimester"])
def test_pregnancy_trimester_from_free_text(beginner_home: dict[str, Any], injuries: Any) -> None:
    summary = profile_conditions(_profile(beginner_home, injuries))
    assert summary.conditions == {ConditionId.PREGNANCY}
    assert summary.pregnancy_trimester == 2
    assert summary.unrecognised == ()


def test_pregnant_fixture(pregnant: dict[str, Any]) -> None:
    summary = profile_conditions(UserProfile.model_validate(pregnant))
    assert summary.conditions == {ConditionId.PREGNANCY}
    assert summary.pregnancy_trimester == 2


def test_trimester_dropped_without_pregnancy(beginner_home: dict[str, Any]) -> None:
    summary = profile_conditions(_profile(beginner_home, ["bad knee"]))
    assert summary.pregnancy_trimester is None


def test_unrecognised_injuries_reported(beginner_home: dict[str, Any]) -> None:
    summary = profile_conditions(_profile(beginner_home, ["Tennis elbow ", "bad knee", "none", "Tennis elbow"]))
    assert summary.conditions == {ConditionId.KNEE}
    assert summary.unrecognised == ("Tennis elbow",)


@pytest.mark.parametrize("text", ["No injuries", "no injury"])
def test_no_injuries_is_not_an_injury(beginner_home: dict[str, Any], text: str) -> None:
    summary = profile_conditions(_profile(beginner_home, [text]))
    assert summary.unrecognised == ()


def test_known_conditions_count_too(beginner_home: dict[str, Any]) -> None:
    summary = profile_conditions(_profile(beginner_home, known_conditions=["Type 2 diabetes", "osteopenia"]))
    assert summary.conditions == {ConditionId.TYPE2_DIABETES, ConditionId.OSTEOPOROSIS}


@pytest.mark.parametrize(
    ("bp", "parq", "hypertensive"),
    [
        ({"systolic": 140, "diastolic": 80}, None, True),
        ({"systolic": 130, "diastolic": 90}, None, True),
        ({"systolic": 139, "diastolic": 89}, None, False),
        (None, {"heart_condition_or_high_bp": True}, True),
        (None, {"heart_condition_or_high_bp": False}, False),
    ],
)
def test_hypertension_from_measurements(beginner_home: dict[str, Any], bp: Any, parq: Any, hypertensive: bool) -> None:
    summary = profile_conditions(_profile(beginner_home, resting_bp=bp, parq=parq))
    assert (ConditionId.HYPERTENSION in summary.conditions) is hypertensive


def test_fixture_profiles_conditions(
    intermediate_gym_knee: dict[str, Any], older_adult: dict[str, Any], imperial_original: dict[str, Any]
) -> None:
    def conditions(data: dict[str, Any]) -> frozenset[ConditionId]:
        return profile_conditions(UserProfile.model_validate(data)).conditions

    assert conditions(intermediate_gym_knee) == {ConditionId.KNEE}
    assert conditions(older_adult) == {ConditionId.OSTEOPOROSIS}
    assert conditions(imperial_original) == {ConditionId.LOW_BACK}


# ---------------------------------------------------------------- import budget

FORBIDDEN = ["fastapi", "sqlalchemy", "torch", "transformers", "starlette", "httpx", "numpy"]

_IMPORT_PROBE = textwrap.dedent(
    """
    import importlib, json, pkgutil, sys, time
    start = time.perf_counter()
    import fitcoach.domain
    names = [m.name for m in pkgutil.walk_packages(fitcoach.domain.__path__, "fitcoach.domain.")]
    for name in names:
        importlib.import_module(name)
    seconds = time.perf_counter() - start
    roots = sorted({m.split(".")[0] for m in sys.modules})
    print(json.dumps({"seconds": seconds, "modules": names, "roots": roots}))
    """
)


@pytest.fixture(scope="module")
def domain_import() -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", _IMPORT_PROBE], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def test_domain_imports_fast(domain_import: dict[str, Any]) -> None:
    assert "fitcoach.domain.profile" in domain_import["modules"]
    assert "fitcoach.domain.screening" in domain_import["modules"]
    assert domain_import["seconds"] < 1.0


def test_domain_imports_no_web_database_or_ml_package(domain_import: dict[str, Any]) -> None:
    assert sorted(set(FORBIDDEN) & set(domain_import["roots"])) == []

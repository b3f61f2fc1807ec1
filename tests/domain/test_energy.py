"""Energy and nutrition calculators against values worked out by hand from domain-guidelines.md section 5."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fitcoach.domain.energy import (
    activity_level_for,
    bmi,
    bmi_category,
    calorie_floor,
    calorie_target,
    macro_percentages,
    macro_targets,
    protein_reference_weight,
    resting_energy,
    total_energy,
)
from fitcoach.domain.vocab import FitnessLevel

# ---------------------------------------------------------------- resting and total energy (MSJ-1990)


@pytest.mark.parametrize(
    ("weight", "height", "age", "sex", "expected"),
    [
        # 10*80 + 6.25*180 - 5*30 + 5
        (80, 180, 30, "male", 1780.0),
        # 10*60 + 6.25*165 - 5*25 - 161
        (60, 165, 25, "female", 1345.25),
        # 10*60 + 6.25*165 - 5*30 - 161
        (60, 165, 30, "female", 1320.25),
        # 10*70 + 6.25*170 - 5*40 + (5 - 161)/2: "other" takes the mean of the two constants
        (70, 170, 40, "other", 1484.5),
        # 10*50 + 6.25*160 - 5*70 + 5
        (50, 160, 70, "male", 1155.0),
    ],
)
def test_resting_energy_msj(weight: float, height: float, age: float, sex: str, expected: float) -> None:
    assert resting_energy(weight, height, age, sex) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("activity", "expected"),
    [
        ("sedentary", 1780 * 1.2),
        ("light", 1780 * 1.375),
        ("moderate", 1780 * 1.55),
        ("very_active", 1780 * 1.725),
        ("extra_active", 1780 * 1.9),
    ],
)
def test_total_energy_activity_factors(activity: str, expected: float) -> None:
    assert total_energy(1780, activity) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("days", "level"),
    [
        (0, "sedentary"),
        (1, "light"),
        (2, "light"),
        (3, "moderate"),
        (5, "moderate"),
        (6, "very_active"),
        (7, "very_active"),
    ],
)
def test_activity_level_from_training_days(days: int, level: str) -> None:
    assert activity_level_for(days) == level


# ---------------------------------------------------------------- calorie targets


@pytest.mark.parametrize(("sex", "floor"), [("female", 1200), ("male", 1500), ("other", 1500)])
def test_calorie_floor(sex: str, floor: float) -> None:
    assert calorie_floor(sex) == floor


def test_loss_is_500_below_maintenance_when_that_is_within_25_percent() -> None:
    # 30-year-old man, 80 kg, 180 cm, 3 days a week: 1780 x 1.55 = 2759; 2759 - 500 = 2259
    t = calorie_target(resting_kcal=1780, maintenance_kcal=2759, sex="male", goal="lose")
    assert (t.kcal, t.maintenance_kcal, t.resting_kcal, t.goal) == (2259, 2759, 1780, "lose")
    assert t.adjustments == []
    assert "MSJ-1990" in t.sources


def test_loss_deficit_capped_at_25_percent_of_maintenance() -> None:
    # 25% of 1900 = 475 < 500, so 1900 - 475 = 1425 (above the 1200 floor and the 1400 resting energy)
    t = calorie_target(resting_kcal=1400, maintenance_kcal=1900, sex="female", goal="lose")
    assert t.kcal == 1425
    assert any("25%" in note for note in t.adjustments)


@pytest.mark.parametrize(
    ("sex", "resting", "maintenance", "expected"),
    [
        # 1500 - 25% = 1125 < 1200 female floor (resting 1100 is lower still)
        ("female", 1100, 1500, 1200),
        # 1800 - 450 = 1350 < 1500 male floor
        ("male", 1300, 1800, 1500),
        # "other" takes the higher (male) floor
        ("other", 1300, 1800, 1500),
        # the floor applies even when it is above maintenance: 1386 x 0.75 = 1039.5 -> 1500
        ("male", 1155, 1386, 1500),
    ],
)
def test_loss_never_below_sex_floor(sex: str, resting: float, maintenance: float, expected: int) -> None:
    t = calorie_target(resting_kcal=resting, maintenance_kcal=maintenance, sex=sex, goal="lose")
    assert t.kcal == expected
    assert any(f"{expected}" in note for note in t.adjustments)


def test_loss_never_below_resting_energy() -> None:
    # 30-year-old woman, 60 kg, 165 cm: resting 1320.25, sedentary 1584.3; minus 25% = 1188.2,
    # below both the 1200 floor and the resting energy, so the target is the resting energy.
    resting = resting_energy(60, 165, 30, "female")
    t = calorie_target(
        resting_kcal=resting, maintenance_kcal=total_energy(resting, "sedentary"), sex="female", goal="lose"
    )
    assert t.kcal == 1320
    assert any("resting energy" in note for note in t.adjustments)


@pytest.mark.parametrize(
    ("level", "expected"),
    [(FitnessLevel.BEGINNER, 3000), (FitnessLevel.INTERMEDIATE, 2850), (FitnessLevel.ADVANCED, 2750)],
)
def test_gain_surplus_shrinks_with_level(level: FitnessLevel, expected: int) -> None:
    t = calorie_target(resting_kcal=1700, maintenance_kcal=2500, sex="male", goal="gain", level=level)
    assert t.kcal == expected
    assert 250 <= t.kcal - 2500 <= 500  # "about 250-500 kcal/day"


def test_maintain_is_maintenance() -> None:
    t = calorie_target(resting_kcal=1345.25, maintenance_kcal=2085.1375, sex="female", goal="maintain")
    assert (t.kcal, t.maintenance_kcal, t.resting_kcal) == (2085, 2085, 1345)


@given(
    resting=st.floats(min_value=900, max_value=2600),
    factor=st.sampled_from(["sedentary", "light", "moderate", "very_active", "extra_active"]),
    sex=st.sampled_from(["male", "female", "other"]),
)
def test_loss_target_respects_every_limit(resting: float, factor: str, sex: str) -> None:
    maintenance = total_energy(resting, factor)
    t = calorie_target(resting_kcal=resting, maintenance_kcal=maintenance, sex=sex, goal="lose")
    assert t.kcal >= round(max(calorie_floor(sex), resting))
    assert t.kcal >= 0.75 * maintenance - 0.5
    assert t.kcal <= max(maintenance, calorie_floor(sex), resting) + 0.5


# ---------------------------------------------------------------- macronutrients


@pytest.mark.parametrize(
    ("kcal", "weight", "height", "goal", "muscle", "pct", "grams"),
    [
        # lose: 2.0 g/kg (middle of 1.6-2.4) x 80 = 160 g = 640 kcal = 32%; fat gives way to keep
        # carbohydrate at its 45% floor: 100 - 32 - 45 = 23%. Grams: 160, 2000*.45/4 = 225, 2000*.23/9 = 51.1
        (2000, 80, 180, "lose", False, (32.0, 45.0, 23.0), (160.0, 225.0, 51.1)),
        # maintain: 1.7 g/kg (middle of 1.4-2.0) x 80 = 136 g = 19.4%; fat 27.5% (middle of 20-35);
        # carbs 53.1%. Grams: 2800*.194/4 = 135.8, 2800*.531/4 = 371.7, 2800*.275/9 = 85.6
        (2800, 80, 180, "maintain", False, (19.4, 53.1, 27.5), (135.8, 371.7, 85.6)),
        # gain: 2.0 g/kg x 80 = 160 g = 22.9%; fat 27.5%; carbs 49.6%
        (2800, 80, 180, "gain", False, (22.9, 49.6, 27.5), (160.3, 347.2, 85.6)),
        # muscle focus at maintenance uses the top of the exercise range too
        (2800, 80, 180, "maintain", True, (22.9, 49.6, 27.5), (160.3, 347.2, 85.6)),
        # 2.0 x 100 = 200 g = 66.7% of 1200 kcal: capped at the 35% AMDR top; fat at its 20% floor; carbs 45%
        (1200, 100, 200, "lose", False, (35.0, 45.0, 20.0), (105.0, 135.0, 26.7)),
    ],
)
def test_macro_targets(
    kcal: float,
    weight: float,
    height: float,
    goal: str,
    muscle: bool,
    pct: tuple[float, float, float],
    grams: tuple[float, float, float],
) -> None:
    m = macro_targets(kcal=kcal, weight_kg=weight, height_cm=height, goal=goal, muscle_focus=muscle)
    assert (m.protein_pct, m.carbs_pct, m.fat_pct) == pytest.approx(pct, abs=1e-9)
    assert (m.protein_g, m.carbs_g, m.fat_g) == pytest.approx(grams, abs=0.051)
    assert m.protein_pct + m.carbs_pct + m.fat_pct == pytest.approx(100)


def test_lose_macros_protein_per_kg_and_sources() -> None:
    m = macro_targets(kcal=2000, weight_kg=80, height_cm=180, goal="lose")
    assert m.protein_g_per_kg == pytest.approx(2.0)
    assert "ISSN-PRO" in m.sources
    assert "IOM-DRI" in m.sources


@pytest.mark.parametrize(
    ("weight", "height", "expected"),
    [
        (80, 180, 80),  # BMI 24.7: own weight
        (119.6, 200, 119.6),  # BMI 29.9: own weight
        (120, 200, 100),  # BMI 30.0: weight at BMI 25 = 25 x 2.0^2
        (120, 170, 72.25),  # BMI 41.5: 25 x 1.7^2
    ],
)
def test_protein_reference_weight(weight: float, height: float, expected: float) -> None:
    assert protein_reference_weight(weight, height) == pytest.approx(expected)


def test_obese_protein_uses_reference_weight() -> None:
    # 120 kg, 170 cm (BMI 41.5): 1.7 g/kg x 72.25 kg = 122.8 g, not 1.7 x 120 = 204 g.
    # 122.8 g x 4 / 2500 kcal = 19.7%; fat 27.5%; carbs 52.8%.
    m = macro_targets(kcal=2500, weight_kg=120, height_cm=170, goal="maintain")
    assert m.protein_g == pytest.approx(122.8, abs=0.5)
    assert (m.protein_pct, m.carbs_pct, m.fat_pct) == pytest.approx((19.7, 52.8, 27.5), abs=1e-9)


@given(
    kcal=st.floats(min_value=1200, max_value=4500),
    weight=st.floats(min_value=35, max_value=250),
    height=st.floats(min_value=140, max_value=210),
    goal=st.sampled_from(["lose", "maintain", "gain"]),
    muscle=st.booleans(),
)
def test_macros_always_sum_to_100_inside_amdr(
    kcal: float, weight: float, height: float, goal: str, muscle: bool
) -> None:
    m = macro_targets(kcal=kcal, weight_kg=weight, height_cm=height, goal=goal, muscle_focus=muscle)
    assert m.protein_pct + m.carbs_pct + m.fat_pct == pytest.approx(100, abs=1e-6)
    assert 10 <= m.protein_pct <= 35
    assert 45 <= m.carbs_pct <= 65
    assert 20 <= m.fat_pct <= 35
    # grams give back the energy (4/4/9 kcal per gram), within rounding to 0.1 g
    assert 4 * m.protein_g + 4 * m.carbs_g + 9 * m.fat_g == pytest.approx(kcal, abs=1.0)


def test_macro_percentages_from_grams() -> None:
    # 150 g x 4 = 600, 250 g x 4 = 1000, 70 g x 9 = 630; total 2230 kcal
    p, c, f = macro_percentages(150, 250, 70)
    assert (p, c, f) == pytest.approx((600 / 22.3, 1000 / 22.3, 630 / 22.3))
    assert macro_percentages(0, 0, 0) == (0.0, 0.0, 0.0)


# ---------------------------------------------------------------- BMI


def test_bmi_value() -> None:
    assert bmi(80, 180) == pytest.approx(80 / 1.8**2)  # 24.69
    assert bmi(120, 200) == pytest.approx(30.0)


@pytest.mark.parametrize(
    ("value", "category"),
    [
        (15.0, "underweight"),
        (18.49, "underweight"),
        (18.5, "normal"),
        (24.9, "normal"),
        (25.0, "overweight"),
        (29.9, "overweight"),
        (30.0, "obese"),
        (45.0, "obese"),
    ],
)
def test_bmi_category_boundaries(value: float, category: str) -> None:
    assert bmi_category(value) == category

"""Fixed vocabularies shared by the contract, the knowledge data and the engine.

Every catalogue record and every profile field that takes one of a fixed set of values uses one of
these enums, so that a typo in the data fails validation at load time instead of silently matching
nothing in the planner.
"""

from __future__ import annotations

from enum import StrEnum


class FitnessLevel(StrEnum):
    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Goal(StrEnum):
    MUSCLE_GAIN = "muscle_gain"
    STRENGTH_INCREASE = "strength_increase"
    WEIGHT_LOSS = "weight_loss"
    ENDURANCE_IMPROVEMENT = "endurance_improvement"
    GENERAL_FITNESS = "general_fitness"
    FLEXIBILITY = "flexibility"
    POWER = "power"


class EquipmentAccess(StrEnum):
    """The three equipment settings of the contract."""

    FULL_GYM = "full_gym"
    HOME_GYM = "home_gym"
    NO_EQUIPMENT = "no_equipment"


class Equipment(StrEnum):
    """Individual pieces of equipment; knowledge/data/equipment.json maps each to the settings that have it."""

    BODYWEIGHT = "bodyweight"
    MAT = "mat"
    BARBELL = "barbell"
    EZ_BAR = "ez_bar"
    TRAP_BAR = "trap_bar"
    DUMBBELL = "dumbbell"
    KETTLEBELL = "kettlebell"
    CABLE = "cable"
    MACHINE = "machine"
    SMITH_MACHINE = "smith_machine"
    BENCH = "bench"
    SQUAT_RACK = "squat_rack"
    PULL_UP_BAR = "pull_up_bar"
    DIP_STATION = "dip_station"
    RESISTANCE_BAND = "resistance_band"
    MEDICINE_BALL = "medicine_ball"
    STABILITY_BALL = "stability_ball"
    SUSPENSION_TRAINER = "suspension_trainer"
    BOX = "box"
    FOAM_ROLLER = "foam_roller"
    LANDMINE = "landmine"
    SLED = "sled"
    JUMP_ROPE = "jump_rope"
    PUSH_UP_HANDLES = "push_up_handles"
    TREADMILL = "treadmill"
    STATIONARY_BIKE = "stationary_bike"
    ROWER = "rower"
    ELLIPTICAL = "elliptical"
    STAIR_CLIMBER = "stair_climber"
    POOL = "pool"


class Muscle(StrEnum):
    CHEST = "chest"
    LATS = "lats"
    TRAPS = "traps"
    UPPER_BACK = "upper_back"
    LOWER_BACK = "lower_back"
    FRONT_DELTS = "front_delts"
    SIDE_DELTS = "side_delts"
    REAR_DELTS = "rear_delts"
    ROTATOR_CUFF = "rotator_cuff"
    BICEPS = "biceps"
    TRICEPS = "triceps"
    FOREARMS = "forearms"
    ABS = "abs"
    OBLIQUES = "obliques"
    HIP_FLEXORS = "hip_flexors"
    GLUTES = "glutes"
    QUADRICEPS = "quadriceps"
    HAMSTRINGS = "hamstrings"
    ADDUCTORS = "adductors"
    ABDUCTORS = "abductors"
    CALVES = "calves"
    PELVIC_FLOOR = "pelvic_floor"
    HEART = "heart"  # the cardiovascular system, for aerobic work


class MuscleGroup(StrEnum):
    """Coarse groups used for recovery spacing (48 h between hard sessions for the same group)."""

    CHEST = "chest"
    BACK = "back"
    SHOULDERS = "shoulders"
    ARMS = "arms"
    CORE = "core"
    LEGS = "legs"
    CARDIO = "cardio"


MUSCLE_GROUP: dict[Muscle, MuscleGroup] = {
    Muscle.CHEST: MuscleGroup.CHEST,
    Muscle.LATS: MuscleGroup.BACK,
    Muscle.TRAPS: MuscleGroup.BACK,
    Muscle.UPPER_BACK: MuscleGroup.BACK,
    Muscle.LOWER_BACK: MuscleGroup.BACK,
    Muscle.FRONT_DELTS: MuscleGroup.SHOULDERS,
    Muscle.SIDE_DELTS: MuscleGroup.SHOULDERS,
    Muscle.REAR_DELTS: MuscleGroup.SHOULDERS,
    Muscle.ROTATOR_CUFF: MuscleGroup.SHOULDERS,
    Muscle.BICEPS: MuscleGroup.ARMS,
    Muscle.TRICEPS: MuscleGroup.ARMS,
    Muscle.FOREARMS: MuscleGroup.ARMS,
    Muscle.ABS: MuscleGroup.CORE,
    Muscle.OBLIQUES: MuscleGroup.CORE,
    Muscle.HIP_FLEXORS: MuscleGroup.CORE,
    Muscle.PELVIC_FLOOR: MuscleGroup.CORE,
    Muscle.GLUTES: MuscleGroup.LEGS,
    Muscle.QUADRICEPS: MuscleGroup.LEGS,
    Muscle.HAMSTRINGS: MuscleGroup.LEGS,
    Muscle.ADDUCTORS: MuscleGroup.LEGS,
    Muscle.ABDUCTORS: MuscleGroup.LEGS,
    Muscle.CALVES: MuscleGroup.LEGS,
    Muscle.HEART: MuscleGroup.CARDIO,
}


class Pattern(StrEnum):
    """Movement patterns; the planner fills session slots by pattern."""

    SQUAT = "squat"
    HINGE = "hinge"
    LUNGE = "lunge"
    HORIZONTAL_PUSH = "horizontal_push"
    VERTICAL_PUSH = "vertical_push"
    HORIZONTAL_PULL = "horizontal_pull"
    VERTICAL_PULL = "vertical_pull"
    ELBOW_FLEXION = "elbow_flexion"
    ELBOW_EXTENSION = "elbow_extension"
    SHOULDER_ISOLATION = "shoulder_isolation"
    CHEST_ISOLATION = "chest_isolation"
    KNEE_EXTENSION = "knee_extension"
    KNEE_FLEXION = "knee_flexion"
    HIP_EXTENSION = "hip_extension"
    HIP_ABDUCTION = "hip_abduction"
    HIP_ADDUCTION = "hip_adduction"
    CALF_RAISE = "calf_raise"
    CARRY = "carry"
    ANTI_EXTENSION = "anti_extension"
    ANTI_ROTATION = "anti_rotation"
    TRUNK_FLEXION = "trunk_flexion"
    TRUNK_ROTATION = "trunk_rotation"
    CYCLIC = "cyclic"
    JUMP = "jump"
    THROW = "throw"
    STRETCH = "stretch"
    MOBILITY = "mobility"
    BALANCE = "balance"
    PELVIC_FLOOR = "pelvic_floor"


class Mechanic(StrEnum):
    COMPOUND = "compound"
    ISOLATION = "isolation"


class Modality(StrEnum):
    STRENGTH = "strength"
    CARDIO = "cardio"
    MOBILITY = "mobility"
    FLEXIBILITY = "flexibility"
    BALANCE = "balance"
    PLYOMETRIC = "plyometric"


class StressTag(StrEnum):
    """What an exercise asks of the joints; conditions.json says which tags each condition avoids."""

    DEEP_KNEE_FLEXION_LOADED = "deep_knee_flexion_loaded"
    KNEE_SHEAR = "knee_shear"
    JUMPING = "jumping"
    RUNNING = "running"
    CUTTING = "cutting"
    SPINAL_FLEXION = "spinal_flexion"
    SPINAL_ROTATION_LOADED = "spinal_rotation_loaded"
    AXIAL_LOADING = "axial_loading"
    OVERHEAD_PRESS = "overhead_press"
    OVERHEAD_REACH = "overhead_reach"
    UPRIGHT_ROW = "upright_row"
    BEHIND_NECK = "behind_neck"
    DIPS = "dips"
    KIPPING = "kipping"
    WRIST_EXTENSION_LOADED = "wrist_extension_loaded"
    VALSALVA = "valsalva"
    ISOMETRIC_HEAVY = "isometric_heavy"
    MAX_EFFORT = "max_effort"
    HEAD_BELOW_HEART = "head_below_heart"
    SUPINE = "supine"
    PRONE = "prone"
    FALL_RISK = "fall_risk"
    CONTACT = "contact"


class ConditionId(StrEnum):
    """The conditions table of domain-guidelines.md section 7."""

    KNEE = "knee"
    LOW_BACK = "low_back"
    SHOULDER = "shoulder"
    WRIST = "wrist"
    ANKLE = "ankle"
    HYPERTENSION = "hypertension"
    PREGNANCY = "pregnancy"
    OSTEOPOROSIS = "osteoporosis"
    TYPE2_DIABETES = "type2_diabetes"


class DoseUnit(StrEnum):
    """How an exercise is dosed: repetitions, a timed hold or interval, or continuous minutes."""

    REPS = "reps"
    SECONDS = "seconds"
    MINUTES = "minutes"


class Diet(StrEnum):
    OMNIVORE = "omnivore"
    VEGETARIAN = "vegetarian"
    VEGAN = "vegan"
    PESCATARIAN = "pescatarian"
    HALAL = "halal"


class DietTag(StrEnum):
    VEGAN = "vegan"
    VEGETARIAN = "vegetarian"
    PESCATARIAN = "pescatarian"
    HALAL = "halal"
    GLUTEN_FREE = "gluten_free"
    LACTOSE_FREE = "lactose_free"


class Allergen(StrEnum):
    """The nine major food allergens."""

    MILK = "milk"
    EGG = "egg"
    FISH = "fish"
    SHELLFISH = "shellfish"
    TREE_NUT = "tree_nut"
    PEANUT = "peanut"
    WHEAT = "wheat"
    SOY = "soy"
    SESAME = "sesame"


class Intolerance(StrEnum):
    LACTOSE = "lactose"
    GLUTEN = "gluten"


class Cuisine(StrEnum):
    NORTH_AFRICAN = "north_african"
    MIDDLE_EASTERN = "middle_eastern"
    MEDITERRANEAN = "mediterranean"
    SOUTH_ASIAN = "south_asian"
    EAST_ASIAN = "east_asian"
    SOUTHEAST_ASIAN = "southeast_asian"
    LATIN_AMERICAN = "latin_american"
    WESTERN = "western"
    WEST_AFRICAN = "west_african"
    INTERNATIONAL = "international"  # staples eaten everywhere (eggs, rice, apples)


class MealSlot(StrEnum):
    BREAKFAST = "breakfast"
    LUNCH = "lunch"
    DINNER = "dinner"
    SNACK = "snack"


class FoodGroup(StrEnum):
    PROTEIN = "protein"
    DAIRY = "dairy"
    GRAIN = "grain"
    LEGUME = "legume"
    VEGETABLE = "vegetable"
    FRUIT = "fruit"
    NUT_SEED = "nut_seed"
    FAT_OIL = "fat_oil"
    DISH = "dish"
    BEVERAGE = "beverage"
    SWEET = "sweet"
    CONDIMENT = "condiment"


class Intensity(StrEnum):
    """Desired or allowed exercise intensity (ACSM-2015)."""

    LIGHT = "light"
    MODERATE = "moderate"
    VIGOROUS = "vigorous"


INTENSITY_ORDER: dict[Intensity, int] = {Intensity.LIGHT: 0, Intensity.MODERATE: 1, Intensity.VIGOROUS: 2}


def intensities_up_to(cap: Intensity) -> list[Intensity]:
    """The intensities a person capped at ``cap`` may be given, lightest first."""
    return [level for level, rank in INTENSITY_ORDER.items() if rank <= INTENSITY_ORDER[cap]]


class RecoveryGroup(StrEnum):
    """Groups that need 48 h between hard sessions; finer than MuscleGroup so push/pull splits work.

    Core and the heart are not listed: low-load trunk work and aerobic work may be done on
    consecutive days.
    """

    CHEST = "chest"
    UPPER_BACK = "upper_back"
    LOWER_BACK = "lower_back"
    FRONT_SHOULDERS = "front_shoulders"
    REAR_SHOULDERS = "rear_shoulders"
    BICEPS = "biceps"
    TRICEPS = "triceps"
    QUADRICEPS = "quadriceps"
    POSTERIOR_CHAIN = "posterior_chain"
    HIPS = "hips"
    CALVES = "calves"


RECOVERY_GROUP: dict[Muscle, RecoveryGroup] = {
    Muscle.CHEST: RecoveryGroup.CHEST,
    Muscle.LATS: RecoveryGroup.UPPER_BACK,
    Muscle.TRAPS: RecoveryGroup.UPPER_BACK,
    Muscle.UPPER_BACK: RecoveryGroup.UPPER_BACK,
    Muscle.LOWER_BACK: RecoveryGroup.LOWER_BACK,
    Muscle.FRONT_DELTS: RecoveryGroup.FRONT_SHOULDERS,
    Muscle.SIDE_DELTS: RecoveryGroup.FRONT_SHOULDERS,
    Muscle.REAR_DELTS: RecoveryGroup.REAR_SHOULDERS,
    Muscle.ROTATOR_CUFF: RecoveryGroup.REAR_SHOULDERS,
    Muscle.BICEPS: RecoveryGroup.BICEPS,
    Muscle.FOREARMS: RecoveryGroup.BICEPS,
    Muscle.TRICEPS: RecoveryGroup.TRICEPS,
    Muscle.GLUTES: RecoveryGroup.POSTERIOR_CHAIN,
    Muscle.HAMSTRINGS: RecoveryGroup.POSTERIOR_CHAIN,
    Muscle.QUADRICEPS: RecoveryGroup.QUADRICEPS,
    Muscle.ADDUCTORS: RecoveryGroup.HIPS,
    Muscle.ABDUCTORS: RecoveryGroup.HIPS,
    Muscle.CALVES: RecoveryGroup.CALVES,
}

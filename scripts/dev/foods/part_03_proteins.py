# ruff: noqa: E501
"""Meat, poultry, fish, seafood and plant protein foods. Field order: see build_food_data.py."""

# fmt: off
FOODS = [
    ("chicken_breast_grilled", "Chicken breast, skinless, grilled", "protein", "i", 165, 31.0, 0, 3.6, 0, 120, "1 fillet (120 g)", "meat", "", "LD", 20),
    ("chicken_thigh_roasted", "Chicken thigh, skinless, roasted", "protein", "i", 179, 24.8, 0, 8.2, 0, 110, "1 large thigh, meat only (110 g)", "meat", "", "LD", 35),
    ("turkey_breast_roasted", "Turkey breast, skinless, roasted", "protein", "w i", 147, 30.1, 0, 2.1, 0, 100, "3 thick slices (100 g)", "meat", "", "LD", 60),
    ("turkey_mince_cooked", "Turkey mince, lean (7% fat), cooked", "protein", "w", 213, 27.1, 0, 11.6, 0, 100, "1 portion cooked (100 g)", "meat", "", "LD", 15),
    ("beef_mince_cooked", "Beef mince, lean (5% fat), cooked", "protein", "w i", 164, 26.1, 0, 6.0, 0, 100, "1 portion cooked (100 g)", "meat", "", "LD", 15),
    ("beef_steak_grilled", "Beef sirloin steak, lean, grilled", "protein", "w la", 195, 30.0, 0, 8.0, 0, 150, "1 steak (150 g)", "meat", "", "LD", 15),
    ("beef_chuck_braised", "Beef chuck, lean, braised", "protein", "w wa la", 200, 32.0, 0, 8.0, 0, 120, "1 portion (120 g)", "meat", "", "LD", 120),
    ("lamb_leg_roasted", "Lamb leg, lean, roasted", "protein", "na me med", 191, 28.3, 0, 7.7, 0, 100, "2 slices (100 g)", "meat", "", "LD", 90),
    ("lamb_mince_cooked", "Lamb mince, cooked", "protein", "me na sa", 283, 24.8, 0, 19.7, 0, 100, "1 portion cooked (100 g)", "meat", "", "LD", 15),
    ("pork_tenderloin_roasted", "Pork tenderloin, roasted", "protein", "w", 143, 26.2, 0, 3.5, 0, 120, "4 medallions (120 g)", "pork", "", "LD", 30),
    ("back_bacon_grilled", "Back bacon, grilled", "protein", "w", 287, 23.2, 0, 21.6, 0, 25, "1 rasher (25 g)", "pork", "", "B", 8),
    ("ham_lean", "Ham, lean, sliced", "protein", "w", 107, 18.0, 1.0, 3.3, 0, 30, "2 thin slices (30 g)", "pork", "", "BL", 0),
    ("cod_baked", "Cod, baked", "protein", "w med i", 105, 22.8, 0, 0.9, 0, 150, "1 fillet (150 g)", "fish", "f", "LD", 15),
    ("sea_bass_grilled", "Sea bass, grilled", "protein", "med", 124, 23.6, 0, 2.6, 0, 150, "1 fillet (150 g)", "fish", "f", "LD", 15),
    ("tilapia_baked", "Tilapia, baked", "protein", "wa la sea", 128, 26.2, 0, 2.7, 0, 150, "1 fillet (150 g)", "fish", "f", "LD", 15),
    ("salmon_baked", "Salmon fillet, farmed, baked", "protein", "w i", 206, 22.1, 0, 12.4, 0, 130, "1 fillet (130 g)", "fish", "f", "LD", 20),
    ("smoked_salmon", "Smoked salmon", "protein", "w", 117, 18.3, 0, 4.3, 0, 60, "3 slices (60 g)", "fish", "f", "BLS", 0),
    ("mackerel_grilled", "Mackerel, grilled", "protein", "w med", 262, 23.9, 0, 17.8, 0, 120, "1 fillet (120 g)", "fish", "f", "LD", 15),
    ("tuna_canned_water", "Tuna, canned in water, drained", "protein", "i", 116, 25.5, 0, 0.8, 0, 100, "1 small can, drained (100 g)", "fish", "f", "LDS", 0),
    ("sardines_canned_oil", "Sardines, canned in olive oil, drained", "protein", "med na", 208, 24.6, 0, 11.5, 0, 90, "1 can, drained (90 g)", "fish", "f", "BLS", 0),
    ("shrimp_cooked", "Prawns (shrimp), cooked", "protein", "i sea", 99, 24.0, 0.2, 0.3, 0, 100, "about 12 large prawns (100 g)", "fish", "s", "LD", 10),
    ("mussels_steamed", "Mussels, steamed (meat)", "protein", "med w", 172, 23.8, 7.4, 4.5, 0, 150, "meat from about 1 kg in shell (150 g)", "fish", "s", "LD", 20),
    ("tofu_firm", "Tofu, firm", "protein", "ea sea i", 144, 15.8, 2.8, 8.7, 2.3, 150, "1/2 block (150 g)", "vegan", "y", "BLD", 10),
    ("tofu_silken", "Tofu, silken", "protein", "ea", 55, 4.8, 2.9, 2.7, 0.1, 150, "1/2 pack (150 g)", "vegan", "y", "BLDS", 0),
    ("tempeh", "Tempeh", "protein", "sea i", 192, 20.3, 7.6, 10.8, 4.0, 100, "1/2 block (100 g)", "vegan", "y", "LD", 10),
    ("seitan", "Seitan (wheat gluten), plain", "protein", "i ea", 141, 24.0, 7.0, 1.9, 0.6, 100, "1 portion (100 g)", "vegan", "w", "LD", 10),
    ("edamame", "Edamame, shelled, boiled", "legume", "ea", 121, 11.9, 8.9, 5.2, 5.2, 100, "2/3 cup (100 g)", "vegan", "y", "LS", 5),
    ("natto", "Natto (fermented soybeans)", "protein", "ea", 211, 19.4, 12.7, 11.0, 5.4, 50, "1 pack (50 g)", "vegan", "y", "BLD", 0),
]

# ruff: noqa: E501
"""East and Southeast Asian dishes and ingredients (home-style, as eaten). Field order: see build_food_data.py."""

# fmt: off
FOODS = [
    ("miso_soup", "Miso soup with tofu and wakame (kombu stock)", "dish", "ea", 30, 2.3, 2.5, 1.2, 0.6, 250, "1 bowl (250 g)", "vegan+g", "y", "BLD", 10),
    ("kimchi", "Kimchi (traditional, with fish sauce)", "vegetable", "ea", 15, 1.1, 2.4, 0.5, 1.6, 60, "1 side dish (60 g)", "fish", "fs", "BLD", 0),
    ("congee", "Congee (plain rice porridge)", "grain", "ea", 45, 0.9, 10.0, 0.1, 0.2, 350, "1 bowl (350 g)", "vegan", "", "BL", 60),
    ("pork_dumplings", "Pork and cabbage dumplings (jiaozi), steamed", "dish", "ea", 209, 9.0, 24.0, 8.5, 1.3, 150, "6 dumplings (150 g)", "pork", "wy", "LD", 40),
    ("chicken_satay", "Chicken satay skewers", "protein", "sea", 189, 24.0, 4.0, 8.5, 0.3, 120, "4 skewers (120 g)", "meat", "yw", "LD", 30),
    ("satay_sauce", "Peanut satay sauce", "condiment", "sea", 255, 8.0, 14.0, 18.5, 3.0, 30, "2 tbsp (30 g)", "vegan", "pyw", "LD", 10),
    ("coconut_milk", "Coconut milk, canned, full-fat", "fat_oil", "sea sa", 197, 2.0, 2.8, 21.3, 0, 60, "1/4 cup (60 g)", "vegan", "", "LD", 0),
    ("coconut_milk_light", "Coconut milk, canned, light", "fat_oil", "sea sa", 73, 0.6, 2.8, 6.6, 0, 100, "1/3 cup (100 g)", "vegan", "", "LD", 0),
    ("green_curry_paste", "Thai green curry paste (with shrimp paste)", "condiment", "sea", 131, 3.0, 15.0, 6.5, 4.0, 15, "1 tbsp (15 g)", "fish", "s", "LD", 0),
    ("pho_bo", "Pho bo (Vietnamese beef and rice noodle soup)", "dish", "sea", 64, 5.0, 7.5, 1.5, 0.3, 500, "1 large bowl (500 g)", "meat", "f", "LD", 120),
    ("gado_gado", "Gado-gado (vegetables, egg, tofu and peanut sauce)", "dish", "sea", 137, 6.0, 9.0, 8.5, 2.5, 300, "1 plate (300 g)", "veg", "epyw", "LD", 30),
    ("tom_yum_prawn", "Tom yum soup with prawns", "dish", "sea", 37, 4.0, 3.0, 1.0, 0.5, 400, "1 bowl (400 g)", "fish", "fs", "LD", 30),
    ("nasi_goreng_veg", "Nasi goreng (Indonesian fried rice with vegetables and egg, no shrimp paste)", "dish", "sea", 165, 4.5, 24.0, 5.5, 1.5, 300, "1 plate (300 g)", "veg", "eyw", "BLD", 20),
    ("papaya_salad", "Som tam (green papaya salad with dried shrimp)", "dish", "sea", 60, 1.8, 9.5, 2.0, 2.0, 150, "1 side portion (150 g)", "fish", "fsp", "LS", 15),
]

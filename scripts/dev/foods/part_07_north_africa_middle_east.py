# ruff: noqa: E501
"""North African and Middle Eastern dishes, breads and condiments (home-style recipes, as eaten).
Field order: see build_food_data.py."""

# fmt: off
FOODS = [
    ("harira", "Harira (tomato, lentil and chickpea soup with lamb)", "dish", "na", 75, 4.5, 10.0, 1.8, 2.0, 350, "1 large bowl (350 g)", "meat", "w", "LD", 75),
    ("chicken_tagine", "Chicken tagine with olives and preserved lemon", "dish", "na", 131, 13.0, 4.0, 7.0, 1.2, 300, "1 portion (300 g)", "meat", "", "LD", 75),
    ("lamb_tagine_prunes", "Lamb tagine with prunes and toasted almonds", "dish", "na", 164, 12.0, 11.0, 8.0, 1.8, 300, "1 portion (300 g)", "meat", "t", "LD", 120),
    ("vegetable_tagine", "Vegetable and chickpea tagine", "dish", "na", 85, 3.0, 12.0, 2.8, 3.2, 350, "1 portion (350 g)", "vegan", "", "LD", 50),
    ("msemen", "Msemen (Moroccan layered flatbread)", "grain", "na", 330, 7.0, 45.0, 13.5, 2.0, 80, "1 square (80 g)", "veg", "mw", "BS", 40),
    ("baghrir", "Baghrir (semolina pancakes)", "grain", "na", 180, 5.0, 38.0, 0.8, 1.5, 70, "2 pancakes (70 g)", "vegan", "w", "BS", 30),
    ("harissa", "Harissa (chilli paste)", "condiment", "na", 113, 2.5, 10.0, 7.0, 4.0, 10, "2 tsp (10 g)", "vegan", "", "LD", 0),
    ("merguez", "Merguez (spiced lamb and beef sausage), grilled", "protein", "na", 301, 16.0, 2.0, 25.5, 0, 100, "2 sausages (100 g)", "meat", "", "LD", 15),
    ("kefta", "Kefta (spiced beef and lamb meatballs), grilled", "protein", "na me", 250, 20.0, 3.0, 17.5, 0.5, 150, "6 meatballs (150 g)", "meat", "", "LD", 25),
    ("shakshuka", "Shakshuka (eggs poached in spiced tomato and pepper sauce)", "dish", "na me", 97, 5.8, 6.0, 5.5, 1.5, 300, "1 pan portion, 2 eggs (300 g)", "veg", "e", "BLD", 25),
    ("zaalouk", "Zaalouk (smoky aubergine and tomato salad)", "dish", "na", 78, 1.3, 7.0, 5.0, 3.0, 150, "1 side portion (150 g)", "vegan", "", "LD", 40),
    ("bissara", "Bissara (split fava bean soup with cumin and olive oil)", "dish", "na", 107, 6.0, 13.0, 3.5, 4.5, 300, "1 bowl (300 g)", "vegan", "", "BLD", 60),
    ("lablabi", "Lablabi (Tunisian chickpea and cumin soup)", "dish", "na", 113, 5.5, 15.0, 3.5, 4.0, 350, "1 bowl (350 g)", "vegan", "", "BLD", 40),
    ("amlou", "Amlou (almond, argan oil and honey spread)", "nut_seed", "na", 606, 14.0, 25.0, 50.0, 6.0, 20, "1 heaped tbsp (20 g)", "veg", "t", "BS", 0),
    ("hummus", "Hummus", "legume", "me med", 166, 7.9, 14.3, 9.6, 6.0, 60, "4 tbsp (60 g)", "vegan", "z", "LDS", 0),
    ("falafel_baked", "Falafel, oven-baked", "legume", "me na", 221, 9.0, 25.0, 9.5, 6.0, 85, "5 small balls (85 g)", "vegan", "", "LDS", 40),
    ("tabbouleh", "Tabbouleh (parsley and bulgur salad)", "dish", "me", 123, 2.0, 12.0, 7.5, 3.0, 150, "1 side portion (150 g)", "vegan", "w", "LD", 20),
    ("baba_ghanoush", "Baba ghanoush (smoky aubergine and tahini dip)", "dish", "me", 114, 2.5, 7.0, 8.5, 3.0, 60, "3 tbsp (60 g)", "vegan", "z", "LDS", 30),
    ("chicken_shawarma", "Chicken shawarma (yogurt-spiced, roasted)", "protein", "me", 189, 25.0, 2.0, 9.0, 0.3, 150, "1 portion (150 g)", "meat", "m", "LD", 30),
    ("ful_medames", "Ful medames (stewed fava beans with lemon and garlic)", "dish", "me na", 115, 7.0, 15.0, 3.0, 5.0, 250, "1 bowl (250 g)", "vegan", "", "BLD", 15),
    ("mujadara", "Mujadara (lentils and rice with caramelised onions)", "dish", "me", 150, 5.5, 23.0, 4.0, 3.5, 300, "1 portion (300 g)", "vegan", "", "LD", 50),
    ("lentil_soup_adas", "Red lentil soup (shorbat adas)", "dish", "me", 76, 4.5, 11.0, 1.5, 2.0, 350, "1 bowl (350 g)", "vegan", "", "LD", 40),
    ("zaatar", "Za'atar (thyme, sumac and sesame blend)", "condiment", "me", 311, 9.0, 35.0, 15.0, 20.0, 5, "1 heaped tsp (5 g)", "vegan", "z", "BLD", 0),
    ("tzatziki", "Tzatziki (yogurt, cucumber and garlic)", "dairy", "med me", 80, 3.5, 4.0, 5.5, 0.3, 60, "3 tbsp (60 g)", "veg", "m", "LDS", 10),
]

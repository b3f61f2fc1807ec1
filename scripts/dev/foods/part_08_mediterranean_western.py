# ruff: noqa: E501
"""Mediterranean and Western dishes and prepared foods (home-style, as eaten). Field order: see build_food_data.py."""

# fmt: off
FOODS = [
    ("pesto", "Basil pesto (with pine nuts and hard cheese)", "condiment", "med", 449, 5.0, 6.0, 45.0, 1.5, 15, "1 tbsp (15 g)", "veg", "mt", "LD", 0),
    ("chorizo", "Chorizo (cured pork sausage)", "protein", "med la", 446, 24.0, 2.0, 38.0, 0, 30, "6 thin slices (30 g)", "pork", "", "LD", 0),
    ("minestrone", "Minestrone soup with pasta and beans", "dish", "med", 45, 2.0, 7.0, 1.0, 1.8, 350, "1 bowl (350 g)", "vegan", "w", "LD", 45),
    ("ratatouille", "Ratatouille", "dish", "med", 62, 1.2, 6.5, 3.5, 2.0, 200, "1 portion (200 g)", "vegan", "", "LD", 50),
    ("gazpacho", "Gazpacho (chilled tomato soup with bread)", "dish", "med", 41, 0.9, 4.5, 2.2, 1.0, 300, "1 bowl (300 g)", "vegan", "w", "LS", 15),
    ("pancakes", "Pancakes, plain, homemade", "grain", "w", 227, 6.4, 28.3, 9.7, 0.9, 75, "2 medium pancakes (75 g)", "veg", "mew", "B", 20),
    ("beef_burger_patty", "Beef burger patty, lean, grilled", "protein", "w", 221, 26.0, 0, 13.0, 0, 110, "1 patty (110 g)", "meat", "", "LD", 15),
    ("lentil_bolognese", "Lentil and vegetable bolognese sauce", "dish", "w med", 90, 5.0, 12.5, 2.2, 3.5, 250, "1 portion (250 g)", "vegan", "", "LD", 40),
    ("chicken_vegetable_soup", "Chicken and vegetable soup", "dish", "w i", 45, 4.5, 4.0, 1.2, 0.8, 350, "1 bowl (350 g)", "meat", "", "LD", 45),
    ("hummus_red_pepper", "Roasted red pepper hummus", "legume", "w me", 155, 6.5, 14.0, 8.5, 5.0, 60, "4 tbsp (60 g)", "vegan", "z", "LS", 0),
    ("veggie_burger", "Bean and vegetable burger, baked", "legume", "w", 177, 7.0, 24.0, 6.0, 6.0, 100, "1 burger (100 g)", "vegan", "w", "LD", 30),
    ("oatcakes", "Oatcakes", "grain", "w", 451, 10.0, 60.0, 19.0, 8.0, 22, "2 oatcakes (22 g)", "vegan+g", "", "S", 0),
    ("almond_butter", "Almond butter", "nut_seed", "w i", 614, 21.0, 18.8, 55.5, 10.3, 16, "1 tbsp (16 g)", "vegan", "t", "BS", 0),
]

# ruff: noqa: E501
"""Latin American and West African dishes and ingredients (home-style, as eaten). Field order: see build_food_data.py."""

# fmt: off
FOODS = [
    ("arepa", "Arepa (white maize flatbread)", "grain", "la", 200, 4.5, 40.0, 2.5, 3.0, 90, "1 arepa (90 g)", "vegan", "", "BLS", 20),
    ("ceviche", "Ceviche (white fish cured in lime with onion and chilli)", "dish", "la", 90, 15.0, 4.0, 1.5, 0.6, 200, "1 portion (200 g)", "fish", "f", "LD", 25),
    ("guacamole", "Guacamole", "fruit", "la", 157, 2.0, 8.6, 14.0, 6.0, 60, "4 tbsp (60 g)", "vegan", "", "LDS", 10),
    ("pico_de_gallo", "Pico de gallo (fresh tomato salsa)", "vegetable", "la", 22, 0.9, 4.5, 0.2, 1.2, 60, "4 tbsp (60 g)", "vegan", "", "BLDS", 10),
    ("refried_beans", "Refried pinto beans", "legume", "la", 91, 5.5, 15.0, 1.2, 5.0, 130, "1/2 cup (130 g)", "vegan", "", "BLD", 10),
    ("chimichurri", "Chimichurri (parsley, garlic and olive oil sauce)", "condiment", "la", 448, 1.0, 3.0, 48.0, 1.5, 15, "1 tbsp (15 g)", "vegan", "", "LD", 10),
    ("feijoada", "Feijoada (black bean and pork stew)", "dish", "la", 147, 10.0, 11.0, 7.0, 4.0, 300, "1 portion (300 g)", "pork", "", "LD", 150),
    ("cassava_boiled", "Cassava (yuca), boiled", "vegetable", "la wa", 127, 1.0, 30.0, 0.3, 1.5, 150, "1 cup pieces (150 g)", "vegan", "", "LD", 30),
    ("chilli_con_carne", "Chilli con carne (beef and kidney beans)", "dish", "la w", 115, 10.0, 8.0, 4.5, 3.0, 300, "1 portion (300 g)", "meat", "", "LD", 60),
    ("jollof_rice", "Jollof rice (vegetable stock)", "dish", "wa", 160, 3.0, 27.0, 4.5, 1.0, 250, "1 portion (250 g)", "vegan", "", "LD", 60),
    ("egusi_soup", "Egusi soup (melon seed and leafy greens stew with beef and crayfish)", "dish", "wa", 182, 10.0, 5.0, 13.5, 2.0, 250, "1 portion (250 g)", "meat", "fs", "LD", 75),
    ("pounded_yam", "Pounded yam (fufu)", "vegetable", "wa", 120, 1.5, 28.0, 0.2, 4.0, 250, "1 ball (250 g)", "vegan", "", "LD", 30),
    ("yam_boiled", "Yam, boiled", "vegetable", "wa", 117, 1.5, 27.5, 0.1, 3.9, 150, "1 cup pieces (150 g)", "vegan", "", "BLD", 25),
    ("maafe", "Maafe (groundnut stew with chicken)", "dish", "wa", 154, 11.0, 6.0, 9.5, 1.5, 300, "1 portion (300 g)", "meat", "p", "LD", 60),
    ("akara", "Akara (black-eyed pea fritters)", "legume", "wa", 251, 10.0, 20.0, 14.5, 5.0, 80, "4 fritters (80 g)", "vegan", "", "BS", 30),
    ("moi_moi", "Moin moin (steamed bean pudding with egg)", "legume", "wa", 147, 8.0, 13.0, 7.0, 4.0, 150, "1 wrap (150 g)", "veg", "e", "BLD", 60),
    ("suya", "Suya (spiced grilled beef skewers with peanut spice)", "protein", "wa", 232, 28.0, 4.0, 11.5, 1.0, 120, "3 skewers (120 g)", "meat", "p", "LDS", 30),
    ("kelewele", "Kelewele (spiced fried ripe plantain)", "fruit", "wa", 231, 1.2, 33.0, 10.5, 2.3, 100, "1 small bowl (100 g)", "vegan", "", "S", 20),
    ("groundnut_soup_veg", "Groundnut soup with vegetables (no meat)", "dish", "wa", 120, 5.0, 8.0, 8.0, 2.5, 300, "1 bowl (300 g)", "vegan", "p", "LD", 45),
]

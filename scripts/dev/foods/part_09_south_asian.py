# ruff: noqa: E501
"""South Asian dishes (home-style, as eaten). Field order: see build_food_data.py."""

# fmt: off
FOODS = [
    ("dal_tadka", "Dal tadka (yellow lentil curry, oil-tempered)", "dish", "sa", 111, 6.0, 15.0, 3.0, 3.5, 200, "1 katori bowl (200 g)", "vegan", "", "LD", 35),
    ("chana_masala", "Chana masala (chickpea curry)", "dish", "sa", 142, 6.0, 17.0, 5.5, 5.0, 250, "1 portion (250 g)", "vegan", "", "LD", 40),
    ("rajma", "Rajma (kidney bean curry)", "dish", "sa", 120, 6.0, 16.0, 3.5, 5.0, 250, "1 portion (250 g)", "vegan", "", "LD", 45),
    ("idli", "Idli (steamed rice and urad dal cakes)", "grain", "sa", 131, 4.5, 27.0, 0.5, 1.5, 120, "3 idlis (120 g)", "vegan", "", "BS", 30),
    ("dosa", "Dosa, plain (fermented rice and lentil crepe)", "grain", "sa", 168, 4.0, 29.0, 4.0, 1.0, 100, "1 dosa (100 g)", "vegan", "", "BLD", 20),
    ("sambar", "Sambar (lentil and vegetable stew)", "dish", "sa", 72, 3.5, 10.0, 2.0, 2.5, 200, "1 bowl (200 g)", "vegan", "", "BLD", 40),
    ("raita", "Cucumber raita", "dairy", "sa", 58, 3.2, 4.6, 3.0, 0.4, 100, "1 small bowl (100 g)", "veg", "m", "LDS", 5),
    ("poha", "Poha (flattened rice with peanuts and peas)", "dish", "sa", 180, 3.5, 28.0, 6.0, 2.0, 200, "1 plate (200 g)", "vegan", "p", "BS", 20),
    ("upma", "Upma (savoury semolina with vegetables)", "dish", "sa", 152, 3.5, 22.0, 5.5, 2.0, 200, "1 plate (200 g)", "vegan", "w", "B", 20),
    ("chicken_tikka", "Chicken tikka (yogurt-marinated, grilled)", "protein", "sa", 152, 25.0, 3.0, 4.5, 0.5, 150, "6 pieces (150 g)", "meat", "m", "LD", 30),
    ("palak_paneer", "Palak paneer (spinach and paneer curry)", "dish", "sa", 162, 7.5, 5.0, 12.5, 2.0, 250, "1 portion (250 g)", "veg", "m", "LD", 35),
    ("aloo_gobi", "Aloo gobi (potato and cauliflower curry)", "dish", "sa", 98, 2.3, 12.0, 4.5, 2.8, 200, "1 portion (200 g)", "vegan", "", "LD", 35),
    ("keema", "Keema (spiced minced lamb)", "dish", "sa", 192, 15.0, 5.0, 12.5, 1.0, 200, "1 portion (200 g)", "meat", "", "LD", 40),
    ("moong_dal_chilla", "Moong dal chilla (mung lentil pancake)", "dish", "sa", 170, 9.0, 22.0, 5.0, 4.0, 120, "2 pancakes (120 g)", "vegan", "", "BS", 25),
    ("fish_curry_kerala", "Kerala-style fish curry with coconut", "dish", "sa", 120, 12.0, 4.0, 6.5, 1.0, 250, "1 portion (250 g)", "fish", "f", "LD", 35),
    ("masala_chai", "Masala chai with semi-skimmed milk, sweetened", "beverage", "sa", 45, 1.7, 6.8, 0.9, 0, 200, "1 cup (200 ml)", "veg", "m", "BS", 8),
]

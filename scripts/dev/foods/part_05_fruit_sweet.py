# ruff: noqa: E501
"""Fruit, sweet foods and drinks. Field order: see build_food_data.py."""

# fmt: off
FOODS = [
    ("banana", "Banana", "fruit", "i", 89, 1.1, 22.8, 0.3, 2.6, 120, "1 medium, peeled (120 g)", "vegan", "", "BS", 0),
    ("apple", "Apple, with skin", "fruit", "i", 52, 0.3, 13.8, 0.2, 2.4, 180, "1 medium (180 g)", "vegan", "", "BS", 0),
    ("orange", "Orange", "fruit", "i", 47, 0.9, 11.8, 0.1, 2.4, 130, "1 medium, peeled (130 g)", "vegan", "", "BS", 1),
    ("pear", "Pear", "fruit", "i", 57, 0.4, 15.2, 0.1, 3.1, 170, "1 medium (170 g)", "vegan", "", "BS", 0),
    ("grapes", "Grapes", "fruit", "i", 69, 0.7, 18.1, 0.2, 0.9, 100, "1 small bunch (100 g)", "vegan", "", "S", 0),
    ("blueberries", "Blueberries", "fruit", "w i", 57, 0.7, 14.5, 0.3, 2.4, 80, "1/2 cup (80 g)", "vegan", "", "BS", 0),
    ("strawberries", "Strawberries", "fruit", "i", 32, 0.7, 7.7, 0.3, 2.0, 150, "1 cup (150 g)", "vegan", "", "BS", 1),
    ("kiwi", "Kiwi fruit", "fruit", "i", 61, 1.1, 14.7, 0.5, 3.0, 75, "1 fruit, peeled (75 g)", "vegan", "", "BS", 1),
    ("watermelon", "Watermelon", "fruit", "i", 30, 0.6, 7.6, 0.2, 0.4, 280, "1 wedge, flesh (280 g)", "vegan", "", "S", 2),
    ("mango", "Mango", "fruit", "sa sea la", 60, 0.8, 15.0, 0.4, 1.6, 150, "1 cup pieces (150 g)", "vegan", "", "BS", 3),
    ("pineapple", "Pineapple", "fruit", "la sea", 50, 0.5, 13.1, 0.1, 1.4, 100, "2 rings (100 g)", "vegan", "", "BS", 3),
    ("papaya", "Papaya", "fruit", "la sea", 43, 0.5, 10.8, 0.3, 1.7, 150, "1 cup pieces (150 g)", "vegan", "", "BS", 3),
    ("figs_fresh", "Figs, fresh", "fruit", "med me", 74, 0.8, 19.2, 0.3, 2.9, 100, "2 medium figs (100 g)", "vegan", "", "BS", 1),
    ("pomegranate_seeds", "Pomegranate seeds", "fruit", "me", 83, 1.7, 18.7, 1.2, 4.0, 80, "1/2 cup (80 g)", "vegan", "", "BLS", 5),
    ("dates_medjool", "Dates, Medjool", "fruit", "na me", 277, 1.8, 75.0, 0.2, 6.7, 24, "1 large date (24 g)", "vegan", "", "BS", 0),
    ("plantain_boiled", "Plantain, ripe, boiled", "fruit", "la wa", 116, 0.8, 31.2, 0.2, 2.3, 150, "1 medium (150 g)", "vegan", "", "LD", 20),
    ("lemon_juice", "Lemon juice, fresh", "condiment", "i med na me", 22, 0.4, 6.9, 0.2, 0.3, 15, "1 tbsp (15 g)", "vegan", "", "LD", 1),
    ("lime_juice", "Lime juice, fresh", "condiment", "la sea", 28, 0.4, 8.4, 0.1, 0.4, 10, "2 tsp (10 g)", "vegan", "", "LD", 1),
    ("honey", "Honey", "sweet", "i", 304, 0.3, 82.4, 0, 0.2, 21, "1 tbsp (21 g)", "veg", "", "BS", 0),
    ("maple_syrup", "Maple syrup", "sweet", "w", 260, 0, 67.0, 0.1, 0, 20, "1 tbsp (20 g)", "vegan", "", "BS", 0),
    ("dark_chocolate", "Dark chocolate, 70-85% cocoa", "sweet", "i", 598, 7.8, 45.9, 42.6, 10.9, 20, "2 squares (20 g)", "veg", "my", "S", 0),
    ("mint_tea_sweetened", "Moroccan mint tea, sweetened", "beverage", "na", 28, 0, 7.0, 0, 0, 200, "1 glass (200 ml)", "vegan", "", "BS", 5),
]

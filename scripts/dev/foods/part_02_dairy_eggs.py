# ruff: noqa: E501
"""Eggs, dairy, plant milks and yogurts, protein powders. Field order: see build_food_data.py."""

# fmt: off
FOODS = [
    ("egg_raw", "Egg, whole, raw (for cooking)", "protein", "i", 143, 12.6, 0.7, 9.5, 0, 50, "1 large egg (50 g)", "veg", "e", "BLD", 5),
    ("egg_boiled", "Egg, hard-boiled", "protein", "i", 155, 12.6, 1.1, 10.6, 0, 50, "1 large egg (50 g)", "veg", "e", "BLS", 12),
    ("egg_whites", "Egg whites, liquid, pasteurised", "protein", "i w", 52, 10.9, 0.7, 0.2, 0, 100, "about 3 whites (100 g)", "veg", "e", "BLD", 5),
    ("milk_semi_skimmed", "Milk, semi-skimmed (1.5-2% fat)", "dairy", "i", 50, 3.4, 4.8, 1.9, 0, 250, "1 glass (250 ml)", "veg", "m", "BS", 0),
    ("milk_skimmed", "Milk, skimmed", "dairy", "i", 34, 3.4, 5.0, 0.1, 0, 250, "1 glass (250 ml)", "veg", "m", "BS", 0),
    ("milk_lactose_free", "Milk, lactose-free, semi-skimmed", "dairy", "i", 48, 3.4, 4.8, 1.8, 0, 250, "1 glass (250 ml)", "veg", "m", "BS", 0),
    ("greek_yogurt_0", "Greek yogurt, plain, 0% fat", "dairy", "med i", 59, 10.3, 3.6, 0.4, 0, 170, "1 pot (170 g)", "veg", "m", "BS", 0),
    ("greek_yogurt_full", "Greek yogurt, plain, full-fat", "dairy", "med me", 97, 9.0, 4.0, 5.0, 0, 150, "1 small pot (150 g)", "veg", "m", "BS", 0),
    ("natural_yogurt", "Natural yogurt, low-fat", "dairy", "sa me i", 63, 5.3, 7.0, 1.6, 0, 150, "1 small pot (150 g)", "veg", "m", "BS", 0),
    ("skyr", "Skyr, plain", "dairy", "w", 63, 11.0, 4.0, 0.2, 0, 150, "1 pot (150 g)", "veg", "m", "BS", 0),
    ("cottage_cheese", "Cottage cheese, low-fat (2%)", "dairy", "w i", 81, 10.5, 4.8, 2.3, 0, 110, "1/2 cup (110 g)", "veg", "m", "BLS", 0),
    ("cheddar", "Cheddar cheese", "dairy", "w", 403, 24.9, 1.3, 33.1, 0, 30, "1 small piece (30 g)", "veg", "m", "BLS", 0),
    ("mozzarella", "Mozzarella, part-skim", "dairy", "med", 254, 24.3, 2.8, 15.9, 0, 60, "1/2 ball (60 g)", "veg", "m", "LD", 0),
    ("parmesan_style", "Parmesan-style hard cheese (vegetarian rennet), grated", "dairy", "med", 392, 35.8, 3.2, 25.8, 0, 10, "1 tbsp (10 g)", "veg", "m", "LD", 0),
    ("ricotta", "Ricotta, part-skim", "dairy", "med", 138, 11.4, 5.1, 7.9, 0, 60, "1/4 cup (60 g)", "veg", "m", "BLS", 0),
    ("feta", "Feta cheese", "dairy", "med me", 264, 14.2, 4.1, 21.3, 0, 30, "1 small cube (30 g)", "veg", "m", "BLD", 0),
    ("halloumi", "Halloumi cheese", "dairy", "me med", 321, 21.5, 2.0, 25.5, 0, 60, "2 slices (60 g)", "veg", "m", "BLD", 5),
    ("labneh", "Labneh (strained yogurt cheese)", "dairy", "me", 139, 6.0, 4.0, 11.0, 0, 40, "2 tbsp (40 g)", "veg", "m", "BS", 0),
    ("paneer", "Paneer", "dairy", "sa", 321, 21.4, 3.6, 25.0, 0, 80, "8 cubes (80 g)", "veg", "m", "BLD", 5),
    ("queso_fresco", "Queso fresco", "dairy", "la", 299, 18.0, 3.0, 24.0, 0, 30, "1 slice (30 g)", "veg", "m", "BLD", 0),
    ("butter", "Butter", "fat_oil", "w i", 717, 0.9, 0.1, 81.1, 0, 10, "2 tsp (10 g)", "veg", "m", "BLD", 0),
    ("ghee", "Ghee (clarified butter)", "fat_oil", "sa", 898, 0.3, 0, 99.5, 0, 5, "1 tsp (5 g)", "veg", "m", "BLD", 0),
    ("whey_isolate", "Whey protein isolate powder, unflavoured", "protein", "i", 370, 88.0, 2.0, 1.0, 0, 30, "1 scoop (30 g)", "veg", "m", "BS", 2),
    ("pea_protein", "Pea protein isolate powder, unflavoured", "protein", "i", 390, 80.0, 3.0, 7.0, 1.0, 30, "1 scoop (30 g)", "vegan", "", "BS", 2),
    ("soy_milk", "Soy milk, unsweetened, calcium-fortified", "beverage", "i ea", 33, 3.3, 0.7, 1.8, 0.5, 250, "1 glass (250 ml)", "vegan", "y", "BS", 0),
    ("soy_yogurt", "Soy yogurt, plain, unsweetened", "dairy", "i", 48, 4.0, 2.2, 2.3, 0.8, 150, "1 pot (150 g)", "vegan", "y", "BS", 0),
    ("oat_drink", "Oat drink, unsweetened", "beverage", "i w", 46, 1.0, 6.7, 1.5, 0.8, 250, "1 glass (250 ml)", "vegan+g", "", "BS", 0),
    ("almond_drink", "Almond drink, unsweetened", "beverage", "i", 15, 0.6, 0.3, 1.2, 0.2, 250, "1 glass (250 ml)", "vegan", "t", "BS", 0),
]

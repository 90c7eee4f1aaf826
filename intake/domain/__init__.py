"""Japanese domain knowledge shared by extractors and validators.

Normalisation and parsers (`jp`), place names (`places`), the allergen
dictionary and ingredient parser (`allergens`), and the field catalogue
(`catalogue`). Imports nothing of the project but `intake.records`, so both
sides can use it without import circles.
"""

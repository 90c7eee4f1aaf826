"""Every kind of document for one supplier: the list the generator and the tests draw from."""
from __future__ import annotations

import datetime as dt
import random

from samples.builders import application, common, food_label, forms, reports
from samples.model import DocSpec

PROFILES = ["shika", "ishigaki", "hamada", "narita", "gunma"]


def all_specs(rng: random.Random, variant: int, today: dt.date) -> list[DocSpec]:
    """One document of every kind (two applications: goods and service) per profile."""
    out: list[DocSpec] = []
    for profile in PROFILES:
        sup = common.supplier(rng, profile)
        app = application.build(rng, sup, profile, variant, today=today)
        out += [food_label.build(rng, sup, variant, today=today), app,
                application.build(rng, sup, profile, variant, today=today, service=True),
                forms.pledge(rng, sup, profile, variant, today), forms.permit(rng, sup, profile, variant, today),
                forms.license_check(rng, sup, variant, today), forms.pl_insurance(rng, sup, variant, today),
                forms.allergen_sheet(rng, sup, variant, app.truth["product.name"],
                                     app.truth.get("product.allergens", [])),
                reports.complaint(rng, sup, variant, today, app.truth["product.name"])]
        plan, items = reports.sales_plan(rng, sup, variant, today)
        out += [plan, reports.purchase_list(rng, items, variant),
                reports.photo(rng, rng.choice(["product", "packaging", "unknown"]), variant)]
    return out

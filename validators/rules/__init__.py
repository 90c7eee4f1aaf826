"""Rule modules, one per family; importing this package registers them all."""
from validators.rules import (  # noqa: F401
    allergens, applicant, bank, complaint, confidence, documents, label, locality, permit, photo,
    plan, price, purchases, shelf_life)

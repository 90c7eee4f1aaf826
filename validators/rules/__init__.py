"""Rule modules, one per family; importing this package registers them all."""
from validators.rules import allergens  # noqa: F401

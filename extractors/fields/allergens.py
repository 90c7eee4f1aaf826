"""Allergen names for checkbox labels, from the one allergen engine (intake.domain.allergens).

The dictionary (代替表記/拡大表記, look-alikes) and the ingredient parser live
in validators/ so labels, sheets and rules agree; this only adds what checkbox
labels need: a label cut at a line wrap (「マ」) still names its allergen.
"""
from __future__ import annotations

from intake.domain import allergens as engine

from intake.domain import jp


def canonical(term: str) -> str | None:
    """A checkbox label or declared word (乳成分, ピーナッツ, 鶏卵) -> canonical allergen, or None."""
    name = engine.canonical(term)
    if name:
        return name
    t = jp.squash(term or "")
    starts = [n for n in engine.names() if t and n.startswith(t)]
    return starts[0] if len(starts) == 1 else None

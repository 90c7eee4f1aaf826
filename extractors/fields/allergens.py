"""Allergen names for checkbox labels, from the one allergen engine (intake.domain.allergens).

The dictionary (代替表記/拡大表記, look-alikes) and the ingredient parser live
in validators/ so labels, sheets and rules agree; this only adds what checkbox
labels need: a label cut at a line wrap (「マ」) still names its allergen.
"""
from __future__ import annotations

from intake.domain import allergens as engine

from intake.domain import jp


named = engine.named     # word for word only: 乳成分 is 乳, 小麦粉 names none


def canonical(term: str) -> str | None:
    """A checkbox label or declared word (乳成分, ピーナッツ, 鶏卵) -> canonical allergen, or None."""
    name = engine.canonical(term)
    if name:
        return name
    t = jp.squash(term or "")
    starts = [n for n in engine.names() if t and n.startswith(t)]
    return starts[0] if len(starts) == 1 else None


def run_of(term: str) -> list[str] | None:
    """Names OCR ran together when it lost the space between them (小麦そば, 鶏肉バナナ豚肉マカダミアナッッ):
    the allergens in order, or None unless the whole run is two or more names. Every piece must name an
    allergen exactly but the last, which may be cut or misread at its end like a wrapped label."""
    t = jp.squash(term or "")
    if len(t) < 2 or canonical(t):
        return None
    best: dict[int, list[str]] = {0: []}      # position -> fewest names covering t[:position]
    for i in range(len(t)):
        if i not in best:
            continue
        for j in range(len(t), i, -1):
            name = engine.named(t[i:j]) or (canonical(t[i:j]) if j == len(t) and j - i >= 2 else None)
            if name and (j not in best or len(best[j]) > len(best[i]) + 1):
                best[j] = best[i] + [name]
    names = best.get(len(t))
    return names if names and len(names) >= 2 else None

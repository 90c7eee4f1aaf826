"""アレルギー情報 / 特定原材料確認表: checked allergens, the 'all confirmed' box, notes."""
from __future__ import annotations

import re

from intake.records import FieldValue

from ..layout import Layout
from . import allergens
from .base import Doc, checked_in, simple_fields

NONE_WORDS = {"なし", "無し", "特になし", "-", "ー"}


def extract(layout: Layout, filename: str) -> dict[str, FieldValue]:
    doc = Doc(layout, "allergen_sheet")
    out = simple_fields(doc, "allergen_sheet")
    if out.get("allergens.notes") and out["allergens.notes"].value in NONE_WORDS:
        del out["allergens.notes"]
    found: list[tuple[str, bool, object]] = []
    boxes = [(cb, allergens.canonical(re.sub(r"[(（].*", "", cb.label))) for p in layout.pages for cb in p.checkboxes]
    boxes = [(cb, a) for cb, a in boxes if a]
    if len(boxes) >= 9 and layout.method == "ocr":   # born-digital text carries exact ■/□ glyphs
        found = [(a, cb.checked, cb) for cb, a in boxes]
        first = boxes[0][0]
        where = FieldValue(None, min(cb.confidence for cb, _ in boxes), layout.pages[0].method, 1, first.bbox)
    else:
        where = None
        for h in doc.hits:
            for lbl, on in checked_in(doc, h):
                a = allergens.canonical(re.sub(r"[(（].*", "", lbl))
                if a:
                    found.append((a, on, h))
                    where = where or doc.fv(None, h)
    if where is not None and found:
        picked = list(dict.fromkeys(a for a, on, _ in found if on))
        out["allergens.checked"] = FieldValue(picked, where.confidence, where.method, where.page, where.bbox)
    hit = doc.find(["確認", "全て確認", "すべて確認"])
    if hit:
        on = [lbl for lbl, c in checked_in(doc, hit) if "確認" in lbl]
        opts = [lbl for lbl, _ in checked_in(doc, hit) if "確認" in lbl]
        if opts:
            out["allergens.all_confirmed"] = doc.fv(bool(on), hit)
    return out

"""アレルギー情報 / 特定原材料確認表: checked allergens, the 'all confirmed' box, notes."""
from __future__ import annotations

import re

from intake.records import FieldValue

from ..layout import Layout
from . import allergens
from .base import CHECK_OFF, CHECK_ON, Doc, Hit, circle_style, options, simple_fields

NONE_WORDS = {"なし", "無し", "特になし", "-", "ー"}


def extract(layout: Layout, filename: str) -> dict[str, FieldValue]:
    doc = Doc(layout, "allergen_sheet")
    out = simple_fields(doc, "allergen_sheet")
    if out.get("allergens.notes") and out["allergens.notes"].value in NONE_WORDS:
        del out["allergens.notes"]
    found: list[tuple[str, bool, object]] = []
    texts = [(c.text, p, c.bbox, c.confidence) for p in layout.pages for t in p.tables for c in t.cells]
    texts += [(ln.text, p, ln.bbox, ln.confidence) for p in layout.pages for ln in p.lines]
    circles = circle_style("".join(t for t, *_ in texts)) or None
    boxes = [(cb, allergens.canonical(re.sub(r"[(（].*", "", cb.label))) for p in layout.pages for cb in p.checkboxes]
    boxes = [(cb, a) for cb, a in boxes if a]
    if len(boxes) >= 9 and layout.method == "ocr":   # born-digital text carries exact ■/□ glyphs
        found = [(a, cb.checked, cb) for cb, a in boxes]
        first = boxes[0][0]
        where = FieldValue(None, min(cb.confidence for cb, _ in boxes), layout.pages[0].method, 1, first.bbox)
    else:
        # every printed text, not only label/value pairs: a grid of boxes has no labels
        where = None
        for text, page, bbox, conf in texts:
            for lbl, on in options(text, circles):
                a = allergens.canonical(re.sub(r"[(（].*", "", lbl))
                if a:
                    found.append((a, on, None))
                    where = where or doc.fv(None, Hit("", text, page, bbox, conf, 0))
    if where is not None and found:
        picked = list(dict.fromkeys(a for a, on, _ in found if on))
        out["allergens.checked"] = FieldValue(picked, where.confidence, where.method, where.page, where.bbox)
    # the confirmation is a box of its own (☑ 特定原材料…全て確認しました), wherever it is printed
    for text, page, bbox, conf in texts:
        if not re.search(f"[{CHECK_ON}{CHECK_OFF}◎]", text):
            continue        # a title (アレルギー物質確認書) is no box
        marks = [(lbl, on) for lbl, on in options(text, circles) if "確認" in lbl]
        if marks:
            out["allergens.all_confirmed"] = doc.fv(any(on for _, on in marks), Hit("", text, page, bbox, conf, 0))
            break
    return out

"""誓約書 / 誓約書兼同意書: business, representative, address, date, seal."""
from __future__ import annotations

import re

from intake.records import FieldValue

from ..layout import Layout
from .base import Doc, dated_line, simple_fields

SEAL = re.compile(r"\s*[(（]?[㊞印@][)）]?\s*$")   # OCR reads ㊞ as @; a name never ends with one


def _in_pixels(layout: Layout, number: int, box: list[float]) -> list[float]:
    p = layout.pages[number - 1]
    return [box[0] * p.width, box[1] * p.height, box[2] * p.width, box[3] * p.height]


def extract(layout: Layout, filename: str) -> dict[str, FieldValue]:
    doc = Doc(layout, "pledge")
    out = simple_fields(doc, "pledge")
    rep = out.get("pledge.representative")
    if rep:
        sealed = bool(SEAL.search(rep.value))
        rep.value = SEAL.sub("", rep.value).strip()
        # a title and a person's name hold no digit: digits after the name are a seal's glyphs misread (翔太7重)
        cut = re.sub(r"(?<=[\u3040-\u30ff\u3400-\u9fff])\s*\d.*$", "", rep.value)
        if cut != rep.value and len(cut) >= 2:
            rep.value, rep.confidence = cut, min(rep.confidence, 0.7)
        if sealed:   # a printed 印/㊞ mark next to the name
            out["pledge.sealed"] = FieldValue(True, rep.confidence * 0.9, rep.method, rep.page, rep.bbox)
    stamps = layout.metadata.get("seals")       # red seals found on colour page images
    if "pledge.sealed" not in out and stamps and all(s is not None for s in stamps):
        page, box = next(((n, b[0]) for n, b in enumerate(stamps, 1) if b), (1, None))
        out["pledge.sealed"] = FieldValue(any(stamps), 0.9, "ocr", page, box and _in_pixels(layout, page, box))
    if (signed := dated_line(doc, 15)) is not None:
        out["pledge.signed_on"] = signed
    return out

"""誓約書 / 誓約書兼同意書: business, representative, address, date, seal."""
from __future__ import annotations

import re

from intake.records import FieldValue

from ..layout import Layout
from .base import Doc, dated_line, simple_fields

SEAL = re.compile(r"\s*[(（]?[㊞印@][)）]?\s*$")   # OCR reads ㊞ as @; a name never ends with one


def extract(layout: Layout, filename: str) -> dict[str, FieldValue]:
    doc = Doc(layout, "pledge")
    out = simple_fields(doc, "pledge")
    rep = out.get("pledge.representative")
    if rep:
        sealed = bool(SEAL.search(rep.value))
        rep.value = SEAL.sub("", rep.value).strip()
        if sealed:   # a printed 印/㊞ mark next to the name; image seals are for the OCR side
            out["pledge.sealed"] = FieldValue(True, rep.confidence * 0.9, rep.method, rep.page, rep.bbox)
    if (signed := dated_line(doc, 15)) is not None:
        out["pledge.signed_on"] = signed
    return out

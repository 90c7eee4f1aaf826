"""苦情等処理報告書 (Hamada 様式第1号)."""
from __future__ import annotations

import re

from intake.records import FieldValue

from intake.domain import catalogue
from ..layout import Layout
from .base import Doc, clean, simple_fields


def extract(layout: Layout, filename: str) -> dict[str, FieldValue]:
    doc = Doc(layout, "complaint_report")
    out = simple_fields(doc, "complaint_report")
    hit = doc.best(catalogue.fields("complaint_report")["complaint.author"])
    if hit:
        # 「（職名）代表取締役　（氏名）三浦　誠」: the form's own prompts are not part of the value
        s = re.sub(r"[(（](職名|職|氏名|役職)[)）]", " ", clean(hit.value))
        out["complaint.author"] = doc.fv(re.sub(r"\s+", " ", s).strip(), hit)
    return out

"""苦情等処理報告書 (Hamada 様式第1号)."""
from __future__ import annotations

import re

from intake.records import FieldValue

from ..layout import Layout
from .base import Doc, clean, simple_fields


def extract(layout: Layout, filename: str) -> dict[str, FieldValue]:
    doc = Doc(layout, "complaint_report")
    out = simple_fields(doc, "complaint_report")
    hit = doc.find(["報告書作成者", "作成者"])
    if hit:
        s = clean(hit.value)
        m = re.search(r"[(（]氏名[)）]\s*(.+)$", s)
        out["complaint.author"] = doc.fv((m.group(1) if m else s).strip(), hit)
    return out

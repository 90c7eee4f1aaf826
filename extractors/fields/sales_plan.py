"""販売計画 (Gunma 第8条): business, month, submission date, items."""
from __future__ import annotations

from intake.records import FieldValue

from intake.domain import jp
from ..layout import Layout
from .base import Doc, clean, dated_line, simple_fields
from .tables import header_rows, number



def extract(layout: Layout, filename: str) -> dict[str, FieldValue]:
    doc = Doc(layout, "sales_plan")
    out = simple_fields(doc, "sales_plan")
    rows, where = header_rows(layout, "plan.items", required=("name",))
    if where:
        items = [{"name": clean(r.get("name")), "category": clean(r.get("category")) or None,
                  "quantity": number(r.get("quantity")), "unit_price": jp.parse_yen(r.get("unit_price")),
                  "purchase_limit": number(r.get("purchase_limit")), "made_in": clean(r.get("made_in")) or None}
                 for r in rows if clean(r.get("name"))]
        out["plan.items"] = FieldValue(items, where.confidence, where.method, where.page, where.bbox)
    if (signed := dated_line(doc, 10)) is not None:
        out["plan.submitted_on"] = signed
    return out

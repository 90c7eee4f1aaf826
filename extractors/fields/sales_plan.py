"""販売計画 (Gunma 第8条): business, month, submission date, items."""
from __future__ import annotations

from intake.records import FieldValue

from intake.domain import jp
from ..layout import Layout
from .base import Doc, clean, dated_line, simple_fields
from .tables import header_rows, number

COLUMNS = {"name": ["商品名", "製品名", "品名"], "category": ["商品分類", "分類", "区分"],
           "quantity": ["販売数量", "数量", "販売予定数"], "unit_price": ["販売価格", "単価", "価格"],
           "purchase_limit": ["購入上限数", "購入上限", "上限数"], "made_in": ["製造地", "生産地", "原産地"]}


def extract(layout: Layout, filename: str) -> dict[str, FieldValue]:
    doc = Doc(layout, "sales_plan")
    out = simple_fields(doc, "sales_plan")
    rows, where = header_rows(layout, COLUMNS, required=("name",))
    if where:
        items = [{"name": clean(r.get("name")), "category": clean(r.get("category")) or None,
                  "quantity": number(r.get("quantity")), "unit_price": jp.parse_yen(r.get("unit_price")),
                  "purchase_limit": number(r.get("purchase_limit")), "made_in": clean(r.get("made_in")) or None}
                 for r in rows if clean(r.get("name"))]
        out["plan.items"] = FieldValue(items, where.confidence, where.method, where.page, where.bbox)
    if (signed := dated_line(doc, 10)) is not None:
        out["plan.submitted_on"] = signed
    return out

"""購入申込者リスト (Gunma 第7条4): one row per applicant. Personal data: never logged."""
from __future__ import annotations

from intake.records import FieldValue

from intake.domain import jp
from ..layout import Layout
from .base import clean
from .tables import header_rows, number



def extract(layout: Layout, filename: str) -> dict[str, FieldValue]:
    rows, where = header_rows(layout, "purchases.rows", required=("name",))
    if not where:
        return {}
    out = [{"name": clean(r.get("name")), "kana": clean(r.get("kana")) or None,
            "address": clean(r.get("address")) or None, "birth_date": jp.iso_date(r.get("birth_date")),
            "phone": jp.parse_phone(r.get("phone")), "item": clean(r.get("item")) or None,
            "quantity": number(r.get("quantity"))} for r in rows if clean(r.get("name"))]
    return {"purchases.rows": FieldValue(out, where.confidence, where.method, where.page, where.bbox)}

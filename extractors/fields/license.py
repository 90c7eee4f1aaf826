"""免許及び許可の確認票 (license.items) and PL保険加入有無の確認票 (pl_insurance.*)."""
from __future__ import annotations

from intake.records import FieldValue

from intake.domain import catalogue, jp
from ..layout import Layout
from .base import Doc, choose, clean, simple_fields
from .tables import header_rows



def _items(layout: Layout) -> tuple[list[dict], FieldValue | None]:
    rows, where = header_rows(layout, "license.items", required=("name",))
    items = []
    for r in rows:
        item = {"name": clean(r.get("name")), "number": clean(r.get("number")) or None,
                "valid_until": (jp.all_dates(r.get("valid_until") or "") or [None])[-1]}
        if item["valid_until"]:
            item["valid_until"] = item["valid_until"].isoformat()
        if item["name"]:
            items.append(item)
    return items, where


def extract(layout: Layout, filename: str, kind: str = "license_check") -> dict[str, FieldValue]:
    doc = Doc(layout, kind)
    if kind == "license_check":
        items, where = _items(layout)
        return {"license.items": FieldValue(items, where.confidence, where.method, where.page, where.bbox)} if where else {}
    out = simple_fields(doc, "pl_insurance")
    spec = catalogue.fields("pl_insurance")["pl_insurance.insured"]
    said = sorted(spec.choices, key=len, reverse=True)      # 加入していない before 加入している, 無 after 未加入
    hit = doc.best(spec, choices=said)
    picked, conf = choose(doc, hit, said)
    if picked:
        out["pl_insurance.insured"] = doc.fv(spec.choices[picked], hit, conf)
    elif "pl_insurance.insurer" in out and "pl_insurance.valid_until" in out:
        # no yes/no printed (or its mark lost), but an insurer and a period written in: insured
        insurer = out["pl_insurance.insurer"]
        out["pl_insurance.insured"] = FieldValue(True, min(0.75, insurer.confidence), insurer.method, insurer.page,
                                                 insurer.bbox)
    return out

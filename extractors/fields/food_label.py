"""食品表示ラベル (一括表示): SPEC §3 label.* fields."""
from __future__ import annotations

import re

from intake.records import FieldValue

from intake.domain import jp, places
from ..layout import Layout
from intake.domain import allergens as engine

from .base import Doc, clean, simple_fields

ROLES = ["製造者", "加工者", "販売者", "輸入者", "製造所", "販売元", "製造元"]
ROLE_CANON = {"製造所": "製造者", "製造元": "製造者", "販売元": "販売者"}


def split_operator(text: str) -> tuple[str, str | None]:
    """'株式会社A 沖縄県石垣市…' -> name and address (the address starts at a prefecture or a 市/郡 name)."""
    s = jp.nfkc(text)
    lines = [x.strip() for x in s.split("\n") if x.strip()]
    flat = clean(s)
    starts = [flat.find(p) for p in places.prefectures() if p in flat]
    if not starts and len(lines) >= 2 and places.looks_like_address("".join(lines[1:])) \
            and not places.looks_like_address(lines[0]):
        return clean(lines[0]), clean("".join(lines[1:]))
    if not starts:
        m = re.search(r"[\s\u3000]([^\s\u3000]{1,6}[市郡][^\s\u3000]*)$", flat)
        starts = [m.start(1)] if m else []
    if starts and min(starts) > 0:
        i = min(starts)
        return flat[:i].strip(), flat[i:].strip()
    if re.search(r"\d", flat) and re.search(r"[\s\u3000]", flat):   # no place marker: ask GiNZA
        from .. import nlp
        return nlp.split_name_address(flat)
    return flat, None


def extract(layout: Layout, filename: str) -> dict[str, FieldValue]:
    doc = Doc(layout, "food_label")
    out = simple_fields(doc, "food_label")
    main = doc.find(["原材料名", "原材料"])
    adds = doc.find(["添加物"])
    if adds and main and adds.key != "添加物":
        adds = None
    if main:
        parsed = engine.parse_ingredients(main.value, adds.value if adds else None)
        conf = main.confidence if not adds else min(main.confidence, adds.confidence)
        out["label.ingredients_text"] = doc.fv(main.value, main)   # as printed: nested allergens, origins
        if adds:
            out["label.additives_text"] = doc.fv(adds.value, adds)
        out["label.ingredients"] = doc.fv([i.name for i in parsed.ingredients], main, conf)
        out["label.additives"] = doc.fv([i.name for i in parsed.additives], adds or main, conf)
        out["label.allergens_declared"] = doc.fv(engine.declared_allergens(parsed),
                                                 adds if parsed.collective and adds else main, conf)
    for role in ROLES:
        hit = doc.find([role])
        if hit and hit.key.startswith(role):
            name, addr = split_operator(hit.value)
            out["label.operator_role"] = doc.fv(ROLE_CANON.get(role, role), hit)
            out["label.operator_name"] = doc.fv(name, hit)
            if addr:
                out["label.operator_address"] = doc.fv(addr, hit)
            break
    return out

"""免許及び許可の確認票 (license.items) and PL保険加入有無の確認票 (pl_insurance.*)."""
from __future__ import annotations

import re

from intake.records import FieldValue

from intake.domain import catalogue, jp
from ..layout import Layout
from .base import Doc, choose, clean, simple_fields
from .tables import header_rows



# a licence number as printed: (issuer's short name)第R7-1725号, 第42428号, 指令能中保第7811号
_NUMBER_HEAD = re.compile(r"第[A-Za-zＲ]?[0-9０-９\-－ー]*$")
_STRAY_END = re.compile(r"[^\w)）]+$|(?<=業)[0-9A-Za-z]+$")


def _tidy(name: str, number: str, until: str) -> tuple[str, str, str]:
    """A row's cells set right by what each holds, where a faded rule let OCR run one into the next: the
    start of the number at the end of the name (そうざい製造業第 | 42428号) goes to the number, what follows
    the number's 号 (号R11.11.30 石川県…) is no part of it (a date there is the expiry when none is read),
    a stray mark after the name (菓子製造業§) is dropped."""
    m = _NUMBER_HEAD.search(name)
    if m and m.start() > 0 and (not number or not number.startswith("第")) and not re.search(r"第.*号", name):
        name, number = name[:m.start()], m.group() + number
    cut = re.match(r"^(.*?第.*?号)(.+)$", number or "")
    if cut:
        number, rest = cut.groups()
        if not until and jp.all_dates(rest):
            until = rest
    name = _STRAY_END.sub("", name) or name
    return name, number, until


def _items(layout: Layout) -> tuple[list[dict], FieldValue | None]:
    rows, where = header_rows(layout, "license.items", required=("name",))
    items = []
    for r in rows:
        name, number, until = _tidy(clean(r.get("name")) or "", clean(r.get("number")) or "", r.get("valid_until") or "")
        item = {"name": name, "number": number or None, "valid_until": (jp.all_dates(until) or [None])[-1]}
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

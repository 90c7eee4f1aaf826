"""営業許可証: number, holder, facility, 営業の種類, validity, issuer."""
from __future__ import annotations

import re

from intake.records import FieldValue

from intake.domain import catalogue, jp
from ..layout import Layout
from .base import Doc, Hit, clean, date_range, simple_fields

ISSUER = re.compile(r"(保健所長|保健福祉センター(所)?長|健康福祉センター長|市長|知事|税務署長)$")
COMPANY = re.compile(r"(株式会社|有限会社|合同会社|合資会社|合名会社|協同組合|組合|法人)")


def _holder(value: str) -> str:
    """'株式会社A 代表取締役 山田 太郎' -> the business name (a company's name comes before its representative)."""
    s = clean(value)
    m = re.search(r"\s*(代表取締役|代表社員|代表者|代表|取締役社長|理事長)", s)
    if m and m.start() > 0:
        return s[:m.start()].strip()
    return s


def extract(layout: Layout, filename: str) -> dict[str, FieldValue]:
    doc = Doc(layout, "permit")
    out = simple_fields(doc, "permit")
    hit = doc.find(["氏名", "氏名又は名称", "許可を受けた者", "営業者"])
    if hit:
        out["permit.holder"] = doc.fv(_holder(hit.value), hit)
    hit = doc.find(["営業の種類", "業種", "営業種別"])
    if hit:
        types = [t for t in re.split(r"[、,，・\s]+", clean(hit.value)) if t]
        out["permit.business_types"] = doc.fv(types, hit)
    spec = catalogue.fields("permit")["permit.valid_until"]
    hit = doc.find(list(spec.labels), pick=lambda v: bool(jp.all_dates(v)))
    if hit:
        start, end = date_range(doc, hit)
        if start:
            out["permit.valid_from"] = doc.fv(start.isoformat(), hit)
        if end:
            out["permit.valid_until"] = doc.fv(end.isoformat(), hit)
    for i, (page, ln) in enumerate(doc.lines):
        t = jp.squash(ln.text)
        if ISSUER.search(t) and len(t) <= 30:
            out["permit.issuer"] = doc.fv(t, Hit("", ln.text, page, ln.bbox, ln.confidence, i))
    return out

"""Permit rules: PERMIT_MISSING, PERMIT_EXPIRED, PERMIT_EXPIRES_SOON, PERMIT_TYPE_MISMATCH."""
from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from intake.domain import yamlfile

from intake.records import Finding, Record
from validators import findings as F
from validators.inputs import DATE, LIST, TEXT, Need
from validators.registry import rule
from validators.rules.common import food_offered
from validators.values import compact, nfkc, to_date, to_list

_TYPES = Path(__file__).parent.parent / "data" / "permit_types.yaml"


@lru_cache(maxsize=1)
def permit_types() -> dict:
    return yamlfile.load(_TYPES)


def normalise_type(name) -> list[str]:
    """The 2021 type(s) a printed 営業の種類 stands for ([] when unknown)."""
    data = permit_types()
    text = compact(name).replace("営業許可", "営業")
    new = {compact(t): t for t in data["types_2021"]}
    if text in new:
        return [new[text]]
    old = {compact(k): v for k, v in data["pre_2021"].items()}
    if text in old:
        return list(old[text])
    return [t for k, t in new.items() if k in text or (len(text) >= 4 and text in k)]


def needed_types(product_name: str) -> tuple[str, list[str]] | None:
    """(keyword, acceptable 2021 types) for a product name, or None."""
    text = nfkc(product_name)
    for entry in permit_types()["products"]:
        for kw in entry["keywords"]:
            if kw in text:
                return kw, entry["any"]
    return None


@rule("permit.missing", title=("営業許可証の添付", "business permit attached"))
def missing(record: Record, profile, as_of: dt.date) -> list[Finding]:
    if not food_offered(record) or record.of_kind("permit"):
        return []
    listed = [nfkc(i.get("name")) for _, fv in record.values("license.items")
              for i in to_list(fv.value) if isinstance(i, dict) and i.get("name")]
    evidence = "営業許可証の写しなし" + (f"（確認票の記載: {'、'.join(listed)}）" if listed else "")
    return [F.make("PERMIT_MISSING", rule=profile.rule("permit.missing").get("cite"), evidence=evidence)]


def _expiries(record: Record):
    for doc in record.of_kind("permit"):
        yield doc, "permit.valid_until", doc.value("permit.valid_until"), nfkc(doc.value("permit.number", ""))
    for doc, fv in record.values("license.items"):
        for item in to_list(fv.value):
            if isinstance(item, dict) and item.get("valid_until"):
                yield doc, "license.items", item.get("valid_until"), nfkc(item.get("name", ""))


@rule("permit.validity", title=("営業許可の有効期限", "permit validity"),
      needs=[Need("permit.valid_until", kinds=("permit",), type=DATE)])
def validity(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("permit.validity")
    soon = int(params.get("soon_days", 90))
    out = []
    for doc, key, value, what in _expiries(record):
        until = to_date(value)
        if until is None:
            continue
        days = (until - as_of).days
        ev = f"{what + ' ' if what else ''}有効期限 {until.isoformat()}（基準日 {as_of.isoformat()}）"
        if days < 0:
            out.append(F.make("PERMIT_EXPIRED", rule=params.get("cite"), document=doc.source, field=key,
                              evidence=ev, until=until.isoformat()))
        elif days <= soon:
            out.append(F.make("PERMIT_EXPIRES_SOON", rule=params.get("cite"), document=doc.source, field=key,
                              evidence=ev, until=until.isoformat(), days=days))
    return out


@rule("permit.type", title=("営業許可の営業の種類", "permit business type"),
      needs=[Need("permit.business_types", kinds=("permit",), type=LIST, when=lambda r, p, d: food_offered(r)),
             Need("product.name", alt=(("label.name",),), scope=("application", "food_label"), type=TEXT,
                  when=lambda r, p, d: food_offered(r) and bool(r.of_kind("permit")))])
def type_mismatch(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("permit.type")
    permits = [d for d in record.of_kind("permit") if to_list(d.value("permit.business_types"))]
    if not permits or not food_offered(record):
        return []
    product = next((fv.value for k in ("product.name", "label.name") for _, fv in record.values(k)), None)
    need = needed_types(product or "")
    if need is None:
        return []
    keyword, acceptable = need
    listed = [t for d in permits for t in to_list(d.value("permit.business_types"))]
    covered = {n for t in listed for n in normalise_type(t)}
    if covered & set(acceptable):
        return []
    return [F.make("PERMIT_TYPE_MISMATCH", rule=params.get("cite"), document=permits[0].source,
                   field="permit.business_types",
                   evidence=f"{product}（{keyword}）→ {'／'.join(acceptable)}; 許可証: {'、'.join(map(str, listed))}",
                   product=product, needed="／".join(acceptable), listed="、".join(map(str, listed)))]

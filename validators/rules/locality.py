"""Locality rules: office in the municipality, local proof, local value share, set share."""
from __future__ import annotations

import datetime as dt

from intake.records import Finding, Record
from validators import findings as F
from intake.domain.places import in_municipality
from validators.inputs import NUMBER, Need, Type, param_is, param_set
from validators.registry import rule
from validators.rules.applicant import same_name
from validators.values import compact, nfkc, to_number


def _verdict(value, profile):
    """True/False: in the municipality or not; None: the address does not tell."""
    muni = profile.municipality
    return in_municipality(nfkc(value), muni.get("names") or [muni.get("name")], muni.get("prefecture"))


ADDRESS = Type("市区町村が分かる住所", "address naming its municipality", _verdict)


def _outside_producer(record: Record, profile, doc) -> bool:
    """Shika 2(3): the goods are bought from a producer other than the applicant."""
    maker = record.value("manufacturer.name")
    applicant = record.value("applicant.name") or record.value("pledge.business_name")
    return bool(maker) and not (applicant and same_name(maker, applicant))


def _goods(record: Record, profile, doc) -> bool:
    return compact(record.value("product.category", "")).lower() != "service" and not record.value("product.is_service")


def _raw_materials_local(source, profile) -> bool:
    """告示 第5条第2号: raw materials mainly local settle the processing-share question."""
    origin = to_number(source.value("origin.local_pct"))
    return origin is not None and origin > float(profile.rule("locality.local_value").get("min_pct", 50))


def _has_proof(record: Record, keywords: list[str]) -> bool:
    for doc in record.documents:
        if (doc.role or "") == "local_proof":
            return True
        if doc.kind != "other":
            continue
        text = compact(doc.source) + "".join(compact(v.value) for v in doc.fields.values() if isinstance(v.value, str))
        if any(compact(k).lower() in text.lower() for k in keywords):
            return True
    return False


@rule("locality.office", title=("事業所の所在地（市内）", "office in the municipality"),
      needs=[Need("applicant.address", alt_from="keys", scope=("application", "pledge"), type=ADDRESS),
             Need("manufacturer.address", type=ADDRESS,
                  when=lambda r, p, d: param_set("locality.office", "producer_cite")(r, p, d) and _outside_producer(r, p, d))])
def office(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("locality.office")
    muni = profile.municipality
    names, pref = muni.get("names") or [muni.get("name")], muni.get("prefecture")
    seen = [(doc, key, fv.value) for key in params.get("keys") or ["applicant.address"]
            for doc, fv in record.values(key)]
    verdicts = [(doc, key, addr, in_municipality(nfkc(addr), names, pref)) for doc, key, addr in seen]
    verdicts = [v for v in verdicts if v[3] is not None]
    out = _producer(record, profile, names, pref)
    if not verdicts or any(v[3] for v in verdicts):
        return out
    doc, key, addr, _ = verdicts[0]
    evidence = " / ".join(dict.fromkeys(nfkc(v[2]) for v in verdicts))
    if params.get("outside_allowed_with_proof"):
        if _has_proof(record, params.get("proof_keywords") or []):
            return out
        return out + [F.make("LOCAL_PROOF_MISSING", rule=params.get("proof_cite", params.get("cite")),
                             document=doc.source, field=key, evidence=evidence)]
    return out + [F.make("APPLICANT_OUTSIDE_MUNICIPALITY", rule=params.get("cite"), document=doc.source, field=key,
                         evidence=evidence, municipality=muni.get("name", ""))]


def _producer(record: Record, profile, names: list[str], pref: str | None) -> list[Finding]:
    """Shika 2(3): goods bought from another producer need that producer in town too."""
    params = profile.rule("locality.office")
    if not params.get("producer_cite"):
        return []
    maker, applicant = record.value("manufacturer.name"), record.value("applicant.name") or record.value(
        "pledge.business_name")
    doc, fv = record.first("manufacturer.address")
    if fv is None or not maker or (applicant and same_name(maker, applicant)):
        return []
    if in_municipality(nfkc(fv.value), names, pref) is not False:
        return []
    return [F.make("APPLICANT_OUTSIDE_MUNICIPALITY", rule=params["producer_cite"], document=doc.source,
                   field="manufacturer.address", evidence=f"生産者 {nfkc(maker)}: {nfkc(fv.value)}",
                   municipality=profile.municipality.get("name", ""))]


@rule("locality.local_value", title=("地場産品基準（市内で生じた価値の割合）", "local value share"),
      needs=[Need("price.procurement", also=("processing.outside_cost",), alt=(("processing.local_pct",),),
                  scope=("application",), type=NUMBER,
                  when=lambda r, p, d: param_is("locality.local_value", "mode", "value_share", default="value_share")(r, p, d)
                  and _goods(r, p, d)),
             Need("processing.local_pct", scope=("application",), type=NUMBER, enough=_raw_materials_local,
                  when=lambda r, p, d: param_is("locality.local_value", "mode", "processing_share")(r, p, d)
                  and _goods(r, p, d))])
def local_value(record: Record, profile, as_of: dt.date) -> list[Finding]:
    params = profile.rule("locality.local_value")
    min_pct = float(params.get("min_pct", 50))
    a, b = to_number(record.value("price.procurement")), to_number(record.value("processing.outside_cost"))
    proc, origin = to_number(record.value("processing.local_pct")), to_number(record.value("origin.local_pct"))
    if params.get("mode", "value_share") == "value_share" and a and b is not None and a > 0:
        pct = (a - b) / a * 100
        key, ev = "processing.outside_cost", f"(A−B)/A = ({a:,.0f}−{b:,.0f})/{a:,.0f} = {pct:.1f}% ≤ {min_pct:g}%"
    elif proc is not None:
        if params.get("mode") == "processing_share" and origin is not None and origin > min_pct:
            return []   # raw materials mainly local: 告示 第5条第2号 applies instead
        pct = proc
        key, ev = "processing.local_pct", f"加工地（市内）{proc:g}%" + (f"・原材料（市内）{origin:g}%" if origin is not None else "") + f" ≤ {min_pct:g}%"
    else:
        return []
    if pct > min_pct:
        return []
    doc, _ = record.first(key)
    return [F.make("LOCAL_VALUE_SHARE_LOW", rule=params.get("cite"), document=doc.source if doc else None,
                   field=key, evidence=ev, pct=f"{pct:.1f}", min_pct=f"{min_pct:g}")]


@rule("locality.set_share", title=("セット商品の地場産品割合（7割以上）", "local share of a set"),
      needs=[Need("set.local_pct", alt=(("set.local_value", "set.total_value"),), type=NUMBER)])
def set_share(record: Record, profile, as_of: dt.date) -> list[Finding]:
    """Shika 別紙① 6: in a set, the local item must be ≥ 70 % of the whole value."""
    params = profile.rule("locality.set_share")
    min_pct = float(params.get("min_pct", 70))
    pct = to_number(record.value("set.local_pct"))
    key = "set.local_pct"
    ev = None
    if pct is None:
        local, total = to_number(record.value("set.local_value")), to_number(record.value("set.total_value"))
        if local is None or not total:
            return []
        pct, key = local / total * 100, "set.local_value"
        ev = f"{local:,.0f}円 / {total:,.0f}円 = {pct:.1f}% < {min_pct:g}%"
    if pct >= min_pct:
        return []
    doc, _ = record.first(key)
    return [F.make("SET_LOCAL_SHARE_LOW", rule=params.get("cite"), document=doc.source if doc else None, field=key,
                   evidence=ev or f"{pct:g}% < {min_pct:g}%", pct=f"{pct:.1f}", min_pct=f"{min_pct:g}")]
